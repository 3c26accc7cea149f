"""Queue positions: the bulk run's order per scheme, weeks ahead from the capacity, set-based refresh."""

import datetime as dt

import pytest
from django.conf import settings

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.bulk import next_cases
from schadeloket.forecasts.models import ForecastRun, QueuePosition, WeeklyCapacity
from schadeloket.forecasts.selectors import QUEUE_ORDER, expected_week
from schadeloket.forecasts.services import refresh_queue_positions
from schadeloket.forecasts.tasks import refresh_queue_positions_task
from tests.factories import QueueCaseFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 4)  # a Wednesday
MONDAY = dt.date(2025, 6, 2)


def _positions(scheme="AVV") -> dict[str, tuple[int, dt.date]]:
    return {
        row.case.reference: (row.position, row.expected_week)
        for row in QueuePosition.objects.filter(scheme_code=scheme).select_related("case")
    }


def test_the_queue_order_is_the_bulk_runs_order():
    assert tuple(next_cases("AVV", 10).query.order_by) == QUEUE_ORDER


def test_positions_follow_the_bulk_order_pre_registered_then_core_area_then_oldest_then_id():
    old_plain = QueueCaseFactory(reference="OUD", received_on=dt.date(2025, 1, 6))
    new_pre = QueueCaseFactory(reference="VOOR-NIEUW", received_on=dt.date(2025, 5, 5), pre_registered=True)
    old_pre = QueueCaseFactory(reference="VOOR-OUD", received_on=dt.date(2025, 2, 3), pre_registered=True)
    core = QueueCaseFactory(reference="KERN", received_on=dt.date(2025, 4, 7), in_core_area=True)
    same_day_a = QueueCaseFactory(reference="ZELFDE-A", received_on=dt.date(2025, 3, 3))
    same_day_b = QueueCaseFactory(reference="ZELFDE-B", received_on=dt.date(2025, 3, 3), status="in_progress")

    refresh_queue_positions(today=TODAY)

    order = sorted(_positions(), key=lambda ref: _positions()[ref][0])
    assert order == ["VOOR-OUD", "VOOR-NIEUW", "KERN", "OUD", "ZELFDE-A", "ZELFDE-B"]
    assert [p for p, _w in sorted(_positions().values())] == [1, 2, 3, 4, 5, 6]
    # The same order the bulk run takes them in (all are pickable here).
    assert [case.reference for case in next_cases("AVV", 10)] == order
    assert same_day_a.pk < same_day_b.pk and old_plain and new_pre and old_pre and core


def test_each_scheme_has_its_own_queue_and_closed_or_waiting_cases_are_not_in_it():
    QueueCaseFactory(reference="AVV-1", received_on=dt.date(2025, 1, 6))
    QueueCaseFactory(reference="VES-1", scheme_code="VES", received_on=dt.date(2025, 2, 3))
    QueueCaseFactory(reference="VES-0", scheme_code="VES", received_on=dt.date(2025, 1, 6), status="draft_decision")
    for n, status in enumerate(("decided", "paid", "closed", "withdrawn", "waiting_for_applicant")):
        QueueCaseFactory(reference=f"AVV-DICHT-{n}", status=status, received_on=dt.date(2024, 1, 1))

    report = refresh_queue_positions(today=TODAY)

    assert report.cases == 3
    assert _positions("AVV") == {"AVV-1": (1, MONDAY)}
    assert _positions("VES") == {"VES-0": (1, MONDAY), "VES-1": (2, MONDAY)}


def test_expected_weeks_follow_the_capacity():
    WeeklyCapacity.objects.create(scheme_code="AVV", valid_from=dt.date(2025, 1, 1), decisions_per_week=2)
    for day in range(5):
        QueueCaseFactory(reference=f"C{day}", received_on=dt.date(2025, 3, 3) + dt.timedelta(days=day))

    refresh_queue_positions(today=TODAY)

    week = dt.timedelta(weeks=1)
    assert _positions() == {
        "C0": (1, MONDAY), "C1": (2, MONDAY),
        "C2": (3, MONDAY + week), "C3": (4, MONDAY + week),
        "C4": (5, MONDAY + 2 * week),
    }  # fmt: skip
    assert list(QueuePosition.objects.order_by("position").values_list("weeks_ahead", flat=True)) == [0, 0, 1, 1, 2]


def test_the_capacity_valid_today_counts_and_without_one_the_default():
    WeeklyCapacity.objects.create(scheme_code="VES", valid_from=dt.date(2025, 1, 1), decisions_per_week=1)
    WeeklyCapacity.objects.create(scheme_code="VES", valid_from=TODAY + dt.timedelta(days=1), decisions_per_week=100)
    for n in range(3):
        QueueCaseFactory(reference=f"V{n}", scheme_code="VES", received_on=dt.date(2025, 3, 3 + n))
    for n in range(3):
        QueueCaseFactory(reference=f"A{n}", received_on=dt.date(2025, 3, 3 + n))

    refresh_queue_positions(today=TODAY)

    assert [w for _p, w in sorted(_positions("VES").values())] == [MONDAY + dt.timedelta(weeks=n) for n in range(3)]
    assert {w for _p, w in _positions("AVV").values()} == {MONDAY}  # 1,000 a week: all this week
    run = ForecastRun.objects.get()
    assert run.capacities["VES"] == 1 and run.capacities["AVV"] == 1000 and run.cases == 6


def test_a_refresh_replaces_the_rows_and_is_audited():
    first = QueueCaseFactory(reference="EERSTE", received_on=dt.date(2025, 1, 6))
    QueueCaseFactory(reference="TWEEDE", received_on=dt.date(2025, 2, 3))
    refresh_queue_positions(today=TODAY)
    first.status = "decided"
    first.save()

    refresh_queue_positions(today=TODAY, actor="nachtelijke run")

    assert _positions() == {"TWEEDE": (1, MONDAY)}
    assert ForecastRun.objects.count() == 2
    assert AuditEvent.objects.filter(action="queue_refreshed", actor_label="nachtelijke run").count() == 1


def test_expected_week_never_divides_by_zero():
    assert expected_week(1, 0, MONDAY) is None
    assert expected_week(1, -3, MONDAY) is None
    assert expected_week(1000, 1000, MONDAY) == MONDAY
    assert expected_week(1001, 1000, MONDAY) == MONDAY + dt.timedelta(weeks=1)


def test_the_task_refreshes_and_beat_runs_it_every_night():
    QueueCaseFactory(reference="TAAK")
    result = refresh_queue_positions_task.delay().get(timeout=30)
    assert result["cases"] == 1
    assert QueuePosition.objects.get().position == 1
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "forecasts.refresh_queue_positions" in entries
