"""Writing and checking the audit trail.

`record_event` is the one way to write an event. It appends under a lock on the chain head, in
the caller's transaction, so an event exists exactly when the change it describes was committed.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from schadeloket.db import insert_new

from .models import GENESIS_HASH, AuditEvent, ChainHead


def _object_ref(obj) -> tuple[str, str]:
    if obj is None:
        return "", ""
    if isinstance(obj, tuple):
        return obj
    # public_id where a model has one: audit rows must not leak internal keys of personal data
    # any more than URLs do, and it is stable across exports.
    identifier = getattr(obj, "public_id", None) or obj.pk
    return obj._meta.label_lower, str(identifier)


def _actor_ref(actor) -> tuple[int | None, str]:
    if actor is None:
        return None, "system"
    if isinstance(actor, str):
        return None, actor
    if not getattr(actor, "is_authenticated", False):
        return None, "anonymous"
    return actor.pk, actor.get_username()


@dataclass(frozen=True)
class EventSpec:
    """One event to append with `record_events`."""

    actor: object
    action: str
    obj: object = None
    changed_fields: tuple = ()
    reason: str = ""


def record_event(*, actor, action: str, obj=None, changed_fields=(), reason: str = "") -> AuditEvent:
    """Append one event. `obj` is a model instance or an (object_type, object_id) pair.

    Never pass values of personal data in `changed_fields` or `reason`: names of fields only.
    """
    (event,) = record_events([EventSpec(actor, action, obj, tuple(changed_fields), reason)])
    return event


@transaction.atomic
def record_events(specs: list[EventSpec]) -> list[AuditEvent]:
    """Append events in order under one lock on the chain head, with one INSERT for all of them.

    Bulk work (imports, bulk decisions) appends its events here, so that the audit trail never
    becomes the bottleneck and still has exactly one event per change.
    """
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    now = timezone.now()
    events = []
    previous_hash, sequence = head.last_hash, head.count
    for spec in specs:
        actor_id, actor_label = _actor_ref(spec.actor)
        object_type, object_id = _object_ref(spec.obj)
        sequence += 1
        event = AuditEvent(
            sequence=sequence,
            timestamp=now,
            actor_id=actor_id,
            actor_label=actor_label,
            action=spec.action,
            object_type=object_type,
            object_id=object_id,
            changed_fields=list(spec.changed_fields),
            reason=spec.reason,
            previous_hash=previous_hash,
        )
        event.hash = previous_hash = event.compute_hash()
        events.append(event)
    if not events:
        return []
    insert_new(AuditEvent, events)
    last_pk = events[-1].pk or AuditEvent.objects.only("pk").get(sequence=sequence).pk
    head.last_event_id, head.last_hash, head.count = last_pk, previous_hash, sequence
    head.save(update_fields=["last_event_id", "last_hash", "count"])
    return events


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checked: int
    first_bad_event_id: int | None = None
    problem: str = ""


def verify_chain(batch_size: int = 5000) -> VerificationResult:
    """Walk the whole chain in order; report the first event that does not fit."""
    previous_hash = GENESIS_HASH
    checked = 0
    last_id = None
    queryset = AuditEvent.objects.order_by("sequence")
    for event in queryset.iterator(chunk_size=batch_size):
        if event.sequence != checked + 1:
            return VerificationResult(False, checked, event.pk, f"event number {checked + 1} is missing")
        if event.previous_hash != previous_hash:
            return VerificationResult(False, checked, event.pk, "previous_hash does not match the event before it")
        if event.compute_hash() != event.hash:
            return VerificationResult(False, checked, event.pk, "content does not match its hash")
        previous_hash = event.hash
        last_id = event.pk
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.count != checked or head.last_hash != previous_hash):
        return VerificationResult(
            False, checked, head.last_event_id, "the newest events are missing (chain head does not match)"
        )
    if head is None and checked:
        return VerificationResult(False, checked, last_id, "the chain head is missing")
    return VerificationResult(True, checked)
