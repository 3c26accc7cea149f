"""Bulk appends (record_events, append_events) chain exactly what AuditEvent.compute_hash recomputes."""

import pytest

from schadeloket.audit.models import GENESIS_HASH, AuditEvent, ChainHead
from schadeloket.audit.services import EventSpec, append_events, record_event, record_events, verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def varied_specs(user):
    return [
        EventSpec("bulk", "transition", ("cases.case", "IMG-2025-000001"), ("status", "decided_on"),
                  "Ontvangen → Besloten"),
        EventSpec(user, "view", user, (), ""),
        EventSpec(None, "import", None, ["amount"], 'aanhalingstekens " en \\ en een tab\t en é, ✓, 中'),
        EventSpec("bulk", "sample", ("cases.case", "IMG-2025-000002"), ("sampling",),
                  "niet toetsen (geen risico; lot 17)"),
    ]  # fmt: skip


def test_record_events_hashes_what_the_stored_event_recomputes():
    user = UserFactory()
    record_event(actor="system", action="import", reason="first")
    events = record_events(varied_specs(user))
    assert [e.sequence for e in events] == [2, 3, 4, 5]
    for event in events:
        stored = AuditEvent.objects.get(pk=event.pk)
        assert stored.hash == event.hash == stored.compute_hash()
        assert stored.previous_hash == event.previous_hash
    assert events[1].actor_id == user.pk and events[1].actor_label == user.get_username()
    assert events[2].actor_label == "system" and events[2].changed_fields == ["amount"]
    assert verify_chain().ok


def test_append_events_writes_the_same_chain_without_returning_the_events():
    user = UserFactory()
    assert append_events(varied_specs(user)) == 4
    assert append_events(varied_specs(user)) == 4
    stored = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in stored] == list(range(1, 9))
    assert stored[0].previous_hash == GENESIS_HASH
    assert all(e.hash == e.compute_hash() for e in stored)
    assert all(b.previous_hash == a.hash for a, b in zip(stored, stored[1:], strict=False))
    assert stored[2].reason.endswith("✓, 中") and stored[4].changed_fields == ["status", "decided_on"]
    head = ChainHead.objects.get(pk=1)
    assert (head.count, head.last_hash, head.last_event_id) == (8, stored[-1].hash, stored[-1].pk)
    result = verify_chain()
    assert result.ok and result.checked == 8


def test_appending_nothing_changes_nothing():
    record_event(actor="system", action="import")
    assert append_events([]) == 0 and record_events([]) == []
    assert verify_chain().ok and AuditEvent.objects.count() == 1
