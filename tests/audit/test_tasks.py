"""The nightly audit check runs as a Celery task: eagerly by default, through Redis in CI.

With CELERY_BROKER_URL pointing at Redis (as .ci/run sets it), this test starts a real worker
thread against that broker, so the task crosses a real queue.
"""

import pytest
from django.conf import settings
from django.db import connection

from schadeloket.audit.services import record_event
from schadeloket.audit.tasks import verify_audit_chain
from schadeloket.config.celery import app


@pytest.fixture
def celery_worker_if_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.django_db(transaction=True)
def test_nightly_check_reports_an_intact_chain(celery_worker_if_broker):
    for n in range(3):
        record_event(actor="system", action="import", reason=f"batch {n}")
    result = verify_audit_chain.delay().get(timeout=30)
    assert result == {"ok": True, "checked": 3, "first_bad_event_id": None, "problem": ""}


@pytest.mark.django_db(transaction=True)
def test_nightly_check_names_a_tampered_event(celery_worker_if_broker):
    events = [record_event(actor="system", action="import", reason=f"batch {n}") for n in range(3)]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["changed", events[1].pk])
    result = verify_audit_chain.delay().get(timeout=30)
    assert result["ok"] is False
    assert result["first_bad_event_id"] == events[1].pk
