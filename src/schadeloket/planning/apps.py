from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "schadeloket.planning"
    label = "planning"
    verbose_name = _("Planning en steunpunten")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers)
