"""The weekly report: the IMG dashboard's measures per scheme and in total, per ISO week.

`weekly_report(start, end, schemes)` is the one entry point (docs/reporting.md defines every
figure). It gathers the events of the whole history up to the period's end: those of the frozen
weeks from `reporting.models` (frozen every night by `services.freeze_closed_weeks`), those after
them from the set-based queries of `queries`. Then it applies the IMG's counting rule in Python over
(scheme x week) numbers only: for every event measure the cumulative total at each week end, and the
weekly figure as this week's cumulative total minus last week's. No loop here ever touches a single
case.

Aggregates only: a report holds counts, sums, shares and lead times per scheme and week, never a
person or a case, so reading it is not a view of personal data (no audit event).
"""

import datetime as dt
from dataclasses import dataclass, field, fields
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from . import queries, selectors
from .queries import monday, weekno

TOTAL = "TOTAAL"  # the key of the total over the selected schemes
MAX_WEEKS = 156  # the longest period one report covers: three years of weeks
ONE = Decimal("0.1")
CENT = Decimal("0.01")
ZERO_EUR = Decimal("0.00")
ROUTE_SCHEMES = {"MAATWERK": "granted_maatwerk", "HEA": "granted_own_contractor", "HIN": "granted_institute_contractor"}


class ReportInputError(ValueError):
    """A period or scheme the report cannot be made for, with a Dutch message saying what to change.

    `field` names the form field the message belongs to ("van", "tot" or "regelingen")."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE, rounding=ROUND_HALF_UP)


def _share(part: int, whole: int) -> Decimal | None:
    return _round(Decimal(100 * part) / whole) if whole else None


def known_schemes() -> list[tuple[str, str]]:
    """(code, Dutch name) of every scheme, in the registry's order."""
    from schadeloket.schemes.registry import all_schemes

    return [(scheme.code, scheme.name) for scheme in all_schemes()]


def check_schemes(schemes: list[str] | None) -> list[str]:
    """The scheme codes in the registry's order; all of them for None or an empty list."""
    codes = [code for code, _name in known_schemes()]
    if not schemes:
        return codes
    unknown = [code for code in schemes if code not in codes]
    if unknown:
        raise ReportInputError(
            _("De regeling %(codes)s bestaat niet. Kies een regeling uit de lijst.") % {"codes": ", ".join(unknown)},
            "regelingen",
        )
    return [code for code in codes if code in schemes]


def check_period(start: dt.date | None, end: dt.date | None, *, today: dt.date) -> tuple[dt.date, dt.date]:
    """The period widened to whole weeks (Monday of `start` to Sunday of `end`), or ReportInputError."""
    if start is None or end is None:
        raise ReportInputError(_("Vul een begindatum en een einddatum in."), "van" if start is None else "tot")
    if end < start:
        raise ReportInputError(
            _("De einddatum ligt vóór de begindatum. Kies een einddatum die op of na de begindatum ligt."), "tot"
        )
    if start > today:
        raise ReportInputError(
            _("De periode ligt in de toekomst. Kies een begindatum van vandaag (%(today)s) of eerder.")
            % {"today": f"{today:%d-%m-%Y}"},
            "van",
        )
    if end > today:
        raise ReportInputError(
            _("De einddatum ligt in de toekomst. Kies vandaag (%(today)s) of eerder als einddatum.")
            % {"today": f"{today:%d-%m-%Y}"},
            "tot",
        )
    first, last = monday(weekno(start)), monday(weekno(end)) + dt.timedelta(days=6)
    weeks = (last - first).days // 7 + 1
    if weeks > MAX_WEEKS:
        raise ReportInputError(
            _("De periode is %(weeks)s weken lang. Kies een periode van hoogstens %(max)s weken (drie jaar).")
            % {"weeks": weeks, "max": MAX_WEEKS},
            "van",
        )
    return first, last


@dataclass
class WeekRow:
    """One scheme (or TOTAL) in one week. Field names in English; `as_dict` gives the IMG columns."""

    scheme: str
    week: dt.date  # the Monday
    partial: bool = False  # the running week: its figures grow until Sunday
    submitted: int = 0
    submitted_cumulative: int = 0
    stock: int = 0
    stock_change: int = 0
    completed: int = 0
    completed_cumulative: int = 0
    decided: int = 0
    decided_cumulative: int = 0
    otherwise_handled: int = 0
    otherwise_handled_cumulative: int = 0
    granted: int = 0
    granted_cumulative: int = 0
    rejected: int = 0
    rejected_cumulative: int = 0
    granted_maatwerk: int = 0
    granted_maatwerk_cumulative: int = 0
    granted_own_contractor: int = 0
    granted_own_contractor_cumulative: int = 0
    granted_institute_contractor: int = 0
    granted_institute_contractor_cumulative: int = 0
    decided_within_term: int = 0
    decided_within_term_cumulative: int = 0
    decided_outside_term: int = 0
    decided_outside_term_cumulative: int = 0
    within_term_share: Decimal | None = None
    within_term_share_cumulative: Decimal | None = None
    stock_within_term: int = 0
    stock_1_2_terms: int = 0
    stock_2_4_terms: int = 0
    stock_over_4_terms: int = 0
    lead_time_median_days: Decimal | None = None
    lead_time_mean_days: Decimal | None = None
    expected_lead_time_days: Decimal | None = None
    amount_granted: Decimal = ZERO_EUR
    amount_granted_cumulative: Decimal = ZERO_EUR
    amount_paid: Decimal = ZERO_EUR
    amount_paid_cumulative: Decimal = ZERO_EUR
    objections_submitted: int = 0
    objections_submitted_cumulative: int = 0
    objections_stock: int = 0
    objections_completed: int = 0
    objections_completed_cumulative: int = 0
    objections_granted: int = 0
    objections_granted_cumulative: int = 0
    objections_rejected: int = 0
    objections_rejected_cumulative: int = 0
    objections_otherwise_handled: int = 0
    objections_otherwise_handled_cumulative: int = 0
    handling_hours: Decimal | None = None
    handling_cost: Decimal | None = None
    handling_cases: int | None = None
    cost_per_case: Decimal | None = None

    @property
    def iso_year(self) -> int:
        return self.week.isocalendar()[0]

    @property
    def iso_week(self) -> int:
        return self.week.isocalendar()[1]

    @property
    def sunday(self) -> dt.date:
        return self.week + dt.timedelta(days=6)

    def as_dict(self) -> dict:
        """The row with the export's column names (docs/reporting.md), in the export's order."""
        data = {"regeling": self.scheme, "week": self.week, "jaar": self.iso_year, "weeknummer": self.iso_week}
        for name, column in COLUMNS:
            data[column] = getattr(self, name)
        return data


# (field, export column) in the export's order: the IMG dashboard's names without the scheme prefix.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("partial", "week_loopt_nog"),
    ("submitted", "ingediend"),
    ("submitted_cumulative", "ingediend_cumulatief"),
    ("stock", "voorraad"),
    ("stock_change", "voorraad_verschil"),
    ("completed", "afgerond"),
    ("completed_cumulative", "afgerond_cumulatief"),
    ("decided", "beschikt"),
    ("decided_cumulative", "beschikt_cumulatief"),
    ("otherwise_handled", "anders_afgehandeld"),
    ("otherwise_handled_cumulative", "anders_afgehandeld_cumulatief"),
    ("granted", "toegekend"),
    ("granted_cumulative", "toegekend_cumulatief"),
    ("rejected", "afgewezen"),
    ("rejected_cumulative", "afgewezen_cumulatief"),
    ("granted_maatwerk", "toegekend_als_maatwerk"),
    ("granted_maatwerk_cumulative", "toegekend_als_maatwerk_cumulatief"),
    ("granted_own_contractor", "toegekend_als_herstel_eigen_aannemer"),
    ("granted_own_contractor_cumulative", "toegekend_als_herstel_eigen_aannemer_cumulatief"),
    ("granted_institute_contractor", "toegekend_als_herstel_aannemer_instituut"),
    ("granted_institute_contractor_cumulative", "toegekend_als_herstel_aannemer_instituut_cumulatief"),
    ("decided_within_term", "beschikt_binn_termijn"),
    ("decided_within_term_cumulative", "beschikt_binn_termijn_cumulatief"),
    ("decided_outside_term", "beschikt_buiten_termijn"),
    ("decided_outside_term_cumulative", "beschikt_buiten_termijn_cumulatief"),
    ("within_term_share", "beschikt_binn_termijn_perc"),
    ("within_term_share_cumulative", "beschikt_binn_termijn_perc_cumulatief"),
    ("stock_within_term", "oud_voorraad_binnen_termijn"),
    ("stock_1_2_terms", "oud_voorraad_1_2_termijn"),
    ("stock_2_4_terms", "oud_voorraad_2_4_termijn"),
    ("stock_over_4_terms", "oud_voorraad_buiten_4_termijn"),
    ("lead_time_median_days", "dlt_gerealiseerd_mediaan_dagen"),
    ("lead_time_mean_days", "dlt_gerealiseerd_gemiddeld_dagen"),
    ("expected_lead_time_days", "dlt_verwacht_rolling8_dagen"),
    ("amount_granted", "bedrag_verleend_totaal"),
    ("amount_granted_cumulative", "bedrag_verleend_totaal_cumulatief"),
    ("amount_paid", "bedrag_betaald_totaal"),
    ("amount_paid_cumulative", "bedrag_betaald_totaal_cumulatief"),
    ("objections_submitted", "bz_ingediend"),
    ("objections_submitted_cumulative", "bz_ingediend_cumulatief"),
    ("objections_stock", "bz_voorraad"),
    ("objections_completed", "bz_afgerond"),
    ("objections_completed_cumulative", "bz_afgerond_cumulatief"),
    ("objections_granted", "bz_toegekend"),
    ("objections_granted_cumulative", "bz_toegekend_cumulatief"),
    ("objections_rejected", "bz_afgewezen"),
    ("objections_rejected_cumulative", "bz_afgewezen_cumulatief"),
    ("objections_otherwise_handled", "bz_anders_afgehandeld"),
    ("objections_otherwise_handled_cumulative", "bz_anders_afgehandeld_cumulatief"),
    ("handling_hours", "uren"),
    ("handling_cost", "kosten"),
    ("handling_cases", "zaken_met_uren"),
    ("cost_per_case", "kosten_per_zaak"),
)
assert {name for name, _column in COLUMNS} == {f.name for f in fields(WeekRow)} - {"scheme", "week"}

# Event measures: (field, event key in `queries`). The weekly figure is cum(W) - cum(W - 1).
_EVENT_FIELDS = (
    ("submitted", "received"),
    ("decided", "decided"),
    ("otherwise_handled", "withdrawn"),
    ("granted", "granted"),
    ("rejected", "rejected"),
    ("decided_within_term", "within"),
    ("decided_outside_term", "outside"),
    ("amount_granted", "amount_granted"),
    ("amount_paid", "amount_paid"),
    ("objections_submitted", "bz_received"),
    ("objections_completed", "bz_closed"),
    ("objections_granted", "bz_granted"),
    ("objections_rejected", "bz_rejected"),
    ("objections_otherwise_handled", "bz_other"),
)


@dataclass(frozen=True)
class MonthRow:
    """Satisfaction in one month: as `satisfaction.selectors.MonthScore`, for a scheme or the total."""

    scheme: str
    month: dt.date  # the first day
    respondents: int
    average: Decimal  # one decimal
    running_respondents: int
    running_average: Decimal

    def as_dict(self) -> dict:
        return {
            "regeling": self.scheme,
            "maand": self.month,
            "maandcijfer": self.average,
            "aantal_respondenten": self.respondents,
            "doorlopend_cijfer": self.running_average,
            "aantal_respondenten_doorlopend": self.running_respondents,
        }


@dataclass
class WeeklyReport:
    start: dt.date  # a Monday
    end: dt.date  # a Sunday
    schemes: list[str]
    weeks: list[dt.date]
    rows: list[WeekRow]
    satisfaction: dict[str, list[MonthRow]]
    costs_available: bool
    computed_at: dt.datetime
    frozen_through: dt.date | None = None  # the last frozen Sunday the report read, or None
    _index: dict = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self._index = {(row.scheme, row.week): row for row in self.rows}

    def row(self, scheme: str, week: dt.date) -> WeekRow:
        return self._index[(scheme, monday(weekno(week)))]

    def rows_of(self, scheme: str) -> list[WeekRow]:
        return [row for row in self.rows if row.scheme == scheme]

    @property
    def totals(self) -> list[WeekRow]:
        return self.rows_of(TOTAL)

    @property
    def has_activity(self) -> bool:
        """Did anything happen, or was anything open, in the period? If not, pages say so instead of
        drawing empty charts."""
        return any(
            row.submitted or row.completed or row.stock or row.objections_submitted or row.objections_stock
            or row.objections_completed or row.amount_paid
            for row in self.totals
        )  # fmt: skip


def _cumulate(per_week: dict[int, object], weeks: list[int], zero) -> list:
    """The cumulative total at the end of each week in `weeks` (sorted) from values per week number."""
    result = []
    running = zero
    known = sorted(per_week)
    position = 0
    for wk in weeks:
        while position < len(known) and known[position] <= wk:
            running += per_week[known[position]]
            position += 1
        result.append(running)
    return result


def _merge_total(events: queries.Events, schemes: list[str]) -> None:
    """Add the TOTAL events: the sums over the selected schemes (every event is additive)."""
    keys = {key for (scheme, key) in events if scheme in schemes}
    for key in keys:
        total: dict[int, object] = {}
        for scheme in schemes:
            for wk, value in events.get((scheme, key), {}).items():
                total[wk] = total.get(wk, 0) + value
        events[(TOTAL, key)] = total
    for scheme, route_field in ROUTE_SCHEMES.items():
        if scheme in schemes:
            events[(TOTAL, route_field)] = dict(events.get((scheme, "granted"), {}))


def _costs(first: dt.date, last: dt.date, schemes: list[str]):
    """Handling costs per (scheme, Monday) from the costs app, or None when it is not installed."""
    try:
        from schadeloket.costs.selectors import handling_costs
    except ImportError:
        return None
    return handling_costs(start=first, end=last, schemes=schemes)


def _fill_rows(key: str, events: queries.Events, week_numbers: list[int], medians, today: dt.date) -> list[WeekRow]:
    """The rows of one scheme (or TOTAL) for the period's weeks, from its events."""
    # Cumulative totals from eight weeks before the first week: the expected lead time looks back
    # eight weeks, and the week before the first gives the first week's difference.
    span = list(range(week_numbers[0] - 8, week_numbers[-1] + 1))

    def cumulative(event_key, zero=0):
        return _cumulate(events.get((key, event_key), {}), span, zero)

    cum = {
        name: cumulative(event_key, ZERO_EUR if event_key in queries.MONEY_EVENTS else 0)
        for name, event_key in _EVENT_FIELDS
    }
    route = next((route_field for scheme, route_field in ROUTE_SCHEMES.items() if scheme == key), None)
    for route_field in ROUTE_SCHEMES.values():
        if key == TOTAL:
            cum[route_field] = cumulative(route_field)
        elif route_field == route:
            cum[route_field] = cum["granted"]
        else:
            cum[route_field] = [0] * len(span)
    cum["completed"] = [a + b for a, b in zip(cum["decided"], cum["otherwise_handled"], strict=True)]
    lead_sum, decided_cases = cumulative("lead_sum"), cumulative("decided_cases")
    open_older = {k: cumulative(f"older{k}") for k in queries.CROSSING_TERMS}
    open_older[0] = [a - b for a, b in zip(cum["submitted"], cum["completed"], strict=True)]  # the stock

    rows = []
    for offset, wk in enumerate(week_numbers):
        i = offset + 8  # position of this week in `span`
        week = monday(wk)
        row = WeekRow(scheme=key, week=week, partial=week <= today <= week + dt.timedelta(days=6))
        for name in (*(name for name, _key in _EVENT_FIELDS), *ROUTE_SCHEMES.values(), "completed"):
            setattr(row, f"{name}_cumulative", cum[name][i])
            setattr(row, name, cum[name][i] - cum[name][i - 1])
        stock = cum["submitted"][i] - cum["completed"][i]
        row.stock = stock
        row.stock_change = stock - (cum["submitted"][i - 1] - cum["completed"][i - 1])
        row.within_term_share = _share(row.decided_within_term, row.decided_within_term + row.decided_outside_term)
        row.within_term_share_cumulative = _share(
            row.decided_within_term_cumulative, row.decided_within_term_cumulative + row.decided_outside_term_cumulative
        )
        row.stock_within_term = open_older[0][i] - open_older[1][i]
        row.stock_1_2_terms = open_older[1][i] - open_older[2][i]
        row.stock_2_4_terms = open_older[2][i] - open_older[4][i]
        row.stock_over_4_terms = open_older[4][i]
        cases = decided_cases[i] - decided_cases[i - 1]
        if cases:
            row.lead_time_mean_days = _round(Decimal(lead_sum[i] - lead_sum[i - 1]) / cases)
        median = medians.get((key, wk))
        row.lead_time_median_days = _round(median) if median is not None else None
        completed_8 = cum["completed"][i] - cum["completed"][i - 8]
        row.expected_lead_time_days = _round(Decimal(56 * stock) / completed_8) if completed_8 else None
        row.objections_stock = row.objections_submitted_cumulative - row.objections_completed_cumulative
        rows.append(row)
    return rows


def _add_costs(rows: list[WeekRow], costs, key: str, schemes: list[str]) -> None:
    for row in rows:
        if key == TOTAL:
            figures = [costs[(scheme, row.week)] for scheme in schemes if (scheme, row.week) in costs]
            hours = sum((f.hours for f in figures), Decimal("0.00"))
            cost = sum((f.cost for f in figures), Decimal("0.00"))
            cases = sum(f.cases for f in figures)
        else:
            figure = costs.get((key, row.week))
            hours, cost, cases = (figure.hours, figure.cost, figure.cases) if figure else (Decimal("0.00"), ZERO_EUR, 0)
        row.handling_hours, row.handling_cost, row.handling_cases = hours, cost, cases
        row.cost_per_case = (cost / cases).quantize(CENT, rounding=ROUND_HALF_UP) if cases else None


def _satisfaction(schemes: list[str], first: dt.date, last: dt.date) -> dict[str, list[MonthRow]]:
    """Per scheme and in total: the months of the period with responses, with running figures since
    the first response (the same numbers as satisfaction.selectors.monthly_scores)."""
    per_key: dict[str, dict[dt.date, list[int]]] = {}
    for scheme, month, respondents, total in queries.satisfaction_months(schemes):
        for key in (scheme, TOTAL):
            counts = per_key.setdefault(key, {}).setdefault(month, [0, 0])
            counts[0] += respondents
            counts[1] += total
    first_month = first.replace(day=1)
    result = {}
    for key in (*schemes, TOTAL):
        months, seen, summed = [], 0, 0
        for month, (respondents, total) in sorted(per_key.get(key, {}).items()):
            seen += respondents
            summed += total
            if first_month <= month <= last:
                months.append(
                    MonthRow(
                        scheme=key,
                        month=month,
                        respondents=respondents,
                        average=_round(Decimal(total) / respondents),
                        running_respondents=seen,
                        running_average=_round(Decimal(summed) / seen),
                    )
                )
        result[key] = months
    return result


def _events(
    first: dt.date, last: dt.date, codes: list[str], use_frozen: bool
) -> tuple[queries.Events, dict, dt.date | None]:
    """The events of the whole history up to `last`, the median lead times of the weeks from `first`
    to `last`, and the last frozen Sunday used: frozen weeks from the frozen figures, the days after
    them from the case data."""
    events: queries.Events = {}
    medians: dict[tuple[str, int], object] = {}
    freeze = selectors.latest_freeze() if use_frozen else None
    since = freeze.through if freeze is not None else None
    live = queries.Live(since=since, recorded_after=freeze.made_at) if freeze is not None else None
    if since is not None:
        selectors.add_frozen_events(events, codes, min(since, last))
        if first <= since:
            frozen_last = min(since, last)
            all_codes = [code for code, _name in known_schemes()]
            keys = [*codes, TOTAL] if codes == all_codes else codes
            medians.update(selectors.frozen_medians(keys, first, frozen_last))
            if len(codes) == 1:
                medians.update({(TOTAL, wk): median for (_code, wk), median in list(medians.items())})
            elif codes != all_codes:
                # A median over some schemes cannot be made from theirs: computed for this selection.
                subset = queries.lead_time_medians(first, frozen_last, codes, TOTAL)
                medians.update({key: median for key, median in subset.items() if key[0] == TOTAL})
    if since is None or since < last:
        queries.add_events(events, last, codes, live)
        live_first = first if since is None else max(first, since + dt.timedelta(days=1))
        medians.update(queries.lead_time_medians(live_first, last, codes, TOTAL))
    return events, medians, min(since, last) if since is not None else None


def weekly_report(
    start: dt.date,
    end: dt.date,
    schemes: list[str] | None = None,
    *,
    today: dt.date | None = None,
    use_frozen: bool = True,
) -> WeeklyReport:
    """The report for the weeks from `start` to `end` (widened to whole weeks), for `schemes` (all
    when None) and their total. Raises ReportInputError (Dutch) for a period or scheme it cannot take.

    With `use_frozen=False` every week is computed from the case data, as if nothing were frozen:
    the same figures, unless something changed in a week after it was frozen."""
    today = today or timezone.localdate()
    first, last = check_period(start, end, today=today)
    codes = check_schemes(schemes)
    # The whole history up to the period's end: cumulative totals start at the first event ever. The
    # filter always names the schemes, so that the total never includes a code outside the registry.
    events, medians, frozen_through = _events(first, last, codes, use_frozen)
    _merge_total(events, codes)
    week_numbers = list(range(weekno(first), weekno(last) + 1))
    costs = _costs(first, last, codes)
    rows = []
    for key in (*codes, TOTAL):
        scheme_rows = _fill_rows(key, events, week_numbers, medians, today)
        if costs is not None:
            _add_costs(scheme_rows, costs, key, codes)
        rows += scheme_rows
    return WeeklyReport(
        start=first,
        end=last,
        schemes=codes,
        weeks=[monday(wk) for wk in week_numbers],
        rows=rows,
        satisfaction=_satisfaction(codes, first, last),
        costs_available=costs is not None,
        computed_at=timezone.now(),
        frozen_through=frozen_through,
    )
