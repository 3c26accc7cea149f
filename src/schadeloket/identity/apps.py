from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "schadeloket.identity"
    label = "identity"
    verbose_name = _("Inwoners en machtigingen")

    def ready(self):
        from . import checks  # noqa: F401  (the demo DigiD login is refused without DEBUG)
