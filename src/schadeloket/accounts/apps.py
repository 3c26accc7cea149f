from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "schadeloket.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from .roles import sync_roles

        # Roles follow the code: every migrate brings groups and their permissions up to date.
        post_migrate.connect(sync_roles, dispatch_uid="accounts.sync_roles")
        from . import signals  # noqa: F401  (login audit events)
