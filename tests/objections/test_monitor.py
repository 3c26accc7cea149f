"""The deadline monitor on objections: flagged at risk and overdue on the same rule as cases, one
audit event per change on the objection, idempotent; a suspended term (repair requested) is not
flagged while it stands still; a repair term that passed unused lapses in the morning run."""

import datetime as dt

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.monitor import AT_RISK_WORKING_DAYS, check_deadlines, working_days_after
from schadeloket.objections.services import decide_objection, request_repair

from .conftest import fresh
from .test_handling import late_letter_objection

pytestmark = pytest.mark.django_db


def monitor_events(objection):
    return list(
        AuditEvent.objects.filter(
            actor_label="termijnbewaking", object_type="objections.objection", object_id=str(objection.public_id)
        ).order_by("sequence")
    )


def working_days_before(deadline: dt.date, n: int) -> dt.date:
    day = deadline
    while working_days_after(day, deadline) < n:
        day -= dt.timedelta(days=1)
    return day


def test_an_objection_is_flagged_at_risk_then_overdue_once_per_change(objection):
    deadline = objection.deadline
    quiet = working_days_before(deadline, AT_RISK_WORKING_DAYS + 1)
    report = check_deadlines(quiet)
    assert report.objections_newly_at_risk == [] and fresh(objection).deadline_state == "ok"

    risky = working_days_before(deadline, AT_RISK_WORKING_DAYS)
    report = check_deadlines(risky)
    assert report.objections_newly_at_risk == [str(objection.public_id)]
    assert report.objection_counts == {"ok": 0, "at_risk": 1, "overdue": 0}
    (event,) = monitor_events(objection)
    assert event.reason.startswith(f"bezwaar: termijn in gevaar: nog {AT_RISK_WORKING_DAYS} werkdagen")
    assert f"uiterste beslisdatum {deadline:%d-%m-%Y}" in event.reason

    again = check_deadlines(risky)  # idempotent: nothing changes, no new event
    assert again.objections_changed == 0 and len(monitor_events(objection)) == 1

    check_deadlines(deadline)
    assert fresh(objection).deadline_state == "at_risk"  # the last day itself is still in time
    report = check_deadlines(deadline + dt.timedelta(days=1))
    assert report.objections_newly_overdue == [str(objection.public_id)]
    assert monitor_events(objection)[-1].reason == (
        f"bezwaar: termijn verstreken: de uiterste beslisdatum was {deadline:%d-%m-%Y}"
    )
    assert report.objections_as_dict()["newly_overdue"] == [str(objection.public_id)]


def test_the_cases_report_keeps_its_shape(objection):
    report = check_deadlines(objection.deadline + dt.timedelta(days=1))
    assert set(report.as_dict()) == {"today", "counts", "newly_at_risk", "newly_overdue", "back_to_ok"}
    assert str(objection.public_id) not in report.as_dict()["newly_overdue"]
    assert report.objections_newly_overdue == [str(objection.public_id)]


def test_a_decided_objection_is_left_alone(owned, lawyer):
    decide_objection(
        owned,
        outcome="unfounded",
        reasons="Blijft.",
        no_hearing_reason="waived",
        actor=lawyer,
        expected_version=owned.version,
    )
    report = check_deadlines(owned.deadline + dt.timedelta(days=30))
    assert report.objections_changed == 0 and report.objection_counts == {"ok": 0, "at_risk": 0, "overdue": 0}
    assert fresh(owned).deadline_state == "stopped" and monitor_events(owned) == []


def test_a_suspended_term_is_not_flagged_while_it_stands_still(final, applicant, lawyer):
    objection = late_letter_objection(final, applicant, lawyer, received_days_ago=2)
    repair = request_repair(
        objection, kind="grounds", description="Stuur uw redenen.", actor=lawyer, expected_version=objection.version
    )
    objection = fresh(objection)
    # Ten working days before the original deadline the term stands still: not at risk.
    day = working_days_before(objection.deadline, AT_RISK_WORKING_DAYS)
    assert day <= repair.due_on
    check_deadlines(day)
    assert fresh(objection).deadline_state == "ok" and monitor_events(objection) == []


def test_the_morning_run_lapses_a_repair_term_that_passed_unused(final, applicant, lawyer):
    objection = late_letter_objection(final, applicant, lawyer, received_days_ago=40)
    repair = request_repair(
        objection,
        kind="grounds",
        description="Stuur uw redenen.",
        actor=lawyer,
        expected_version=objection.version,
        on=objection.received_on,
    )
    today = timezone.localdate()
    assert repair.due_on < today
    report = check_deadlines(today)
    assert report.repairs_lapsed == [str(objection.public_id)]
    objection = fresh(objection)
    assert objection.suspended_since is None and objection.status == "in_progress"
    assert objection.suspended_days == (repair.due_on - objection.received_on).days
    assert check_deadlines(today).repairs_lapsed == []


def test_objections_do_not_touch_the_cases(objection, final):
    check_deadlines(objection.deadline + dt.timedelta(days=1))
    assert fresh(objection).deadline_state == "overdue"
    # The decided case the objection is about stays as it was, without monitor events.
    assert Case.objects.get(pk=final.case_id).deadline_state == "stopped"
    assert not AuditEvent.objects.filter(actor_label="termijnbewaking", object_type="cases.case").exists()


def test_the_number_of_queries_does_not_grow_with_the_number_of_objections(objection):
    """Judged in Python from the row itself: flagging 3 or 30 objections costs the same queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schadeloket.cases.models import CaseParty, PartyRole
    from schadeloket.objections.models import Objection
    from tests.factories import PersonFactory

    def more(count):
        for _ in range(count):
            person = PersonFactory()
            CaseParty.objects.create(case=objection.decision.case, person=person, role=PartyRole.CO_APPLICANT)
            Objection.objects.create(
                decision=objection.decision, objector=person, channel="letter", submitted_at=objection.submitted_at,
                submitted_by_label="test", received_on=objection.received_on, term_ends=objection.term_ends,
                received_in_time=True, decision_start=objection.decision_start, deadline=objection.deadline,
            )  # fmt: skip

    more(2)
    with CaptureQueriesContext(connection) as few:
        assert len(check_deadlines(objection.deadline - dt.timedelta(days=1)).objections_newly_at_risk) == 3
    more(27)
    with CaptureQueriesContext(connection) as many:
        assert len(check_deadlines(objection.deadline + dt.timedelta(days=1)).objections_newly_overdue) == 30
    assert len(many.captured_queries) == len(few.captured_queries)
