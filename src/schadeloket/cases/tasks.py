"""Background work for cases: the daily deadline monitor.

Beat runs it every morning at 06:00 (Europe/Amsterdam), before handlers open their work lists,
so the flags they see are today's. It runs in the Celery worker (Redis broker in production and
CI, eagerly in-process by default).
"""

import datetime as dt
import logging

from celery import shared_task

from .monitor import check_deadlines

logger = logging.getLogger(__name__)


@shared_task(name="cases.check_deadlines")
def check_deadlines_task(today: str | None = None) -> dict:
    """Run the monitor; `today` (ISO date) lets an operator re-run a missed day. Returns plain JSON."""
    report = check_deadlines(dt.date.fromisoformat(today) if today else None)
    logger.info(
        "Deadline monitor %s: %s newly at risk, %s newly overdue, %s back to ok; open cases per state %s",
        report.today,
        len(report.newly_at_risk),
        len(report.newly_overdue),
        len(report.back_to_ok),
        report.counts,
    )
    return report.as_dict()
