from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PersonsConfig(AppConfig):
    name = "schadeloket.register.persons"
    label = "persons"
    verbose_name = _("Personen")
