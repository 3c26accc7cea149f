"""Exactly once under real parallel requests: several threads send the same draft at the same moment.

Needs PostgreSQL: there `select_for_update` takes a row lock, and the threads truly overlap. SQLite
runs one writer at a time (BEGIN IMMEDIATE), which the sequential tests in test_services already cover.
"""

import threading

import pytest
from django.db import connection

from schadeloket.audit.services import verify_chain
from schadeloket.cases.models import Case
from schadeloket.documents.models import Document
from schadeloket.intake import services

from .helpers import complete_draft

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


def test_parallel_submits_open_exactly_one_case(actor, owned_home):
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real parallel transactions need PostgreSQL; SQLite serialises every writer")
    draft = complete_draft(actor, owned_home, photos=1)
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def send():
        try:
            barrier.wait(timeout=10)
            results.append(services.submit(actor=actor, token=draft.submit_token))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == THREADS
    assert sum(created for _draft, created in results) == 1
    assert len({sent.submitted_case_id for sent, _created in results}) == 1
    assert Case.objects.count() == 1
    assert Document.objects.count() == 1
    assert verify_chain().ok
