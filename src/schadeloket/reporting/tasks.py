"""Background work for reporting: keep the public dashboard's figures warm in the cache.

Beat runs `reporting.warm_dashboard` every hour (config/settings/base.py); the cache keeps the
figures two hours, so the public page never has to compute them for a visitor. It runs in the
Celery worker (Redis broker in production and CI, eagerly in-process by default).
"""

import datetime as dt
import logging

from celery import shared_task

from .dashboard import warm

logger = logging.getLogger(__name__)


@shared_task(name="reporting.warm_dashboard")
def warm_dashboard_task(today: str | None = None) -> dict:
    """Compute the dashboard's figures and cache them. Returns plain JSON for the task result."""
    data = warm(dt.date.fromisoformat(today) if today else None)
    logger.info("Dashboard warmed: %s applications handled, %s schemes with activity", data["handled"],
                len(data["schemes"]))  # fmt: skip
    return {"computed_at": data["computed_at"].isoformat(), "handled": data["handled"], "schemes": len(data["schemes"])}
