"""The audit trail is a hash chain: any hand-made change or removal is detected and named."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from schadeloket.audit.models import GENESIS_HASH, AuditAction, AuditEvent
from schadeloket.audit.services import record_event, verify_chain
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _three_events():
    user = UserFactory()
    return [
        record_event(actor=user, action=AuditAction.LOGIN, obj=user),
        record_event(actor=user, action=AuditAction.VIEW, obj=("persons.person", "abc"), reason="lookup"),
        record_event(actor=None, action=AuditAction.IMPORT, reason="nightly import"),
    ]


def test_each_event_holds_the_hash_of_the_one_before():
    first, second, third = _three_events()
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    stored = AuditEvent.objects.get(pk=second.pk)
    assert stored.hash == stored.compute_hash()


def test_actor_is_recorded_by_id_and_name():
    user = UserFactory(username="behandelaar1")
    event = record_event(actor=user, action=AuditAction.VIEW)
    assert (event.actor_id, event.actor_label) == (user.pk, "behandelaar1")
    assert record_event(actor=None, action=AuditAction.IMPORT).actor_label == "system"


def test_verify_audit_passes_on_an_intact_chain(capsys):
    _three_events()
    call_command("verify_audit")
    assert "intact: 3 events" in capsys.readouterr().out


def test_verify_audit_passes_on_an_empty_trail():
    call_command("verify_audit")


def test_changing_one_row_by_hand_is_detected_and_named():
    _first, second, _third = _three_events()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["nothing to see", second.pk])
    with pytest.raises(CommandError) as info:
        call_command("verify_audit")
    assert f"event {second.pk}:" in str(info.value)
    result = verify_chain()
    assert not result.ok and result.first_bad_event_id == second.pk


def test_recomputing_the_hash_of_a_changed_row_breaks_the_next_link():
    _first, second, third = _three_events()
    tampered = AuditEvent.objects.get(pk=second.pk)
    tampered.reason = "nothing to see"
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET reason = %s, hash = %s WHERE id = %s",
            [tampered.reason, tampered.compute_hash(), second.pk],
        )
    result = verify_chain()
    assert not result.ok and result.first_bad_event_id == third.pk


def test_deleting_the_last_event_is_detected():
    _first, _second, third = _three_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [third.pk])
    with pytest.raises(CommandError) as info:
        call_command("verify_audit")
    assert "missing" in str(info.value)
    assert f"event {third.pk}:" in str(info.value)


def test_deleting_an_event_in_the_middle_is_detected():
    _first, second, third = _three_events()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [second.pk])
    result = verify_chain()
    assert not result.ok and result.first_bad_event_id == third.pk


def test_events_cannot_be_changed_or_deleted_through_the_orm():
    event = record_event(actor=None, action=AuditAction.IMPORT)
    event.reason = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).reason == ""
    call_command("verify_audit")


@pytest.mark.django_db
def test_bulk_append_chains_every_event_in_order():
    from schadeloket.audit.services import EventSpec, record_events

    record_event(actor="system", action="import", reason="first")
    events = record_events([EventSpec("system", "import", ("x.y", str(n)), ("amount",), "bulk") for n in range(50)])
    assert [e.sequence for e in events] == list(range(2, 52))
    assert events[0].previous_hash == AuditEvent.objects.get(sequence=1).hash
    assert all(b.previous_hash == a.hash for a, b in zip(events, events[1:], strict=False))
    result = verify_chain()
    assert result.ok and result.checked == 51


@pytest.mark.django_db
def test_queryset_update_and_delete_are_refused():
    record_event(actor="system", action="import")
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.update(reason="rewritten")
    with pytest.raises(RuntimeError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1
