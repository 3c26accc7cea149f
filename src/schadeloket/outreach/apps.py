from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "schadeloket.outreach"
    label = "outreach"
    verbose_name = _("Bereik: stille gedupeerden en na een aardbeving")

    def ready(self):
        from . import receivers  # noqa: F401 (connects the receivers)
