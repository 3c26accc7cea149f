"""The monthly report on a small known set: final decisions in two schemes over two months, some
objected to and coded, a draft with a zienswijze; the share per scheme and month; the month taken in
Europe/Amsterdam; the categories per rule version; the rules; and the CSV export."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from schadeloket.grounds.report import Period, grounds_report, share
from schadeloket.grounds.services import code_objection, code_view
from tests.grounds.conftest import at, client_of, decided, drafted, letter_objection, objector_of, ves_outcome

pytestmark = pytest.mark.django_db

MARCH, APRIL = dt.date(2025, 3, 1), dt.date(2025, 4, 1)


@pytest.fixture
def known_set(handler, lawyer, reviewer):
    """March 2025: VES 4 decisions (1 objected: amount + procedure), MAATWERK 2 decisions (1 objected:
    causality) and 2 drafts with a reaction moment (1 zienswijze: inspection). April 2025: VES 2
    decisions, both objected (one coded: amount, one not yet). The last March VES decision is taken at
    23:30 on 31 March in Amsterdam (21:30 UTC): March. One at 00:30 on 1 April (still 31 March in
    UTC) counts in April."""
    outcome = ves_outcome()
    ves_march = [decided(handler, "VES", at(2025, 3, day), outcome=outcome) for day in (3, 10, 17)]
    ves_march.append(decided(handler, "VES", at(2025, 3, 31, 23, 30), outcome=outcome))
    maatwerk_march = [decided(handler, "MAATWERK", at(2025, 3, day)) for day in (5, 12)]
    ves_april = [
        decided(handler, "VES", at(2025, 4, 1, 0, 30), outcome=outcome),
        decided(handler, "VES", at(2025, 4, 14), outcome=outcome),
    ]
    drafts = [
        drafted(handler, "MAATWERK", at(2025, 3, 20), view_text="De opname klopt niet."),
        drafted(handler, "MAATWERK", at(2025, 3, 21)),
    ]
    # Outside the period: must not count.
    decided(handler, "VES", at(2025, 2, 28, 23, 30), outcome=outcome)

    def object_to(decision):
        return letter_objection(decision, objector_of(decision), lawyer)

    code_objection(object_to(ves_march[3]), categories=["amount", "procedure"], actor=lawyer)
    code_objection(object_to(maatwerk_march[0]), categories=["causality"], actor=lawyer)
    code_objection(object_to(ves_april[0]), categories=["amount"], disputed=["ves_amount:3"], actor=lawyer)
    object_to(ves_april[1])  # not coded yet
    code_view(drafts[0], categories=["inspection"], actor=reviewer)
    return outcome


def rows_by_key(report):
    return {(row.month, row.scheme_code): row for row in report.per_scheme_month}


def test_figures_per_scheme_and_month(known_set):
    report = grounds_report(Period(MARCH, APRIL))
    rows = rows_by_key(report)
    assert set(rows) == {(MARCH, "VES"), (MARCH, "MAATWERK"), (APRIL, "VES")}

    ves = rows[(MARCH, "VES")]
    assert (ves.decisions, ves.objected, ves.objections, ves.coded_objections) == (4, 1, 1, 1)
    assert ves.objection_share == Decimal("25.0")
    assert (ves.drafts, ves.reacted, ves.view_share) == (0, 0, None)

    maatwerk = rows[(MARCH, "MAATWERK")]
    assert (maatwerk.decisions, maatwerk.objected, maatwerk.objection_share) == (2, 1, Decimal("50.0"))
    assert (maatwerk.drafts, maatwerk.reacted, maatwerk.view_share, maatwerk.coded_views) == (2, 1, Decimal("50.0"), 1)

    april = rows[(APRIL, "VES")]
    assert (april.decisions, april.objected, april.objections, april.coded_objections) == (2, 2, 2, 1)
    assert april.objection_share == Decimal("100.0")


def test_totals_per_scheme_recompute_the_share_from_the_counts(known_set):
    totals = {row.scheme_code: row for row in grounds_report(Period(MARCH, APRIL)).per_scheme}
    assert (totals["VES"].decisions, totals["VES"].objected, totals["VES"].objection_share) == (6, 3, Decimal("50.0"))
    assert totals["MAATWERK"].objection_share == Decimal("50.0")


def test_categories_per_month_scheme_and_rule_version(known_set):
    report = grounds_report(Period(MARCH, APRIL))
    cells = {(r.month, r.scheme_code, r.category): (r.objections, r.views) for r in report.per_category}
    assert cells == {
        (MARCH, "VES", "amount"): (1, 0),
        (MARCH, "VES", "procedure"): (1, 0),
        (MARCH, "MAATWERK", "causality"): (1, 0),
        (MARCH, "MAATWERK", "inspection"): (0, 1),
        (APRIL, "VES", "amount"): (1, 0),
    }
    versions = {r.scheme_code: r.rule_set_version for r in report.per_category}
    assert len(versions["VES"]) == 64 and versions["MAATWERK"] == ""  # no rules stored with those
    totals = {t.category: (t.objections, t.views) for t in report.category_totals}
    assert totals == {"amount": (2, 0), "causality": (1, 0), "inspection": (0, 1), "procedure": (1, 0)}
    [ves_version] = report.rule_set_versions
    assert ves_version.version == versions["VES"] and len(ves_version.tables) == 3
    assert ves_version.since is not None  # the tables' versions are in the algorithm register


def test_rules_named_and_deciding(known_set):
    rules = grounds_report(Period(MARCH, APRIL)).per_rule
    april = {(r.table_id, r.row): r for r in rules if r.month == APRIL}
    assert april[("ves_amount", 3)].disputed_objections == 1 and april[("ves_amount", 3)].decided_objections == 1
    assert april[("ves_location", 1)].disputed_objections == 0 and april[("ves_location", 1)].decided_objections == 1
    march = {(r.table_id, r.row): r for r in rules if r.month == MARCH}
    assert march[("ves_amount", 3)].decided_objections == 1 and march[("ves_amount", 3)].disputed_objections == 0
    assert rules[0].month == MARCH  # per month; within it the most disputed first
    assert [r for r in rules if r.month == APRIL][0].table_id == "ves_amount"


def test_one_scheme_only(known_set):
    report = grounds_report(Period(MARCH, APRIL), "MAATWERK")
    assert {row.scheme_code for row in report.per_scheme_month} == {"MAATWERK"}
    assert {row.scheme_code for row in report.per_category} == {"MAATWERK"}


def test_an_empty_period(known_set):
    report = grounds_report(Period(dt.date(2019, 1, 1), dt.date(2019, 6, 1)))
    assert report.empty and report.per_rule == [] and report.category_totals == []


def test_share():
    assert share(1, 3) == Decimal("33.3") and share(2, 3) == Decimal("66.7") and share(0, 5) == Decimal("0.0")
    assert share(1, 0) is None


# --- the page and the CSV -------------------------------------------------------------------------


def test_the_page_shows_the_figures_with_charts_and_tables(known_set, manager):
    response = client_of(manager).get("/medewerkers/gronden/", {"van": "2025-03", "tot": "2025-04"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Periode: maart 2025 tot en met april 2025." in html
    # Two charts, each with a title and a description, and a table behind it.
    assert html.count('role="img"') == 2
    assert 'aria-labelledby="grafiek-aandeel-titel grafiek-aandeel-uitleg"' in html
    assert '<table class="utrecht-table" id="tabel-aandeel">' in html
    assert '<table class="utrecht-table" id="tabel-categorie">' in html
    assert "25,0%" in html and "100,0%" in html and "Hoogte van het bedrag" in html
    # No resident's text on the report.
    assert "gevel" not in html and "De opname klopt niet" not in html


def test_the_csv_export(known_set, manager):
    client = client_of(manager)
    response = client.get("/medewerkers/gronden/regelingen.csv", {"van": "2025-03", "tot": "2025-04"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="gronden-regelingen-2025-03-2025-04.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    ves = next(r for r in rows if r["maand"] == "2025-03" and r["regeling"] == "VES")
    assert (ves["besluiten"], ves["besluiten_met_bezwaar"], ves["aandeel_met_bezwaar_procent"]) == ("4", "1", "25.0")

    response = client.get("/medewerkers/gronden/gronden.csv", {"van": "2025-03", "tot": "2025-04", "regeling": "VES"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted((r["maand"], r["categorie"], r["bezwaren"]) for r in rows) == [
        ("2025-03", "amount", "1"),
        ("2025-03", "procedure", "1"),
        ("2025-04", "amount", "1"),
    ]
    response = client.get("/medewerkers/gronden/regels.csv", {"van": "2025-04", "tot": "2025-04"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    amount = next(r for r in rows if r["tabel"] == "ves_amount")
    assert (amount["regel"], amount["genoemd_in_bezwaren"]) == ("ves_a_building", "1")


def test_the_default_period_is_the_last_twelve_months(manager):
    response = client_of(manager).get("/medewerkers/gronden/")
    assert response.status_code == 200
    assert "In deze periode zijn geen besluiten genomen" in response.content.decode()


@pytest.mark.parametrize(
    "params, message",
    [
        ({"van": "2025-13", "tot": "2025-12"}, "Schrijf de maand als jaar-maand"),
        ({"van": "maart", "tot": "2025-12"}, "Schrijf de maand als jaar-maand"),
        ({"van": "2025-06", "tot": "2025-03"}, "De eerste maand (2025-06) ligt na de laatste maand (2025-03)."),
        ({"van": "2020-01", "tot": "2025-03"}, "Kies hoogstens 36 maanden"),
        ({"regeling": "ONBEKEND"}, "Deze regeling kennen wij niet: ONBEKEND"),
    ],
)
def test_bad_input_gives_a_dutch_message_not_an_error(manager, params, message):
    client = client_of(manager)
    response = client.get("/medewerkers/gronden/", params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client.get("/medewerkers/gronden/gronden.csv", params).status_code == 400


def test_other_month_spellings_are_understood(manager):
    response = client_of(manager).get("/medewerkers/gronden/", {"van": "3-2025", "tot": "04/2025"})
    assert response.status_code == 200
    assert "Periode: maart 2025 tot en met april 2025." in response.content.decode()


def test_an_unknown_csv_table_is_not_found(manager):
    assert client_of(manager).get("/medewerkers/gronden/personen.csv").status_code == 404
