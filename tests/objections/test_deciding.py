"""The decision on an objection: only when the law allows it (admissible, heard or a reason not to,
inadmissible only after an unrepaired repair term or an inexcusable lateness), with its letter,
and a higher amount through a follow-up case whose difference is paid exactly once. Withdrawal
with confirmation; a solution by a new decision."""

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.services import transition
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.decisions.services import deviate, draft_from_rules, finalize
from schadeloket.messaging.models import Message
from schadeloket.objections.models import Hearing, Objection, Revision
from schadeloket.objections.services import (
    ObjectionConcurrentChange,
    ObjectionError,
    decide_objection,
    judge_lateness,
    lapse_due_repairs,
    pay_difference,
    plan_hearing,
    record_grounds,
    request_repair,
    resolve_with_new_decision,
    withdraw_objection,
)
from schadeloket.payment_orders.models import PaymentOrder
from schadeloket.payment_orders.services import order_for_decision

from .conftest import IBAN, fresh
from .test_handling import late_letter_objection, objection_events

pytestmark = pytest.mark.django_db


def decide(objection, lawyer, **kwargs):
    kwargs.setdefault("reasons", "De schade aan de gevel is groter dan wij eerst dachten.")
    kwargs.setdefault("no_hearing_reason", "fully_granted")
    return decide_objection(objection, actor=lawyer, expected_version=objection.version, **kwargs)


def letter_text(objection) -> str:
    """The letter's text read back from the PDF with pdftotext (Debian poppler-utils), as the letter tests do."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (Debian poppler-utils) is not installed: run make setup-dev")
    command = [shutil.which("pdftotext"), "-layout", objection.decision_letter.file.path, "-"]
    out = subprocess.run(command, capture_output=True, check=True, text=True).stdout  # noqa: S603
    return re.sub(r"\s+", " ", out)


def decide_follow_up(revision, handler, amount=None):
    """The normal case process on the follow-up case: start, rules, deviation to the difference, decision."""
    case = revision.case
    transition(case, "start", actor=handler, expected_version=case.version)
    draft = draft_from_rules(case, actor=handler)
    deviate(
        draft,
        amount=str(amount or revision.difference),
        granted=True,
        actor=handler,
        reason="Bezwaar gegrond: u krijgt het verschil met het eerdere besluit.",
    )
    case.refresh_from_db()
    return finalize(case, actor=handler, expected_version=case.version)


# --- the decision -----------------------------------------------------------------------------------


def test_well_founded_with_a_higher_amount_opens_a_follow_up_case_and_a_letter(owned, lawyer, final, applicant):
    assert final.amount == Decimal("10000.00")
    decide(owned, lawyer, outcome="well_founded", new_amount="15.000")
    objection = fresh(owned)
    assert (objection.status, objection.outcome) == ("decided", "well_founded")
    assert objection.closed_on == objection.decided_on == timezone.localdate()
    assert objection.previous_amount == Decimal("10000.00") and objection.new_amount == Decimal("15000.00")
    assert objection.deadline_state == "stopped"

    revision = Revision.objects.get(objection=objection)
    assert (revision.previous_amount, revision.new_amount, revision.difference) == (
        Decimal("10000.00"),
        Decimal("15000.00"),
        Decimal("5000.00"),
    )
    follow_up = revision.case
    assert follow_up.status == "received" and follow_up.scheme_code == final.case.scheme_code
    assert follow_up.building == final.case.building and follow_up.parties.get().person == applicant
    opened = AuditEvent.objects.get(object_type="cases.case", object_id=follow_up.reference, action="revision_opened")
    assert "beslis over het verschil, € 5.000" in opened.reason

    text = letter_text(objection)
    assert "Uw bezwaar is gegrond" in text and "€ 15.000" in text and "€ 5.000 meer" in text
    assert "Rechtbank Noord-Nederland" in text and "BSN" not in text
    assert objection.decision_letter.case == final.case and objection.decision_letter.kind == "letter"
    assert "Wij hebben beslist op uw bezwaar" in Message.objects.filter(case=final.case).last().text
    event = objection_events(objection, "objection_decided").get()
    assert event.reason.startswith("beslissing op bezwaar: well_founded; nieuw totaal € 15.000")
    assert "binnen de termijn" in event.reason


def test_a_double_submit_decides_once(owned, lawyer):
    version = owned.version
    decide(owned, lawyer, outcome="well_founded", new_amount="15000")
    with pytest.raises(ObjectionConcurrentChange):
        decide_objection(
            owned,
            outcome="well_founded",
            new_amount="15000",
            reasons="x",
            no_hearing_reason="fully_granted",
            actor=lawyer,
            expected_version=version,
        )
    assert Revision.objects.count() == 1 and Case.objects.count() == 2
    assert objection_events(owned, "objection_decided").count() == 1


def test_the_difference_is_paid_exactly_once(owned, lawyer, handler):
    decide(owned, lawyer, outcome="partly_well_founded", new_amount="12500,50", no_hearing_reason="waived")
    revision = Revision.objects.get()
    assert revision.difference == Decimal("2500.50")
    with pytest.raises(ObjectionError, match="nog niet genomen"):
        pay_difference(revision, payee_name="A. Dijkstra", iban=IBAN, actor=lawyer)
    new_final = decide_follow_up(revision, handler)
    assert new_final.amount == Decimal("2500.50")

    first = pay_difference(revision, payee_name="A. Dijkstra", iban=IBAN, actor=lawyer)
    retry = pay_difference(revision, payee_name="A. Dijkstra", iban=IBAN, actor=lawyer)  # a retry, a double submit
    from_case_page = order_for_decision(
        new_final, payee_kind="applicant", payee_name="A. Dijkstra", iban=IBAN, actor=handler
    )  # the case page's payment button, amount "what is left"
    assert first.pk == retry.pk == from_case_page.pk
    assert PaymentOrder.objects.count() == 1 and first.amount == Decimal("2500.50")
    assert PaymentOrder.objects.filter(decision__case=owned.decision.case).count() == 0  # the original: untouched here
    with pytest.raises(ObjectionError, match="ander IBAN"):
        pay_difference(revision, payee_name="A. Dijkstra", iban="NL02ABNA0123456789", actor=lawyer)
    assert PaymentOrder.objects.count() == 1


def test_a_follow_up_decision_of_another_amount_is_not_paid(owned, lawyer, handler):
    decide(owned, lawyer, outcome="well_founded", new_amount="15000")
    revision = Revision.objects.get()
    decide_follow_up(revision, handler, amount=Decimal("15000"))  # the total instead of the difference
    with pytest.raises(ObjectionError, match="maar het verschil is € 5.000"):
        pay_difference(revision, payee_name="A. Dijkstra", iban=IBAN, actor=lawyer)
    assert not PaymentOrder.objects.exists()


def test_the_double_payment_guard_holds_through_the_page(owned, lawyer, handler, client):
    from tests.backoffice.conftest import log_in

    decide(owned, lawyer, outcome="well_founded", new_amount="15000")
    revision = Revision.objects.get()
    decide_follow_up(revision, handler)
    log_in(client, lawyer)
    url = f"/behandeling/bezwaren/{owned.public_id}/verschil/{revision.pk}/"
    data = {"version": fresh(owned).version, "payee_name": "A. Dijkstra", "iban": "NL91 ABNA 0417 1643 00"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form sent twice
    order = PaymentOrder.objects.get()
    assert order.amount == Decimal("5000.00") and order.iban == IBAN


def test_no_lower_amount_and_no_amount_with_unfounded(owned, lawyer):
    with pytest.raises(ObjectionError, match="niet slechter maken"):
        decide(owned, lawyer, outcome="partly_well_founded", new_amount="9000", no_hearing_reason="waived")
    with pytest.raises(ObjectionError, match="alleen bij een \\(deels\\) gegrond"):
        decide(owned, lawyer, outcome="unfounded", new_amount="15000", no_hearing_reason="manifestly_unfounded")
    with pytest.raises(ObjectionError, match="geen bedrag|is geen bedrag"):
        decide(owned, lawyer, outcome="well_founded", new_amount="veel")
    assert fresh(owned).status == "in_progress" and not Revision.objects.exists()
    decide(owned, lawyer, outcome="well_founded", new_amount="10000")  # the same amount: nothing to pay
    assert not Revision.objects.exists() and fresh(owned).new_amount == Decimal("10000.00")


def test_a_hearing_or_a_reason_why_not(owned, lawyer):
    with pytest.raises(ObjectionError, match="nog geen hoorzitting"):
        decide(owned, lawyer, outcome="unfounded", no_hearing_reason="")
    with pytest.raises(ObjectionError, match="past niet bij de uitkomst"):
        decide(owned, lawyer, outcome="unfounded", no_hearing_reason="fully_granted")
    with pytest.raises(ObjectionError, match="motivering"):
        decide(owned, lawyer, outcome="unfounded", reasons=" ", no_hearing_reason="waived")
    with pytest.raises(ObjectionError, match="Kies de uitkomst"):
        decide(owned, lawyer, outcome="withdrawn")
    decide(owned, lawyer, outcome="unfounded", no_hearing_reason="waived")
    assert "liet ons weten dat u geen gesprek" in letter_text(fresh(owned))


def test_a_planned_hearing_that_is_no_longer_needed_is_cancelled(owned, lawyer):
    plan_hearing(
        owned,
        location_kind="video",
        starts_at=timezone.now() + dt.timedelta(days=10),
        actor=lawyer,
        expected_version=owned.version,
    )
    decide(fresh(owned), lawyer, outcome="well_founded", new_amount="11000")
    hearing = Hearing.objects.get()
    assert hearing.status == "cancelled" and "er is beslist" in hearing.cancel_reason


# --- inadmissible -----------------------------------------------------------------------------------


def test_inadmissible_only_after_the_repair_term_passed_unrepaired(final, applicant, lawyer):
    objection = late_letter_objection(final, applicant, lawyer, received_days_ago=5)
    judge_lateness(
        objection, excusable=True, reasoning="Brief kwam laat aan.", actor=lawyer, expected_version=objection.version
    )
    objection = fresh(objection)
    assert objection.pro_forma
    # Without a repair request: no inadmissibility for missing grounds, and no decision on the merits.
    with pytest.raises(ObjectionError, match="pas als de indiener om herstel is gevraagd"):
        decide(
            objection,
            lawyer,
            outcome="inadmissible",
            inadmissible_ground="not_repaired",
            no_hearing_reason="manifestly_inadmissible",
        )
    with pytest.raises(ObjectionError, match="nog geen gronden"):
        decide(objection, lawyer, outcome="unfounded", no_hearing_reason="manifestly_unfounded")
    repair = request_repair(
        objection,
        kind="grounds",
        description="Stuur uw redenen.",
        actor=lawyer,
        expected_version=objection.version,
        on=objection.received_on,
    )
    # While the term runs: refused.
    with pytest.raises(ObjectionError, match="loopt nog een verzoek om herstel"):
        decide(
            fresh(objection),
            lawyer,
            outcome="inadmissible",
            inadmissible_ground="not_repaired",
            no_hearing_reason="manifestly_inadmissible",
        )
    assert fresh(objection).outcome == ""
    # The term passes unused (the morning monitor lapses it): now it may be declared inadmissible.
    lapse_due_repairs(repair.due_on + dt.timedelta(days=1))
    decide(
        fresh(objection),
        lawyer,
        outcome="inadmissible",
        inadmissible_ground="not_repaired",
        no_hearing_reason="manifestly_inadmissible",
        reasons="U stuurde geen redenen, ook niet na ons verzoek.",
    )
    objection = fresh(objection)
    assert (objection.outcome, objection.inadmissible_ground) == ("inadmissible", "not_repaired")
    assert "niet op tijd gekregen" in letter_text(objection)


def test_grounds_that_came_after_the_lapse_are_a_repair_after_all(final, applicant, lawyer):
    objection = late_letter_objection(final, applicant, lawyer, received_days_ago=40)
    judge_lateness(objection, excusable=True, reasoning="Ziek.", actor=lawyer, expected_version=objection.version)
    objection = fresh(objection)
    request_repair(
        objection,
        kind="grounds",
        description="Stuur uw redenen.",
        actor=lawyer,
        expected_version=objection.version,
        on=objection.received_on,
    )
    lapse_due_repairs(timezone.localdate())
    objection = fresh(objection)
    record_grounds(
        objection,
        grounds="Alsnog: de scheuren.",
        received_on=timezone.localdate(),
        actor=lawyer,
        expected_version=objection.version,
    )
    with pytest.raises(ObjectionError, match="pas als de indiener om herstel is gevraagd"):
        decide(
            fresh(objection),
            lawyer,
            outcome="inadmissible",
            inadmissible_ground="not_repaired",
            no_hearing_reason="manifestly_inadmissible",
        )


def test_a_late_objection_is_inadmissible_only_when_not_excusable(final, applicant, lawyer):
    objection = late_letter_objection(final, applicant, lawyer, grounds="Te weinig.")
    with pytest.raises(ObjectionError, match="Leg eerst vast of de termijnoverschrijding"):
        decide(
            objection,
            lawyer,
            outcome="inadmissible",
            inadmissible_ground="late",
            no_hearing_reason="manifestly_inadmissible",
        )
    with pytest.raises(ObjectionError, match="kwam te laat binnen"):
        decide(objection, lawyer, outcome="unfounded", no_hearing_reason="manifestly_unfounded")
    judge_lateness(
        objection, excusable=False, reasoning="Geen reden gegeven.", actor=lawyer, expected_version=objection.version
    )
    decide(
        fresh(objection),
        lawyer,
        outcome="inadmissible",
        inadmissible_ground="late",
        no_hearing_reason="manifestly_inadmissible",
    )
    assert fresh(objection).outcome == "inadmissible"
    assert "te laat binnen" in letter_text(fresh(objection))


# --- withdrawal and solution ------------------------------------------------------------------------


def test_withdrawal_needs_the_objectors_confirmation(owned, lawyer, final):
    today = timezone.localdate()
    with pytest.raises(ObjectionError, match="Awb 6:21"):
        withdraw_objection(
            owned, confirmed_on=today, confirmation="phone", actor=lawyer, expected_version=owned.version
        )
    with pytest.raises(ObjectionError, match="nog geen hoorzitting"):
        withdraw_objection(
            owned, confirmed_on=today, confirmation="hearing", actor=lawyer, expected_version=owned.version
        )
    withdraw_objection(
        owned,
        confirmed_on=today,
        confirmation="email",
        note="Mail van 27 november.",
        actor=lawyer,
        expected_version=owned.version,
    )
    objection = fresh(owned)
    assert (objection.status, objection.outcome, objection.closed_on) == ("closed", "withdrawn", today)
    assert objection.withdrawal_confirmation == "email" and objection.withdrawal_confirmed_on == today
    assert "ingetrokken" in Message.objects.filter(case=final.case).last().text
    with pytest.raises(ObjectionError, match="al afgehandeld"):
        decide(objection, lawyer, outcome="unfounded", no_hearing_reason="waived")


def test_resolved_by_a_new_decision_through_the_case_process(owned, lawyer, handler):
    with pytest.raises(ObjectionError, match="hoger zijn"):
        resolve_with_new_decision(owned, new_amount="10000", note="Eens.", actor=lawyer, expected_version=owned.version)
    resolve_with_new_decision(
        owned,
        new_amount="13000",
        note="Na het gesprek eens over € 13.000.",
        actor=lawyer,
        expected_version=owned.version,
    )
    objection = fresh(owned)
    assert (objection.status, objection.outcome) == ("closed", "resolved")
    revision = Revision.objects.get()
    assert revision.source == "resolution" and revision.difference == Decimal("3000.00")
    new_final = decide_follow_up(revision, handler)
    assert Decision.objects.get(case=revision.case, kind=DecisionKind.FINAL) == new_final
    assert pay_difference(revision, payee_name="A. Dijkstra", iban=IBAN, actor=handler).amount == Decimal("3000.00")


def test_an_objection_is_the_stable_model_reports_count(owned, lawyer):
    decide(owned, lawyer, outcome="unfounded", no_hearing_reason="waived")
    closed = Objection.objects.filter(closed_on__isnull=False, outcome="unfounded")
    assert list(closed) == [fresh(owned)]
