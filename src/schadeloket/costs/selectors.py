"""Reads for handling costs: recorded time priced at the rate per role valid on the day of the work.

`handling_costs` is the public figure the weekly report uses: per (scheme, Monday of the ISO week)
the hours, the cost in euros and the number of distinct cases with recorded time. It is computed in
two narrow queries whatever the number of entries: minutes summed per scheme, role and day (at most
schemes x roles x days rows), priced here with the rate valid that day, and distinct cases counted
per scheme and week by the database. A week that `start` or `end` cuts in two counts only its days
inside the period; its key is still its Monday.

Corrections need no special case in the sums: a reversal is the corrected entry's minutes, negative,
on the same scheme, role and day, so SUM(minutes) is the corrected figure; a replacement counts on its
own day. Only the case counts look at which entries still count (`_counting`): an entry that was
corrected, and a reversal, do not make a case "a case with recorded time". Groups whose minutes net
to zero are left out, as if nothing had been recorded.

Money: every day's minutes are priced exactly (minutes / 60 x rate as Decimal) and rounded once,
per figure, to cents (half up), so totals do not drift with the number of entries.
"""

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncWeek
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from schadeloket.cases.selectors import user_roles

from .models import EntryKind, HourlyRate, TimeEntry
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


def _counting(entries):
    """The entries that still count as work: not a reversal and not corrected since."""
    corrected = TimeEntry.objects.filter(corrects=OuterRef("pk"))
    return entries.exclude(kind=EntryKind.REVERSAL).exclude(Exists(corrected))


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
        for row in _counting(entries)
        .annotate(week=TruncWeek("worked_on"))
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
        if minutes[key]
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
        _counting(entries)
        .values("scheme_code")
        .annotate(cases=Count("case", distinct=True))
        .values_list("scheme_code", "cases")
    )
    return {
        code: CostFigures(
            hours=_hours(minutes[code]),
            cost=cost[code].quantize(CENT, rounding=ROUND_HALF_UP),
            cases=case_counts.get(code, 0),
        )
        for code in sorted(minutes)
        if minutes[code]
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
    if not minutes.get(case.pk):  # nothing recorded, or all of it reversed
        return EMPTY
    return CostFigures(
        hours=_hours(minutes[case.pk]), cost=cost[case.pk].quantize(CENT, rounding=ROUND_HALF_UP), cases=1
    )


def time_entries_of(case, limit: int = 50):
    """The latest entries on a case with their corrections, for the recording page: by day of the
    work, newest first, and on one day the latest recorded first, so a reversal stands right above the
    entry it reverses."""
    return (
        TimeEntry.objects.filter(case=case)
        .select_related("staff", "recorded_by", "corrects")
        .order_by("-worked_on", "-recorded_at", "-pk")[:limit]
    )


#: Who may correct anyone's time, at any time: the team's manager (there is no team-lead role).
CORRECTION_ROLES = frozenset({"manager"})


def correction_window_start(today: dt.date) -> dt.date:
    """The first day on which an entry may have been recorded for its own staff member to correct it:
    the Monday of this week, minus SCHADELOKET_TIME_CORRECTION_WEEKS weeks."""
    return monday_of(today) - dt.timedelta(weeks=settings.SCHADELOKET_TIME_CORRECTION_WEEKS)


def correction_refusal(
    user, entry: TimeEntry, *, today: dt.date | None = None, roles=None, corrected: bool | None = None
) -> str | None:
    """Why this user may not correct this entry (Dutch, says what to do instead), or None if they may.

    Once only, and never a reversal: a chain is corrected at its latest entry. A manager may correct
    any entry; everyone else only their own time, recorded this week or in the window before it (a
    wrong figure is noticed soon; later the week's figures have been used). `roles` and `corrected`
    may be passed when known, so a page listing many entries asks the database once."""
    if entry.kind == EntryKind.REVERSAL:
        return _(
            "Deze regel draait een andere regel terug. Die kunt u niet corrigeren. "
            "Is er toch tijd gewerkt? Leg die dan opnieuw vast."
        )
    if entry.corrections.exists() if corrected is None else corrected:
        return _("Deze regel is al gecorrigeerd. Corrigeer zo nodig de nieuwste regel.")
    roles = user_roles(user) if roles is None else roles
    if roles & CORRECTION_ROLES:
        return None
    if entry.staff_id != user.pk:
        return _("U kunt alleen uw eigen tijd corrigeren. Vraag een manager om de tijd van een collega te corrigeren.")
    recorded_on = timezone.localdate(entry.recorded_at)
    if recorded_on < correction_window_start(today or timezone.localdate()):
        weeks = settings.SCHADELOKET_TIME_CORRECTION_WEEKS
        return ngettext(
            "U kunt uw eigen tijd corrigeren tot en met %(weeks)s week na de week waarin u die vastlegde. "
            "Deze regel is vastgelegd op %(date)s. Vraag een manager om hem te corrigeren.",
            "U kunt uw eigen tijd corrigeren tot en met %(weeks)s weken na de week waarin u die vastlegde. "
            "Deze regel is vastgelegd op %(date)s. Vraag een manager om hem te corrigeren.",
            weeks,
        ) % {"weeks": weeks, "date": date_format(recorded_on, "j F Y")}
    return None


def corrected_ids(entries) -> set[int]:
    """The ids among `entries` that have been corrected, in one query."""
    return set(TimeEntry.objects.filter(corrects__in=list(entries)).values_list("corrects_id", flat=True))


def correctable_ids(user, entries, corrected: set[int], *, today: dt.date | None = None) -> set[int]:
    """The ids among `entries` this user may correct: for the links on the time page."""
    roles = user_roles(user)
    return {
        entry.pk
        for entry in entries
        if correction_refusal(user, entry, today=today, roles=roles, corrected=entry.pk in corrected) is None
    }
