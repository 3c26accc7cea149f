"""The case core: opening a case, transitions with roles and reasons, terms, optimistic locking."""

import datetime as dt

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case, Task
from schadeloket.cases.process import diagram
from schadeloket.cases.selectors import allowed_transitions, process_for
from schadeloket.cases.services import (
    CaseError,
    ConcurrentChangeError,
    allocate_references,
    assign,
    open_case,
    transition,
)
from schadeloket.schemes.registry import all_schemes
from tests.factories import BuildingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2025, 3, 3)  # a Monday


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def case(handler):
    return open_case(
        scheme_code="AVV", building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED, actor=handler
    )


def test_every_scheme_declares_a_valid_process():
    for scheme in all_schemes():
        process = process_for(scheme.code)
        assert process.term_days > 0 and process.term_source
        assert diagram(process).startswith("stateDiagram-v2")


def test_a_new_case_has_a_readable_reference_and_its_deadline(case):
    assert case.reference == "IMG-2025-000001"
    assert case.status == "received"
    # 56 days after 3 March 2025 is Monday 28 April 2025, a working day
    assert case.deadline == dt.date(2025, 4, 28)
    assert AuditEvent.objects.filter(object_type="cases.case", object_id=case.reference, action="create").count() == 1


def test_references_are_gap_free_per_year():
    assert allocate_references(2026, 3) == ["IMG-2026-000001", "IMG-2026-000002", "IMG-2026-000003"]
    assert allocate_references(2026) == ["IMG-2026-000004"]
    assert allocate_references(2027) == ["IMG-2027-000001"]


def test_a_switched_off_scheme_takes_no_cases(handler):
    with pytest.raises(CaseError, match="nog niet open"):
        open_case(
            scheme_code="VHV", building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED,
            actor=handler,
        )  # fmt: skip
    assert Case.objects.count() == 0


def test_transition_moves_state_and_writes_one_audit_event(case, handler):
    transition(case, "start", actor=handler, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "in_progress" and case.version == 2
    event = AuditEvent.objects.filter(object_id=case.reference, action="transition").get()
    assert event.reason == "Ontvangen → In behandeling"


def test_a_transition_from_the_wrong_state_is_refused_and_changes_nothing(case, handler):
    with pytest.raises(CaseError, match="kan niet nu"):
        transition(case, "decide", actor=handler, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "received" and case.version == 1


def test_the_wrong_role_is_refused(case):
    contractor = UserFactory(roles=["Aannemer"])
    with pytest.raises(CaseError, match="andere rol"):
        transition(case, "start", actor=contractor, expected_version=case.version)


def test_a_reason_is_required_where_the_process_says_so(case, handler):
    transition(case, "start", actor=handler, expected_version=1)
    with pytest.raises(CaseError, match="Geef een reden"):
        transition(case, "ask_applicant", actor=handler, expected_version=2, reason="  ")


def test_two_staff_at_once_one_wins_and_the_other_is_told(case, handler):
    stale = Case.objects.get(pk=case.pk)
    transition(case, "start", actor=handler, expected_version=case.version)
    with pytest.raises(ConcurrentChangeError, match="Iemand anders"):
        assign(stale, handler, actor=handler, expected_version=stale.version)
    case.refresh_from_db()
    assert case.handler is None


def test_suspension_moves_the_deadline_by_the_days_waited(case, handler):
    transition(case, "start", actor=handler, expected_version=1)
    transition(case, "ask_applicant", actor=handler, expected_version=2, reason="foto's", on=dt.date(2025, 3, 10))
    transition(case, "applicant_answered", actor=handler, expected_version=3, on=dt.date(2025, 3, 24))
    case.refresh_from_db()
    assert case.suspended_days == 14
    # 56 + 14 = 70 days after 3 March: Monday 12 May 2025
    assert case.deadline == dt.date(2025, 5, 12)


def test_extension_happens_once(case, handler):
    transition(case, "start", actor=handler, expected_version=1)
    transition(case, "extend_term", actor=handler, expected_version=2, reason="drukte")
    case.refresh_from_db()
    assert case.extended_days == 42
    with pytest.raises(CaseError, match="maar één keer"):
        transition(case, "extend_term", actor=handler, expected_version=case.version, reason="nog drukker")


def test_review_creates_a_task_for_the_reviewer(case, handler):
    transition(case, "start", actor=handler, expected_version=1)
    transition(case, "send_to_review", actor=handler, expected_version=2)
    task = Task.objects.get(case=case)
    assert (task.kind, task.role, task.status) == ("review", "reviewer", "open")


def test_allowed_transitions_say_why_not(case, handler):
    reviewer = UserFactory(roles=["Toetser"])
    reasons = dict((t.name, why) for t, why in allowed_transitions(case, reviewer))
    assert reasons["start"] == "Deze stap is voor een andere rol."
    assert dict((t.name, why) for t, why in allowed_transitions(case, handler))["start"] is None


def test_assigning_a_non_handler_is_refused(case, handler):
    with pytest.raises(CaseError, match="geen behandelaar"):
        assign(case, UserFactory(roles=["Aannemer"]), actor=handler, expected_version=case.version)


def test_inspection_steps_wait_for_the_report_and_the_advice(handler):
    """The inspection process refuses 'inspection done' before a report exists (guard)."""
    case = open_case(
        scheme_code="MAATWERK", building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED,
        actor=handler,
    )  # fmt: skip
    transition(case, "start", actor=handler, expected_version=case.version)
    transition(case, "plan_inspection", actor=handler, expected_version=case.version)
    with pytest.raises(CaseError):
        transition(case, "inspection_done", actor=handler, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "inspection_planned"
    process = process_for("MAATWERK")
    assert process.transition("inspection_done").guard is not None
    assert process.transition("advice_received").guard is not None


def test_a_case_is_only_decided_together_with_its_decision(case, handler):
    transition(case, "start", actor=handler, expected_version=case.version)
    with pytest.raises(CaseError, match="Neem het besluit bij 'Besluit'"):
        transition(case, "decide", actor=handler, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_the_process_diagrams_in_the_docs_are_generated_from_the_declarations():
    from pathlib import Path

    from schadeloket.cases.diagrams import processes_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "processes.md"
    assert doc.read_text(encoding="utf-8") == processes_markdown(), "run: manage.py process_diagrams --write"


def test_every_status_change_is_kept_in_the_status_history(case, handler):
    transition(case, "start", actor=handler, expected_version=case.version, on=dt.date(2025, 3, 10))
    history = list(
        case.status_changes.order_by("changed_at", "id").values_list("from_status", "to_status", "changed_on")
    )
    assert history == [("", "received", RECEIVED), ("received", "in_progress", dt.date(2025, 3, 10))]
    assert set(case.status_changes.values_list("scheme_code", flat=True)) == {"AVV"}


def test_a_refused_transition_adds_no_status_history(case, handler):
    with pytest.raises(CaseError):
        transition(case, "decide", actor=handler, expected_version=case.version)
    assert case.status_changes.count() == 1
