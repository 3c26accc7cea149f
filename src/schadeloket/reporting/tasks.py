"""Background work for reporting: freeze the closed weeks and keep the public dashboard warm.

Beat (config/settings/base.py) runs `reporting.freeze_closed_weeks` every night, so that a report
computes only the days since the last Sunday from the case data (`services`), and
`reporting.warm_dashboard` every hour; the cache keeps the dashboard's figures two hours, so the
public page never has to compute them for a visitor. Both run in the Celery worker (Redis broker in
production and CI, eagerly in-process by default).
"""

import datetime as dt
import logging

from celery import shared_task

from .dashboard import warm
from .services import freeze_closed_weeks

logger = logging.getLogger(__name__)


@shared_task(name="reporting.warm_dashboard")
def warm_dashboard_task(today: str | None = None) -> dict:
    """Compute the dashboard's figures and cache them. Returns plain JSON for the task result."""
    data = warm(dt.date.fromisoformat(today) if today else None)
    logger.info("Dashboard warmed: %s applications handled, %s schemes with activity", data["handled"],
                len(data["schemes"]))  # fmt: skip
    return {"computed_at": data["computed_at"].isoformat(), "handled": data["handled"], "schemes": len(data["schemes"])}


@shared_task(name="reporting.freeze_closed_weeks")
def freeze_closed_weeks_task(today: str | None = None) -> dict:
    """Freeze the weeks closed since the last run; nothing to do on the other six nights of a week."""
    freeze = freeze_closed_weeks(today=dt.date.fromisoformat(today) if today else None)
    if freeze is None:
        return {"frozen": False}
    return {"frozen": True, "through": freeze.through.isoformat(), "figures": freeze.figures,
            "late_figures": freeze.late_figures}  # fmt: skip
