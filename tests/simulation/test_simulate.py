"""Policy simulation: service, `manage.py simulate`, and the staff page."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from schadeloket.register.addresses.coordinates import rd_to_wgs84
from schadeloket.register.areas.models import Area, AreaKind
from schadeloket.register.payments.models import PriorPayment
from schadeloket.simulation.services import ParameterError, UnknownSchemeError, parse_overrides, simulate
from tests.backoffice.conftest import log_in
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, UserFactory

pytestmark = pytest.mark.django_db
ON = date(2025, 11, 1)


@pytest.fixture
def register(loppersum):
    """12 owned homes in Loppersum (2 municipalities), 2 far away, 1 without owner, 1 with earlier applications."""
    Area.objects.create(kind=AreaKind.CORE, name="Kern", postcodes=["9919"], source="test")
    for i in range(12):
        address = AddressFactory(
            postcode=f"99{19 if i < 4 else 20}A{'BCDEFGHJKLMN'[i]}", municipality="Eemsdelta" if i % 2 else "Groningen"
        )
        BuildingRelationFactory(building=BuildingFactory(address=address, construction_year=1950))
    lat, lon = rd_to_wgs84(150_000, 450_000)
    for _ in range(2):
        BuildingRelationFactory(building=BuildingFactory(address=AddressFactory(latitude=lat, longitude=lon)))
    BuildingFactory(construction_year=1950)  # no owner in the register: depends
    repeated = BuildingRelationFactory(building=BuildingFactory(construction_year=1950)).building
    for n in range(3):
        PriorPayment.objects.create(
            reference=f"R{n}", payer="IMG", paid_on=date(2022, 1, 1), amount=Decimal("1000"), scheme="VES",
            kind="damage", building=repeated,
        )  # fmt: skip


def run(*args) -> dict:
    out = io.StringIO()
    call_command("simulate", *args, "--date", ON.isoformat(), "--json", stdout=out)
    return json.loads(out.getvalue())


def test_changing_the_ves_amount_changes_the_cost_by_eligible_times_the_difference(register):
    data = run("VES", "--set", "ves_amount=12500")
    current, changed = data["current"]["total"], data["changed"]["total"]
    assert data["buildings"] == 16
    assert current["eligible"] == 12
    assert changed["eligible"] == current["eligible"]
    assert Decimal(changed["cost"]) - Decimal(current["cost"]) == current["eligible"] * Decimal("2500")
    assert Decimal(current["cost"]) == 12 * Decimal("10000")
    assert current["depends"] == 1
    assert data["difference"] == {"eligible": 0, "cost": "30000"}


def test_split_by_municipality_and_area_adds_up(register):
    data = run("VES", "--set", "ves_amount=12500")
    for run_name in ("current", "changed"):
        part = data[run_name]
        for split in ("by_municipality", "by_area"):
            assert sum(v["eligible"] for v in part[split].values()) == part["total"]["eligible"]
            assert sum(Decimal(v["cost"]) for v in part[split].values()) == Decimal(part["total"]["cost"])
    assert data["current"]["by_municipality"]["Groningen"]["eligible"] == 6
    assert data["current"]["by_area"]["core"]["eligible"] == 4
    assert data["current"]["by_area"]["none"]["eligible"] == 0


def test_without_changes_both_sides_are_equal_and_each_building_is_decided_once(register):
    data = run("VES")
    assert data["current"] == data["changed"]
    assert data["timing"]["evaluations"] == 16


def test_text_report_has_dutch_headings(register):
    out = io.StringIO()
    call_command("simulate", "VES", "--set", "ves_amount=12500", "--date", ON.isoformat(), stdout=out)
    text = out.getvalue()
    for heading in ("Beleidssimulatie VES", "Per gemeente", "Per gebied", "Huidig: aantal", "Verschil kosten"):
        assert heading in text
    assert "+€ 30.000" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["NIETS"], "Regeling 'NIETS' bestaat niet."),
        (["VES", "--set", "bestaat_niet=1"], "Parameter 'bestaat_niet' bestaat niet in deze regeling."),
        (["VES", "--set", "ves_amount=veel"], "De waarde 'veel' past niet bij parameter 'ves_amount'"),
        (["VES", "--set", "ves_amount=-5"], "Parameter 'ves_amount' mag niet lager zijn dan 0."),
        (["VES", "--set", "ves_amount"], "Schrijf een wijziging als naam=waarde"),
        (["VES", "--date", "gisteren"], "De datum 'gisteren' klopt niet"),
    ],
)
def test_bad_input_stops_with_the_dutch_message(register, args, message, django_assert_max_num_queries):
    with django_assert_max_num_queries(0), pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("simulate", *args, stdout=io.StringIO())


def test_bad_input_exits_non_zero_from_the_command_line(register, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "simulate", "VES", "--set", "ves_amount=veel"])
    assert exit_info.value.code != 0
    assert "De waarde 'veel' past niet bij parameter 'ves_amount'" in capsys.readouterr().err


def test_the_service_raises_before_anything_runs(django_assert_max_num_queries, db):
    with django_assert_max_num_queries(0):
        with pytest.raises(UnknownSchemeError):
            simulate("NIETS", None, ON)
        with pytest.raises(ParameterError):
            simulate("VES", {"ves_raise_date": "31-12-2024"}, ON)
    assert parse_overrides("ves_amount = 12500\n\n# opmerking\n") == {"ves_amount": "12500"}


# --- The staff page ---------------------------------------------------------------------------

URL = "/medewerkers/simulatie/"


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/medewerkers/inloggen/" in response["Location"]


@pytest.mark.parametrize("role", ["Behandelaar", "Zaakbegeleider", "Aannemer"])
def test_other_roles_are_refused(client, role):
    log_in(client, UserFactory(roles=[role]))
    assert client.get(URL).status_code == 403


@pytest.mark.parametrize("role", ["Manager", "Beheerder"])
def test_managers_and_administrators_run_a_simulation(client, register, role):
    log_in(client, UserFactory(roles=[role]))
    assert client.get(URL).status_code == 200
    response = client.post(URL, {"scheme": "VES", "overrides": "ves_amount=12500", "on_date": ON.isoformat()})
    assert response.status_code == 200
    text = response.text
    assert "Uitkomst: Vaste vergoeding (VES)" in text
    assert "€ 120.000" in text and "€ 150.000" in text and "+€ 30.000" in text
    assert "Gemeente: Groningen" in text and "Gebied: Kerngebied" in text


def test_bad_override_on_the_page_keeps_the_text_and_runs_nothing(client, register):
    log_in(client, UserFactory(roles=["Manager"]))
    response = client.post(URL, {"scheme": "VES", "overrides": "ves_amount=veel", "on_date": ON.isoformat()})
    assert response.status_code == 400
    assert "De waarde &#x27;veel&#x27; past niet bij parameter &#x27;ves_amount&#x27;" in response.text
    assert "ves_amount=veel" in response.text
    assert "Uitkomst:" not in response.text


def test_a_superuser_may_run_it(client, register):
    user = UserFactory(username="root")
    user.is_superuser = True
    user.save()
    log_in(client, user)
    assert client.get(URL).status_code == 200


def test_the_simulation_only_assumes_consent(register):
    from schadeloket.register.buildings.models import Building
    from schadeloket.schemes.facts import gather_facts_bulk
    from schadeloket.simulation.services import assume_consent

    for _id, plain in gather_facts_bulk(Building.objects.all(), ON):
        expected = plain.as_context()
        if expected["co_owners_consent"] is None:
            expected["co_owners_consent"] = True  # the simulation's one assumption
        assert assume_consent(plain).as_context() == expected
