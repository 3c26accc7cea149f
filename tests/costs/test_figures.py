"""Cost figures from recorded time and the rate per role valid on the day of the work."""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.costs.parameters import DEMO_HOURLY_RATES
from schadeloket.costs.selectors import CostFigures, RateTable, case_costs, handling_costs, scheme_costs
from tests.factories import HourlyRateFactory, TimeEntryFactory, UserFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)  # received on (casework fixtures); a Monday


def test_an_empty_table_gives_no_figures():
    assert handling_costs(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)) == {}
    assert handling_costs(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), schemes=["AVV"]) == {}


def test_weekly_figures_per_scheme_with_a_rate_change_mid_period(make_case, handler):
    HourlyRateFactory(role="case_handler", valid_from=dt.date(2024, 1, 1), euros_per_hour="60.00")
    HourlyRateFactory(role="case_handler", valid_from=MONDAY + dt.timedelta(days=2), euros_per_hour="90.00")
    HourlyRateFactory(role="reviewer", valid_from=dt.date(2024, 1, 1), euros_per_hour="100.00")
    first, second = make_case("VES"), make_case("VES")
    other = make_case("AVV")
    # Week of 3 March: 90 min at 60 (Mon), 30 min at 90 (Wed, the new rate), 45 min reviewer at 100.
    TimeEntryFactory(case=first, staff=handler, minutes=90, worked_on=MONDAY)
    TimeEntryFactory(case=first, staff=handler, minutes=30, worked_on=MONDAY + dt.timedelta(days=2))
    TimeEntryFactory(case=second, staff=handler, role="reviewer", minutes=45, worked_on=MONDAY + dt.timedelta(days=4))
    # Next week, one case again.
    TimeEntryFactory(case=second, staff=handler, minutes=20, worked_on=MONDAY + dt.timedelta(days=7))
    TimeEntryFactory(case=other, staff=handler, minutes=60, worked_on=MONDAY + dt.timedelta(days=1))

    figures = handling_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=13))

    assert figures[("VES", MONDAY)] == CostFigures(hours=Decimal("2.75"), cost=Decimal("210.00"), cases=2)
    # 90/60*60 = 90; 30/60*90 = 45; 45/60*100 = 75
    assert figures[("VES", MONDAY + dt.timedelta(days=7))] == CostFigures(
        hours=Decimal("0.33"), cost=Decimal("30.00"), cases=1
    )
    assert figures[("AVV", MONDAY)] == CostFigures(hours=Decimal("1.00"), cost=Decimal("60.00"), cases=1)
    assert set(figures) == {("VES", MONDAY), ("VES", MONDAY + dt.timedelta(days=7)), ("AVV", MONDAY)}

    only_avv = handling_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=13), schemes=["AVV"])
    assert set(only_avv) == {("AVV", MONDAY)}


def test_the_period_is_inclusive_and_a_cut_week_keeps_its_monday(make_case, handler):
    HourlyRateFactory(role="case_handler", euros_per_hour="60.00")
    case = make_case("VES")
    TimeEntryFactory(case=case, staff=handler, minutes=60, worked_on=MONDAY + dt.timedelta(days=1))
    TimeEntryFactory(case=case, staff=handler, minutes=60, worked_on=MONDAY + dt.timedelta(days=3))

    figures = handling_costs(start=MONDAY + dt.timedelta(days=2), end=MONDAY + dt.timedelta(days=3))

    assert figures == {("VES", MONDAY): CostFigures(hours=Decimal("1.00"), cost=Decimal("60.00"), cases=1)}
    assert handling_costs(start=MONDAY + dt.timedelta(days=5), end=MONDAY) == {}


def test_cases_over_a_period_count_once_and_cost_per_case_never_divides_by_zero(make_case, handler):
    HourlyRateFactory(role="case_handler", euros_per_hour="60.00")
    case = make_case("VES")
    TimeEntryFactory(case=case, staff=handler, minutes=60, worked_on=MONDAY)
    TimeEntryFactory(case=case, staff=handler, minutes=60, worked_on=MONDAY + dt.timedelta(days=14))

    per_scheme = scheme_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=20))

    assert per_scheme["VES"] == CostFigures(hours=Decimal("2.00"), cost=Decimal("120.00"), cases=1)
    assert per_scheme["VES"].cost_per_case == Decimal("120.00")
    assert CostFigures(hours=Decimal("0"), cost=Decimal("0"), cases=0).cost_per_case is None


def test_without_a_configured_rate_the_demo_rate_applies_and_is_named(make_case, handler):
    case = make_case("VES")
    TimeEntryFactory(case=case, staff=handler, role="inspector", minutes=60, worked_on=MONDAY)
    rates = RateTable()

    figures = handling_costs(start=MONDAY, end=MONDAY, rates=rates)

    assert figures[("VES", MONDAY)].cost == DEMO_HOURLY_RATES["inspector"]
    assert rates.used_demo == {"inspector"}


def test_a_rate_before_its_valid_from_does_not_apply(make_case, handler):
    HourlyRateFactory(role="case_handler", valid_from=MONDAY + dt.timedelta(days=1), euros_per_hour="10.00")
    case = make_case("VES")
    TimeEntryFactory(case=case, staff=handler, minutes=60, worked_on=MONDAY)

    assert handling_costs(start=MONDAY, end=MONDAY)[("VES", MONDAY)].cost == DEMO_HOURLY_RATES["case_handler"]


def test_the_cost_of_one_case(make_case, handler):
    HourlyRateFactory(role="case_handler", euros_per_hour="75.00")
    case, other = make_case("VES"), make_case("VES")
    TimeEntryFactory(case=case, staff=handler, minutes=40, worked_on=MONDAY)
    TimeEntryFactory(case=case, staff=UserFactory(roles=["Behandelaar"]), minutes=20, worked_on=MONDAY)
    TimeEntryFactory(case=other, staff=handler, minutes=600, worked_on=MONDAY)

    assert case_costs(case) == CostFigures(hours=Decimal("1.00"), cost=Decimal("75.00"), cases=1)
    assert case_costs(make_case("AVV")) == CostFigures(hours=Decimal("0.00"), cost=Decimal("0.00"), cases=0)


def test_cost_is_rounded_once_per_figure_not_per_entry(make_case, handler):
    HourlyRateFactory(role="case_handler", euros_per_hour="70.00")
    case = make_case("VES")
    for day in range(3):  # 1 minute at € 70/h = € 1,1666...: three times is € 3,50, not 3 x € 1,17
        TimeEntryFactory(case=case, staff=handler, minutes=1, worked_on=MONDAY + dt.timedelta(days=day))

    assert handling_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=6))[("VES", MONDAY)].cost == Decimal("3.50")
