"""Background work for the audit trail: a nightly check of the whole chain.

Runs in the Celery worker (Redis broker in production and CI, eagerly in-process by default);
beat schedules it every night, so tampering is noticed even when nobody runs `verify_audit`.
"""

import logging

from celery import shared_task

from .services import verify_chain

logger = logging.getLogger(__name__)


@shared_task(name="audit.verify_chain")
def verify_audit_chain() -> dict:
    result = verify_chain()
    if result.ok:
        logger.info("Audit chain intact: %s events", result.checked)
    else:
        logger.error("Audit chain broken at event %s: %s", result.first_bad_event_id, result.problem)
    return {
        "ok": result.ok,
        "checked": result.checked,
        "first_bad_event_id": result.first_bad_event_id,
        "problem": result.problem,
    }
