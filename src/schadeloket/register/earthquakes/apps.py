from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarthquakesConfig(AppConfig):
    name = "schadeloket.register.earthquakes"
    label = "earthquakes"
    verbose_name = _("Aardbevingen")
