from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SamplingConfig(AppConfig):
    name = "schadeloket.sampling"
    label = "sampling"
    verbose_name = _("Kwaliteitstoetsing")

    def ready(self):
        from .defaults import ensure_default_policy

        post_migrate.connect(ensure_default_policy, sender=self, dispatch_uid="sampling.default_policy")
