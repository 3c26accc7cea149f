"""The public algorithm register: list, one page per algorithm, JSON export, version history."""

import dataclasses
import datetime as dt
import html
import json
import re
import shutil
from decimal import Decimal

import pytest

from schadeloket.algorithms import services
from schadeloket.algorithms.models import RuleVersion
from schadeloket.algorithms.services import (
    FIELD_NAMES,
    REQUIRED_FIELDS,
    build_entry,
    cell_words,
    record_rule_versions,
    value_words,
)
from schadeloket.schemes.engine.tables import load_table
from schadeloket.schemes.registry import all_schemes, get_scheme

pytestmark = pytest.mark.django_db

VES_TABLES = ("ves_conditions", "ves_location", "ves_amount")


@pytest.fixture
def ves_page(client):
    response = client.get("/algoritmes/VES/")
    assert response.status_code == 200
    return response.text


def test_list_shows_every_algorithm_with_description_and_status(client):
    response = client.get("/algoritmes/")
    assert response.status_code == 200
    text = response.text
    assert '<a class="utrecht-link" href="/algoritmes/VES/">Vaste vergoeding</a>' in text
    assert get_scheme("VES").short_description in text.replace("&#x27;", "'")
    assert "In gebruik" in text
    assert "Grondsnelheid per adres" in text
    for scheme in all_schemes():
        assert f'href="/algoritmes/{scheme.code}/"' in text


def test_ves_page_has_every_field_of_the_standard(ves_page):
    for name in FIELD_NAMES:
        assert f'<dt class="utrecht-data-list__item-key">{name}</dt>' in ves_page, name
    assert "Instituut Mijnbouwschade Groningen" in ves_page
    assert "Impactvolle algoritmes" in ves_page
    assert "2021-11" in ves_page  # Begindatum, from conditions.dmn row 1
    assert "Nog niet beschreven" in ves_page  # e.g. Verwerkingsregister, Impacttoets(en)
    ves = get_scheme("VES")
    assert f'href="{ves.legal_basis_url}"' in ves_page.replace("&amp;", "&")


def test_ves_page_renders_the_three_tables_with_rows_and_legal_basis_links(ves_page):
    ves = get_scheme("VES")
    page = ves_page.replace("&amp;", "&")
    assert page.count('<table class="utrecht-table">') == 3 + 2  # three decision tables, parameters, versions
    for table_id in VES_TABLES:
        table = ves.tables[table_id]
        assert f"Beslistabel: {table.name}</caption>" in page
        assert table.version[:12] in page
        for row in table.rows:
            assert f'href="{row.legal_basis.url}">{row.legal_basis.text}</a>' in page.replace("&#x27;", "'")
        for column in table.inputs:
            assert f'<th scope="col" class="utrecht-table__header-cell">{column.label}</th>' in page
    # Every row of the conditions table is there with its number as a row header.
    numbers = re.findall(r'<th scope="row" class="utrecht-table__header-cell utrecht-table__cell">(\d+)</th>', page)
    assert numbers[:7] == [str(n) for n in range(1, 8)]
    # Cells in plain words, raw text kept beside them.
    assert "vóór 1-11-2021" in page and "&lt; date(2021, 11, 1)" in page
    assert "3 of meer" in page and "&gt;= 3" in page
    assert "elke waarde" in page
    assert "Bedrag voor een gebouw (€ 10.000)" in page


def test_ves_page_marks_the_placeholder_raise_date(ves_page):
    row = re.search(r'<tr class="utrecht-table__row" id="parameter-ves_raise_date">(.*?)</tr>', ves_page, re.S)
    assert row, "ves_raise_date is not listed"
    assert "voorlopige waarde" in row.group(1)
    assert "1-7-2023" in row.group(1)
    confirmed = re.search(r'id="parameter-ves_amount">(.*?)</tr>', ves_page, re.S).group(1)
    assert "voorlopige waarde" not in confirmed and "€ 10.000" in confirmed


def test_ves_page_shows_the_version_history(ves_page):
    for table_id in VES_TABLES:
        version = RuleVersion.objects.get(table_id=table_id)
        assert version.short_version in ves_page
    assert "ja, huidige versie" in ves_page


def test_json_export_has_the_standard_fields_tables_parameters_and_versions(client):
    response = client.get("/algoritmes/VES.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    for name in FIELD_NAMES:
        assert name in data, name
    for name in REQUIRED_FIELDS:
        assert data[name], name
    assert len(data["Naam"]) < 100
    assert len(data["Korte omschrijving"]) < 350
    assert data["Taal"] == "nld" and data["Schema"] == "1.0.0"
    assert data["Status"] in ("In ontwikkeling", "In gebruik", "Buiten gebruik")
    assert data["Link naar publiekspagina"] == "http://testserver/algoritmes/VES/"
    assert data["Verwerkingsregister"] is None  # not described yet: null, never made up
    tables = {table["table_id"]: table for table in data["tables"]}
    assert set(tables) == set(VES_TABLES)
    amount = tables["ves_amount"]
    assert [row["number"] for row in amount["rows"]] == [1, 2, 3]
    assert amount["rows"][0]["inputs"] == ["False", "-"]
    assert amount["rows"][0]["inputs_in_words"] == ["nee", "elke waarde"]
    assert amount["rows"][0]["legal_basis"]["url"].startswith("https://www.schadedoormijnbouw.nl/")
    assert amount["version"] == get_scheme("VES").tables["ves_amount"].version
    parameters = {p["name"]: p for p in data["parameters"]}
    assert parameters["ves_raise_date"] == {
        "name": "ves_raise_date",
        "description": "Datum waarop het bedrag van € 5.000 naar € 10.000 ging",
        "value": "2023-07-01",
        "value_in_words": "1-7-2023",
        "unit": "",
        "source": parameters["ves_raise_date"]["source"],
        "status": "placeholder",
    }
    assert parameters["ves_amount"]["value"] == "10000"
    versions = {v["table_id"]: v for v in data["versions"]}
    assert [h["version"] for h in versions["ves_amount"]["history"]] == [versions["ves_amount"]["current_version"]]


@pytest.mark.parametrize("code", [scheme.code for scheme in all_schemes()] + ["GRONDSNELHEID"])
def test_every_algorithm_has_a_page_and_an_export_within_the_limits(client, code):
    assert client.get(f"/algoritmes/{code}/").status_code == 200
    data = json.loads(client.get(f"/algoritmes/{code}.json").content)
    assert build_entry(code).length_problems() == []
    assert set(FIELD_NAMES) <= set(data)


def test_ground_motion_model_is_described_from_its_code(client):
    page = client.get("/algoritmes/GRONDSNELHEID/").text
    assert "Grondsnelheid per adres" in page
    assert "Dit algoritme gebruikt geen beslistabellen" in page
    assert "-3,3996" in page  # c1 of Bommer et al. (2022)
    assert "200.0 m/s" in page or "200,0 m/s" in page
    assert "voorlopige waarde" in page  # VS30 is our assumption


@pytest.mark.parametrize("url", ["/algoritmes/BESTAATNIET/", "/algoritmes/BESTAATNIET.json"])
def test_unknown_code_is_404_in_dutch(client, url):
    response = client.get(url)
    assert response.status_code == 404
    text = html.unescape(response.content.decode())
    assert "Algoritme 'BESTAATNIET' bestaat niet." in text
    assert "Bekende algoritmes: VES" in text


def test_lower_case_code_redirects_to_the_register_spelling(client):
    response = client.get("/algoritmes/ves/")
    assert response.status_code == 301 and response["Location"] == "/algoritmes/VES/"
    assert client.get("/algoritmes/ves.json")["Location"] == "/algoritmes/VES.json"


def test_pages_need_no_login_and_refuse_posts(client):
    assert client.get("/algoritmes/VES/").status_code == 200
    assert client.post("/algoritmes/VES/").status_code == 405


# --- Version history ---------------------------------------------------------------------------


def test_migrate_recorded_every_current_table_version():
    # The test database was built by migrate, whose post_migrate signal records the versions.
    for scheme in all_schemes():
        for table in scheme.tables.values():
            assert RuleVersion.objects.filter(table_id=table.table_id, version=table.version).exists()


def test_history_does_not_grow_when_nothing_changed(client):
    before = RuleVersion.objects.count()
    assert record_rule_versions() == []
    client.get("/algoritmes/VES/")
    client.get("/algoritmes/VES.json")
    assert RuleVersion.objects.count() == before


def test_history_gains_one_row_when_a_table_file_changes(tmp_path, monkeypatch):
    ves = get_scheme("VES")
    original = ves.tables["ves_amount"]
    changed_file = tmp_path / original.path.name
    shutil.copy(original.path, changed_file)
    changed_file.write_text(
        changed_file.read_text(encoding="utf-8").replace("Het bedrag hangt af", "Het bedrag is afhankelijk"),
        encoding="utf-8",
    )
    changed = load_table(changed_file)
    assert changed.version != original.version
    monkeypatch.setitem(ves.tables, "ves_amount", changed)
    before = RuleVersion.objects.count()

    new = record_rule_versions()
    assert [(v.table_id, v.version, v.file_name, v.scheme_code) for v in new] == [
        ("ves_amount", changed.version, "amount.dmn", "VES")
    ]
    assert RuleVersion.objects.count() == before + 1
    assert record_rule_versions() == []  # idempotent
    assert RuleVersion.objects.count() == before + 1
    history = list(RuleVersion.objects.filter(table_id="ves_amount").order_by("first_seen", "pk"))
    assert [v.version for v in history] == [original.version, changed.version]


def test_the_page_records_a_changed_version_lazily_and_shows_both(client, monkeypatch):
    ves = get_scheme("VES")
    original = ves.tables["ves_amount"]
    changed = dataclasses.replace(original, version="f" * 64)
    monkeypatch.setitem(ves.tables, "ves_amount", changed)
    page = client.get("/algoritmes/VES/").text
    assert RuleVersion.objects.filter(table_id="ves_amount").count() == 2
    assert "ffffffffffff" in page and original.version[:12] in page
    assert "nee, vervangen" in page


# --- Plain words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("-", "elke waarde"),
        ("", "elke waarde"),
        (">= 2", "2 of meer"),
        ("> 2", "meer dan 2"),
        ("< 30", "minder dan 30"),
        ("<= 5", "5 of minder"),
        ("True", "ja"),
        ("False", "nee"),
        ("date(2021, 11, 1)", "1-11-2021"),
        (">= date(2021, 11, 1)", "vanaf 1-11-2021"),
        ("< date(2021, 11, 1)", "vóór 1-11-2021"),
        ('Decimal("5000")', "€ 5.000"),
        ('>= Decimal("15000")', "€ 15.000 of meer"),
        ('"home"', "home"),
        ('in ("NAM", "CVW")', "CVW of NAM"),
        ('not in ("NAM", "CVW")', "niet CVW of NAM"),
        ("2 <= ? < 5", "2 of meer en minder dan 5"),
        ("1 <= ? < 2013", "1 of meer en minder dan 2013"),
        ("1 <= ? <= 3", "van 1 tot en met 3"),
        ("None", "onbekend"),
        ("some_function(x)", "some_function(x)"),
    ],
)
def test_cells_in_plain_words(cell, words):
    assert cell_words(cell) == words


def test_values_in_plain_words():
    assert value_words(Decimal("4200.50")) == "€ 4.200,50"
    assert value_words(dt.date(2023, 7, 1)) == "1-7-2023"
    assert value_words(50000) == "50.000"
    assert value_words(2.9) == "2,9"


def test_settings_override_organisation_and_contact(client, settings):
    settings.ALGORITHM_REGISTER_CONTACT = "algoritmes@example.org"
    settings.ALGORITHM_REGISTER_SOURCE_CODE_URL = "https://example.org/schadeloket"
    page = client.get("/algoritmes/VES/").text
    assert 'href="mailto:algoritmes@example.org"' in page
    assert 'href="https://example.org/schadeloket"' in page
    assert services.contact() == "algoritmes@example.org"
