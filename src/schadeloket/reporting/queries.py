"""The weekly report's SQL: a few set-based queries, each one pass over its table, grouped by scheme
and week number. The definitions they implement are in docs/reporting.md.

Why raw SQL: each figure is a count of dated events per (scheme, week), and the cheapest way to get
them over ten million status rows is to group in the database by an integer week number computed
from the date (`dayno / 7`, days since Monday 1 January 1900), without joins where none is needed.
This module is the one place where PostgreSQL and SQLite differ (`_Dialect`): the date arithmetic,
sums of money (exact numeric on PostgreSQL, integer cents on SQLite, which stores
decimals as floating point) and the median (`percentile_cont` on PostgreSQL; a histogram per
distinct lead time on SQLite, folded into a median by the caller).

Every function adds events per (scheme, week) to a dict; `weekly` turns them into cumulative totals
and differences. With `live` a function reads only what can change the weeks after the frozen ones
(`Live`, `reporting.services`). Week numbers (`wk`)
count weeks since 1900-01-01; `monday(wk)` gives the week's Monday.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

EPOCH = dt.date(1900, 1, 1)  # a Monday: day numbers from here divided by 7 are ISO week numbers
CROSSING_TERMS = (1, 2, 4)  # stock by age: open cases older than k terms (docs/reporting.md)
HUNDRED = Decimal(100)


def dayno(day: dt.date) -> int:
    return (day - EPOCH).days


def weekno(day: dt.date) -> int:
    return dayno(day) // 7


def monday(wk: int) -> dt.date:
    return EPOCH + dt.timedelta(days=7 * wk)


class _Dialect:
    """SQL fragments that differ between PostgreSQL and SQLite (and nothing else)."""

    def __init__(self, vendor: str):
        self.postgres = vendor == "postgresql"

    def dayno(self, column: str) -> str:
        """Days since 1900-01-01 of a date column, as an integer."""
        if self.postgres:
            return f"({column} - DATE '1900-01-01')"
        return f"CAST(julianday({column}) - 2415020.5 AS INTEGER)"

    def greatest(self, first: str, second: str) -> str:
        return f"GREATEST({first}, {second})" if self.postgres else f"MAX({first}, {second})"

    def money(self, expression: str) -> str:
        """A sum of euros: exact numeric on PostgreSQL, integer cents on SQLite."""
        if self.postgres:
            return f"SUM({expression})"
        return f"SUM(CAST(ROUND(({expression}) * 100) AS INTEGER))"

    def euros(self, value) -> Decimal:
        if value is None:
            return Decimal("0.00")
        if self.postgres:
            return Decimal(value).quantize(Decimal("0.01"))
        return (Decimal(int(value)) / HUNDRED).quantize(Decimal("0.01"))


def _dialect() -> _Dialect:
    return _Dialect(connection.vendor)


def _in(column: str, schemes: list[str] | None) -> tuple[str, list]:
    """`AND column IN (...)` for a scheme filter, with its parameters."""
    if not schemes:
        return "", []
    return f" AND {column} IN ({', '.join(['%s'] * len(schemes))})", list(schemes)


@dataclass(frozen=True)
class Live:
    """The live part of a report whose earlier weeks are frozen (`reporting.services`): the days after
    `since` (the last frozen Sunday), and what was recorded after that freeze began but is dated in
    the frozen weeks, a late registration. A late event counts in the first live week, the week in
    which it became known, as the next freeze will count it."""

    since: dt.date
    recorded_after: dt.datetime

    @property
    def recorded_param(self):
        """`recorded_after` as the database compares it (SQLite stores timestamps as text in UTC)."""
        return connection.ops.adapt_datetimefield_value(self.recorded_after)

    @property
    def first_week(self) -> int:
        return weekno(self.since) + 1

    def week(self, wk: int) -> int:
        """The week an event of week `wk` counts in: a late one in the first live week."""
        return max(wk, self.first_week)


def _week(live: Live | None, wk) -> int:
    return int(wk) if live is None else live.week(int(wk))


def _live(date_column: str, recorded_column: str, live: Live | None) -> tuple[str, list]:
    """`AND (dated after the frozen weeks OR recorded after the freeze)` for the live part of a
    report, with its parameters; nothing when the whole history is read."""
    if live is None:
        return "", []
    return f" AND ({date_column} > %s OR {recorded_column} > %s)", [live.since, live.recorded_param]


def _parts(live: Live | None, current: str, late_statuses: str) -> list[tuple[str, list]]:
    """The WHERE additions of a case query: one pass over everything without `live`; in the live
    part two index-friendly passes, the cases `current` for the days after the freeze (with `%s` for
    its last day), and those dated in the frozen weeks that entered one of `late_statuses` after
    the freeze began: a late registration or a late ending."""
    if live is None:
        return [("", [])]
    status = _tables()["status"]
    return [
        (f" AND {current}", [live.since]),
        (
            f" AND c.decided_on <= %s AND c.id IN (SELECT s.case_id FROM {status} s "  # noqa: S608
            f"WHERE s.changed_at > %s AND s.to_status IN ({late_statuses}))",
            [live.since, live.recorded_param],
        ),
    ]


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _tables():
    from schadeloket.cases.models import Case, StatusChange
    from schadeloket.decisions.models import Decision
    from schadeloket.objections.models import Objection
    from schadeloket.payment_orders.models import PaymentOrder

    return {
        "case": Case._meta.db_table,
        "status": StatusChange._meta.db_table,
        "decision": Decision._meta.db_table,
        "objection": Objection._meta.db_table,
        "order": PaymentOrder._meta.db_table,
    }


# Each query adds rows to `events`: {(scheme_code, event_key): {wk: value}}. Values are ints, or
# Decimal euros for the amount events (MONEY_EVENTS).
Events = dict[tuple[str, str], dict[int, object]]
MONEY_EVENTS = frozenset({"amount_granted", "amount_paid"})


def _add(events: Events, scheme: str, key: str, wk: int, value) -> None:
    bucket = events.setdefault((scheme, key), {})
    bucket[wk] = bucket.get(wk, 0) + value


def status_flows(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Submitted, decided and withdrawn: status-history rows per scheme, status and week.

    Reads only the columns of the index `statuschange_report (scheme_code, to_status, changed_on)`.
    """
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("scheme_code", schemes)
    after_sql, after_params = _live("changed_on", "changed_at", live)
    rows = _fetch(
        f"SELECT scheme_code, to_status, {sql_.dayno('changed_on')} / 7 AS wk, COUNT(*) "  # noqa: S608
        f"FROM {t['status']} WHERE to_status IN ('received', 'decided', 'withdrawn') AND changed_on <= %s"
        f"{after_sql}{scheme_sql} GROUP BY scheme_code, to_status, wk",
        [end, *after_params, *scheme_params],
    )
    for scheme, status, wk, count in rows:
        _add(events, scheme, status, _week(live, wk), int(count))


def decided_cases(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Per scheme and week of decision: within/outside the term, granted, rejected, amount, lead time."""
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("c.scheme_code", schemes)
    decided = sql_.dayno("c.decided_on")
    rows = []
    for after_sql, after_params in _parts(live, "c.decided_on > %s", "'decided'"):
        rows += _fetch(
            f"SELECT c.scheme_code, {decided} / 7 AS wk, COUNT(*), "  # noqa: S608
            "SUM(CASE WHEN c.decided_on <= c.deadline THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN c.deadline IS NULL OR c.decided_on > c.deadline THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN d.granted THEN 1 ELSE 0 END), "
            "SUM(CASE WHEN NOT d.granted THEN 1 ELSE 0 END), "
            f"{sql_.money('CASE WHEN d.granted THEN d.amount ELSE 0 END')}, "
            f"SUM({decided} - {sql_.dayno('c.received_on')}) "
            f"FROM {t['case']} c LEFT JOIN {t['decision']} d ON d.case_id = c.id AND d.kind = 'final' "
            "WHERE c.decided_on IS NOT NULL AND c.status <> 'withdrawn' AND c.decided_on <= %s"
            f"{after_sql}{scheme_sql} GROUP BY c.scheme_code, wk",
            [end, *after_params, *scheme_params],
        )
    for scheme, wk, count, within, outside, granted, rejected, amount, lead_sum in rows:
        wk = _week(live, wk)
        _add(events, scheme, "decided_cases", wk, int(count))
        _add(events, scheme, "within", wk, int(within or 0))
        _add(events, scheme, "outside", wk, int(outside or 0))
        _add(events, scheme, "granted", wk, int(granted or 0))
        _add(events, scheme, "rejected", wk, int(rejected or 0))
        _add(events, scheme, "amount_granted", wk, sql_.euros(amount))
        _add(events, scheme, "lead_sum", wk, int(lead_sum or 0))


def stock_crossings(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Per scheme and week: the change in the number of open cases older than k terms (k = 1, 2, 4),
    as the event `older{k}`: +1 in the week a case becomes older than k terms, -1 in the week it ends
    (or in the week it crosses, when it had ended before; docs/reporting.md). The cumulative total of
    `older{k}` at a week's end is the open stock older than k terms.

    One GROUP BY over the cases by (scheme, term, week of receipt, week of ending): every case of a
    scheme shares its term, so this gives a few rows per scheme and week, and the crossing weeks
    follow from them here. Exact to the day: a case received on day r is older than k terms at a
    Sunday E when r + k * term + 1 <= E, and with a term that is a whole number of weeks the week of
    r + k * term + 1 is the week of r + 1 plus k * term / 7. A term that is not a whole number of
    weeks is grouped by the day of receipt instead (more rows, the same result).

    In the live part only these cases can change a later week: those still open at the freeze (a
    case that had ended adds and takes away in the same later week), those ended after it (also
    when dated before: a late end), and those registered after it (a late case: its crossings in
    the frozen weeks count in the first live week). A crossing in the frozen weeks of a case that was
    there at the freeze is frozen already and left out.
    """
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("c.scheme_code", schemes)
    late_sql, late_params = "0", []
    if live is not None:
        late_sql, late_params = "CASE WHEN c.created_at > %s THEN 1 ELSE 0 END", [live.recorded_param]
    received, ended = sql_.dayno("c.received_on"), sql_.dayno("c.decided_on")
    rows = []
    current = "(c.decided_on IS NULL OR c.decided_on > %s)"
    for after_sql, after_params in _parts(live, current, "'received', 'decided', 'withdrawn'"):
        rows += _fetch(
            f"SELECT c.scheme_code, c.term_days, CASE WHEN c.term_days %% 7 = 0 "  # noqa: S608
            f"THEN ({received} + 1) / 7 ELSE -1 - {received} END AS r, {ended} / 7 AS dw, {late_sql} AS late, "
            f"COUNT(*) FROM {t['case']} c WHERE c.received_on <= %s{after_sql}{scheme_sql} "
            "GROUP BY c.scheme_code, c.term_days, r, dw, late",
            [*late_params, end, *after_params, *scheme_params],
        )
    for scheme, term, r, dw, late, count in rows:
        term, r, count = int(term), int(r), int(count)
        for k in CROSSING_TERMS:
            # r >= 0: the week of (receipt + 1); r < 0: -1 - (day number of receipt)
            crossed = r + k * term // 7 if r >= 0 else (-1 - r + k * term + 1) // 7
            if live is None or crossed >= live.first_week or late:
                _add(events, scheme, f"older{k}", _week(live, crossed), count)
            if dw is not None:
                _add(events, scheme, f"older{k}", _week(live, max(crossed, int(dw))), -count)


def amounts_paid(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Paid orders of each case, in the week the case entered 'paid'."""
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("s.scheme_code", schemes)
    after_sql, after_params = _live("s.changed_on", "s.changed_at", live)
    rows = _fetch(
        f"SELECT s.scheme_code, {sql_.dayno('s.changed_on')} / 7 AS wk, {sql_.money('p.amount')} "  # noqa: S608
        f"FROM {t['status']} s JOIN {t['decision']} d ON d.case_id = s.case_id "
        f"JOIN {t['order']} p ON p.decision_id = d.id "
        "WHERE s.to_status = 'paid' AND p.status = 'paid' AND s.changed_on <= %s"
        f"{after_sql}{scheme_sql} GROUP BY s.scheme_code, wk",
        [end, *after_params, *scheme_params],
    )
    for scheme, wk, amount in rows:
        _add(events, scheme, "amount_paid", _week(live, wk), sql_.euros(amount))


OBJECTION_OUTCOMES = {
    "well_founded": "bz_granted",
    "partly_well_founded": "bz_granted",
    "unfounded": "bz_rejected",
    "inadmissible": "bz_rejected",
    "withdrawn": "bz_other",
    "resolved": "bz_other",
}


def objections(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Objections received and closed (by outcome), with the scheme of the decision's case. In the
    live part a late objection counts by when it was registered (`submitted_at`); a closing is
    always recorded on its day."""
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("c.scheme_code", schemes)
    received_after, received_params = _live("o.received_on", "o.submitted_at", live)
    closed_after, closed_params = ("", []) if live is None else (" AND o.closed_on > %s", [live.since])
    joins = (
        f"FROM {t['objection']} o JOIN {t['decision']} d ON d.id = o.decision_id JOIN {t['case']} c ON c.id = d.case_id"
    )
    received = _fetch(
        f"SELECT c.scheme_code, {sql_.dayno('o.received_on')} / 7 AS wk, COUNT(*) {joins} "  # noqa: S608
        f"WHERE o.received_on <= %s{received_after}{scheme_sql} GROUP BY c.scheme_code, wk",
        [end, *received_params, *scheme_params],
    )
    for scheme, wk, count in received:
        _add(events, scheme, "bz_received", _week(live, wk), int(count))
    closed = _fetch(
        f"SELECT c.scheme_code, o.outcome, {sql_.dayno('o.closed_on')} / 7 AS wk, COUNT(*) {joins} "  # noqa: S608
        f"WHERE o.closed_on IS NOT NULL AND o.closed_on <= %s{closed_after}{scheme_sql} "
        "GROUP BY c.scheme_code, o.outcome, wk",
        [end, *closed_params, *scheme_params],
    )
    for scheme, outcome, wk, count in closed:
        _add(events, scheme, "bz_closed", int(wk), int(count))
        if outcome in OBJECTION_OUTCOMES:
            _add(events, scheme, OBJECTION_OUTCOMES[outcome], int(wk), int(count))


def add_events(events: Events, end: dt.date, schemes: list[str] | None, live: Live | None = None) -> None:
    """Every event measure up to `end`: the whole history, or with `live` only the live part. The one
    list of queries both the report and the freeze run."""
    for add in (status_flows, decided_cases, stock_crossings, amounts_paid, objections):
        add(events, end, schemes, live)


def lead_time_medians(
    start: dt.date, end: dt.date, schemes: list[str] | None, total_key: str
) -> dict[tuple[str, int], Decimal]:
    """Median lead time (days) of the cases decided per scheme and week from `start` to `end`, and per
    week over all selected schemes (under `total_key`): `percentile_cont(0.5)`, unrounded."""
    sql_ = _dialect()
    t = _tables()
    scheme_sql, scheme_params = _in("c.scheme_code", schemes)
    decided = sql_.dayno("c.decided_on")
    lead = f"({decided} - {sql_.dayno('c.received_on')})"
    where = (
        f"FROM {t['case']} c WHERE c.decided_on IS NOT NULL AND c.status <> 'withdrawn' "
        f"AND c.decided_on >= %s AND c.decided_on <= %s{scheme_sql}"
    )
    params = [start, end, *scheme_params]
    if sql_.postgres:
        rows = _fetch(
            f"SELECT c.scheme_code, {decided} / 7 AS wk, "  # noqa: S608
            f"percentile_cont(0.5) WITHIN GROUP (ORDER BY {lead}) {where} "
            f"GROUP BY GROUPING SETS ((c.scheme_code, {decided} / 7), ({decided} / 7))",
            params,
        )
        return {
            (scheme if scheme is not None else total_key, int(wk)): Decimal(str(median)) for scheme, wk, median in rows
        }
    rows = _fetch(
        f"SELECT c.scheme_code, {decided} / 7 AS wk, {lead} AS lead, COUNT(*) {where} "  # noqa: S608
        "GROUP BY c.scheme_code, wk, lead",
        params,
    )
    histograms: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)
    for scheme, wk, lead_days, count in rows:
        for key in ((scheme, int(wk)), (total_key, int(wk))):
            histogram = histograms[key]
            histogram[int(lead_days)] = histogram.get(int(lead_days), 0) + int(count)
    return {key: median_of_histogram(histogram) for key, histogram in histograms.items()}


def median_of_histogram(histogram: dict[int, int]) -> Decimal:
    """The median (mean of the two middle values for an even count) of values given as value -> count."""
    total = sum(histogram.values())
    low_rank, high_rank = (total - 1) // 2, total // 2  # 0-based ranks of the middle value(s)
    low = high = None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if low is None and seen > low_rank:
            low = value
        if seen > high_rank:
            high = value
            break
    return (Decimal(low) + Decimal(high)) / 2


def satisfaction_months(schemes: Iterable[str] | None) -> list[tuple[str, dt.date, int, int]]:
    """(scheme, first day of the month in Europe/Amsterdam, respondents, sum of scores), oldest first."""
    from zoneinfo import ZoneInfo

    from schadeloket.satisfaction.models import SatisfactionResponse

    responses = SatisfactionResponse.objects.all()
    if schemes:
        responses = responses.filter(scheme_code__in=list(schemes))
    rows = (
        responses.annotate(month=TruncMonth("submitted_at", tzinfo=ZoneInfo("Europe/Amsterdam")))
        .values("scheme_code", "month")
        .annotate(respondents=Count("id"), total=Sum("score"))
        .order_by("month", "scheme_code")
    )
    result = []
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        result.append((row["scheme_code"], month, row["respondents"], row["total"]))
    return result
