"""Tests for the demo seed: deterministic, loaded once, valid identifiers, shaped like the real data."""

import csv
from decimal import Decimal
from io import StringIO

import numpy as np
import pytest
from django.core.management import call_command
from django.db import connection
from stdnum.nl import bsn as stdnum_bsn

from schadeloket.audit.models import AuditEvent
from schadeloket.demo.services import seed_demo
from schadeloket.register.addresses.coordinates import wgs84_to_rd
from schadeloket.register.addresses.models import Address
from schadeloket.register.addresses.validators import normalize_postcode, validate_bag_id
from schadeloket.register.buildings.models import Building, BuildingKind, BuildingRelation
from schadeloket.register.payments.models import Payer, PriorPayment
from schadeloket.register.persons.bsn import decrypt_bsn, hash_bsn
from schadeloket.register.persons.models import Person

pytestmark = pytest.mark.django_db

# Groningen and Drenthe, generously: the demo positions are approximate.
LAT_RANGE = (52.55, 53.60)
LON_RANGE = (6.00, 7.30)


def seed(data_dir, **kwargs):
    return seed_demo(scale="small", data_dir=data_dir, load_external=False, **kwargs)


def snapshot() -> dict:
    return {
        "counts": [m.objects.count() for m in (Address, Building, Person, BuildingRelation, PriorPayment)],
        "addresses": list(
            Address.objects.order_by("id").values_list(
                "nummeraanduiding_id", "street", "house_number", "postcode", "place", "latitude", "longitude"
            )[:20]
        ),
        "persons": list(
            Person.objects.order_by("id").values_list("bsn_hash", "first_names", "surname", "date_of_birth")[:20]
        ),
        "payments": list(
            PriorPayment.objects.order_by("id").values_list("reference", "payer", "paid_on", "amount", "kind")[:20]
        ),
        "payment_sum": sum(PriorPayment.objects.values_list("amount", flat=True)),
    }


def wipe():
    from tests.demo.test_seed_histories import wipe_histories

    wipe_histories()
    for model in (PriorPayment, BuildingRelation, Person, Building, Address):
        model.objects.all().delete()


def test_small_seed_is_deterministic(shared_data):
    seed(shared_data)
    first = snapshot()
    wipe()
    seed(shared_data)
    second = snapshot()
    assert first == second
    assert first["counts"][0] == 3000
    assert first["counts"][4] == 6000


def test_other_seed_gives_other_data(shared_data):
    seed(shared_data, seed=1)
    first = snapshot()
    wipe()
    seed(shared_data, seed=2)
    assert snapshot()["addresses"] != first["addresses"]


def test_running_twice_adds_nothing_and_says_so(shared_data):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", stdout=out)
    counts = snapshot()["counts"]
    events = AuditEvent.objects.count()
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", stdout=out)
    assert "Demogegevens staan er al" in out.getvalue()
    assert snapshot()["counts"] == counts
    assert AuditEvent.objects.count() == events


def test_one_audit_event_for_the_register_load_and_one_per_demo_area(shared_data):
    before = AuditEvent.objects.count()
    seed(shared_data)
    new = list(AuditEvent.objects.order_by("sequence")[before:])
    assert [(e.action, e.object_type, e.object_id) for e in new if e.object_type == "demo.seed"] == [
        ("import", "demo.seed", "small")
    ]
    assert sorted(e.reason for e in new if e.object_type == "areas.area") == [
        "area loaded: core",
        "area loaded: reinforcement",
    ]


def test_demo_core_area_is_the_busiest_epicentre_places(shared_data):
    from schadeloket.register.areas.models import Area, AreaKind

    seed_demo(scale="small", data_dir=shared_data, load_external=True)  # with the KNMI catalogue
    core = Area.objects.get(kind=AreaKind.CORE)
    assert "9919" in core.postcodes  # Loppersum
    assert "9711" not in core.postcodes  # the city of Groningen is not the core
    assert "demo" in core.name.lower()


def test_bsns_pass_the_11_test_and_match_their_hash(shared_data):
    seed(shared_data)
    persons = list(Person.objects.values_list("bsn_encrypted", "bsn_hash"))
    assert len(persons) > 2000
    for encrypted, hashed in persons:
        bsn = decrypt_bsn(encrypted)
        assert stdnum_bsn.is_valid(bsn)
        assert hash_bsn(bsn) == hashed


def test_identifiers_and_postcodes_are_valid_and_real(shared_data):
    seed(shared_data)
    with open(shared_data / "pc4-groningen-drenthe.csv", encoding="utf-8") as handle:
        real_pc4 = {row["postcode"] for row in csv.DictReader(handle)}
    rows = list(Address.objects.values_list("postcode", "pc4", "nummeraanduiding_id", "verblijfsobject_id"))
    for postcode, pc4, nummeraanduiding, verblijfsobject in rows:
        assert normalize_postcode(postcode) == postcode
        assert pc4 in real_pc4
        validate_bag_id(nummeraanduiding)
        validate_bag_id(verblijfsobject)
    for pand_id in Building.objects.values_list("pand_id", flat=True):
        validate_bag_id(pand_id)
    assert len({r[2] for r in rows}) == len(rows)


def test_coordinates_are_in_groningen_and_drenthe_and_rd_matches(shared_data):
    seed(shared_data)
    values = np.array(list(Address.objects.values_list("latitude", "longitude", "rd_x", "rd_y")))
    lat, lon = values[:, 0], values[:, 1]
    assert lat.min() >= LAT_RANGE[0] and lat.max() <= LAT_RANGE[1]
    assert lon.min() >= LON_RANGE[0] and lon.max() <= LON_RANGE[1]
    x, y = wgs84_to_rd(lat, lon)
    assert np.abs(x - values[:, 2]).max() < 1 and np.abs(y - values[:, 3]).max() < 1


def test_gas_field_core_is_denser(shared_data):
    seed(shared_data)
    core = Address.objects.filter(
        municipality__in=["Eemsdelta", "Midden-Groningen", "Het Hogeland", "Groningen"]
    ).count()
    assert core > Address.objects.count() / 2


def test_payments_follow_the_img_outcomes(shared_data):
    seed(shared_data)
    decisions: dict[str, float] = {}
    with open(shared_data / "img-physical-damage-pc4.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            decisions[row["pc4"]] = decisions.get(row["pc4"], 0.0) + float(row["pos_besluiten_n"] or 0)
    seeded_pc4 = set(Address.objects.values_list("pc4", flat=True))
    top = max((pc4 for pc4 in decisions if pc4 in seeded_pc4), key=decisions.get)
    without = sorted(pc4 for pc4 in seeded_pc4 if decisions.get(pc4, 0) == 0)
    assert without, "expected some postcode areas without IMG decisions"

    def payments(pc4, **filters):
        return PriorPayment.objects.filter(building__address__postcode__startswith=pc4, **filters).count()

    assert payments(top, payer=Payer.IMG) > 10
    assert all(payments(pc4, payer=Payer.IMG) == 0 for pc4 in without)
    assert payments(top) > max(payments(pc4) for pc4 in without)


def test_payments_are_realistic(shared_data):
    seed(shared_data)
    amounts = list(PriorPayment.objects.filter(kind="damage").values_list("amount", flat=True))
    assert all(isinstance(a, Decimal) and a > 0 for a in amounts)
    assert sum(a < Decimal("10000") for a in amounts) > len(amounts) / 2
    payers = set(PriorPayment.objects.values_list("payer", flat=True))
    assert {"NAM", "CVW", "TCMG", "IMG"} <= payers
    assert PriorPayment.objects.filter(kind="incidental_costs").exists()
    assert not PriorPayment.objects.filter(payer="IMG", paid_on__year__lt=2020).exists()
    assert not PriorPayment.objects.filter(payer="NAM", paid_on__year__gt=2016).exists()


def test_buildings_and_relations_are_plausible(shared_data):
    seed(shared_data)
    small = Building.objects.filter(kind=BuildingKind.SMALL_OBJECT)
    assert small.exists()
    assert not small.exclude(cultuurcode=18).exists()
    assert not small.filter(floor_area_m2__gte=30).exists()
    assert Building.objects.filter(kind=BuildingKind.FARM_BUILDING, has_manure_cellar=True).exists()
    assert Building.objects.filter(kind=BuildingKind.NON_RESIDENTIAL).exists()
    assert Building.objects.filter(kind=BuildingKind.HOME).count() > Building.objects.count() / 2
    assert BuildingRelation.objects.filter(kind="owner", valid_until__isnull=False).exists()  # former owners
    assert BuildingRelation.objects.filter(kind="resident", valid_until__isnull=True).exists()


def test_works_without_data_and_says_which_inputs_it_used(tmp_path):
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(tmp_path), stdout=out)
    text = out.getvalue()
    assert "Gebruikte invoer: meegeleverde plaatsenlijst" in text
    assert "benaderde demoposities" in text
    assert "Niet ingelezen: aardbevingen" in text
    assert Address.objects.count() == 3000
    assert PriorPayment.objects.count() == 6000
    lat = np.array(list(Address.objects.values_list("latitude", flat=True)))
    assert lat.min() >= LAT_RANGE[0] and lat.max() <= LAT_RANGE[1]


def test_img_scale_uses_copy_on_postgresql(shared_data):
    if connection.vendor != "postgresql":
        pytest.skip("the COPY path runs only on PostgreSQL (set DATABASE_URL)")
    report = seed_demo(scale="img", data_dir=shared_data, addresses=2000, load_external=False)
    assert report.counts["adressen"] == 2000
    assert PriorPayment.objects.count() == 4000
    # the id sequences moved past the demo's ids: a normal insert still works
    address = Address.objects.create(
        nummeraanduiding_id="0003200000999999",
        street="Proefstraat",
        house_number=1,
        postcode="9999ZZ",
        place="Proef",
        municipality="Eemsdelta",
        rd_x=0,
        rd_y=0,
        latitude=53.3,
        longitude=6.7,
    )
    assert address.pk > Address.objects.exclude(pk=address.pk).order_by("-pk").first().pk
