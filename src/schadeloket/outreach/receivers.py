"""Outreach's answer to the earthquake import (`register.earthquakes.signals.earthquakes_imported`,
sent after the import's transaction has committed; connected in `apps.OutreachConfig.ready`).

Only events that are recent when imported get a list (`quake.AUTO_MAX_AGE_DAYS`): loading the
historic catalogue writes to nobody. The register does not import outreach; the signal is the same
mechanism `cases.signals` uses for planning.
"""

import datetime as dt
import logging

from django.dispatch import receiver
from django.utils import timezone

from schadeloket.register.earthquakes.signals import earthquakes_imported as imported

from .quake import AUTO_MAX_AGE_DAYS

logger = logging.getLogger(__name__)


@receiver(imported, dispatch_uid="outreach.earthquakes_imported")
def earthquakes_imported(sender, *, events, **kwargs) -> None:
    """Queue the after-earthquake task for the recent ones among `events` (new Earthquake objects).

    The import has committed when this runs; a problem here is logged and never undoes or fails it.
    """
    cutoff = timezone.now() - dt.timedelta(days=AUTO_MAX_AGE_DAYS)
    keys = [quake.knmi_key for quake in events if quake.origin_time >= cutoff]
    if not keys:
        return
    from .tasks import after_earthquakes_imported_task

    try:
        after_earthquakes_imported_task.delay(keys)
    except Exception:  # noqa: BLE001 (eager mode runs the task here; the import itself succeeded)
        logger.exception("After-earthquake lists for %s could not be made", ", ".join(keys))
