"""SEPA export (pain.001.001.03) and marking a batch paid."""

import datetime as dt
import hashlib
import site
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from lxml import etree

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.services import CaseError
from schadeloket.payment_orders.models import PayeeKind, PaymentBatch, PaymentOrder, PaymentStatus
from schadeloket.payment_orders.sepa import PAIN_001_NAMESPACE
from schadeloket.payment_orders.services import (
    DEMO_DEBTOR_IBAN,
    PaymentError,
    export_batch,
    mark_batch_paid,
    order_for_decision,
)
from tests.factories import UserFactory, valid_bsn

from .conftest import GOOD_IBAN, OTHER_IBAN

pytestmark = pytest.mark.django_db
NS = {"p": PAIN_001_NAMESPACE}


@pytest.fixture
def execution_date():
    return timezone.localdate() + dt.timedelta(days=1)


@pytest.fixture
def orders(make_decision, handler):
    """Three cases: one paid to the applicant alone, one shared with NCG, one with an odd name."""
    made, bsns = [], []
    for i, amount in enumerate([Decimal("4000.00"), Decimal("10000.00"), Decimal("1234.56")]):
        bsn = valid_bsn(900 + i)
        bsns.append(bsn)
        decision = make_decision(amount=amount, bsn=bsn)
        if i == 1:
            made.append(
                order_for_decision(
                    decision, payee_kind=PayeeKind.NCG, payee_name="Nationaal Coördinator Groningen",
                    iban=OTHER_IBAN, amount=Decimal("2500.10"), actor=handler,
                )
            )  # fmt: skip
        name = "Ömer Çelik & Zn." if i == 2 else f"Aanvrager {i}"
        made.append(
            order_for_decision(decision, payee_kind=PayeeKind.APPLICANT, payee_name=name, iban=GOOD_IBAN, actor=handler)
        )
    return made, bsns


def _export(handler, execution_date):
    return export_batch(actor=handler, execution_date=execution_date)


def test_export_writes_a_pain_001_with_every_pending_order(orders, handler, execution_date):
    made, bsns = orders
    batch = _export(handler, execution_date)
    root = etree.fromstring(batch.xml.encode())

    assert etree.QName(root).namespace == PAIN_001_NAMESPACE and etree.QName(root).localname == "Document"
    header = root.find("p:CstmrCdtTrfInitn/p:GrpHdr", NS)
    payment = root.find("p:CstmrCdtTrfInitn/p:PmtInf", NS)
    transactions = payment.findall("p:CdtTrfTxInf", NS)
    amounts = [Decimal(tx.findtext("p:Amt/p:InstdAmt", namespaces=NS)) for tx in transactions]

    assert header.findtext("p:MsgId", namespaces=NS) == batch.message_id and len(batch.message_id) <= 35
    assert header.findtext("p:CreDtTm", namespaces=NS)
    assert header.findtext("p:NbOfTxs", namespaces=NS) == payment.findtext("p:NbOfTxs", namespaces=NS) == "4"
    assert len(transactions) == 4 == batch.order_count
    total = sum(order.amount for order in made)
    assert total == Decimal("15234.56") == batch.total == sum(amounts)
    assert Decimal(header.findtext("p:CtrlSum", namespaces=NS)) == total
    assert Decimal(payment.findtext("p:CtrlSum", namespaces=NS)) == total
    assert payment.findtext("p:PmtMtd", namespaces=NS) == "TRF"
    assert payment.findtext("p:BtchBookg", namespaces=NS) == "true"
    assert payment.findtext("p:ReqdExctnDt", namespaces=NS) == execution_date.isoformat()
    assert payment.findtext("p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == DEMO_DEBTOR_IBAN
    assert payment.findtext("p:DbtrAgt/p:FinInstnId/p:BIC", namespaces=NS)
    assert payment.findtext("p:Dbtr/p:Nm", namespaces=NS)

    end_to_end = [tx.findtext("p:PmtId/p:EndToEndId", namespaces=NS) for tx in transactions]
    assert len(set(end_to_end)) == 4 and all(0 < len(value) <= 35 for value in end_to_end)
    for tx in transactions:
        amount = tx.find("p:Amt/p:InstdAmt", NS)
        assert amount.get("Ccy") == "EUR"
        whole, _, cents = amount.text.partition(".")
        assert whole.isdigit() and len(cents) == 2 and cents.isdigit()
        assert tx.findtext("p:CdtrAcct/p:Id/p:IBAN", namespaces=NS) in (GOOD_IBAN, OTHER_IBAN)
        assert tx.findtext("p:RmtInf/p:Ustrd", namespaces=NS).startswith("IMG IMG-2025-")
    names = {tx.findtext("p:Cdtr/p:Nm", namespaces=NS) for tx in transactions}
    assert "Omer Celik + Zn." in names and "Nationaal Coordinator Groningen" in names

    for bsn in bsns:
        assert bsn not in batch.xml
    assert batch.sha256 == hashlib.sha256(batch.xml.encode()).hexdigest()
    assert set(PaymentOrder.objects.values_list("status", "batch")) == {(PaymentStatus.BATCHED, batch.pk)}
    assert AuditEvent.objects.filter(object_type="payment_orders.paymentbatch", action="create").count() == 1
    assert AuditEvent.objects.filter(object_type="payment_orders.paymentorder", action="batch").count() == 4


def test_a_second_export_without_pending_orders_creates_nothing(orders, handler, execution_date):
    _export(handler, execution_date)
    events = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="^Er zijn geen betalingen om te versturen.$"):
        _export(handler, execution_date)
    assert PaymentBatch.objects.count() == 1
    assert AuditEvent.objects.count() == events


def test_export_refuses_a_past_date_and_a_bad_debtor_account(orders, handler):
    with pytest.raises(PaymentError, match="verleden"):
        export_batch(actor=handler, execution_date=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(PaymentError, match="eigen rekening kloppen niet: Dit IBAN klopt niet"):
        export_batch(actor=handler, execution_date=timezone.localdate(), debtor_iban="NL00TEST0123456789")
    assert PaymentBatch.objects.count() == 0
    assert not PaymentOrder.objects.exclude(status=PaymentStatus.PENDING).exists()


def test_export_reads_the_debtor_from_settings(orders, handler, execution_date, settings):
    settings.PAYMENT_DEBTOR_NAME = "Instituut Mijnbouwschade Groningen"
    settings.PAYMENT_DEBTOR_IBAN = "NL44 RABO 0123 4567 89"
    settings.PAYMENT_DEBTOR_BIC = "RABONL2U"
    root = etree.fromstring(_export(handler, execution_date).xml.encode())
    assert root.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == OTHER_IBAN
    assert root.findtext(".//p:Dbtr/p:Nm", namespaces=NS) == "Instituut Mijnbouwschade Groningen"


def _installed_xsd() -> Path | None:
    for folder in site.getsitepackages():
        for path in Path(folder).rglob("pain.001.001.03.xsd"):
            return path
    return None


def test_export_is_valid_against_the_xsd_when_one_is_installed(orders, handler, execution_date):
    xsd = _installed_xsd()
    if xsd is None:
        pytest.skip("no pain.001.001.03.xsd in an installed package (structure is checked in the tests above)")
    schema = etree.XMLSchema(etree.parse(str(xsd)))
    document = etree.fromstring(_export(handler, execution_date).xml.encode())
    assert schema.validate(document), schema.error_log


# --- paid ------------------------------------------------------------------------------------


def test_mark_paid_pays_the_orders_and_moves_fully_paid_cases(orders, handler, execution_date, make_decision):
    made, _bsns = orders
    batch = _export(handler, execution_date)
    # A fourth case gets a second order after the export: it must stay 'decided' until that is paid.
    late = make_decision(amount=Decimal("800.00"))
    order_for_decision(
        late, payee_kind=PayeeKind.NCG, payee_name="NCG", iban=OTHER_IBAN, amount=Decimal("300.00"), actor=handler
    )
    late_batch = _export(handler, execution_date)
    order_for_decision(late, payee_kind=PayeeKind.APPLICANT, payee_name="L", iban=GOOD_IBAN, actor=handler)

    moved = mark_batch_paid(batch, handler)
    assert {case.reference for case in moved} == {order.decision.case.reference for order in made}
    for order in made:
        order.refresh_from_db()
        order.decision.case.refresh_from_db()
        assert order.status == PaymentStatus.PAID
        assert order.decision.case.status == "paid"
    assert AuditEvent.objects.filter(action="transition", reason__contains="Betaald").count() == 3

    assert mark_batch_paid(late_batch, handler) == []  # the applicant's order is still pending
    late.case.refresh_from_db()
    assert late.case.status == "decided"


def test_mark_paid_twice_is_refused(orders, handler, execution_date):
    batch = _export(handler, execution_date)
    mark_batch_paid(batch, handler)
    events = AuditEvent.objects.count()
    with pytest.raises(PaymentError, match="al verwerkt"):
        mark_batch_paid(batch, handler)
    assert AuditEvent.objects.count() == events


def test_mark_paid_skips_cases_that_are_not_decided(orders, handler, execution_date):
    made, _bsns = orders
    case = made[0].decision.case
    from schadeloket.cases.services import transition

    transition(case, "close", actor=handler, expected_version=case.version)
    moved = mark_batch_paid(_export(handler, execution_date), handler)
    assert case.reference not in {c.reference for c in moved} and len(moved) == 2
    case.refresh_from_db()
    assert case.status == "closed"


def test_mark_paid_by_someone_without_the_role_changes_nothing(orders, handler, execution_date):
    batch = _export(handler, execution_date)
    with pytest.raises(CaseError, match="andere rol"):
        mark_batch_paid(batch, UserFactory(roles=["Toetser"]))
    assert set(PaymentOrder.objects.values_list("status", flat=True)) == {PaymentStatus.BATCHED}
