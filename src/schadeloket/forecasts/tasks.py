"""Background work for forecasts: number the queue again every night and on demand.

Beat runs it every night at 03:00 (Europe/Amsterdam), so residents who look in the morning see last
night's place in the queue; a manager can start it from the forecast page (after a capacity change it
runs by itself). Registered as `forecasts.refresh_queue_positions`.
"""

import logging

from celery import shared_task

from .services import refresh_queue_positions

logger = logging.getLogger(__name__)


@shared_task(name="forecasts.refresh_queue_positions")
def refresh_queue_positions_task(actor: str = "forecasts.refresh_queue_positions") -> dict:
    report = refresh_queue_positions(actor=actor)
    logger.info("Queue positions: %s open cases numbered in %.1f s", report.cases, report.seconds)
    return {"cases": report.cases, "base_week": report.base_week.isoformat(), "seconds": round(report.seconds, 3)}
