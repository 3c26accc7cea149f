"""Decisions: the draft from the rules, deviation with a reason, the zienswijze period, the final
decision with its letter, and every refusal leaving everything as it was.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.services import ConcurrentChangeError
from schadeloket.cases.terms import end_of_term
from schadeloket.decisions import letters
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.decisions.selectors import final_decision, latest_draft
from schadeloket.decisions.services import DecisionError, deviate, draft_from_rules, finalize, record_view
from tests.factories import UserFactory

from .conftest import ADVICE, RECEIVED

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 4, 1)  # a Tuesday


def case_events(case, action=None):
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=case.reference)
    return events.filter(action=action) if action else events


# --- The draft from the rules -------------------------------------------------------------------


def test_the_draft_stores_what_the_rules_said(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    assert draft.kind == DecisionKind.DRAFT
    assert draft.granted is True
    assert draft.amount == Decimal("10000.00") and draft.rule_amount == Decimal("10000.00")
    assert draft.rule_outcome["open"] is True and draft.rule_outcome["traces"]
    assert draft.explanation.startswith("U krijgt € 10.000.")
    assert draft.deviates is False and draft.view_period_ends is None  # VES has no zienswijze step
    assert draft.letters.count() == 0
    # the facts come from the case: its building, its applicant, its date of receipt
    (call,) = facts_calls
    assert call["building"] == ves_case.building
    assert call["person"] == ves_case.parties.get(role="applicant").person
    assert call["on_date"] == RECEIVED
    event = case_events(ves_case, "draft_decision").get()
    assert "amount" in event.changed_fields and "10000" not in event.reason


def test_a_draft_from_the_real_register_refuses_an_address_outside_the_area(ves_case, handler):
    """No stand-in facts: the factory's building is in no effect area and the applicant owns nothing."""
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    assert draft.granted is False and draft.amount == Decimal("0")
    assert draft.rule_outcome["open"] is False
    assert draft.explanation.startswith("U komt nu niet in aanmerking")


def test_a_zienswijze_process_gives_the_draft_a_reaction_period_and_a_letter(maatwerk_case, handler, facts_calls):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    assert draft.granted is True and draft.amount == draft.rule_amount > 0
    # PLACEHOLDER term of 14 days (not found in the domain facts), with the Algemene termijnenwet
    assert draft.view_period_ends == end_of_term(ON, 14).date == dt.date(2025, 4, 15)
    letter = draft.letters.get()
    assert letter.template == "decisions/letters/draft.html" and letter.sent_on == ON


def test_answers_for_a_scheme_without_questions_are_refused(ves_case, handler, facts_calls):
    with pytest.raises(DecisionError, match="geen extra vragen"):
        draft_from_rules(ves_case, actor=handler, answers={"damage_items": []}, on=ON)
    assert Decision.objects.count() == 0


def test_wrong_answers_are_refused_in_dutch(maatwerk_case, handler, facts_calls):
    with pytest.raises(DecisionError, match="De antwoorden kloppen niet: Onbekend antwoord"):
        draft_from_rules(maatwerk_case, actor=handler, answers={"colour": "blauw"}, on=ON)
    assert Decision.objects.count() == 0


def test_no_draft_while_the_rules_still_wait_for_the_expert(maatwerk_case, handler, facts_calls):
    version = Case.objects.get(pk=maatwerk_case.pk).version
    with pytest.raises(DecisionError, match="Zoek eerst uit"):
        draft_from_rules(maatwerk_case, actor=handler, on=ON)
    assert Decision.objects.count() == 0 and Letter.objects.count() == 0
    assert Case.objects.get(pk=maatwerk_case.pk).version == version
    assert not case_events(maatwerk_case, "draft_decision").exists()


def test_only_a_case_handler_drafts(ves_case, facts_calls):
    with pytest.raises(DecisionError, match="Alleen een behandelaar"):
        draft_from_rules(ves_case, actor=UserFactory(roles=["Toetser"]), on=ON)
    assert Decision.objects.count() == 0


def test_a_draft_raises_the_case_version_so_a_stale_page_cannot_finalize(ves_case, handler, facts_calls):
    seen = ves_case.version
    draft_from_rules(ves_case, actor=handler, on=ON)
    assert ves_case.version == seen + 1
    with pytest.raises(ConcurrentChangeError):
        finalize(Case.objects.get(pk=ves_case.pk), actor=handler, expected_version=seen, on=ON)
    assert final_decision(ves_case) is None


# --- Deviation ----------------------------------------------------------------------------------


def test_deviation_needs_a_reason(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    for reason in ("", "   "):
        with pytest.raises(DecisionError, match="Schrijf op waarom u afwijkt"):
            deviate(draft, amount="12000", granted=True, reason=reason, actor=handler)
    draft.refresh_from_db()
    assert (draft.amount, draft.deviates, draft.deviation_reason) == (Decimal("10000.00"), False, "")
    assert not case_events(ves_case, "deviate").exists()


def test_deviation_is_recorded_with_its_reason_and_field_names(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    deviate(draft, amount="12.500,50", granted=True, reason="Twee gebouwen op één perceel.", actor=handler)
    draft.refresh_from_db()
    assert draft.amount == Decimal("12500.50") and draft.rule_amount == Decimal("10000.00")
    assert draft.deviates is True and draft.deviation_reason == "Twee gebouwen op één perceel."
    event = case_events(ves_case, "deviate").get()
    assert event.changed_fields == ["amount", "deviates", "deviation_reason"]
    assert "Twee gebouwen" in event.reason and "12500" not in event.reason


def test_deviating_back_to_the_rules_clears_the_deviation(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    deviate(draft, amount=0, granted=False, reason="Geen eigenaar volgens de akte.", actor=handler)
    deviate(draft, amount=Decimal("10000"), granted=True, reason="De akte was van het buurhuis.", actor=handler)
    draft.refresh_from_db()
    assert (draft.granted, draft.amount, draft.deviates, draft.deviation_reason) == (True, Decimal("10000"), False, "")


@pytest.mark.parametrize(
    ("amount", "granted", "message"),
    [
        ("-5", True, "0 of meer"),
        ("tienduizend", True, "geen bedrag"),
        ("10,005", True, "twee bedragen"),
        ("10.000,005", True, "geen bedrag"),
        (1.5, True, "in euro's"),
        ("500", False, "Bij een afwijzing is het bedrag € 0"),
    ],
)
def test_a_wrong_deviation_is_refused_and_changes_nothing(ves_case, handler, facts_calls, amount, granted, message):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    with pytest.raises(DecisionError, match=message):
        deviate(draft, amount=amount, granted=granted, reason="reden", actor=handler)
    draft.refresh_from_db()
    assert draft.amount == Decimal("10000.00") and draft.deviates is False


def test_the_database_refuses_a_deviation_without_reason(ves_case):
    """The DB constraint is the last line behind the service's check."""
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=ves_case, kind=DecisionKind.DRAFT, granted=True, deviates=True, decided_at=timezone.now()
        )


# --- Zienswijze and the final decision ----------------------------------------------------------


def test_finalize_waits_for_the_zienswijze_period(maatwerk_case, handler, facts_calls):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    version = maatwerk_case.version
    with pytest.raises(DecisionError, match="tot en met 15-04-2025"):
        finalize(maatwerk_case, actor=handler, expected_version=version, on=draft.view_period_ends)
    maatwerk_case.refresh_from_db()
    assert maatwerk_case.status == "draft_decision" and maatwerk_case.version == version
    assert final_decision(maatwerk_case) is None and Letter.objects.count() == 1  # only the draft's letter


def test_after_the_period_the_decision_can_be_taken(maatwerk_case, handler, facts_calls):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    after = draft.view_period_ends + dt.timedelta(days=1)
    final = finalize(maatwerk_case, actor=handler, expected_version=maatwerk_case.version, on=after)
    maatwerk_case.refresh_from_db()
    assert maatwerk_case.status == "decided" and maatwerk_case.decided_on == after
    assert maatwerk_case.deadline_state == "stopped"
    assert final.amount == draft.amount
    reasons = list(case_events(maatwerk_case, "transition").values_list("reason", flat=True))
    assert reasons[-2].endswith("reactietermijn voorbij") and reasons[-1].endswith("Besluit genomen")


def test_a_reaction_ends_the_wait(maatwerk_case, handler, facts_calls):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    record_view(draft, "De scheur in de schuur is ook door de beving.", handler)
    draft.refresh_from_db()
    assert draft.view_received_at is not None and draft.view_text.startswith("De scheur")
    assert case_events(maatwerk_case, "view_received").get().changed_fields == ["view_received_at", "view_text"]
    deviate(draft, amount="5000", granted=True, reason="De schuur telt mee na uw reactie.", actor=handler)
    maatwerk_case.refresh_from_db()  # as the case page does before the next action
    final = finalize(maatwerk_case, actor=handler, expected_version=maatwerk_case.version, on=ON)
    assert final.amount == Decimal("5000.00") and final.deviates is True
    assert final.deviation_reason == "De schuur telt mee na uw reactie."


def test_a_reaction_needs_text_and_comes_once(maatwerk_case, handler, facts_calls):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    with pytest.raises(DecisionError, match="Vul in wat de aanvrager"):
        record_view(draft, "  ", handler)
    record_view(draft, "Eens.", handler)
    with pytest.raises(DecisionError, match="al vastgelegd"):
        record_view(draft, "Toch niet.", handler)
    draft.refresh_from_db()
    assert draft.view_text == "Eens."


def test_no_reaction_on_a_draft_without_zienswijze_step(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    with pytest.raises(DecisionError, match="geen zienswijze"):
        record_view(draft, "Tekst", handler)


def test_finalize_makes_the_final_decision_and_stops_the_term(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    assert final.kind == DecisionKind.FINAL and final.granted is True
    assert (final.amount, final.rule_amount) == (draft.amount, draft.rule_amount)
    assert final.rule_outcome == draft.rule_outcome
    # 12 weeks (Schade gebouw) from the day after sending: 24 June 2025, a Tuesday
    assert final.objection_period_ends == dt.date(2025, 6, 24)
    ves_case.refresh_from_db()
    assert ves_case.status == "decided" and ves_case.decided_on == ON and ves_case.deadline_state == "stopped"
    letter = final.letters.get()
    assert letter.template == "decisions/letters/granted.html" and letters.verify(letter)
    event = case_events(ves_case, "final_decision").get()
    assert "letter" in event.changed_fields and event.reason.startswith("besluit: toegekend")


def test_a_refusal_gets_the_refusal_letter(ves_case, handler):
    draft_from_rules(ves_case, actor=handler, on=ON)
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    assert final.granted is False
    assert final.letters.get().template == "decisions/letters/refused.html"


def test_finalize_needs_a_draft(ves_case, handler):
    with pytest.raises(DecisionError, match="nog geen ontwerpbesluit"):
        finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)


def test_finalize_twice_is_refused_in_dutch(ves_case, handler, facts_calls):
    draft_from_rules(ves_case, actor=handler, on=ON)
    finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    with pytest.raises(DecisionError, match="al besloten op .*maar één besluit"):
        finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    assert Decision.objects.filter(case=ves_case, kind=DecisionKind.FINAL).count() == 1
    assert case_events(ves_case, "final_decision").count() == 1


def test_the_database_allows_one_final_decision_per_case(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            case=ves_case, kind=DecisionKind.FINAL, granted=draft.granted, decided_at=timezone.now()
        )


@pytest.mark.sampling
def test_a_new_handlers_first_decision_is_reviewed_before_it_is_final(ves_case, handler, facts_calls):
    """The real sampling policy: a new handler's first decisions always go to a reviewer (four eyes)."""
    from schadeloket.cases.services import transition
    from schadeloket.sampling.services import approve

    draft_from_rules(ves_case, actor=handler, on=ON)
    with pytest.raises(DecisionError, match="eerst getoetst"):
        finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    transition(ves_case, "send_to_review", actor=handler, expected_version=ves_case.version, on=ON)
    approve(ves_case, reviewer=UserFactory(roles=["Toetser"]), expected_version=ves_case.version)
    ves_case.refresh_from_db()
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    assert final.kind == DecisionKind.FINAL


def test_finalize_waits_for_a_required_review(ves_case, handler, facts_calls, monkeypatch):
    draft_from_rules(ves_case, actor=handler, on=ON)
    monkeypatch.setattr("schadeloket.decisions.services.review_required", lambda case: True)
    with pytest.raises(DecisionError, match="eerst getoetst"):
        finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    assert final_decision(ves_case) is None


def test_no_draft_or_deviation_after_the_decision(ves_case, handler, facts_calls):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    with pytest.raises(DecisionError, match="via bezwaar"):
        draft_from_rules(ves_case, actor=handler, on=ON)
    with pytest.raises(DecisionError, match="via bezwaar"):
        deviate(draft, amount="1", granted=True, reason="later bedacht", actor=handler)
    with pytest.raises(DecisionError, match="via bezwaar"):
        deviate(final_decision(ves_case), amount="1", granted=True, reason="later bedacht", actor=handler)


def test_a_failing_letter_leaves_nothing_decided(ves_case, handler, facts_calls, monkeypatch, media_root):
    draft_from_rules(ves_case, actor=handler, on=ON)
    before = Case.objects.get(pk=ves_case.pk)
    events = AuditEvent.objects.count()

    def broken(html):
        raise RuntimeError("WeasyPrint is stuk")

    monkeypatch.setattr(letters, "render_pdf", broken)
    with pytest.raises(RuntimeError, match="stuk"):
        finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    after = Case.objects.get(pk=ves_case.pk)
    assert (after.status, after.version, after.decided_on, after.deadline_state) == (
        before.status,
        before.version,
        None,
        before.deadline_state,
    )
    assert final_decision(ves_case) is None and Letter.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert not list(media_root.rglob("*.pdf"))
    # and once the letter works again, the same request succeeds
    monkeypatch.undo()
    assert finalize(after, actor=handler, expected_version=after.version, on=ON).kind == DecisionKind.FINAL


def test_a_failing_draft_letter_leaves_no_draft(maatwerk_case, handler, facts_calls, monkeypatch):
    monkeypatch.setattr(letters, "render_pdf", lambda html: (_ for _ in ()).throw(OSError("geen fonts")))
    with pytest.raises(OSError):
        draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    assert latest_draft(maatwerk_case) is None and not case_events(maatwerk_case, "draft_decision").exists()
