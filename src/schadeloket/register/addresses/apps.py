from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AddressesConfig(AppConfig):
    name = "schadeloket.register.addresses"
    label = "addresses"
    verbose_name = _("Adressen")
