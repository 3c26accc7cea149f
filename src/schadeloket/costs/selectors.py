"""Reads for handling costs: recorded time priced at the rate per role valid on the day of the work.

`handling_costs` is the public figure the weekly report uses: per (scheme, Monday of the ISO week)
the hours, the cost in euros and the number of distinct cases with recorded time. It is computed in
two narrow queries whatever the number of entries: minutes summed per scheme, role and day (at most
schemes x roles x days rows), priced here with the rate valid that day, and distinct cases counted
per scheme and week by the database. A week that `start` or `end` cuts in two counts only its days
inside the period; its key is still its Monday.

Money: every day's minutes are priced exactly (minutes / 60 x rate as Decimal) and rounded once,
per figure, to cents (half up), so totals do not drift with the number of entries.
"""

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Sum
from django.db.models.functions import TruncWeek

from .models import HourlyRate, TimeEntry
from .parameters import DEMO_DEFAULT_RATE, DEMO_HOURLY_RATES

CENT = Decimal("0.01")
ZERO = Decimal("0")
SIXTY = Decimal("60")


@dataclass(frozen=True)
class CostFigures:
    hours: Decimal  # two places
    cost: Decimal  # euros, two places
    cases: int  # distinct cases with recorded time

    @property
    def cost_per_case(self) -> Decimal | None:
        """Euros per case, two places; None when no case had time recorded (never divides by zero)."""
        if not self.cases:
            return None
        return (self.cost / self.cases).quantize(CENT, rounding=ROUND_HALF_UP)


EMPTY = CostFigures(hours=ZERO.quantize(CENT), cost=ZERO.quantize(CENT), cases=0)


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


class RateTable:
    """The rate per role on any day: the configured rate with the latest valid_from on or before it,
    else the demo rate (and then `used_demo` names the role, so a page can say so)."""

    def __init__(self, rates=None):
        self._dates: dict[str, list[dt.date]] = defaultdict(list)
        self._values: dict[str, list[Decimal]] = defaultdict(list)
        rows = rates if rates is not None else HourlyRate.objects.order_by("role", "valid_from")
        for rate in rows:
            self._dates[rate.role].append(rate.valid_from)
            self._values[rate.role].append(rate.euros_per_hour)
        self.used_demo: set[str] = set()

    def rate(self, role: str, day: dt.date) -> Decimal:
        index = bisect.bisect_right(self._dates.get(role, []), day) - 1
        if index >= 0:
            return self._values[role][index]
        self.used_demo.add(role)
        return DEMO_HOURLY_RATES.get(role, DEMO_DEFAULT_RATE)


def _hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / SIXTY).quantize(CENT, rounding=ROUND_HALF_UP)


def _entries(start: dt.date, end: dt.date, schemes: list[str] | None):
    entries = TimeEntry.objects.filter(worked_on__gte=start, worked_on__lte=end)
    if schemes is not None:
        entries = entries.filter(scheme_code__in=schemes)
    return entries


def _minutes_and_cost(rows, rates: RateTable, key) -> tuple[dict, dict]:
    """Sum minutes and exact (unrounded) cost per key from rows of scheme_code, role, worked_on, minutes."""
    minutes: dict = defaultdict(int)
    cost: dict = defaultdict(lambda: ZERO)
    for row in rows:
        group = key(row)
        minutes[group] += row["minutes"]
        cost[group] += Decimal(row["minutes"]) * rates.rate(row["role"], row["worked_on"]) / SIXTY
    return minutes, cost


def _daily_rows(entries):
    return entries.values("scheme_code", "role", "worked_on").annotate(minutes=Sum("minutes")).order_by()


def handling_costs(
    *, start: dt.date, end: dt.date, schemes: list[str] | None = None, rates: RateTable | None = None
) -> dict[tuple[str, dt.date], CostFigures]:
    """Per (scheme_code, Monday of the ISO week) the hours, cost and distinct cases, from `start` to
    `end` inclusive. Weeks without recorded time are absent (the caller fills its own zeros)."""
    if end < start:
        return {}
    rates = rates or RateTable()
    entries = _entries(start, end, schemes)
    minutes, cost = _minutes_and_cost(
        _daily_rows(entries), rates, lambda row: (row["scheme_code"], monday_of(row["worked_on"]))
    )
    case_counts = {
        (row["scheme_code"], _as_date(row["week"])): row["cases"]
        for row in entries.annotate(week=TruncWeek("worked_on"))
        .values("scheme_code", "week")
        .annotate(cases=Count("case", distinct=True))
        .order_by()
    }
    return {
        key: CostFigures(
            hours=_hours(minutes[key]),
            cost=cost[key].quantize(CENT, rounding=ROUND_HALF_UP),
            cases=case_counts.get(key, 0),
        )
        for key in sorted(minutes)
    }


def _as_date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def scheme_costs(
    *, start: dt.date, end: dt.date, schemes: list[str] | None = None, rates: RateTable | None = None
) -> dict[str, CostFigures]:
    """Per scheme over the whole period; `cases` counts each case once, however many weeks it had time."""
    if end < start:
        return {}
    rates = rates or RateTable()
    entries = _entries(start, end, schemes)
    minutes, cost = _minutes_and_cost(_daily_rows(entries), rates, lambda row: row["scheme_code"])
    case_counts = dict(
        entries.values("scheme_code").annotate(cases=Count("case", distinct=True)).values_list("scheme_code", "cases")
    )
    return {
        code: CostFigures(
            hours=_hours(minutes[code]),
            cost=cost[code].quantize(CENT, rounding=ROUND_HALF_UP),
            cases=case_counts.get(code, 0),
        )
        for code in sorted(minutes)
    }


def total_of(figures: dict[str, CostFigures]) -> CostFigures:
    """The sum over schemes (cases add up: a case belongs to one scheme)."""
    if not figures:
        return EMPTY
    return CostFigures(
        hours=sum((f.hours for f in figures.values()), ZERO),
        cost=sum((f.cost for f in figures.values()), ZERO),
        cases=sum(f.cases for f in figures.values()),
    )


def case_costs(case, *, rates: RateTable | None = None) -> CostFigures:
    """All time recorded on one case so far, priced: the per-case figure."""
    rates = rates or RateTable()
    rows = (
        TimeEntry.objects.filter(case=case)
        .values("scheme_code", "role", "worked_on")
        .annotate(minutes=Sum("minutes"))
        .order_by()
    )
    minutes, cost = _minutes_and_cost(rows, rates, lambda row: case.pk)
    if not minutes:
        return EMPTY
    return CostFigures(
        hours=_hours(minutes[case.pk]), cost=cost[case.pk].quantize(CENT, rounding=ROUND_HALF_UP), cases=1
    )


def time_entries_of(case, limit: int = 50):
    """The latest entries on a case, newest first, for the recording page."""
    return TimeEntry.objects.filter(case=case).select_related("staff").order_by("-worked_on", "-recorded_at")[:limit]
