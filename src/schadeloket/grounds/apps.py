from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroundsConfig(AppConfig):
    name = "schadeloket.grounds"
    label = "grounds"
    verbose_name = _("Gronden van bezwaren en zienswijzen")
