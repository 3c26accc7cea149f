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
    logger.info(
        "Deadline monitor %s, objections: %s newly at risk, %s newly overdue, %s back to ok, %s repair requests "
        "lapsed; open objections per state %s",
        report.today,
        len(report.objections_newly_at_risk),
        len(report.objections_newly_overdue),
        len(report.objections_back_to_ok),
        len(report.repairs_lapsed),
        report.objection_counts,
    )
    return report.as_dict()


def _iban_lookup():
    """The IBAN look-up for bulk payments: settings.BULK_DECISIONS_IBAN_LOOKUP (a dotted path to
    `f(case, person_id) -> str | None`), or None: then no order is made and the report says
    "IBAN ontbreekt" for every granted case."""
    from django.conf import settings
    from django.utils.module_loading import import_string

    path = getattr(settings, "BULK_DECISIONS_IBAN_LOOKUP", "")
    return import_string(path) if path else None


@shared_task(name="cases.decide_batch")
def decide_batch_task(scheme_code: str = "AVV", limit: int = 1000, on: str | None = None) -> dict:
    """One batch of bulk decisions (see cases.bulk). Each call is one transaction: stop the worker
    at any moment and call it again; nothing is decided or paid twice. Returns plain JSON."""
    from .bulk import decide_batch

    report = decide_batch(
        scheme_code=scheme_code,
        limit=limit,
        actor="bulk",
        on=dt.date.fromisoformat(on) if on else None,
        payee_iban_for=_iban_lookup(),
    )
    logger.info(
        "Bulk %s: %s taken, %s decided (%s granted), %s to review, %s to a handler, %s orders, %s without IBAN, %.1f s",
        report.scheme_code,
        report.taken,
        report.decided,
        report.granted,
        len(report.sent_to_review),
        len(report.to_handler),
        report.orders_created,
        len(report.iban_missing),
        report.seconds,
    )
    return report.as_dict()


@shared_task(name="decisions.render_pending_letters")
def render_pending_letters_task(limit: int = 100) -> int:
    """Render the letters of final decisions that have none yet (bulk decisions); idempotent."""
    from .bulk import render_pending_letters

    return render_pending_letters(limit=limit)
