"""The staff report pages, the exports and the public dashboard, through the test client."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client
from freezegun import freeze_time
from openpyxl import load_workbook

from schadeloket.audit.models import AuditEvent
from schadeloket.reporting.dashboard import CACHE_KEY
from schadeloket.reporting.services import freeze_closed_weeks

from .conftest import staff_client, week

pytestmark = pytest.mark.django_db
URL = "/medewerkers/rapportage/"
PERIOD = {"van": "2025-03-03", "tot": "2025-03-23"}  # weeks 10 to 12 of 2025


@pytest.fixture
def cases(history):
    history("VES", week(10, 0), decide=week(11, 2), amount="10000.00")
    history("VES", week(10, 1))
    history("AVV", week(10, 2), decide=week(12, 1), granted=False)
    history("HEA", week(11, 3), withdraw=week(12, 0))


@freeze_time("2025-06-30 12:00")
def test_manager_sees_the_report_with_charts_and_tables(manager_client, cases):
    response = manager_client.get(URL, PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Van maandag 03-03-2025 tot en met zondag 23-03-2025" in html
    assert html.count('<svg role="img"') >= 5
    assert html.count("Tabel bij de grafiek") == html.count('<svg role="img"')
    summary = response.context["summary"]
    assert (summary["submitted"], summary["completed"], summary["decided"], summary["stock"]) == (4, 3, 2, 1)
    assert (summary["granted"], summary["rejected"], summary["amount_granted"]) == (1, 1, Decimal("10000.00"))
    assert [t["code"] for t in response.context["tables"]][:4] == ["TOTAAL", "VES", "AVV", "HEA"]
    assert "export.csv?van=2025-03-03" in html


def test_the_page_says_which_weeks_are_frozen(manager_client, cases):
    assert "liggen vast" not in manager_client.get(URL, PERIOD).content.decode()
    freeze_closed_weeks(today=week(12, 2))  # weeks up to 11 are frozen (on the real clock: after the cases)
    response = manager_client.get(URL, PERIOD)
    assert "De cijfers tot en met zondag 16-03-2025 liggen vast" in response.content.decode()
    summary = response.context["summary"]
    assert (summary["submitted"], summary["completed"], summary["decided"], summary["stock"]) == (4, 3, 2, 1)


@freeze_time("2025-06-30 12:00")
def test_viewing_the_report_writes_no_audit_event(manager_client, cases):
    before = AuditEvent.objects.count()
    assert manager_client.get(URL, PERIOD).status_code == 200
    assert manager_client.get(URL + "export.csv", PERIOD).status_code == 200
    assert AuditEvent.objects.count() == before


@freeze_time("2025-06-30 12:00")
def test_without_a_choice_the_last_twelve_weeks_of_all_schemes(manager_client):
    response = manager_client.get(URL)
    assert response.status_code == 200
    report = response.context["report"]
    assert len(report.weeks) == 12 and report.end == dt.date(2025, 7, 6)
    assert len(report.schemes) == 17
    assert "Daarom tonen we geen grafieken" in response.content.decode()  # nothing happened: no empty charts
    assert response.context["charts"] == []


@pytest.mark.parametrize(
    ("roles", "status"),
    [(["Manager"], 200), (["Beheerder"], 200), (["Behandelaar"], 403), (["Toetser"], 403), ([], 403)],
)
@freeze_time("2025-06-30 12:00")
def test_only_managers_and_admins(roles, status):
    client = staff_client(*roles)
    for path in (URL, URL + "export.csv", URL + "export.xlsx"):
        assert client.get(path, PERIOD).status_code == status, path


def test_anonymous_staff_pages_go_to_login(db):
    response = Client().get(URL)
    assert response.status_code == 302 and "/medewerkers/inloggen/" in response["Location"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"van": "", "tot": ""}, "Vul een begindatum in."),
        ({"van": "3 maart", "tot": "2025-03-23"}, "Vul een datum in zoals 03-03-2025."),
        ({"van": "2025-03-23", "tot": "2025-03-03"}, "De einddatum ligt vóór de begindatum"),
        ({"van": "2025-08-01", "tot": "2025-08-31"}, "De periode ligt in de toekomst"),
        ({"van": "2025-03-03", "tot": "2025-12-31"}, "De einddatum ligt in de toekomst"),
        ({"van": "2020-01-06", "tot": "2025-03-23"}, "Kies een periode van hoogstens 156 weken"),
        ({**PERIOD, "regelingen": ["VES", "BESTAATNIET"]}, "De regeling BESTAATNIET bestaat niet"),
    ],
)
@freeze_time("2025-06-30 12:00")
def test_bad_input_gets_a_dutch_message_and_no_chart(manager_client, cases, params, message):
    for path in (URL, URL + "export.csv", URL + "export.xlsx"):
        response = manager_client.get(path, params)
        assert response.status_code == 400, path
        html = response.content.decode()
        assert message in html
        assert 'role="alert"' in html
        assert '<svg role="img"' not in html
        assert response.context["report"] is None


@freeze_time("2025-06-30 12:00")
def test_typed_input_is_kept_after_an_error(manager_client):
    response = manager_client.get(URL, {"van": "2025-03-23", "tot": "2025-03-03", "regelingen": ["AVV"]})
    html = response.content.decode()
    assert 'value="2025-03-23"' in html and 'value="2025-03-03"' in html
    assert 'value="AVV" class="utrecht-checkbox utrecht-checkbox--html-input" id="id_regelingen_1" checked' in html


@freeze_time("2025-06-30 12:00")
def test_csv_export_has_the_same_figures(manager_client, cases):
    response = manager_client.get(URL + "export.csv", {**PERIOD, "regelingen": ["VES", "AVV"]})
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="weekrapport-20250303-20250323.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 9  # VES, AVV and the total, three weeks each
    ves_10 = next(r for r in rows if r["regeling"] == "VES" and r["week"] == "2025-03-03")
    assert (ves_10["ingediend"], ves_10["voorraad"], ves_10["jaar"], ves_10["weeknummer"]) == ("2", "2", "2025", "10")
    total_11 = next(r for r in rows if r["regeling"] == "TOTAAL" and r["weeknummer"] == "11")
    assert (total_11["beschikt"], total_11["bedrag_verleend_totaal"], total_11["beschikt_binn_termijn_perc"]) == (
        "1", "10000.00", "100.0")  # fmt: skip
    avv_12 = next(r for r in rows if r["regeling"] == "AVV" and r["weeknummer"] == "12")
    assert (avv_12["afgewezen"], avv_12["afgerond_cumulatief"], avv_12["dlt_gerealiseerd_mediaan_dagen"]) == (
        "1", "1", str((week(12, 1) - week(10, 2)).days) + ".0")  # fmt: skip
    assert ves_10["beschikt_binn_termijn_perc"] == ""  # no decisions that week: not defined, not 0


@freeze_time("2025-06-30 12:00")
def test_xlsx_export_reads_back_with_the_same_figures(manager_client, cases):
    response = manager_client.get(URL + "export.xlsx", PERIOD)
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Weken", "Tevredenheid", "Toelichting"]
    sheet = workbook["Weken"]
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, (cell.value for cell in row), strict=True)) for row in sheet.iter_rows(min_row=2)]
    assert len(rows) == 3 * 18  # all 17 schemes and the total
    total_11 = next(r for r in rows if r["regeling"] == "TOTAAL" and r["weeknummer"] == 11)
    assert (total_11["beschikt"], total_11["bedrag_verleend_totaal"], total_11["voorraad"]) == (1, 10000, 3)
    assert total_11["week"].date() == week(11)
    notes = {row[0].value: row[1].value for row in workbook["Toelichting"].iter_rows(min_row=2)}
    assert notes["voorraad"] == "Aanvragen open aan het eind van de week (voorraad)"


@freeze_time("2025-06-30 12:00")
def test_public_dashboard_totals_and_small_numbers(client, history):
    for _ in range(6):
        history("VES", week(20), decide=week(22), amount="10000.00")
    history("AVV", week(21))  # one AVV application: suppressed
    response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert response.context["data"]["handled"] == 6
    assert "€ 60.000,00" in html
    assert "Bijgewerkt op 30 juni 2025, 14:00 uur" in html
    ves = next(chart for chart in response.context["per_scheme"] if chart.slug == "regeling-ves")
    avv = next(chart for chart in response.context["per_scheme"] if chart.slug == "regeling-avv")
    # The last twelve weeks are weeks 16 to 27: six VES applications in week 20, decided in week 22.
    assert (ves.series[0].values[4], ves.series[1].values[6]) == (6, 6)
    assert avv.series[0].values[5] is None and avv.series[0].display[5] == "minder dan 5"
    assert "minder dan 5" in html
    assert "Een tevredenheidscijfer tonen we pas" in html
    # Every chart has its table; AVV's only count is hidden, so it gets a table and no (empty) chart.
    assert html.count('<svg role="img"') == 2 and html.count("Tabel bij de grafiek") == 3
    assert "De aantallen in deze weken zijn te klein om te tonen" in html


@freeze_time("2025-06-30 12:00")
def test_dashboard_hides_an_amount_of_fewer_than_five_grants(client, history):
    history("VES", week(20), decide=week(22), amount="10000.00")
    html = client.get("/dashboard/").content.decode()
    assert "10.000" not in html
    assert "Het toegekende bedrag tonen we pas bij 5 of meer" in html


def test_dashboard_is_served_from_the_cache(client, history):
    from django.core.cache import cache

    with freeze_time("2025-06-30 12:00"):
        client.get("/dashboard/")
        cached = cache.get(CACHE_KEY)
        assert cached["handled"] == 0
        history("VES", week(20), withdraw=week(21))
        # Within the cache time the page shows the cached figures and their time.
        assert client.get("/dashboard/").context["data"]["handled"] == 0


def test_staff_home_links_to_the_report_for_managers_only(db):
    assert URL in staff_client("Manager").get("/medewerkers/").content.decode()
    assert URL not in staff_client("Behandelaar").get("/medewerkers/").content.decode()
