"""Benchmark: the weekly report (all schemes, two years) on PostgreSQL with the img case histories,
checked figure by figure against the same definitions computed by DuckDB from Parquet files.

Why: the weekly report must stay fast at IMG volumes (goal: under 2 seconds for all schemes over two
years on about a million cases and millions of status changes), and its figures must be exactly the
ones `docs/reporting.md` defines. An independent second implementation is the strongest check of
the latter: `duckdb_report` below is written from the definitions, not from
`schadeloket.reporting`, in plain SQL over a Parquet export of the tables the report reads.

What it does, in one run:

1. checks the database (made by `python -m bench seed`: the img register and case histories) and
   brings the planner statistics and visibility maps up to date where they were never made (a
   server with autovacuum off never does; a production server does it by itself);
2. freezes the closed weeks as the nightly task does (`reporting.services.freeze_closed_weeks`, on
   the day after the histories end, after removing any earlier freeze), timed; then times
   `schadeloket.reporting.weekly.weekly_report` (a first, cold run, then `--repeat` runs),
   with the CPU time of this process and of its PostgreSQL backend (from /proc), and per query the
   time EXPLAIN ANALYZE measures (the plans are written to bench/results/report-plans.txt);
3. exports the tables the report reads to Parquet (PostgreSQL COPY to CSV, DuckDB to Parquet), timed;
4. computes every figure with DuckDB SQL from the Parquet files (`--repeat` runs), and compares the
   two reports value by value: the first difference stops the benchmark with an error that names
   scheme, week, column and both values;
5. times one report computed entirely from the case data (`use_frozen=False`, as before the frozen
   weeks existed) and one sequential count over the status changes, as baselines of the same run.

    .venv/bin/python -m bench report
    .venv/bin/python bench/report.py --repeat 5 --parquet-dir /tmp/report-parquet

Database: DATABASE_URL when it points at PostgreSQL, else postgres://postgres@127.0.0.1:5432/schadeloket_bench.
Results: printed and written to bench/results/report.json. Never an assert on wall time.
"""

import argparse
import csv
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

RESULTS = REPO_DIR / "bench" / "results" / "report.json"
PLANS = REPO_DIR / "bench" / "results" / "report-plans.txt"
GOAL_SECONDS = 2.0
TOTAL = "TOTAAL"
#: Columns not compared: the running-week flag depends on the clock, the costs on another app.
NOT_COMPARED = {"week_loopt_nog", "uren", "kosten", "zaken_met_uren", "kosten_per_zaak"}


class ReportMismatch(AssertionError):
    """The two implementations disagree; the message names the first difference."""


# --- Export to Parquet ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportTable:
    name: str
    model: str  # app_label.ModelName
    columns: tuple[tuple[str, str], ...]  # (column, DuckDB type)


EXPORTS = (
    ExportTable(
        "status_change",
        "cases.StatusChange",
        (("case_id", "BIGINT"), ("scheme_code", "VARCHAR"), ("from_status", "VARCHAR"), ("to_status", "VARCHAR"),
         ("changed_on", "DATE")),
    ),
    ExportTable(
        "case",
        "cases.Case",
        (("id", "BIGINT"), ("scheme_code", "VARCHAR"), ("status", "VARCHAR"), ("received_on", "DATE"),
         ("term_days", "INTEGER"), ("deadline", "DATE"), ("decided_on", "DATE")),
    ),
    ExportTable(
        "decision",
        "decisions.Decision",
        (("id", "BIGINT"), ("case_id", "BIGINT"), ("kind", "VARCHAR"), ("granted", "BOOLEAN"),
         ("amount", "DECIMAL(12,2)")),
    ),
    ExportTable(
        "payment_order",
        "payment_orders.PaymentOrder",
        (("decision_id", "BIGINT"), ("status", "VARCHAR"), ("amount", "DECIMAL(12,2)")),
    ),
    ExportTable(
        "objection",
        "objections.Objection",
        (("decision_id", "BIGINT"), ("received_on", "DATE"), ("closed_on", "DATE"), ("outcome", "VARCHAR")),
    ),
    ExportTable(
        "satisfaction",
        "satisfaction.SatisfactionResponse",
        (("scheme_code", "VARCHAR"), ("score", "INTEGER"), ("submitted_at", "TIMESTAMPTZ")),
    ),
)  # fmt: skip


def _db_table(label: str) -> str:
    from django.apps import apps

    return apps.get_model(label)._meta.db_table


def _duckdb():
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")  # timestamps come in as UTC; the report converts to Amsterdam
    return con


def _csv_to_parquet(con, source: str, types: str, target: Path, null: str) -> None:
    """One CSV file (no header; `null` marks NULL, a quoted empty string stays empty) to Parquet."""
    try:
        con.execute(
            f"COPY (SELECT * FROM read_csv('{source}', header = false, columns = {{{types}}}, "  # noqa: S608
            f"nullstr = '{null}', allow_quoted_nulls = false, quote = '\"')) TO '{target}' (FORMAT parquet)"
        )
    finally:
        os.unlink(source)


def export_parquet(folder: Path) -> dict[str, int]:
    """Write one Parquet file per table the report reads into `folder`; returns rows per table.

    PostgreSQL: COPY (SELECT the columns) TO STDOUT as CSV into a scratch file, which DuckDB reads
    with the column types given and writes as Parquet. Other databases (the tests on SQLite): the
    rows through the Django cursor into a CSV file (NULL written as \\N), then the same way.
    """
    from django.db import connection

    folder.mkdir(parents=True, exist_ok=True)
    con = _duckdb()
    counts = {}
    for table in EXPORTS:
        names = [name for name, _type in table.columns]
        select = f"SELECT {', '.join(names)} FROM {_db_table(table.model)}"  # noqa: S608 (names from models)
        target = folder / f"{table.name}.parquet"
        types = ", ".join(f"'{name}': '{kind}'" for name, kind in table.columns)
        if connection.vendor == "postgresql":
            with tempfile.NamedTemporaryFile(suffix=".csv", dir=folder, delete=False) as scratch:
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv)") as copy,
                ):
                    for block in copy:
                        scratch.write(block)
            _csv_to_parquet(con, scratch.name, types, target, null="")
        else:
            booleans = {i for i, (_n, kind) in enumerate(table.columns) if kind == "BOOLEAN"}
            with tempfile.NamedTemporaryFile("w", suffix=".csv", dir=folder, delete=False, newline="") as scratch:
                writer = csv.writer(scratch)
                with connection.cursor() as cursor:
                    cursor.execute(select)
                    for row in cursor.fetchall():
                        writer.writerow(
                            "\\N" if v is None else (("true" if v else "false") if i in booleans else v)
                            for i, v in enumerate(row)
                        )
            _csv_to_parquet(con, scratch.name, types, target, null="\\N")
        counts[table.name] = con.execute(f"SELECT count(*) FROM read_parquet('{target}')").fetchone()[0]  # noqa: S608
    con.close()
    return counts


# --- The same report in DuckDB SQL, from the definitions -------------------------------------------

# Week numbers count weeks since Monday 1 January 1900 (docs/reporting.md).
_WK = "(date_diff('day', DATE '1900-01-01', {d}) // 7)"
# Half-up rounding to one decimal of a / b (a, b >= 0) in integers, as a DECIMAL: exact, no floats.
_ONE_DECIMAL = "CAST(((20 * ({a}) + ({b})) // (2 * ({b}))) AS DECIMAL(18,0)) * 0.1"

DUCKDB_SQL = """
WITH
sc AS (SELECT * FROM read_parquet('{dir}/status_change.parquet') WHERE scheme_code IN ({schemes})),
cs AS (SELECT * FROM read_parquet('{dir}/case.parquet') WHERE scheme_code IN ({schemes})),
dc AS (SELECT * FROM read_parquet('{dir}/decision.parquet')),
po AS (SELECT * FROM read_parquet('{dir}/payment_order.parquet')),
ob AS (SELECT * FROM read_parquet('{dir}/objection.parquet')),
-- Dated events per scheme over the whole history up to the period's end: (scheme, key, week, n, amount).
decided AS (
    SELECT c.*, d.granted, d.amount, d.id AS decision_id
    FROM cs c LEFT JOIN dc d ON d.case_id = c.id AND d.kind = 'final'
    WHERE c.decided_on IS NOT NULL AND c.status <> 'withdrawn' AND c.decided_on <= DATE '{last}'
),
events AS (
    SELECT scheme_code AS scheme, to_status AS key, {wk_changed} AS wk, count(*) AS n, 0::DECIMAL(18,2) AS amount
    FROM sc WHERE to_status IN ('received', 'decided', 'withdrawn') AND changed_on <= DATE '{last}'
    GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'within', {wk_decided}, count(*), 0 FROM decided WHERE decided_on <= deadline GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'outside', {wk_decided}, count(*), 0 FROM decided
    WHERE deadline IS NULL OR decided_on > deadline GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'granted', {wk_decided}, count(*), sum(amount) FROM decided WHERE granted GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'rejected', {wk_decided}, count(*), 0 FROM decided WHERE NOT granted GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'granted_maatwerk', {wk_decided}, count(*), 0 FROM decided
    WHERE granted AND scheme_code = 'MAATWERK' GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'granted_own', {wk_decided}, count(*), 0 FROM decided
    WHERE granted AND scheme_code = 'HEA' GROUP BY ALL
    UNION ALL
    SELECT scheme_code, 'granted_institute', {wk_decided}, count(*), 0 FROM decided
    WHERE granted AND scheme_code = 'HIN' GROUP BY ALL
    UNION ALL
    SELECT s.scheme_code, 'paid', {wk_s_changed}, count(*), sum(p.amount)
    FROM sc s JOIN dc d ON d.case_id = s.case_id JOIN po p ON p.decision_id = d.id
    WHERE s.to_status = 'paid' AND p.status = 'paid' AND s.changed_on <= DATE '{last}' GROUP BY ALL
    UNION ALL
    SELECT c.scheme_code, 'bz_received', {wk_o_received}, count(*), 0
    FROM ob o JOIN dc d ON d.id = o.decision_id JOIN cs c ON c.id = d.case_id
    WHERE o.received_on <= DATE '{last}' GROUP BY ALL
    UNION ALL
    SELECT c.scheme_code,
           CASE WHEN o.outcome IN ('well_founded', 'partly_well_founded') THEN 'bz_granted'
                WHEN o.outcome IN ('unfounded', 'inadmissible') THEN 'bz_rejected'
                WHEN o.outcome IN ('withdrawn', 'resolved') THEN 'bz_other' ELSE 'bz_unknown' END,
           {wk_o_closed}, count(*), 0
    FROM ob o JOIN dc d ON d.id = o.decision_id JOIN cs c ON c.id = d.case_id
    WHERE o.closed_on IS NOT NULL AND o.closed_on <= DATE '{last}' GROUP BY ALL
),
events_all AS (
    SELECT scheme, key, wk, sum(n) AS n, sum(amount) AS amount FROM events GROUP BY ALL
    UNION ALL
    SELECT '{total}', key, wk, sum(n), sum(amount) FROM events GROUP BY ALL
),
keys AS (SELECT DISTINCT key FROM events_all),
weeks AS (SELECT unnest(range({first_wk} - 8, {last_wk} + 1)) AS wk),
grid AS (SELECT s.scheme, w.wk FROM (SELECT unnest([{scheme_list}, '{total}']) AS scheme) s, weeks w),
cum AS (  -- cumulative totals at every week end: events dated on or before the week's Sunday
    SELECT g.scheme, g.wk, e.key, sum(e.n) AS n, sum(e.amount) AS amount
    FROM grid g JOIN events_all e ON e.scheme = g.scheme AND e.wk <= g.wk
    GROUP BY ALL
),
wide AS (
    SELECT scheme, wk,
        coalesce(sum(n) FILTER (key = 'received'), 0) AS submitted,
        coalesce(sum(n) FILTER (key = 'decided'), 0) AS decided,
        coalesce(sum(n) FILTER (key = 'withdrawn'), 0) AS withdrawn,
        coalesce(sum(n) FILTER (key = 'within'), 0) AS within,
        coalesce(sum(n) FILTER (key = 'outside'), 0) AS outside,
        coalesce(sum(n) FILTER (key = 'granted'), 0) AS granted,
        coalesce(sum(n) FILTER (key = 'rejected'), 0) AS rejected,
        coalesce(sum(n) FILTER (key = 'granted_maatwerk'), 0) AS granted_maatwerk,
        coalesce(sum(n) FILTER (key = 'granted_own'), 0) AS granted_own,
        coalesce(sum(n) FILTER (key = 'granted_institute'), 0) AS granted_institute,
        coalesce(sum(amount) FILTER (key = 'granted'), 0) AS amount_granted,
        coalesce(sum(amount) FILTER (key = 'paid'), 0) AS amount_paid,
        coalesce(sum(n) FILTER (key = 'bz_received'), 0) AS bz_received,
        coalesce(sum(n) FILTER (key IN ('bz_granted', 'bz_rejected', 'bz_other', 'bz_unknown')), 0) AS bz_closed,
        coalesce(sum(n) FILTER (key = 'bz_granted'), 0) AS bz_granted,
        coalesce(sum(n) FILTER (key = 'bz_rejected'), 0) AS bz_rejected,
        coalesce(sum(n) FILTER (key = 'bz_other'), 0) AS bz_other
    FROM grid g LEFT JOIN cum USING (scheme, wk)
    GROUP BY ALL
),
flows AS (
    SELECT *,
        submitted - decided - withdrawn AS stock,
        decided + withdrawn AS completed,
        lag(decided + withdrawn, 8) OVER w AS completed_8_before,
        lag(submitted - decided - withdrawn) OVER w AS stock_before,
        submitted - lag(submitted) OVER w AS d_submitted, decided - lag(decided) OVER w AS d_decided,
        withdrawn - lag(withdrawn) OVER w AS d_withdrawn, within - lag(within) OVER w AS d_within,
        outside - lag(outside) OVER w AS d_outside, granted - lag(granted) OVER w AS d_granted,
        rejected - lag(rejected) OVER w AS d_rejected,
        granted_maatwerk - lag(granted_maatwerk) OVER w AS d_granted_maatwerk,
        granted_own - lag(granted_own) OVER w AS d_granted_own,
        granted_institute - lag(granted_institute) OVER w AS d_granted_institute,
        amount_granted - lag(amount_granted) OVER w AS d_amount_granted,
        amount_paid - lag(amount_paid) OVER w AS d_amount_paid,
        bz_received - lag(bz_received) OVER w AS d_bz_received, bz_closed - lag(bz_closed) OVER w AS d_bz_closed,
        bz_granted - lag(bz_granted) OVER w AS d_bz_granted, bz_rejected - lag(bz_rejected) OVER w AS d_bz_rejected,
        bz_other - lag(bz_other) OVER w AS d_bz_other
    FROM wide WINDOW w AS (PARTITION BY scheme ORDER BY wk)
),
-- Stock by age, straight from the definition: open at the week's Sunday E, age E - received_on.
ages AS (
    SELECT scheme_code, term_days, received_on, decided_on, count(*) AS n FROM cs
    WHERE received_on <= DATE '{last}' GROUP BY ALL
),
sundays AS (SELECT wk, DATE '1900-01-01' + CAST(7 * wk + 6 AS INTEGER) AS sunday FROM weeks WHERE wk >= {first_wk}),
open_cases AS (
    SELECT a.scheme_code AS scheme, s.wk, date_diff('day', a.received_on, s.sunday) AS age, a.term_days, a.n
    FROM ages a JOIN sundays s ON a.received_on <= s.sunday AND (a.decided_on IS NULL OR a.decided_on > s.sunday)
),
by_age AS (
    SELECT scheme, wk,
        sum(n) FILTER (age <= term_days) AS age_0_1,
        sum(n) FILTER (age > term_days AND age <= 2 * term_days) AS age_1_2,
        sum(n) FILTER (age > 2 * term_days AND age <= 4 * term_days) AS age_2_4,
        sum(n) FILTER (age > 4 * term_days) AS age_4
    FROM (SELECT * FROM open_cases UNION ALL SELECT '{total}', wk, age, term_days, n FROM open_cases)
    GROUP BY ALL
),
-- Lead times of the cases decided in each week of the period.
leads AS (
    SELECT scheme_code AS scheme, {wk_decided} AS wk, date_diff('day', received_on, decided_on) AS lead FROM decided
    WHERE decided_on >= DATE '{first}'
),
lead_weeks AS (
    SELECT scheme, wk, quantile_cont(lead, 0.5) AS median, sum(lead) AS lead_sum, count(*) AS cases
    FROM (SELECT * FROM leads UNION ALL SELECT '{total}', wk, lead FROM leads) GROUP BY ALL
)
SELECT f.scheme AS regeling, DATE '1900-01-01' + CAST(7 * f.wk AS INTEGER) AS week,
    f.d_submitted AS ingediend, f.submitted AS ingediend_cumulatief,
    f.stock AS voorraad, f.stock - f.stock_before AS voorraad_verschil,
    f.d_decided + f.d_withdrawn AS afgerond, f.completed AS afgerond_cumulatief,
    f.d_decided AS beschikt, f.decided AS beschikt_cumulatief,
    f.d_withdrawn AS anders_afgehandeld, f.withdrawn AS anders_afgehandeld_cumulatief,
    f.d_granted AS toegekend, f.granted AS toegekend_cumulatief,
    f.d_rejected AS afgewezen, f.rejected AS afgewezen_cumulatief,
    f.d_granted_maatwerk AS toegekend_als_maatwerk, f.granted_maatwerk AS toegekend_als_maatwerk_cumulatief,
    f.d_granted_own AS toegekend_als_herstel_eigen_aannemer,
    f.granted_own AS toegekend_als_herstel_eigen_aannemer_cumulatief,
    f.d_granted_institute AS toegekend_als_herstel_aannemer_instituut,
    f.granted_institute AS toegekend_als_herstel_aannemer_instituut_cumulatief,
    f.d_within AS beschikt_binn_termijn, f.within AS beschikt_binn_termijn_cumulatief,
    f.d_outside AS beschikt_buiten_termijn, f.outside AS beschikt_buiten_termijn_cumulatief,
    CASE WHEN f.d_within + f.d_outside > 0
         THEN {share_week} END AS beschikt_binn_termijn_perc,
    CASE WHEN f.within + f.outside > 0
         THEN {share_cumulative} END AS beschikt_binn_termijn_perc_cumulatief,
    coalesce(a.age_0_1, 0) AS oud_voorraad_binnen_termijn, coalesce(a.age_1_2, 0) AS oud_voorraad_1_2_termijn,
    coalesce(a.age_2_4, 0) AS oud_voorraad_2_4_termijn, coalesce(a.age_4, 0) AS oud_voorraad_buiten_4_termijn,
    l.median AS dlt_gerealiseerd_mediaan_dagen,
    CASE WHEN l.cases > 0 THEN {mean} END AS dlt_gerealiseerd_gemiddeld_dagen,
    CASE WHEN f.completed - f.completed_8_before > 0 THEN {expected} END AS dlt_verwacht_rolling8_dagen,
    f.d_amount_granted AS bedrag_verleend_totaal, f.amount_granted AS bedrag_verleend_totaal_cumulatief,
    f.d_amount_paid AS bedrag_betaald_totaal, f.amount_paid AS bedrag_betaald_totaal_cumulatief,
    f.d_bz_received AS bz_ingediend, f.bz_received AS bz_ingediend_cumulatief,
    f.bz_received - f.bz_closed AS bz_voorraad,
    f.d_bz_closed AS bz_afgerond, f.bz_closed AS bz_afgerond_cumulatief,
    f.d_bz_granted AS bz_toegekend, f.bz_granted AS bz_toegekend_cumulatief,
    f.d_bz_rejected AS bz_afgewezen, f.bz_rejected AS bz_afgewezen_cumulatief,
    f.d_bz_other AS bz_anders_afgehandeld, f.bz_other AS bz_anders_afgehandeld_cumulatief
FROM flows f
LEFT JOIN by_age a USING (scheme, wk)
LEFT JOIN lead_weeks l USING (scheme, wk)
WHERE f.wk >= {first_wk}
ORDER BY f.scheme, f.wk
"""

SATISFACTION_SQL = """
WITH r AS (
    SELECT scheme_code AS scheme, date_trunc('month', submitted_at AT TIME ZONE 'Europe/Amsterdam')::DATE AS month,
           score
    FROM read_parquet('{dir}/satisfaction.parquet') WHERE scheme_code IN ({schemes})
),
months AS (
    SELECT scheme, month, count(*) AS respondents, sum(score) AS total FROM
    (SELECT * FROM r UNION ALL SELECT '{total}', month, score FROM r) GROUP BY ALL
),
running AS (
    SELECT *, sum(respondents) OVER w AS running_respondents, sum(total) OVER w AS running_total
    FROM months WINDOW w AS (PARTITION BY scheme ORDER BY month)
)
SELECT scheme AS regeling, month AS maand, {average} AS maandcijfer, respondents AS aantal_respondenten,
       {running_average} AS doorlopend_cijfer, running_respondents AS aantal_respondenten_doorlopend
FROM running WHERE month >= DATE '{first_month}' AND month <= DATE '{last}'
ORDER BY scheme, month
"""


def _weekno(day: dt.date) -> int:
    return (day - dt.date(1900, 1, 1)).days // 7


def _sunday(day: dt.date) -> dt.date:
    return dt.date(1900, 1, 1) + dt.timedelta(days=7 * _weekno(day) + 6)


def duckdb_report(folder: Path, start: dt.date, end: dt.date, schemes: list[str]) -> tuple[list[dict], list[dict]]:
    """The weekly rows (per scheme and TOTAL) and the satisfaction months, from the Parquet files.

    The period is widened to whole weeks as the report does (Monday of `start` to Sunday of `end`).
    """
    first = dt.date(1900, 1, 1) + dt.timedelta(days=7 * _weekno(start))
    last = _sunday(end)
    quoted = ", ".join(f"'{code}'" for code in schemes)
    sql = DUCKDB_SQL.format(
        dir=folder, schemes=quoted, scheme_list=quoted, total=TOTAL, first=first, last=last,
        first_wk=_weekno(first), last_wk=_weekno(last),
        wk_changed=_WK.format(d="changed_on"), wk_s_changed=_WK.format(d="s.changed_on"),
        wk_decided=_WK.format(d="decided_on"), wk_o_received=_WK.format(d="o.received_on"),
        wk_o_closed=_WK.format(d="o.closed_on"),
        share_week=_ONE_DECIMAL.format(a="100 * f.d_within", b="f.d_within + f.d_outside"),
        share_cumulative=_ONE_DECIMAL.format(a="100 * f.within", b="f.within + f.outside"),
        mean=_ONE_DECIMAL.format(a="l.lead_sum", b="l.cases"),
        expected=_ONE_DECIMAL.format(a="56 * f.stock", b="f.completed - f.completed_8_before"),
    )  # fmt: skip
    con = _duckdb()
    try:
        cursor = con.execute(sql)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        cursor = con.execute(
            SATISFACTION_SQL.format(
                dir=folder,
                schemes=quoted,
                total=TOTAL,
                first_month=first.replace(day=1),
                last=last,
                average=_ONE_DECIMAL.format(a="total", b="respondents"),
                running_average=_ONE_DECIMAL.format(a="running_total", b="running_respondents"),
            )  # fmt: skip
        )
        names = [column[0] for column in cursor.description]
        months = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()
    for row in rows:
        median = row["dlt_gerealiseerd_mediaan_dagen"]
        # a median of whole days is a whole or a half number: exact as a float, half up to one decimal
        row["dlt_gerealiseerd_mediaan_dagen"] = (
            None if median is None else Decimal(str(median)).quantize(Decimal("0.1"))
        )
    return rows, months


# --- Comparing ---------------------------------------------------------------------------------------


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    return Decimal(str(a)) == Decimal(str(b))


def compare(report, duck_rows: list[dict], duck_months: list[dict]) -> int:
    """Every value of the PostgreSQL report against DuckDB; raises ReportMismatch at the first difference.

    Returns the number of values compared.
    """
    by_key = {(row["regeling"], row["week"]): row for row in duck_rows}
    if len(by_key) != len(report.rows):
        raise ReportMismatch(f"Aantal rijen verschilt: PostgreSQL {len(report.rows)}, DuckDB {len(by_key)}.")
    compared = 0
    for row in report.rows:
        pg = row.as_dict()
        duck = by_key.get((row.scheme, row.week))
        if duck is None:
            raise ReportMismatch(f"DuckDB mist de rij regeling {row.scheme}, week {row.week}.")
        for column, value in pg.items():
            if column in NOT_COMPARED or column in ("regeling", "week", "jaar", "weeknummer"):
                continue
            if column not in duck:
                raise ReportMismatch(f"DuckDB kent de kolom {column} niet.")
            if not _same(value, duck[column]):
                raise ReportMismatch(
                    f"Eerste verschil: regeling {row.scheme}, week {row.week} ({row.iso_year}-W{row.iso_week:02d}), "
                    f"kolom {column}: PostgreSQL {value!r}, DuckDB {duck[column]!r}."
                )
            compared += 1
    pg_months = [(key, m) for key, months in report.satisfaction.items() for m in months]
    duck_by_key = {(m["regeling"], m["maand"]): m for m in duck_months}
    if len(pg_months) != len(duck_by_key):
        raise ReportMismatch(
            f"Aantal maanden tevredenheid verschilt: PostgreSQL {len(pg_months)}, DuckDB {len(duck_by_key)}."
        )
    for key, month in pg_months:
        duck = duck_by_key.get((key, month.month))
        if duck is None:
            raise ReportMismatch(f"DuckDB mist tevredenheid van regeling {key}, maand {month.month}.")
        for column, value in month.as_dict().items():
            if column in ("regeling", "maand"):
                continue
            if not _same(value, duck[column]):
                raise ReportMismatch(
                    f"Eerste verschil in tevredenheid: regeling {key}, maand {month.month:%Y-%m}, kolom {column}: "
                    f"PostgreSQL {value!r}, DuckDB {duck[column]!r}."
                )
            compared += 1
    return compared


# --- Measuring ----------------------------------------------------------------------------------------


def _cpu() -> float:
    usage = os.times()
    return usage.user + usage.system


def _explain(captured: list[dict]) -> list[tuple[float, str, str]]:
    """(milliseconds, first line of the SQL, plan) per captured query, by EXPLAIN (ANALYZE, BUFFERS)."""
    from django.db import connection

    found = []
    with connection.cursor() as cursor:
        for query in captured:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT TEXT) {sql}")
            plan = "\n".join(line for (line,) in cursor.fetchall())
            total = next((line for line in plan.splitlines() if line.startswith("Execution Time")), "")
            ms = float(total.split(":")[1].split()[0]) if total else 0.0
            found.append((ms, " ".join(sql.split())[:110], plan))
    return found


def prepare_database() -> list[str]:
    """Planner statistics and visibility maps where they were never made (autovacuum off)."""
    from django.db import connection

    from bench.simulate import ensure_statistics

    lines = ensure_statistics()
    tables = [_db_table(t.model) for t in EXPORTS]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE relname = ANY(%s) AND last_vacuum IS NULL "
            "AND last_autovacuum IS NULL AND n_live_tup > 0",
            [tables],
        )
        never = [name for (name,) in cursor.fetchall()]
        for name in never:
            cursor.execute(f'VACUUM (ANALYZE) "{name}"')
    if never:
        lines.append(f"nooit gevacuumd, nu wel (VACUUM ANALYZE): {', '.join(sorted(never))}")
    return lines


def _period() -> tuple[dt.date, dt.date]:
    """The two years of the demo's case histories (the seed's reference date and the two years before)."""
    from schadeloket.demo.generator import REFERENCE_DATE
    from schadeloket.demo.histories import HISTORY_YEARS

    start = dt.date(REFERENCE_DATE.year - HISTORY_YEARS, REFERENCE_DATE.month, REFERENCE_DATE.day)
    return start, REFERENCE_DATE - dt.timedelta(days=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench report", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="gemeten runs na de eerste (koude) run")
    parser.add_argument("--parquet-dir", default=None, help="map voor de Parquet-bestanden (standaard: tijdelijk)")
    args = parser.parse_args(argv)

    from bench.decide import backend_cpu_seconds
    from bench.simulate import setup_django

    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schadeloket.cases.models import Case, StatusChange
    from schadeloket.reporting.models import FrozenFigure, WeekFreeze
    from schadeloket.reporting.services import freeze_closed_weeks
    from schadeloket.reporting.weekly import weekly_report

    if connection.vendor != "postgresql":
        print("Deze benchmark meet op PostgreSQL; zet DATABASE_URL.")
        return 1
    call_command("migrate", verbosity=0)
    if not Case.objects.exists():
        print("Er zijn geen zaken: maak eerst het img-register met zaakgeschiedenis met `python -m bench seed`.")
        return 1
    for line in prepare_database():
        print(f"  voorbereiding: {line}")
    start, end = _period()
    cases = Case.objects.count()
    changes = StatusChange.objects.count()
    print(
        f"Benchmark report: weekrapport {start} t/m {end}, alle regelingen; "
        f"{cases:,} zaken, {changes:,} statuswijzigingen"
    )

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    # The nightly freeze of the closed weeks, on the day after the histories end.
    FrozenFigure.objects.all().delete()
    WeekFreeze.objects.all().delete()
    started = time.perf_counter()
    freeze = freeze_closed_weeks(today=end + dt.timedelta(days=1))
    freeze_seconds = time.perf_counter() - started
    # PostgreSQL: a cold run with every query captured, then the measured runs.
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        report = weekly_report(start, end)
    cold = time.perf_counter() - started
    pg_seconds, pg_cpu, backend_cpu = [], [], []
    for _run in range(args.repeat):
        cpu, backend = _cpu(), backend_cpu_seconds()
        started = time.perf_counter()
        report = weekly_report(start, end)
        pg_seconds.append(time.perf_counter() - started)
        pg_cpu.append(_cpu() - cpu)
        after = backend_cpu_seconds()
        backend_cpu.append(after - backend if after is not None and backend is not None else float("nan"))
    plans = _explain(captured.captured_queries)

    # Baselines of the same run: the report from the case data alone, one count over the status changes.
    started = time.perf_counter()
    unfrozen = weekly_report(start, end, use_frozen=False)
    unfrozen_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(f"SELECT count(*) FROM {StatusChange._meta.db_table}")  # noqa: S608
        cursor.fetchone()
        baseline = time.perf_counter() - started

    folder = Path(args.parquet_dir) if args.parquet_dir else Path(tempfile.mkdtemp(prefix="report-parquet-"))
    started = time.perf_counter()
    exported = export_parquet(folder)
    export_seconds = time.perf_counter() - started
    schemes = report.schemes
    duck_seconds = []
    for _run in range(max(args.repeat, 1)):
        started = time.perf_counter()
        duck_rows, duck_months = duckdb_report(folder, start, end, schemes)
        duck_seconds.append(time.perf_counter() - started)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        compared = compare(report, duck_rows, duck_months)
        compare(unfrozen, duck_rows, duck_months)
    except ReportMismatch as error:
        print(f"\nFOUT: PostgreSQL en DuckDB geven niet dezelfde cijfers. {error}")
        return 2

    pg_median, duck_median = statistics.median(pg_seconds), statistics.median(duck_seconds)
    result = {
        "benchmark": "report",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "postgresql": connection.cursor().connection.info.server_version,
        "duckdb": __import__("duckdb").__version__,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "database": url.rsplit("/", 1)[-1],
        "period": [start.isoformat(), end.isoformat()],
        "weeks": len(report.weeks),
        "schemes": len(schemes),
        "cases": cases,
        "status_changes": changes,
        "exported_rows": exported,
        "frozen_through": freeze.through.isoformat(),
        "frozen_figures": freeze.figures,
        "freeze_seconds": round(freeze_seconds, 2),
        "postgresql_cold_seconds": round(cold, 3),
        "postgresql_seconds": [round(s, 3) for s in pg_seconds],
        "postgresql_median_seconds": round(pg_median, 3),
        "postgresql_cpu_seconds_python_median": round(statistics.median(pg_cpu), 3),
        "postgresql_cpu_seconds_backend_median": round(statistics.median(backend_cpu), 3),
        "queries": [{"ms": round(ms, 1), "sql": sql} for ms, sql, _plan in plans],
        "export_seconds": round(export_seconds, 2),
        "duckdb_seconds": [round(s, 3) for s in duck_seconds],
        "duckdb_median_seconds": round(duck_median, 3),
        "ratio_postgresql_to_duckdb": round(pg_median / duck_median, 2),
        "unfrozen_seconds": round(unfrozen_seconds, 3),
        "ratio_postgresql_to_unfrozen": round(pg_median / unfrozen_seconds, 3),
        "baseline_count_status_changes_seconds": round(baseline, 3),
        "ratio_postgresql_to_baseline": round(pg_median / baseline, 1),
        "values_compared": compared,
        "identical": True,
        "load_average_before": load_before,
        "load_average_after": load_after,
        "goal": {"postgresql_seconds": GOAL_SECONDS},
        "goal_met": pg_median < GOAL_SECONDS,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    PLANS.write_text("\n\n".join(f"-- {ms:.1f} ms: {sql}\n{plan}" for ms, sql, plan in plans) + "\n", encoding="utf-8")

    print()
    print(f"{'meting':<58}{'waarde':>14}")
    print("-" * 72)
    for label, value in (
        ("weken x regelingen (+ totaal)", f"{len(report.weeks)} x {len(schemes)}"),
        (f"weken bevriezen t/m {freeze.through} (s, 's nachts)", f"{freeze_seconds:.2f}"),
        ("  bevroren cijfers", f"{freeze.figures:,}"),
        ("PostgreSQL eerste (koude) run (s)", f"{cold:.2f}"),
        (f"PostgreSQL mediaan van {len(pg_seconds)} runs (s)", f"{pg_median:.2f}"),
        ("  CPU Python (s, mediaan)", f"{result['postgresql_cpu_seconds_python_median']:.2f}"),
        ("  CPU PostgreSQL-backend (s, mediaan)", f"{result['postgresql_cpu_seconds_backend_median']:.2f}"),
        ("export naar Parquet (s)", f"{export_seconds:.1f}"),
        (f"DuckDB uit Parquet, mediaan van {len(duck_seconds)} runs (s)", f"{duck_median:.2f}"),
        ("verhouding PostgreSQL / DuckDB", f"{pg_median / duck_median:.2f}"),
        ("zonder bevroren weken, 1 run (s)", f"{unfrozen_seconds:.2f}"),
        ("verhouding rapport / zonder bevroren weken", f"{pg_median / unfrozen_seconds:.3f}"),
        ("basislijn: count(*) statuswijzigingen (s)", f"{baseline:.2f}"),
        ("verhouding rapport / basislijn", f"{pg_median / baseline:.1f}"),
        ("waarden vergeleken, alle gelijk (ook zonder bevriezing)", f"{compared:,}"),
        ("belasting machine voor / na", f"{load_before.split()[0]} / {load_after.split()[0]}"),
        (f"doel: PostgreSQL < {GOAL_SECONDS:.0f} s", "gehaald" if result["goal_met"] else "NIET gehaald"),
    ):
        print(f"{label:<58}{value:>14}")
    print("\nper query (EXPLAIN ANALYZE, ms):")
    for ms, sql, _plan in sorted(plans, reverse=True):
        print(f"  {ms:>9.1f}  {sql}")
    print(f"\nGeschreven: {RESULTS.relative_to(REPO_DIR)}, {PLANS.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
