"""The weekly-report benchmark's check: DuckDB over a Parquet export gives exactly the figures of
`schadeloket.reporting.weekly`, and a difference is reported with scheme, week and column."""

import datetime as dt

import pytest
from django.db.models import F

from bench.report import ReportMismatch, _period, compare, duckdb_report, export_parquet
from schadeloket.cases.models import Case, StatusChange
from schadeloket.demo.generator import REFERENCE_DATE
from schadeloket.demo.services import seed_demo
from schadeloket.reporting.weekly import TOTAL, weekly_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(shared_data):
    seed_demo(
        scale="small", data_dir=shared_data, load_external=False, addresses=1500, cases=2000,
        reference_date=REFERENCE_DATE,
    )  # fmt: skip


def test_duckdb_gives_exactly_the_weekly_report(seeded, tmp_path):
    start, end = _period()
    report = weekly_report(start, end)
    counts = export_parquet(tmp_path)
    assert counts["status_change"] == StatusChange.objects.count() and counts["case"] == Case.objects.count()
    rows, months = duckdb_report(tmp_path, start, end, report.schemes)
    compared = compare(report, rows, months)
    assert compared > 50_000  # every column of every scheme and week, and the satisfaction months
    busy = max(report.totals, key=lambda row: row.submitted)
    assert busy.submitted > 10 and busy.stock > 0  # the data is not empty
    assert any(months for key, months in report.satisfaction.items() if key != TOTAL)


def test_a_difference_names_scheme_week_and_column(seeded, tmp_path):
    start, end = _period()
    export_parquet(tmp_path)
    # After the export, a case decided within its term gets a deadline before its decision (in the database).
    within = Case.objects.filter(decided_on__gte=dt.date(2024, 3, 1), decided_on__lte=F("deadline"), status="closed")
    case = within.order_by("id").first()
    Case.objects.filter(pk=case.pk).update(deadline=case.decided_on - dt.timedelta(days=1))
    # From the case data as it is now: the seed froze the closed weeks, and a frozen week keeps its figures.
    report = weekly_report(start, end, use_frozen=False)
    rows, months = duckdb_report(tmp_path, start, end, report.schemes)
    with pytest.raises(ReportMismatch) as error:
        compare(report, rows, months)
    message = str(error.value)
    assert f"regeling {case.scheme_code}" in message and "beschikt_b" in message
    assert "PostgreSQL" in message and "DuckDB" in message


def test_missing_rows_are_a_difference(seeded, tmp_path):
    start, end = _period()
    export_parquet(tmp_path)
    report = weekly_report(start, end)
    rows, months = duckdb_report(tmp_path, start, end, report.schemes)
    with pytest.raises(ReportMismatch, match="Aantal rijen"):
        compare(report, rows[:-1], months)
    with pytest.raises(ReportMismatch, match="tevredenheid"):
        compare(report, rows, months[:-1])
