"""The backlog projection: inflow from a known history, week-by-week arithmetic, and bad input."""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.forecasts.models import WeeklyCapacity
from schadeloket.forecasts.selectors import (
    ForecastError,
    mean_inflow,
    project,
    projections,
    weekly_inflow,
    weeks_to_clear,
)
from tests.factories import QueueCaseFactory

TODAY = dt.date(2025, 6, 4)  # Wednesday of the week of 2 June
MONDAY = dt.date(2025, 6, 2)
WEEK = dt.timedelta(weeks=1)


def test_the_stock_moves_by_inflow_minus_capacity_week_by_week():
    weeks = project(stock=100, inflow_per_week=Decimal("12.5"), capacity=20, weeks=3, start_week=MONDAY)
    assert [(w.week, w.inflow, w.decided, w.stock) for w in weeks] == [
        (MONDAY, Decimal("12.5"), Decimal("20"), Decimal("92.5")),
        (MONDAY + WEEK, Decimal("12.5"), Decimal("20"), Decimal("85.0")),
        (MONDAY + 2 * WEEK, Decimal("12.5"), Decimal("20"), Decimal("77.5")),
    ]
    assert [w.stock_rounded for w in weeks] == [93, 85, 78]


def test_the_stock_never_goes_below_zero_and_decisions_stop_at_what_there_is():
    weeks = project(stock=5, inflow_per_week=Decimal("2"), capacity=10, weeks=2, start_week=MONDAY)
    assert [(w.decided, w.stock) for w in weeks] == [(Decimal("7"), Decimal("0")), (Decimal("2"), Decimal("0"))]


def test_a_capacity_of_zero_decides_nothing_without_dividing_by_zero():
    weeks = project(stock=10, inflow_per_week=Decimal("1"), capacity=0, weeks=2, start_week=MONDAY)
    assert [w.stock for w in weeks] == [Decimal("11"), Decimal("12")]
    assert weeks_to_clear(stock=10, inflow_per_week=Decimal("1"), capacity=0) is None


@pytest.mark.parametrize("weeks", [0, -1, 105, "26", 2.5, True])
def test_a_horizon_outside_1_to_104_weeks_is_refused_in_dutch(weeks):
    with pytest.raises(ForecastError, match="Kies een horizon van 1 tot en met 104 weken."):
        project(stock=1, inflow_per_week=Decimal("1"), capacity=1, weeks=weeks, start_week=MONDAY)


def test_a_negative_capacity_is_refused_in_dutch():
    with pytest.raises(ForecastError, match="De capaciteit kan niet negatief zijn."):
        project(stock=1, inflow_per_week=Decimal("1"), capacity=-1, weeks=1, start_week=MONDAY)


def test_weeks_to_clear():
    assert weeks_to_clear(stock=100, inflow_per_week=Decimal("10"), capacity=30) == 5
    assert weeks_to_clear(stock=101, inflow_per_week=Decimal("10"), capacity=30) == 6
    assert weeks_to_clear(stock=100, inflow_per_week=Decimal("30"), capacity=30) is None
    assert weeks_to_clear(stock=0, inflow_per_week=Decimal("30"), capacity=1) == 0


@pytest.mark.django_db
def test_inflow_is_counted_per_complete_week_before_this_one():
    # 8 weeks before the week of 2 June: 7 April .. 26 May. Three in the first, one in the last, and
    # two that do not count (before the window, and in the current week).
    for day in (dt.date(2025, 4, 7), dt.date(2025, 4, 9), dt.date(2025, 4, 13)):
        QueueCaseFactory(received_on=day)
    QueueCaseFactory(received_on=dt.date(2025, 6, 1))
    QueueCaseFactory(received_on=dt.date(2025, 4, 6))
    QueueCaseFactory(received_on=dt.date(2025, 6, 2))
    QueueCaseFactory(received_on=dt.date(2025, 5, 1), scheme_code="VES")

    history = weekly_inflow(today=TODAY)["AVV"]

    assert history[0] == (dt.date(2025, 4, 7), 3)
    assert history[-1] == (dt.date(2025, 5, 26), 1)
    assert [count for _w, count in history] == [3, 0, 0, 0, 0, 0, 0, 1]
    assert mean_inflow(history) == Decimal("0.5")
    assert sum(count for _w, count in weekly_inflow(today=TODAY)["VES"]) == 1
    assert mean_inflow([]) == Decimal("0.0")


@pytest.mark.django_db
def test_a_projection_from_a_known_history():
    WeeklyCapacity.objects.create(scheme_code="VES", valid_from=dt.date(2025, 1, 1), decisions_per_week=3)
    # 16 new VES cases in the 8 weeks before (2 a week), all still open; plus 4 older open ones.
    for week in range(8):
        for _n in range(2):
            QueueCaseFactory(scheme_code="VES", received_on=dt.date(2025, 4, 7) + week * WEEK)
    for _n in range(4):
        QueueCaseFactory(scheme_code="VES", received_on=dt.date(2025, 1, 6))
    QueueCaseFactory(scheme_code="VES", status="waiting_for_applicant", received_on=dt.date(2025, 1, 6))

    ves = next(p for p in projections(today=TODAY, horizon=4) if p.scheme_code == "VES")

    assert (ves.stock, ves.waiting, ves.inflow_per_week, ves.capacity.per_week) == (20, 1, Decimal("2.0"), 3)
    assert [w.stock for w in ves.weeks] == [Decimal("19.0"), Decimal("18.0"), Decimal("17.0"), Decimal("16.0")]
    assert ves.weeks_to_clear == 20 and ves.trend == "down" and ves.stock_at_end == 16
    assert not ves.capacity.is_default


@pytest.mark.django_db
def test_switched_off_schemes_without_cases_are_left_out():
    codes = {p.scheme_code for p in projections(today=TODAY)}
    assert "AVV" in codes and "VHV" not in codes
