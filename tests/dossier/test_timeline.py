"""The resident's timeline: process steps in plain words, internal work left out."""

import pytest

from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import process_for
from schadeloket.cases.services import transition
from schadeloket.dossier.timeline import resident_timeline, step_states
from tests.factories import UserFactory

from .conftest import new_case

pytestmark = pytest.mark.django_db


def texts(case):
    return [line.text for line in resident_timeline(case)]


def test_a_label_with_a_colon_and_a_staff_reason_are_both_read():
    process = process_for("MAATWERK")
    assert step_states("Deskundige maakt advies → Ontwerpbesluit: uw reactie (zienswijze)", process) == (
        "expert_advice",
        "draft_decision",
    )
    assert step_states("In behandeling → Wacht op aanvrager: foto's van de gevel nodig", process) == (
        "in_progress",
        "waiting_for_applicant",
    )
    assert step_states("iets anders", process) == (None, None)


def test_receipt_and_start_are_told_newest_first(own_case):
    assert texts(own_case) == [
        "Een behandelaar is met uw aanvraag begonnen.",
        "Wij hebben uw aanvraag ontvangen.",
    ]


def test_quality_review_assignment_views_and_unknown_events_stay_internal(own_case, handler):
    reviewer = UserFactory(roles=["Toetser"])
    transition(own_case, "send_to_review", actor=handler, expected_version=own_case.version)
    transition(own_case, "approve", actor=reviewer, expected_version=own_case.version)
    record_event(actor=handler, action="assign", obj=("cases.case", own_case.reference), reason="toegewezen aan x")
    record_event(actor=handler, action="view", obj=("cases.case", own_case.reference), reason="zaakpagina")
    record_event(actor=handler, action="sample", obj=("cases.case", own_case.reference), reason="steekproef")
    record_event(actor=handler, action="something_new", obj=("cases.case", own_case.reference))
    assert texts(own_case) == [
        "Een behandelaar is met uw aanvraag begonnen.",
        "Wij hebben uw aanvraag ontvangen.",
    ]


def test_asking_answering_and_extending_are_explained_without_the_staff_reason(own_case, handler):
    transition(own_case, "ask_applicant", actor=handler, expected_version=own_case.version, reason="interne notitie")
    transition(own_case, "applicant_answered", actor=handler, expected_version=own_case.version)
    transition(own_case, "extend_term", actor=handler, expected_version=own_case.version, reason="drukte")
    lines = texts(own_case)
    assert lines[:3] == [
        "Wij hebben meer tijd nodig om te beslissen. Daarom is de termijn verlengd (verdaagd).",
        "Wij hebben uw informatie ontvangen. De termijn loopt weer.",
        "Wij hebben u om informatie gevraagd. Zolang wij wachten, staat de termijn stil.",
    ]
    assert not any("interne notitie" in line or "drukte" in line for line in lines)


def test_a_draft_shows_only_where_the_resident_may_react(decided_case, draft_case):
    ves = texts(decided_case)
    assert ves[0] == "Wij hebben een besluit genomen. U vindt de brief hieronder bij Brieven."
    assert not any("ontwerpbesluit" in line for line in ves)  # a VES draft is internal work
    maatwerk = texts(draft_case)
    assert maatwerk[0].startswith("Wij hebben een ontwerpbesluit gemaakt.")
    assert "Het advies van de deskundige is klaar." in maatwerk
    assert "De schade-opname is gedaan. Een deskundige schrijft nu een advies." in maatwerk


def test_withdrawal(handler, applicant):
    case = new_case(handler, applicant)
    transition(case, "withdraw", actor=handler, expected_version=case.version, reason="op verzoek")
    assert texts(case)[0] == "Uw aanvraag is ingetrokken."
