"""Payment orders: IBAN and name checks, exactly once under retries, the decision's amount as a cap."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import DecisionKind
from schadeloket.payment_orders import services
from schadeloket.payment_orders.models import PayeeKind, PaymentOrder, PaymentStatus
from schadeloket.payment_orders.selectors import allocated_amount
from schadeloket.payment_orders.sepa import SepaError, normalise_iban, normalise_name, sepa_text
from schadeloket.payment_orders.services import (
    OrderRequest,
    PaymentError,
    idempotency_key,
    order_for_decision,
    orders_for_decisions_bulk,
)

from .conftest import GOOD_IBAN, OTHER_IBAN

pytestmark = pytest.mark.django_db


def _order(decision, handler, **overrides):
    arguments = {"payee_kind": PayeeKind.APPLICANT, "payee_name": "J. de Vries", "iban": GOOD_IBAN, "actor": handler}
    arguments.update(overrides)
    return order_for_decision(decision, **arguments)


# --- IBAN and name ----------------------------------------------------------------------------


def test_iban_is_normalised_without_spaces_in_capitals():
    assert normalise_iban(" nl91 abna 0417 1643 00 ") == GOOD_IBAN
    assert normalise_iban("DE89 3704 0044 0532 0130 00") == "DE89370400440532013000"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "Vul het IBAN in."),
        ("NL91ABNA0417164301", "Dit IBAN klopt niet: controleer de letters en cijfers."),
        ("NL91 ABNA 0417 1643", "Een Nederlands IBAN heeft 18 tekens"),
        ("NL91ABNA04171643€0", "alleen uit letters en cijfers"),
        ("1234567890", "begint met twee letters voor het land"),
        # a real Turkish test IBAN: valid, but Turkey is not in SEPA
        ("TR330006100519786457841326", "SEPA-land"),
    ],
)
def test_bad_ibans_are_refused_in_dutch(value, message):
    with pytest.raises(SepaError, match=message):
        normalise_iban(value)


def test_payee_name_is_required_and_at_most_70_characters():
    assert normalise_name("  Jan   de  Vries ") == "Jan de Vries"
    assert len(normalise_name("a" * 70)) == 70
    with pytest.raises(SepaError, match="Vul de naam"):
        normalise_name("   ")
    with pytest.raises(SepaError, match="hoogstens 70 tekens, nu 71"):
        normalise_name("a" * 71)


def test_names_are_simplified_only_for_the_bank():
    assert sepa_text("Ömer Çelik & Zn.", 70) == "Omer Celik + Zn."


# --- one order ---------------------------------------------------------------------------------


def test_an_order_for_a_final_granted_decision(make_decision, handler):
    decision = make_decision(amount=Decimal("7500.00"))
    order = _order(decision, handler, iban="nl91 abna 0417 1643 00")
    assert order.status == PaymentStatus.PENDING
    assert order.iban == GOOD_IBAN
    assert order.amount == Decimal("7500.00")  # no amount given: the whole decision
    assert order.idempotency_key == f"decision:{decision.public_id}:applicant"
    assert decision.case.reference in order.remittance
    event = AuditEvent.objects.get(object_type="payment_orders.paymentorder")
    assert event.object_id == order.idempotency_key and event.action == "create"
    assert "iban" in event.changed_fields and GOOD_IBAN not in event.reason


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"kind": DecisionKind.DRAFT}, "definitief besluit"),
        ({"granted": False}, "kent niets toe"),
        ({"amount": Decimal("0.00")}, "0 euro"),
    ],
)
def test_no_order_without_a_final_granted_amount(make_decision, handler, kwargs, message):
    decision = make_decision(**kwargs)
    with pytest.raises(PaymentError, match=message):
        _order(decision, handler)
    assert PaymentOrder.objects.count() == 0


def test_a_bad_iban_is_refused_and_nothing_is_stored(make_decision, handler):
    decision = make_decision()
    events_before = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="Dit IBAN klopt niet"):
        _order(decision, handler, iban="NL91ABNA0417164301")
    assert PaymentOrder.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_amount_with_more_than_two_decimals_is_refused(make_decision, handler):
    with pytest.raises(PaymentError, match="twee cijfers achter de komma"):
        _order(make_decision(), handler, amount=Decimal("10.005"))
    assert PaymentOrder.objects.count() == 0


# --- exactly once ------------------------------------------------------------------------------


def test_calling_twice_gives_one_order(make_decision, handler):
    decision = make_decision()
    first = _order(decision, handler)
    second = _order(decision, handler, iban="NL91 ABNA 0417 1643 00")
    assert first.pk == second.pk
    assert PaymentOrder.objects.count() == 1
    assert AuditEvent.objects.filter(object_type="payment_orders.paymentorder").count() == 1


def test_a_row_that_is_already_there_is_returned(make_decision, handler):
    """Another process committed the order before this call: the call returns that order."""
    decision = make_decision(amount=Decimal("900.00"))
    existing = PaymentOrder.objects.create(
        idempotency_key=idempotency_key(decision, PayeeKind.APPLICANT),
        decision=decision,
        payee_kind=PayeeKind.APPLICANT,
        payee_name="J. de Vries",
        iban=GOOD_IBAN,
        amount=Decimal("900.00"),
        remittance="x",
    )
    assert _order(decision, handler).pk == existing.pk
    assert PaymentOrder.objects.count() == 1


def test_an_insert_that_loses_the_race_returns_the_winner(make_decision, handler, monkeypatch):
    """The other process inserts just after our look-up: the unique key stops our insert inside a
    savepoint, and we return the winner's order, with the transaction still usable."""
    decision = make_decision(amount=Decimal("900.00"))
    key = idempotency_key(decision, PayeeKind.APPLICANT)
    real_find = services._find_order
    calls = []

    def look_up_then_lose_the_race(lookup_key):
        calls.append(lookup_key)
        if len(calls) == 1:
            PaymentOrder.objects.create(
                idempotency_key=key,
                decision=decision,
                payee_kind=PayeeKind.APPLICANT,
                payee_name="J. de Vries",
                iban=GOOD_IBAN,
                amount=Decimal("900.00"),
                remittance="x",
            )
            return None
        return real_find(lookup_key)

    monkeypatch.setattr(services, "_find_order", look_up_then_lose_the_race)
    order = _order(decision, handler)
    assert len(calls) == 2  # the second look-up came after the IntegrityError
    assert PaymentOrder.objects.get().pk == order.pk
    assert AuditEvent.objects.filter(object_type="payment_orders.paymentorder").count() == 0  # not ours


def test_a_retry_with_another_iban_or_amount_is_refused(make_decision, handler):
    decision = make_decision(amount=Decimal("5000.00"))
    order = _order(decision, handler, amount=Decimal("3000.00"))
    with pytest.raises(PaymentError, match="ander IBAN of bedrag"):
        _order(decision, handler, amount=Decimal("3000.00"), iban=OTHER_IBAN)
    with pytest.raises(PaymentError, match="ander IBAN of bedrag"):
        _order(decision, handler, amount=Decimal("3500.00"))
    order.refresh_from_db()
    assert (order.iban, order.amount) == (GOOD_IBAN, Decimal("3000.00"))
    assert PaymentOrder.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrency needs PostgreSQL")
def test_two_concurrent_requests_make_one_order(make_decision, handler):
    decision = make_decision()
    barrier = threading.Barrier(2)
    results, errors = [], []

    def request():
        try:
            barrier.wait()
            results.append(_order(decision, handler).pk)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 2 and results[0] == results[1]
    assert PaymentOrder.objects.count() == 1


# --- the decision's amount is the cap --------------------------------------------------------


def test_koppelkans_and_applicant_share_the_amount_and_never_exceed_it(make_decision, handler):
    decision = make_decision(amount=Decimal("10000.00"))
    ncg = _order(decision, handler, payee_kind=PayeeKind.NCG, payee_name="NCG", amount=Decimal("6000.00"))
    applicant = _order(decision, handler)  # what is left
    assert (ncg.amount, applicant.amount) == (Decimal("6000.00"), Decimal("4000.00"))
    with pytest.raises(PaymentError, match="nog 0,00 euro over"):
        _order(decision, handler, payee_kind=PayeeKind.CONTRACTOR, payee_name="Bouw BV", amount=Decimal("0.01"))
    assert allocated_amount(decision) == Decimal("10000.00")


def test_an_order_above_the_decision_amount_is_refused(make_decision, handler):
    decision = make_decision(amount=Decimal("1000.00"))
    with pytest.raises(PaymentError, match="nog 1000,00 euro over"):
        _order(decision, handler, payee_kind=PayeeKind.CONTRACTOR, payee_name="Bouw BV", amount=Decimal("1000.01"))
    assert PaymentOrder.objects.count() == 0


def test_a_cancelled_order_frees_its_amount(make_decision, handler):
    decision = make_decision(amount=Decimal("1000.00"))
    order = _order(decision, handler, payee_kind=PayeeKind.NCG, payee_name="NCG")
    PaymentOrder.objects.filter(pk=order.pk).update(status=PaymentStatus.CANCELLED)
    assert _order(decision, handler).amount == Decimal("1000.00")


# --- bulk --------------------------------------------------------------------------------------


def test_bulk_creates_each_order_once_and_a_rerun_creates_nothing(make_decision, handler):
    decisions = [make_decision(amount=Decimal(f"{1000 + i}.50")) for i in range(5)]
    items = [(d, PayeeKind.APPLICANT, f"Aanvrager {i}", GOOD_IBAN) for i, d in enumerate(decisions)]
    items.append(OrderRequest(decisions[0], PayeeKind.NCG, "NCG", OTHER_IBAN, Decimal("0.50")))

    first = orders_for_decisions_bulk(items, handler)
    assert (first.created, first.already_there) == (6, 0)
    assert PaymentOrder.objects.count() == 6
    events = AuditEvent.objects.filter(object_type="payment_orders.paymentorder").count()
    assert events == 6

    rerun = orders_for_decisions_bulk(items, handler)
    assert (rerun.created, rerun.already_there) == (0, 6)
    assert PaymentOrder.objects.count() == 6
    assert AuditEvent.objects.filter(object_type="payment_orders.paymentorder").count() == events
    assert allocated_amount(decisions[0]) == decisions[0].amount  # applicant got what NCG left


def test_bulk_refuses_everything_when_one_item_is_wrong(make_decision, handler):
    good, bad = make_decision(), make_decision()
    items = [(good, PayeeKind.APPLICANT, "A", GOOD_IBAN), (bad, PayeeKind.APPLICANT, "B", "NL00ABNA0417164300")]
    with pytest.raises(PaymentError, match=f"{bad.case.reference}: Dit IBAN klopt niet"):
        orders_for_decisions_bulk(items, handler)
    assert PaymentOrder.objects.count() == 0


def test_bulk_after_single_orders_only_adds_the_missing_ones(make_decision, handler):
    one, two = make_decision(), make_decision()
    _order(one, handler)
    result = orders_for_decisions_bulk(
        [(one, PayeeKind.APPLICANT, "J. de Vries", GOOD_IBAN), (two, PayeeKind.APPLICANT, "K. Bakker", GOOD_IBAN)],
        handler,
    )
    assert (result.created, result.already_there) == (1, 1)
    assert PaymentOrder.objects.count() == 2
