"""Reads for forecasts: capacity, the queue, the backlog projection and the contractors' workload.

The queue is every open case that waits for a decision by the institute, in the order the bulk run
takes cases (`cases.bulk.next_cases`): pre-registered first, then the core area, then the oldest
date of receipt, then the lowest id. Cases waiting for the applicant (the term stands still) and
decided, paid, closed or withdrawn cases are not in it. Positions are read from `QueuePosition`
(computed set-based by `services.refresh_queue_positions`); nothing here counts the queue per case.

The projection is plain arithmetic, kept in pure functions so it can be checked by hand: each week
the stock grows by the mean weekly inflow of the last `INFLOW_WEEKS` complete weeks and shrinks by
at most the weekly capacity, never below zero. A capacity of 0 decides nothing (no division happens
anywhere); the forms refuse it anyway, because "never" is not a forecast.

Bad arguments raise `ForecastError` with a Dutch message: an unknown scheme, a horizon outside
1..MAX_HORIZON_WEEKS, a negative capacity.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.cases.models import Case
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.payment_orders.models import PayeeKind, PaymentOrder, PaymentStatus
from schadeloket.schemes.registry import UnknownSchemeError, all_schemes, get_scheme

from .models import ForecastRun, QueuePosition, WeeklyCapacity
from .parameters import (
    DEFAULT_HORIZON_WEEKS,
    INFLOW_WEEKS,
    MAX_HORIZON_WEEKS,
    REPAIR_START_LEAD_WEEKS,
    default_capacity,
)

#: Statuses outside the queue: decided or finished, or waiting for the applicant (the term stands still).
NOT_IN_QUEUE = ("decided", "paid", "closed", "withdrawn", "waiting_for_applicant")
#: The bulk run's order (cases.bulk.next_cases), as Django order_by terms; a test holds the two equal.
QUEUE_ORDER = ("-pre_registered", "-in_core_area", "received_on", "id")
#: The scheme whose granted decisions send an IMG contractor (herstel door aannemer instituut, facts §1.3).
HIN = "HIN"
ONE_PLACE = Decimal("0.1")


class ForecastError(ValueError):
    """A forecast that cannot be made from this input, with a Dutch message saying what to fix."""


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def check_scheme(code: str) -> str:
    """The scheme's own code for `code` (any case), or ForecastError in Dutch."""
    try:
        return get_scheme(code).code
    except UnknownSchemeError:
        raise ForecastError(
            _("De regeling '%(code)s' bestaat niet. Kies een regeling uit de lijst.") % {"code": code}
        ) from None


def check_horizon(weeks) -> int:
    if isinstance(weeks, bool) or not isinstance(weeks, int) or not 1 <= weeks <= MAX_HORIZON_WEEKS:
        raise ForecastError(_("Kies een horizon van 1 tot en met %(max)s weken.") % {"max": MAX_HORIZON_WEEKS})
    return weeks


# --- capacity -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Capacity:
    scheme_code: str
    per_week: int
    valid_from: dt.date | None  # None: the named default applies
    is_default: bool
    is_placeholder: bool  # the default is a stand-in value (not AVV's published target)


def capacities_on(day: dt.date) -> dict[str, Capacity]:
    """Per scheme (every scheme the registry knows) the capacity valid on `day`: the configured row with
    the latest valid_from on or before `day`, else the named default."""
    result = {}
    for row in WeeklyCapacity.objects.filter(valid_from__lte=day).order_by("scheme_code", "valid_from"):
        result[row.scheme_code] = Capacity(row.scheme_code, row.decisions_per_week, row.valid_from, False, False)
    for scheme in all_schemes():
        if scheme.code not in result:
            result[scheme.code] = Capacity(scheme.code, default_capacity(scheme.code), None, True, scheme.code != "AVV")
    return result


def capacity_on(scheme_code: str, day: dt.date) -> Capacity:
    code = check_scheme(scheme_code)
    return capacities_on(day)[code]


def capacity_history(scheme_code: str):
    return WeeklyCapacity.objects.filter(scheme_code=scheme_code).select_related("set_by").order_by("-valid_from")


# --- the queue ------------------------------------------------------------------------------------


def queue_cases():
    """Every open case in the queue, in no particular order (the refresh numbers them)."""
    return Case.objects.exclude(status__in=NOT_IN_QUEUE)


def queue_stock() -> dict[str, int]:
    """Open cases in the queue per scheme, in one grouped query."""
    rows = queue_cases().values("scheme_code").annotate(count=Count("id")).order_by()
    return {row["scheme_code"]: row["count"] for row in rows}


def waiting_for_applicant() -> dict[str, int]:
    rows = (
        Case.objects.filter(status="waiting_for_applicant").values("scheme_code").annotate(count=Count("id")).order_by()
    )
    return {row["scheme_code"]: row["count"] for row in rows}


def position_of(case) -> QueuePosition | None:
    """The case's row from the last refresh: one primary-key read."""
    return QueuePosition.objects.filter(case_id=case.pk).first()


def positions_of(cases) -> dict[int, QueuePosition]:
    """The rows of several cases (a resident's overview) in one read, by case id."""
    return {row.case_id: row for row in QueuePosition.objects.filter(case_id__in=[case.pk for case in cases])}


def latest_run() -> ForecastRun | None:
    return ForecastRun.objects.order_by("-computed_at").first()


def expected_week(position: int, capacity: int, base_week: dt.date) -> dt.date | None:
    """The Monday of the week a case at `position` (1 is next) is expected to be decided.

    Positions 1..capacity are this week, the next `capacity` positions next week, and so on. With a
    capacity of 0 nothing is decided: None, never a division by zero.
    """
    if capacity <= 0 or position < 1:
        return None
    return base_week + dt.timedelta(weeks=(position - 1) // capacity)


# --- inflow and projection ------------------------------------------------------------------------


def weekly_inflow(*, today: dt.date, weeks: int = INFLOW_WEEKS) -> dict[str, list[tuple[dt.date, int]]]:
    """Per scheme the new cases (by date of receipt) in each of the last `weeks` complete ISO weeks
    before this one, oldest first, weeks without cases as 0. One grouped query for every scheme."""
    this_week = monday_of(today)
    first = this_week - dt.timedelta(weeks=weeks)
    mondays = [first + dt.timedelta(weeks=n) for n in range(weeks)]
    counts: dict[str, dict[dt.date, int]] = defaultdict(dict)
    rows = (
        Case.objects.filter(received_on__gte=first, received_on__lt=this_week)
        .annotate(week=TruncWeek("received_on"))
        .values("scheme_code", "week")
        .annotate(count=Count("id"))
        .order_by()
    )
    for row in rows:
        week = row["week"].date() if isinstance(row["week"], dt.datetime) else row["week"]
        counts[row["scheme_code"]][week] = row["count"]
    codes = {scheme.code for scheme in all_schemes()} | set(counts)
    return {code: [(monday, counts[code].get(monday, 0)) for monday in mondays] for code in codes}


def mean_inflow(history: list[tuple[dt.date, int]]) -> Decimal:
    """The mean new cases per week, one decimal; 0 for no history."""
    if not history:
        return Decimal("0.0")
    total = sum(count for _week, count in history)
    return (Decimal(total) / len(history)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ProjectionWeek:
    week: dt.date  # Monday
    inflow: Decimal
    decided: Decimal
    stock: Decimal  # at the end of the week

    @property
    def stock_rounded(self) -> int:
        return int(self.stock.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def project(
    *, stock: int, inflow_per_week: Decimal, capacity: int, weeks: int, start_week: dt.date
) -> list[ProjectionWeek]:
    """Week by week from `start_week`: stock + inflow, minus at most `capacity` decisions, never below 0."""
    check_horizon(weeks)
    if capacity < 0:
        raise ForecastError(_("De capaciteit kan niet negatief zijn. Vul 1 of meer besluiten per week in."))
    if stock < 0 or inflow_per_week < 0:
        raise ForecastError(_("Voorraad en instroom kunnen niet negatief zijn."))
    result = []
    current = Decimal(stock)
    for number in range(weeks):
        available = current + inflow_per_week
        decided = min(Decimal(capacity), available)
        current = available - decided
        result.append(ProjectionWeek(start_week + dt.timedelta(weeks=number), inflow_per_week, decided, current))
    return result


def weeks_to_clear(*, stock: int, inflow_per_week: Decimal, capacity: int) -> int | None:
    """Whole weeks until the stock is gone at this pace; None when it never goes (capacity not above inflow)."""
    if stock <= 0:
        return 0
    margin = Decimal(capacity) - inflow_per_week
    if margin <= 0:
        return None
    return int((Decimal(stock) / margin).to_integral_value(rounding=ROUND_CEILING))


@dataclass(frozen=True)
class SchemeProjection:
    scheme_code: str
    scheme_name: str
    stock: int
    waiting: int
    history: list[tuple[dt.date, int]]
    inflow_per_week: Decimal
    capacity: Capacity
    weeks: list[ProjectionWeek]
    weeks_to_clear: int | None

    @property
    def stock_at_end(self) -> int:
        return self.weeks[-1].stock_rounded if self.weeks else self.stock

    @property
    def trend(self) -> str:
        """'down', 'up' or 'flat': does the stock shrink at this pace?"""
        margin = Decimal(self.capacity.per_week) - self.inflow_per_week
        if self.stock == 0 and margin >= 0:
            return "flat"
        return "down" if margin > 0 else ("up" if margin < 0 else "flat")


def projections(*, today: dt.date | None = None, horizon: int = DEFAULT_HORIZON_WEEKS) -> list[SchemeProjection]:
    """Every scheme's projection for `horizon` weeks from this week, in four queries in all.

    Switched-off schemes without any case are left out: they have nothing to forecast.
    """
    check_horizon(horizon)
    today = today or timezone.localdate()
    start = monday_of(today)
    stock, waiting = queue_stock(), waiting_for_applicant()
    inflow = weekly_inflow(today=today)
    capacities = capacities_on(today)
    result = []
    for scheme in all_schemes():
        code = scheme.code
        history = inflow.get(code, [])
        if scheme.is_switched_off and not stock.get(code) and not any(count for _w, count in history):
            continue
        mean = mean_inflow(history)
        capacity = capacities[code]
        result.append(
            SchemeProjection(
                scheme_code=code,
                scheme_name=scheme.name,
                stock=stock.get(code, 0),
                waiting=waiting.get(code, 0),
                history=history,
                inflow_per_week=mean,
                capacity=capacity,
                weeks=project(
                    stock=stock.get(code, 0),
                    inflow_per_week=mean,
                    capacity=capacity.per_week,
                    weeks=horizon,
                    start_week=start,
                ),  # fmt: skip
                weeks_to_clear=weeks_to_clear(
                    stock=stock.get(code, 0), inflow_per_week=mean, capacity=capacity.per_week
                ),
            )
        )
    return result


# --- contractors' workload (HIN) ------------------------------------------------------------------

UNKNOWN_CONTRACTOR = "nog niet bekend"


@dataclass
class WorkloadWeek:
    week: dt.date
    granted: int = 0  # repairs from granted HIN decisions
    expected: int = 0  # repairs if the open HIN cases expected that week are granted
    per_contractor: dict[str, int] = field(default_factory=dict)  # granted ones only

    @property
    def total(self) -> int:
        return self.granted + self.expected


@dataclass
class Workload:
    start_week: dt.date
    lead_weeks: int
    weeks: list[WorkloadWeek]
    overdue_granted: int  # granted, start week already past, not yet paid: started or late
    beyond_horizon: int  # open cases expected after the horizon
    contractors: list[str]  # names in the data, "nog niet bekend" last
    open_without_position: int  # open HIN cases the last refresh did not number yet

    @property
    def has_contractors(self) -> bool:
        return any(name != UNKNOWN_CONTRACTOR for name in self.contractors)


def contractor_workload(*, today: dt.date | None = None, horizon: int = DEFAULT_HORIZON_WEEKS) -> Workload:
    """Repairs by an IMG contractor (HIN) expected to start per week, `horizon` weeks from this week.

    Two sources: (1) granted final HIN decisions whose case is not paid or closed yet: the repair
    starts `REPAIR_START_LEAD_WEEKS` after the week of the decision; (2) open HIN cases: the repair
    would start that long after their expected decision week (`QueuePosition`), if granted, so they
    are counted apart as "expected", never as certain. The contractor is not recorded on a case; the
    only place a contractor's name appears is a payment order to the contractor, so per contractor
    is known for granted repairs with such an order and "nog niet bekend" otherwise.
    """
    check_horizon(horizon)
    today = today or timezone.localdate()
    start = monday_of(today)
    lead = dt.timedelta(weeks=REPAIR_START_LEAD_WEEKS.value)
    end = start + dt.timedelta(weeks=horizon)
    weeks = {start + dt.timedelta(weeks=n): WorkloadWeek(start + dt.timedelta(weeks=n)) for n in range(horizon)}

    contractor = (
        PaymentOrder.objects.filter(decision=OuterRef("pk"), payee_kind=PayeeKind.CONTRACTOR)
        .exclude(status=PaymentStatus.CANCELLED)
        .order_by("created_at")
        .values("payee_name")[:1]
    )
    granted = (
        Decision.objects.filter(kind=DecisionKind.FINAL, granted=True, case__scheme_code=HIN, case__status="decided")
        .annotate(contractor=Subquery(contractor))
        .values_list("decided_at", "contractor")
    )
    overdue = 0
    names = set()
    for decided_at, name in granted.iterator():
        begins = monday_of(timezone.localdate(decided_at)) + lead
        if begins < start:
            overdue += 1
            continue
        if begins >= end:
            continue
        name = name or UNKNOWN_CONTRACTOR
        names.add(name)
        week = weeks[begins]
        week.granted += 1
        week.per_contractor[name] = week.per_contractor.get(name, 0) + 1

    beyond = 0
    rows = (
        QueuePosition.objects.filter(scheme_code=HIN, case__scheme_code=HIN)
        .exclude(case__status__in=NOT_IN_QUEUE)
        .values("expected_week")
        .annotate(count=Count("case"))
        .order_by()
    )
    numbered = 0
    for row in rows:
        numbered += row["count"]
        begins = max(row["expected_week"], start) + lead
        if begins >= end:
            beyond += row["count"]
        else:
            weeks[monday_of(begins)].expected += row["count"]
    open_hin = queue_cases().filter(scheme_code=HIN).count()
    ordered = sorted(n for n in names if n != UNKNOWN_CONTRACTOR)
    ordered += [UNKNOWN_CONTRACTOR] if UNKNOWN_CONTRACTOR in names else []
    for week in weeks.values():  # the same order in every week: names A-Z, "nog niet bekend" last
        week.per_contractor = {name: week.per_contractor[name] for name in ordered if name in week.per_contractor}
    return Workload(
        start_week=start,
        lead_weeks=REPAIR_START_LEAD_WEEKS.value,
        weeks=list(weeks.values()),
        overdue_granted=overdue,
        beyond_horizon=beyond,
        contractors=ordered,
        open_without_position=max(open_hin - numbered, 0),
    )
