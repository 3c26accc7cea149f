"""Writing and checking the audit trail.

`record_event` is the one way to write an event. It appends under a lock on the chain head, in
the caller's transaction, so an event exists exactly when the change it describes was committed.
"""

import contextlib
import contextvars
import hashlib
import json
from dataclasses import dataclass, replace

from django.db import DEFAULT_DB_ALIAS, connections, transaction
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


#: The encoder of AuditEvent.canonical_content: the same options, so that the pieces below, joined,
#: are byte for byte the JSON that method makes (a test holds the two equal).
_encode_any = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode
_encode_str = json.encoder.encode_basestring  # what that encoder does with a str (ensure_ascii=False)


def _encode(value) -> str:
    return _encode_str(value) if type(value) is str else _encode_any(value)


@dataclass(frozen=True)
class _Prepared:
    """One event's values and the parts of its canonical content that do not depend on the chain.

    The canonical content is a JSON object with sorted keys: action, actor_id, actor_label,
    changed_fields, object_id, object_type, previous_hash, reason, sequence, timestamp. Only
    previous_hash, sequence and timestamp are known under the lock; everything else is encoded
    before it is taken, so the lock is held for a string join and a SHA-256 per event.
    """

    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    changed_fields: list
    reason: str
    head: str  # '{"action":...,"object_type":...,"previous_hash":'
    middle: str  # ',"reason":...,"sequence":'


def _prepare(spec: EventSpec, starts: dict) -> _Prepared:
    """`starts` remembers, within one append, the encoded start of the content per (action, actor,
    changed fields): a bulk run repeats a handful of those thousands of times."""
    actor_id, actor_label = _actor_ref(spec.actor)
    object_type, object_id = _object_ref(spec.obj)
    changed_fields = list(spec.changed_fields)
    key = (spec.action, actor_id, actor_label, spec.changed_fields) if type(spec.changed_fields) is tuple else None
    try:
        start = starts.get(key) if key is not None else None
    except TypeError:  # something unhashable in the changed fields: encode it every time
        key = start = None
    if start is None:
        start = (
            f'{{"action":{_encode(spec.action)},"actor_id":{_encode(actor_id)},"actor_label":{_encode(actor_label)},'
            f'"changed_fields":{_encode(changed_fields)},'
        )
        if key is not None:
            starts[key] = start
    head = f'{start}"object_id":{_encode(object_id)},"object_type":{_encode(object_type)},"previous_hash":'
    middle = f',"reason":{_encode(spec.reason)},"sequence":'
    return _Prepared(actor_id, actor_label, spec.action, object_type, object_id, changed_fields, spec.reason, head,
                     middle)  # fmt: skip


def record_events(specs: list[EventSpec]) -> list[AuditEvent]:
    """Append events in order under one lock on the chain head, with one INSERT for all of them.

    Bulk work (imports, bulk decisions) appends its events here, so that the audit trail never
    becomes the bottleneck and still has exactly one event per change.
    """
    return _append(specs, instances=True)


def append_events(specs: list[EventSpec]) -> int:
    """`record_events` for bulk work that does not need the AuditEvent objects back: returns how
    many were appended. The same chain, the same rows; on PostgreSQL one COPY of plain values."""
    return _append(specs, instances=False)


#: A note every event recorded in this context ends with (see `reason_note`).
_REASON_NOTE: contextvars.ContextVar[str] = contextvars.ContextVar("audit_reason_note", default="")


@contextlib.contextmanager
def reason_note(note: str):
    """Every event recorded inside this block gets `note` at the end of its reason (once).

    Why: when a case guide acts for a resident with a machtiging, everything done in those requests
    must say so in the audit trail, also the events that services deep down record with their own
    actor (a zienswijze, an upload, a booking). The request sets the note once
    (`identity.middleware`), instead of every service having to know who acts for whom.
    """
    token = _REASON_NOTE.set(note)
    try:
        yield
    finally:
        _REASON_NOTE.reset(token)


def _with_note(specs: list[EventSpec]) -> list[EventSpec]:
    note = _REASON_NOTE.get()
    if not note:
        return specs
    return [spec if note in spec.reason else replace(spec, reason=f"{spec.reason} {note}".strip()) for spec in specs]


@transaction.atomic
def _append(specs: list[EventSpec], *, instances: bool):
    specs = _with_note(specs)
    starts: dict = {}
    prepared = [_prepare(spec, starts) for spec in specs]  # before the lock: it only needs the specs
    head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
    if not prepared:
        return [] if instances else 0
    now = timezone.now()
    tail = f',"timestamp":{_encode(now.isoformat())}}}'
    previous_hash, sequence = head.last_hash, head.count
    chained = []  # (sequence, previous hash, hash) per event
    sha256 = hashlib.sha256
    for item in prepared:
        sequence += 1
        digest = sha256(f"{item.head}{_encode(previous_hash)}{item.middle}{sequence}{tail}".encode()).hexdigest()
        chained.append((sequence, previous_hash, digest))
        previous_hash = digest
    conn = connections[DEFAULT_DB_ALIAS]
    if instances or conn.vendor != "postgresql":
        events = [
            AuditEvent(
                sequence=number, timestamp=now, actor_id=item.actor_id, actor_label=item.actor_label,
                action=item.action, object_type=item.object_type, object_id=item.object_id,
                changed_fields=item.changed_fields, reason=item.reason, previous_hash=before, hash=digest,
            )
            for item, (number, before, digest) in zip(prepared, chained, strict=True)
        ]  # fmt: skip
        insert_new(AuditEvent, events)
        last_pk = events[-1].pk or AuditEvent.objects.only("pk").get(sequence=sequence).pk
    else:
        last_pk = _copy_events(conn, prepared, chained, now)
    head.last_event_id, head.last_hash, head.count = last_pk, previous_hash, sequence
    head.save(update_fields=["last_event_id", "last_hash", "count"])
    return events if instances else len(prepared)


#: AuditEvent's columns in the order `_copy_events` writes them.
_COPY_COLUMNS = (
    "id", "sequence", "timestamp", "actor_id", "actor_label", "action", "object_type", "object_id", "changed_fields",
    "reason", "previous_hash", "hash",
)  # fmt: skip


def _copy_events(conn, prepared: list[_Prepared], chained: list[tuple], now) -> int:
    """COPY the events as plain values (what the fields' own preparation gives for these types:
    ints, strings, an aware datetime and the JSON text of the list); returns the last id."""
    table = AuditEvent._meta.db_table
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, len(prepared)]
        )
        ids = [pk for (pk,) in cursor.fetchall()]
        columns = ", ".join(conn.ops.quote_name(name) for name in _COPY_COLUMNS)
        with cursor.connection.cursor().copy(f"COPY {conn.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:  # noqa: S608
            write = copy.write_row
            for pk, item, (number, before, digest) in zip(ids, prepared, chained, strict=True):
                write((pk, number, now, item.actor_id, item.actor_label, item.action, item.object_type,
                       item.object_id, _encode(item.changed_fields), item.reason, before, digest))  # fmt: skip
    return ids[-1]


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
