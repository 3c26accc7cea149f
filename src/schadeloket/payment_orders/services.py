"""Writes for payment orders: order a payment for a granting decision, export a SEPA batch, mark
a batch paid. Each in one transaction with its audit events; refused input raises PaymentError
with a Dutch message and changes nothing.

Exactly once: every order has `idempotency_key = "decision:<decision public_id>:<payee kind>"`,
unique in the database. A retried request, task or bulk run therefore finds the order that exists
(or hits the unique constraint inside a savepoint and then finds it) instead of making a second
one. A retry that asks for something else (another IBAN or amount) is refused rather than
silently changing a payment that may already be on its way to the bank.

The sum of a decision's orders never exceeds the decision's amount: the decision row is locked
(SELECT ... FOR UPDATE on PostgreSQL) while the orders are counted, so two payees of one decision
(say the applicant and NCG for a koppelkans) cannot both take the same euros at once.

Settings read here (none are required; the defaults are an obvious demo placeholder):
PAYMENT_DEBTOR_NAME, PAYMENT_DEBTOR_IBAN, PAYMENT_DEBTOR_BIC: the institute's own account.
"""

import datetime as dt
import functools
import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import EventSpec, record_events
from schadeloket.db import any_of, insert_new
from schadeloket.decisions.models import Decision, DecisionKind

from .models import PayeeKind, PaymentBatch, PaymentOrder, PaymentStatus
from .selectors import ZERO, allocated_amounts
from .sepa import (
    ID_MAX_LENGTH,
    REMITTANCE_MAX_LENGTH,
    Debtor,
    SepaError,
    Transfer,
    build_pain_001,
    normalise_bic,
    normalise_iban,
    normalise_name,
)

# A placeholder that no one can mistake for a real account: bank code TEST, valid check digits.
DEMO_DEBTOR_NAME = "DEMO Schadeloket - geen echte rekening"
DEMO_DEBTOR_IBAN = "NL13TEST0123456789"
DEMO_DEBTOR_BIC = "TESTNL2A"

ORDER_FIELDS = ("payee_kind", "payee_name", "iban", "amount", "remittance", "status")
_CHUNK = 900  # stays under SQLite's limit on query parameters


class PaymentError(ValueError):
    """A payment that may not be made like this, with a Dutch message saying why."""


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def idempotency_key(decision: Decision, payee_kind: str) -> str:
    """One key per decision and kind of payee: the unit that is paid exactly once."""
    return f"decision:{decision.public_id}:{payee_kind}"


def end_to_end_id(order: PaymentOrder) -> str:
    """The bank's reference for one transfer: short, unique and stable for the same order.

    The primary key makes it unique in this system; the hash of the idempotency key makes it
    unique across environments (demo, test, production) and says nothing about the person.
    """
    digest = hashlib.sha256(order.idempotency_key.encode()).hexdigest()[:12].upper()
    return f"SL{order.pk}-{digest}"[:ID_MAX_LENGTH]


def remittance_text(decision: Decision, payee_kind: str) -> str:
    """What the payee reads on their bank statement: the case reference, never a BSN or name.

    Always Dutch, whatever language the staff member's screen is in: it goes to the bank.
    """
    purpose = {
        PayeeKind.APPLICANT: "vergoeding mijnbouwschade",
        PayeeKind.NCG: "koppelkans vergoeding naar NCG",
        PayeeKind.CONTRACTOR: "herstel mijnbouwschade",
    }[PayeeKind(payee_kind)]
    case = decision.case
    return f"IMG {case.reference} {case.scheme_code} {purpose}"[:REMITTANCE_MAX_LENGTH]


@dataclass(frozen=True)
class OrderRequest:
    """One payee of one decision, for `orders_for_decisions_bulk`. `amount=None`: what is left."""

    decision: Decision
    payee_kind: str
    payee_name: str
    iban: str
    amount: Decimal | None = None


@dataclass(frozen=True)
class _Checked:
    decision: Decision
    payee_kind: str
    payee_name: str
    iban: str
    amount: Decimal | None
    key: str


def _check_amount(amount) -> Decimal | None:
    if amount is None:
        return None
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        raise PaymentError(_("Het bedrag is geen getal. Vul een bedrag in euro's in, zoals 1250,00."))
    if not value.is_finite() or value <= 0:
        raise PaymentError(_("Het bedrag moet meer dan 0 euro zijn."))
    if value != value.quantize(Decimal("0.01")):
        raise PaymentError(_("Een bedrag heeft hoogstens twee cijfers achter de komma."))
    return value.quantize(Decimal("0.01"))


def _check_decision(decision: Decision) -> None:
    if decision.kind != DecisionKind.FINAL:
        raise PaymentError(_("Er kan alleen betaald worden op een definitief besluit, niet op een ontwerpbesluit."))
    if not decision.granted:
        raise PaymentError(_("Dit besluit kent niets toe. Er valt niets te betalen."))
    if decision.amount is None or decision.amount <= 0:
        raise PaymentError(_("Het bedrag van dit besluit is 0 euro. Er valt niets te betalen."))


@functools.lru_cache(maxsize=65_536)
def normalised_iban(value: str) -> str:
    """`sepa.normalise_iban`, remembered per input: its check costs about 0.1 ms, and a bulk run checks
    every applicant's IBAN twice (to decide "IBAN ontbreekt", then here). A refused IBAN raises
    every time (exceptions are not cached)."""
    return normalise_iban(value)


@functools.lru_cache(maxsize=65_536)
def normalised_name(value: str) -> str:
    """`sepa.normalise_name`, remembered per input, like `normalised_iban` (a bulk run checks each
    payee's name twice); a refused name raises every time."""
    return normalise_name(value)


def _check(request: OrderRequest) -> _Checked:
    """Everything that can be checked without the database, before anything is written."""
    if request.payee_kind not in PayeeKind.values:
        raise PaymentError(_("Kies aan wie betaald wordt: de aanvrager, NCG of de aannemer."))
    _check_decision(request.decision)
    try:
        name = normalised_name(request.payee_name)
        iban = normalised_iban(request.iban)
    except SepaError as error:
        raise PaymentError(str(error))
    return _Checked(
        decision=request.decision,
        payee_kind=request.payee_kind,
        payee_name=name,
        iban=iban,
        amount=_check_amount(request.amount),
        key=idempotency_key(request.decision, request.payee_kind),
    )


def _same_or_refuse(existing: PaymentOrder, checked: _Checked) -> PaymentOrder:
    """A retry gets the order that exists, but only when it asks for the same payment."""
    if existing.iban != checked.iban or (checked.amount is not None and existing.amount != checked.amount):
        raise PaymentError(
            _(
                "Voor dit besluit staat al een betaalopdracht aan deze ontvanger, met een ander IBAN of bedrag. "
                "Die wordt niet zomaar veranderd: vraag de afdeling betalingen om de opdracht te laten vervallen."
            )
        )
    if existing.status == PaymentStatus.CANCELLED:
        raise PaymentError(
            _(
                "De betaalopdracht voor dit besluit en deze ontvanger is vervallen. "
                "Vraag de afdeling betalingen wat er moet gebeuren."
            )
        )
    return existing


def _refuse_over_cap(decision: Decision, available: Decimal) -> None:
    raise PaymentError(
        _(
            "Dit is meer dan er van besluit %(reference)s nog te betalen is. Er is nog %(available)s euro over. "
            "Pas het bedrag aan."
        )
        % {"reference": decision.case.reference, "available": f"{max(available, ZERO):.2f}".replace(".", ",")}
    )


def _creation_event(actor, order: PaymentOrder, reference: str) -> EventSpec:
    return EventSpec(
        actor=actor,
        action="create",
        obj=("payment_orders.paymentorder", order.idempotency_key),
        changed_fields=ORDER_FIELDS,
        reason=f"{reference}: betaalopdracht aan {PayeeKind(order.payee_kind).label}",
    )


def _find_order(key: str) -> PaymentOrder | None:
    return PaymentOrder.objects.filter(idempotency_key=key).first()


#: What paying needs of a locked decision and its case: not the rule outcome (kilobytes of JSON per
#: decision), the explanation or the applicant's view, which a bulk run would otherwise read back.
LOCKED_FIELDS = ("id", "public_id", "kind", "granted", "amount", "case_id", "case__reference", "case__scheme_code")


def _lock_decisions(decision_ids: list[int]) -> dict[int, Decision]:
    """The decisions' rows, locked until the transaction ends (PostgreSQL), with their cases.

    Only LOCKED_FIELDS are read; anything else loads on first use, as Django's deferred fields do.
    """
    locked = {}
    for chunk in _chunks(sorted(decision_ids)):
        query = Decision.objects.select_related("case").only(*LOCKED_FIELDS).filter(any_of("pk", chunk)).order_by("pk")
        for decision in query.select_for_update(of=("self",)):
            locked[decision.pk] = decision
    return locked


def order_for_decision(
    decision: Decision, *, payee_kind: str, payee_name: str, iban: str, actor, amount=None
) -> PaymentOrder:
    """The payment order for this decision and payee: made once, found again on every retry.

    `amount=None` orders what is left of the decision's amount (all of it for a single payee).
    """
    checked = _check(OrderRequest(decision, payee_kind, payee_name, iban, amount))
    with transaction.atomic():
        decision = _lock_decisions([decision.pk])[decision.pk]
        _check_decision(decision)  # as it is now, not as the caller last read it
        existing = _find_order(checked.key)
        if existing is not None:
            return _same_or_refuse(existing, checked)
        # What the other payees of this decision take (an order under this very key is this
        # payment, not another one: should it appear concurrently, the insert below finds it).
        taken = allocated_amounts([decision.pk], exclude_key=checked.key).get(decision.pk, ZERO)
        available = decision.amount - taken
        order_amount = available if checked.amount is None else checked.amount
        if order_amount <= 0 or order_amount > available:
            _refuse_over_cap(decision, available)
        order = PaymentOrder(
            idempotency_key=checked.key,
            decision=decision,
            payee_kind=checked.payee_kind,
            payee_name=checked.payee_name,
            iban=checked.iban,
            amount=order_amount,
            remittance=remittance_text(decision, checked.payee_kind),
        )
        try:
            # The savepoint keeps the outer transaction usable when another process inserted the
            # same key between our look-up and this insert (a lock on the decision prevents that
            # on PostgreSQL; this is the last line of defence on any database).
            with transaction.atomic():
                order.save(force_insert=True)
        except IntegrityError:
            existing = _find_order(checked.key)
            if existing is None:
                raise
            return _same_or_refuse(existing, checked)
        record_events([_creation_event(actor, order, decision.case.reference)])
    return order


@dataclass(frozen=True)
class BulkOrderResult:
    created: int
    already_there: int
    keys: tuple[str, ...]


def orders_for_decisions_bulk(decisions_with_payees: Iterable, actor, *, audit: list | None = None) -> BulkOrderResult:
    """Orders for many decisions at once (bulk decisions): one insert (COPY on PostgreSQL), one audit batch.

    Items are `OrderRequest`s or tuples `(decision, payee_kind, payee_name, iban[, amount])`.
    Rerunning with the same items creates nothing new: existing keys are skipped (and the unique
    key refuses a second order for one key). One refused item refuses the whole call.

    `audit`: a list that receives the creation events instead of them being recorded here; the
    caller records them with its own events, in the same transaction (`decide_batch` does, so the
    audit chain's lock is taken once per batch, at the very end). Call this inside that
    transaction, so that an order never exists without its event.
    """
    if audit is not None and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("orders_for_decisions_bulk(audit=...) must run inside the caller's transaction.")
    requests = [item if isinstance(item, OrderRequest) else OrderRequest(*item) for item in decisions_with_payees]
    checked_items: dict[str, _Checked] = {}
    for request in requests:
        try:
            checked = _check(request)
        except PaymentError as error:
            raise PaymentError(f"{request.decision.case.reference}: {error}")
        earlier = checked_items.get(checked.key)
        if earlier is not None and (earlier.iban, earlier.amount) != (checked.iban, checked.amount):
            raise PaymentError(
                _("Zaak %(reference)s staat twee keer in de lijst, met verschillende betaalgegevens.")
                % {"reference": request.decision.case.reference}
            )
        checked_items[checked.key] = checked
    if not checked_items:
        return BulkOrderResult(0, 0, ())

    with transaction.atomic():
        decisions = _lock_decisions(list({item.decision.pk for item in checked_items.values()}))
        keys = list(checked_items)
        existing: dict[str, PaymentOrder] = {}
        for chunk in _chunks(keys):
            existing.update(
                (order.idempotency_key, order)
                for order in PaymentOrder.objects.filter(any_of("idempotency_key", chunk)).only(
                    "idempotency_key", "iban", "amount", "status"
                )
            )
        allocated = allocated_amounts(decisions)
        new_orders, events = [], []
        # Fixed amounts first, then the payees who get "what is left", so the outcome does not
        # depend on the order of the list (NCG's koppelkans part before the applicant's rest).
        in_order = sorted(checked_items.items(), key=lambda pair: pair[1].amount is None)
        for key, item in in_order:
            decision = decisions[item.decision.pk]
            if key in existing:
                try:
                    _same_or_refuse(existing[key], item)
                except PaymentError as error:
                    raise PaymentError(f"{decision.case.reference}: {error}")
                continue
            available = decision.amount - allocated.get(decision.pk, ZERO)
            order_amount = available if item.amount is None else item.amount
            if order_amount <= 0 or order_amount > available:
                _refuse_over_cap(decision, available)
            allocated[decision.pk] = allocated.get(decision.pk, ZERO) + order_amount
            order = PaymentOrder(
                idempotency_key=key,
                decision=decision,
                payee_kind=item.payee_kind,
                payee_name=item.payee_name,
                iban=item.iban,
                amount=order_amount,
                remittance=remittance_text(decision, item.payee_kind),
            )
            new_orders.append(order)
            events.append(_creation_event(actor, order, decision.case.reference))
        # Every order in new_orders is new: the decisions are locked, so nothing else can add orders
        # for them, and the keys that exist were skipped above. Should that ever not hold, the unique
        # key refuses the insert and the whole transaction rolls back with its events, rather than
        # an event being recorded for an order that was not written. COPY on PostgreSQL.
        now = timezone.now()
        for order in new_orders:
            order.created_at = now  # auto_now_add, which a COPY does not apply
        insert_new(PaymentOrder, new_orders)
        if audit is None:
            record_events(events)
        else:
            audit.extend(events)
    return BulkOrderResult(created=len(new_orders), already_there=len(existing), keys=tuple(keys))


def _debtor(name, iban, bic) -> Debtor:
    try:
        return Debtor(
            name=normalise_name(name or getattr(settings, "PAYMENT_DEBTOR_NAME", DEMO_DEBTOR_NAME)),
            iban=normalise_iban(iban or getattr(settings, "PAYMENT_DEBTOR_IBAN", DEMO_DEBTOR_IBAN)),
            bic=normalise_bic(bic or getattr(settings, "PAYMENT_DEBTOR_BIC", DEMO_DEBTOR_BIC)),
        )
    except SepaError as error:
        raise PaymentError(_("De gegevens van de eigen rekening kloppen niet: %(error)s") % {"error": error})


def export_batch(
    *, actor, execution_date: dt.date, debtor_name: str = "", debtor_iban: str = "", debtor_bic: str = ""
) -> PaymentBatch:
    """Put every pending order in one SEPA pain.001.001.03 file and mark those orders batched.

    The debtor (our own account) comes from the arguments or else from the settings
    PAYMENT_DEBTOR_NAME / _IBAN / _BIC, or else from the demo placeholder. On PostgreSQL, orders
    another export is busy with are skipped (SKIP LOCKED), so two exports never share an order.
    """
    debtor = _debtor(debtor_name, debtor_iban, debtor_bic)
    if execution_date < timezone.localdate():
        raise PaymentError(_("De uitvoerdatum ligt in het verleden. Kies vandaag of een latere dag."))
    with transaction.atomic():
        pending = PaymentOrder.objects.filter(status=PaymentStatus.PENDING).order_by("pk")
        if connection.features.has_select_for_update_skip_locked:
            pending = pending.select_for_update(skip_locked=True)
        orders = list(pending)
        if not orders:
            raise PaymentError(_("Er zijn geen betalingen om te versturen."))
        now = timezone.localtime()
        message_id = f"SL-{now:%Y%m%d%H%M%S}-{uuid.uuid4().hex[:8].upper()}"
        transfers = [
            Transfer(
                end_to_end_id=end_to_end_id(order),
                amount=order.amount,
                creditor_name=order.payee_name,
                creditor_iban=order.iban,
                remittance=order.remittance,
            )
            for order in orders
        ]
        xml = build_pain_001(
            message_id=message_id, created_at=now, execution_date=execution_date, debtor=debtor, transfers=transfers
        )
        batch = PaymentBatch.objects.create(
            message_id=message_id,
            order_count=len(orders),
            total=sum((order.amount for order in orders), ZERO),
            xml=xml.decode("utf-8"),
            sha256=hashlib.sha256(xml).hexdigest(),
        )
        for chunk in _chunks([order.pk for order in orders]):
            PaymentOrder.objects.filter(pk__in=chunk).update(status=PaymentStatus.BATCHED, batch=batch)
        record_events(
            [
                EventSpec(
                    actor,
                    "create",
                    ("payment_orders.paymentbatch", message_id),
                    ("order_count", "total", "xml", "sha256"),
                    f"betaalbestand met {len(orders)} betalingen, uitvoerdatum {execution_date.isoformat()}",
                )
            ]
            + [
                EventSpec(
                    actor,
                    "batch",
                    ("payment_orders.paymentorder", order.idempotency_key),
                    ("status", "batch"),
                    f"in betaalbestand {message_id}",
                )
                for order in orders
            ]
        )
    return batch


def mark_batch_paid(batch: PaymentBatch, actor) -> list:
    """The bank has paid the batch: its orders become paid, and every case whose orders are now
    all paid moves from 'decided' to 'paid' through the case's own process (so its role check,
    optimistic lock and audit event apply). Cases in another state are left as they are.

    Returns the cases that moved to 'paid'. A case transition that is refused (for example an
    actor without the handler or administrator role) refuses the whole call, and nothing changes.
    """
    from schadeloket.cases.models import Case
    from schadeloket.cases.services import transition

    with transaction.atomic():
        batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        rows = list(
            PaymentOrder.objects.filter(batch=batch, status=PaymentStatus.BATCHED)
            .order_by("pk")
            .values_list("pk", "idempotency_key", "decision__case_id")
        )
        if not rows:
            raise PaymentError(_("Dit betaalbestand is al verwerkt: er staan geen betalingen meer open."))
        for chunk in _chunks([pk for pk, _key, _case in rows]):
            PaymentOrder.objects.filter(pk__in=chunk).update(status=PaymentStatus.PAID)
        record_events(
            [
                EventSpec(
                    actor,
                    "paid",
                    ("payment_orders.paymentbatch", batch.message_id),
                    ("status",),
                    f"{len(rows)} betalingen betaald",
                )
            ]
            + [
                EventSpec(
                    actor, "paid", ("payment_orders.paymentorder", key), ("status",), f"betaald in {batch.message_id}"
                )
                for _pk, key, _case in rows
            ]
        )
        case_ids = sorted({case_id for _pk, _key, case_id in rows})
        still_open = set()
        for chunk in _chunks(case_ids):
            still_open.update(
                PaymentOrder.objects.filter(
                    decision__case_id__in=chunk, status__in=(PaymentStatus.PENDING, PaymentStatus.BATCHED)
                ).values_list("decision__case_id", flat=True)
            )
        moved = []
        for chunk in _chunks([case_id for case_id in case_ids if case_id not in still_open]):
            cases = Case.objects.select_for_update().filter(pk__in=chunk, status="decided").order_by("pk")
            for case in cases:
                transition(
                    case,
                    "mark_paid",
                    actor=actor,
                    expected_version=case.version,
                    reason=f"betaald in {batch.message_id}",
                )
                moved.append(case)
    return moved
