"""Background work for planning: keep a rolling horizon of free slots.

Run it daily from beat (for example at 05:30, Europe/Amsterdam) so applicants always see the
coming weeks; it is safe to run again. Registered as `planning.generate_slots`.
"""

import datetime as dt
import logging

from celery import shared_task

from . import times
from .services import generate_slots

logger = logging.getLogger(__name__)


@shared_task(name="planning.generate_slots")
def generate_slots_task(weeks: int = 8) -> dict:
    start = times.today()
    end = start + dt.timedelta(weeks=weeks, days=-1)
    report = generate_slots(start=start, end=end, actor="planning.generate_slots")
    logger.info("Slots %s..%s: %s created, %s already there", start, end, report.created, report.already_present)
    return {"start": start.isoformat(), "end": end.isoformat(), "created": report.created}
