"""The deadline monitor: at risk and overdue on the right day, suspension pauses it, runs are idempotent."""

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.monitor import (
    AT_RISK_WORKING_DAYS,
    MONITOR_ACTOR,
    check_deadlines,
    effective_deadline,
    share_window_days,
    working_days_after,
)
from schadeloket.cases.services import open_case, transition
from schadeloket.cases.tasks import check_deadlines_task
from schadeloket.config.celery import app
from tests.factories import BuildingFactory, PersonFactory, UserFactory, final_decision_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def new_case(handler):
    building, applicant = BuildingFactory(), PersonFactory()

    def make(received_on, scheme_code="AVV"):
        return open_case(
            scheme_code=scheme_code, building=building, applicant=applicant, received_on=received_on, actor=handler
        )

    return make


def state_of(case) -> str:
    return Case.objects.values_list("deadline_state", flat=True).get(pk=case.pk)


def monitor_events(case):
    return list(AuditEvent.objects.filter(actor_label=MONITOR_ACTOR, object_id=case.reference).order_by("sequence"))


def step(case, name, on, handler, reason=""):
    case.refresh_from_db()
    if name == "decide":
        final_decision_for(case, handler)
    return transition(case, name, actor=handler, expected_version=case.version, reason=reason, on=on)


def test_a_deadline_moved_past_kings_day_is_overdue_only_after_the_working_day(new_case):
    # Received Saturday 1 March 2025: 56 days end on Saturday 26 April (King's Day), so the Atw moves
    # the deadline to Monday 28 April. Sunday 27 April still has one working day left.
    case = new_case(dt.date(2025, 3, 1))
    assert case.deadline == dt.date(2025, 4, 28)

    report = check_deadlines(dt.date(2025, 4, 27))
    assert report.newly_at_risk == [case.reference]  # first run: flagged straight away
    assert monitor_events(case)[-1].reason == "termijn in gevaar: nog 1 werkdag (uiterste beslisdatum 28-04-2025)"

    check_deadlines(dt.date(2025, 4, 28))
    assert state_of(case) == "at_risk"  # the deadline day itself is still in time
    report = check_deadlines(dt.date(2025, 4, 29))
    assert report.newly_overdue == [case.reference]
    assert state_of(case) == "overdue"
    assert monitor_events(case)[-1].reason == "termijn verstreken: de uiterste beslisdatum was 28-04-2025"


def test_easter_holidays_bring_the_at_risk_day_forward(new_case):
    # Deadline Monday 28 April 2025. Counting back ten working days skips Easter Monday (21 April)
    # and Good Friday (18 April): the tenth working day before is Friday 11 April, so the case is
    # at risk from Thursday 10 April, not from Monday 14 April as without holidays.
    case = new_case(dt.date(2025, 3, 3))
    assert case.deadline == dt.date(2025, 4, 28)
    assert working_days_after(dt.date(2025, 4, 10), case.deadline) == AT_RISK_WORKING_DAYS

    assert check_deadlines(dt.date(2025, 4, 9)).newly_at_risk == []
    assert state_of(case) == "ok"
    assert check_deadlines(dt.date(2025, 4, 10)).newly_at_risk == [case.reference]
    assert monitor_events(case)[-1].reason == "termijn in gevaar: nog 10 werkdagen (uiterste beslisdatum 28-04-2025)"


def test_maatwerk_is_at_risk_when_less_than_15_percent_of_the_term_is_left(new_case):
    # 182 days from Monday 6 January 2025: Monday 7 July. 15% of 182 days is 27.3 days, so the
    # case is at risk with 27 days left (10 June), while ten working days would only start 23 June.
    case = new_case(dt.date(2025, 1, 6), "MAATWERK")
    assert case.deadline == dt.date(2025, 7, 7)
    assert share_window_days(182) == 27

    check_deadlines(dt.date(2025, 6, 9))
    assert state_of(case) == "ok"
    check_deadlines(dt.date(2025, 6, 10))
    assert state_of(case) == "at_risk"
    reason = monitor_events(case)[-1].reason
    assert reason.startswith("termijn in gevaar: nog 19 werkdagen, minder dan 15% van de termijn over")


def test_suspension_pauses_the_risk_and_resuming_moves_the_deadline(new_case, handler):
    case = new_case(dt.date(2025, 3, 3))  # deadline 28 April
    step(case, "start", dt.date(2025, 3, 3), handler)
    step(case, "ask_applicant", dt.date(2025, 3, 24), handler, reason="Foto's van de schade ontbreken")

    # Long after the original deadline the case is neither at risk nor overdue: the term stands still.
    for day in (dt.date(2025, 4, 10), dt.date(2025, 4, 29), dt.date(2025, 5, 20)):
        check_deadlines(day)
        assert state_of(case) == "ok", day
    case.refresh_from_db()
    # 57 days suspended on 20 May: 56 + 57 days after 3 March is 24 June (a Tuesday).
    assert effective_deadline(case, dt.date(2025, 5, 20)) == dt.date(2025, 6, 24)
    assert monitor_events(case) == []

    step(case, "applicant_answered", dt.date(2025, 5, 20), handler)
    case.refresh_from_db()
    assert case.deadline == dt.date(2025, 6, 24)
    check_deadlines(dt.date(2025, 6, 10))
    assert state_of(case) == "at_risk"


def test_a_suspension_after_the_deadline_does_not_make_an_overdue_case_timely(new_case, handler):
    case = new_case(dt.date(2025, 3, 3))  # deadline 28 April
    step(case, "start", dt.date(2025, 3, 3), handler)
    check_deadlines(dt.date(2025, 4, 29))
    assert state_of(case) == "overdue"
    step(case, "ask_applicant", dt.date(2025, 5, 2), handler, reason="Bankgegevens ontbreken")
    for day in (dt.date(2025, 5, 3), dt.date(2025, 5, 4), dt.date(2025, 6, 1)):
        check_deadlines(day)
        assert state_of(case) == "overdue", day
    assert len(monitor_events(case)) == 1


def test_an_extension_takes_a_case_out_of_risk(new_case, handler):
    case = new_case(dt.date(2025, 3, 3))  # deadline 28 April
    step(case, "start", dt.date(2025, 3, 3), handler)
    check_deadlines(dt.date(2025, 4, 22))
    assert state_of(case) == "at_risk"
    step(case, "extend_term", dt.date(2025, 4, 22), handler, reason="Advies deskundige nodig")
    case.refresh_from_db()
    assert case.deadline == dt.date(2025, 6, 10)  # 42 days after 28 April is Whit Monday: Tuesday 10 June
    # The extension clears the flag at once; the next morning's run has nothing left to change.
    assert state_of(case) == "ok"
    report = check_deadlines(dt.date(2025, 4, 23))
    assert report.changed == 0


def test_decided_and_withdrawn_cases_are_left_alone(new_case, handler):
    decided, withdrawn = new_case(dt.date(2025, 3, 3)), new_case(dt.date(2025, 3, 3))
    step(decided, "start", dt.date(2025, 3, 3), handler)
    step(decided, "decide", dt.date(2025, 4, 25), handler)
    step(withdrawn, "withdraw", dt.date(2025, 3, 10), handler, reason="Aanvrager trekt aanvraag in")
    report = check_deadlines(dt.date(2025, 6, 1))
    assert report.changed == 0
    assert report.counts == {"ok": 0, "at_risk": 0, "overdue": 0}
    assert state_of(decided) == state_of(withdrawn) == "stopped"


def test_a_second_run_on_the_same_day_changes_nothing(new_case):
    cases = [new_case(dt.date(2025, 3, 3)), new_case(dt.date(2025, 4, 1)), new_case(dt.date(2025, 1, 2))]
    first = check_deadlines(dt.date(2025, 4, 20))
    assert first.counts == {"ok": 1, "at_risk": 1, "overdue": 1}
    assert sorted(first.newly_flagged) == sorted([cases[0].reference, cases[2].reference])
    events = AuditEvent.objects.count()

    second = check_deadlines(dt.date(2025, 4, 20))
    assert second.changed == 0 and second.newly_flagged == []
    assert second.counts == first.counts
    assert AuditEvent.objects.count() == events


def test_the_number_of_queries_does_not_grow_with_the_number_of_cases(new_case):
    """Set-based: flagging 3 or 30 cases costs the same number of queries."""
    for _ in range(3):
        new_case(dt.date(2025, 3, 3))
    with CaptureQueriesContext(connection) as few:
        assert len(check_deadlines(dt.date(2025, 4, 20)).newly_at_risk) == 3
    for _ in range(27):
        new_case(dt.date(2025, 3, 3))
    with CaptureQueriesContext(connection) as many:
        assert len(check_deadlines(dt.date(2025, 4, 29)).newly_overdue) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.fixture
def celery_worker_if_broker():
    if settings.CELERY_TASK_ALWAYS_EAGER:
        yield None
        return
    from celery.contrib.testing.worker import start_worker

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
        yield worker


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_flags_cases(celery_worker_if_broker, new_case):
    case = new_case(dt.date(2025, 3, 3))
    result = check_deadlines_task.delay(today="2025-04-29").get(timeout=30)
    assert result == {
        "today": "2025-04-29",
        "counts": {"ok": 0, "at_risk": 0, "overdue": 1},
        "newly_at_risk": [],
        "newly_overdue": [case.reference],
        "back_to_ok": [],
    }
    assert state_of(case) == "overdue"


def test_beat_runs_the_monitor_every_morning_at_six():
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-monitor"]
    assert entry["task"] == "cases.check_deadlines"
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"
