"""Facts from the register: one building (gather_facts) and many at once (gather_facts_bulk)."""

import io
import random
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from shapely.geometry import Point, box

from schadeloket.register.addresses.coordinates import rd_to_wgs84
from schadeloket.register.areas.models import Area, AreaKind, GasField
from schadeloket.register.areas.services import rebuild_evidence_presumption_area
from schadeloket.register.buildings.models import Building, BuildingKind, RelationKind
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.payments.models import PriorPayment
from schadeloket.schemes.facts import (
    Facts,
    gather_facts,
    gather_facts_bulk,
    is_ves_or_repair_scheme,
    owner_on,
)
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ON = date(2025, 1, 1)
LOPPERSUM_RD = (245_493.9, 594_872.8)  # where AddressFactory puts every address by default


def address_at_rd(x, y, **kwargs):
    lat, lon = rd_to_wgs84(x, y)
    return AddressFactory(latitude=lat, longitude=lon, **kwargs)


_quakes = 0


def quake(x, y, magnitude, when, depth_km=3.0):
    global _quakes
    _quakes += 1
    lat, lon = rd_to_wgs84(x, y)
    return Earthquake.objects.create(
        knmi_key=f"test-{_quakes}",
        origin_time=datetime(when.year, when.month, when.day, 12, tzinfo=UTC),
        location_name="Testdorp",
        latitude=lat,
        longitude=lon,
        rd_x=x,
        rd_y=y,
        depth_km=depth_km,
        magnitude=str(magnitude),
    )


_payments = 0


def pay(building, amount, *, payer="IMG", kind="damage", scheme="IMG fysieke schade", paid_on=date(2020, 1, 1)):
    global _payments
    _payments += 1
    return PriorPayment.objects.create(
        reference=f"T{_payments}",
        payer=payer,
        paid_on=paid_on,
        amount=Decimal(amount),
        scheme=scheme,
        kind=kind,
        building=building,
    )


@pytest.fixture
def field():
    """A synthetic 10 x 10 km 'Groningen field' around Loppersum, and the evidence area built from it."""
    x, y = LOPPERSUM_RD
    GasField.objects.create(
        code="GRO", name="Test", source="test", geometry_rd_wkt=box(x - 5000, y - 5000, x + 5000, y + 5000).wkt
    )
    rebuild_evidence_presumption_area()
    return x, y


# --- The applicant ------------------------------------------------------------------------------


def test_owner_today_former_owner_and_owner_on_the_huizinge_date():
    building = BuildingFactory()
    former = BuildingRelationFactory(
        building=building, valid_from=date(2001, 3, 1), valid_until=date(2018, 5, 31), person__date_of_birth=None
    ).person
    today = BuildingRelationFactory(building=building, valid_from=date(2018, 6, 1), valid_until=None).person
    BuildingRelationFactory(building=building, person=today, kind=RelationKind.RESIDENT, valid_from=date(2018, 6, 1))
    today.date_of_birth = date(1960, 1, 2)
    today.save()

    now = gather_facts(building=building, person=today, on_date=ON)
    assert (now.applicant_is_owner, now.applicant_is_former_owner, now.applicant_is_resident) == (True, False, True)
    assert now.applicant_owner_on_huizinge_date is False
    assert now.applicant_age_years == 64  # turns 65 on 2 January
    assert now.applicant_is_natural_person is True
    assert now.co_owners_consent is True  # the sole owner today: no co-owner needs to consent

    old = gather_facts(building=building, person=former, on_date=ON)
    assert (old.applicant_is_owner, old.applicant_is_former_owner, old.applicant_is_resident) == (False, True, False)
    assert old.applicant_owner_on_huizinge_date is True
    assert old.applicant_age_years is None  # date of birth not known

    # Back in 2010 the former owner was the owner
    then = gather_facts(building=building, person=former, on_date=date(2010, 1, 1))
    assert (then.applicant_is_owner, then.applicant_is_former_owner) == (True, False)
    assert owner_on(building, ON) == today
    assert owner_on(building, date(2010, 1, 1)) == former


def test_a_stranger_is_no_owner_and_without_a_person_nothing_about_the_applicant_is_known():
    building = BuildingFactory()
    BuildingRelationFactory(building=building, valid_from=date(2000, 1, 1))
    stranger = gather_facts(building=building, person=PersonFactory(), on_date=ON)
    assert (stranger.applicant_is_owner, stranger.applicant_is_former_owner) == (False, False)
    nobody = gather_facts(building=building, on_date=ON, pre_registered_avv=True)
    assert nobody.applicant_is_owner is None
    assert nobody.applicant_is_natural_person is None
    assert nobody.applicant_age_years is None
    assert nobody.pre_registered_avv is True


def test_building_fields_are_copied():
    building = BuildingFactory(
        kind=BuildingKind.SMALL_OBJECT,
        cultuurcode=18,
        floor_area_m2=25,
        woz_value=Decimal("42000.00"),
        construction_year=1980,
        has_manure_cellar=True,
        manure_cellar_volume_m3=300,
        is_monument=True,
        address__postcode="9919AB",
    )
    facts = gather_facts(building=building, on_date=ON)
    assert facts.building_kind == "small_object"
    assert (facts.cultuurcode, facts.floor_area_m2, facts.woz_value) == (18, 25, Decimal("42000.00"))
    assert (facts.construction_year, facts.has_manure_cellar, facts.manure_cellar_volume_m3) == (1980, True, 300)
    assert facts.is_monument is True
    assert (facts.pc4, facts.municipality) == ("9919", "Eemsdelta")
    assert facts.reference_date == ON


# --- History --------------------------------------------------------------------------------------


def test_prior_damage_total_counts_only_damage_by_nam_cvw_tcmg_img_up_to_the_date():
    building = BuildingFactory()
    pay(building, "1000.00", payer="NAM", scheme="NAM schadeafhandeling", paid_on=date(2014, 5, 1))
    pay(building, "2000.50", payer="TCMG", scheme="TCMG fysieke schade", paid_on=date(2019, 5, 1))
    pay(building, "300.00", payer="IMG", kind="incidental_costs", paid_on=date(2022, 1, 1))
    pay(building, "45.25", payer="IMG", kind="statutory_interest", paid_on=date(2022, 1, 1))
    pay(building, "999.00", payer="OTHER", scheme="gemeente", paid_on=date(2021, 1, 1))
    pay(building, "5000.00", payer="IMG", scheme="VES", paid_on=date(2025, 1, 2))  # after the date

    facts = gather_facts(building=building, on_date=ON)
    assert facts.prior_damage_total == Decimal("3000.50")
    assert facts.prior_total_received == Decimal("4344.75")
    assert facts.prior_payment_count == 5
    assert facts.earlier_ves_or_repair_applications == 0
    assert facts.first_application_at_address is False

    later = gather_facts(building=building, on_date=date(2025, 6, 1))
    assert later.prior_damage_total == Decimal("8000.50")
    assert later.earlier_ves_or_repair_applications == 1


def test_earlier_ves_or_repair_applications_count_damage_payments_of_those_schemes():
    building = BuildingFactory()
    for scheme in ("VES", "Vaste vergoeding", "HEA", "Herstel in natura", "herstel-eigen-aannemer"):
        pay(building, "100.00", scheme=scheme)
    pay(building, "100.00", scheme="Aanvullende vaste vergoeding")  # AVV is a top-up, not a VES
    pay(building, "100.00", scheme="IMG fysieke schade")  # maatwerk
    pay(building, "50.00", scheme="HEA", kind="incidental_costs")  # the same decision's costs
    assert gather_facts(building=building, on_date=ON).earlier_ves_or_repair_applications == 5


@pytest.mark.parametrize(
    ("scheme", "expected"),
    [
        ("VES", True),
        ("ves 2022", True),
        ("Vaste vergoeding", True),
        ("vaste  eenmalige vergoeding", True),
        ("HEA", True),
        ("HIN/HAI", True),
        ("Daadwerkelijk herstel", True),
        ("AVV", False),
        ("Aanvullende vaste vergoeding", False),
        ("Duurzaam herstel", False),
        ("Herstelkosten maatwerk", False),
        ("IMG fysieke schade", False),
        ("Heating", False),
        ("", False),
    ],
)
def test_scheme_names_for_ves_or_repair(scheme, expected):
    assert is_ves_or_repair_scheme(scheme) is expected


def test_first_application_looks_at_every_building_of_the_address():
    address = AddressFactory()
    house, shed = BuildingFactory(address=address), BuildingFactory(address=address, kind=BuildingKind.SMALL_OBJECT)
    elsewhere = BuildingFactory()
    assert gather_facts(building=house, on_date=ON).first_application_at_address is True
    pay(shed, "500.00", paid_on=date(2023, 1, 1))
    assert gather_facts(building=house, on_date=ON).first_application_at_address is False
    assert gather_facts(building=house, on_date=date(2022, 12, 31)).first_application_at_address is True
    assert gather_facts(building=elsewhere, on_date=ON).first_application_at_address is True


# --- Location and earthquakes ----------------------------------------------------------------


def test_event_counts_respect_the_construction_year_and_the_date():
    x, y = LOPPERSUM_RD
    quake(x, y, "2.5", date(2010, 6, 1))  # p99 about 17.5 mm/s, median about 4.6 at the site
    quake(x, y, "2.0", date(2015, 3, 1))  # p99 about 5.7, median about 1.5
    quake(x + 10_000, y, "1.5", date(2016, 3, 1))  # far too weak
    quake(x, y, "3.0", date(2025, 2, 1))  # after the reference date

    def facts(year):
        return gather_facts(building=BuildingFactory(construction_year=year), on_date=ON)

    assert facts(2012).events_2mms_since_construction == 1
    assert facts(2010).events_2mms_since_construction == 2  # from 1 January of the construction year
    assert facts(2011).events_2mms_since_construction == 1
    assert facts(None).events_2mms_since_construction == 2  # unknown year: every event counts
    assert facts(2016).events_2mms_since_construction == 0
    one = facts(1965)
    assert (one.events_10mms_p99, one.events_2_9mms_median) == (1, 1)
    assert one.max_pgv_p99_mm_s == pytest.approx(17.5, abs=0.1)
    assert gather_facts(building=BuildingFactory(), on_date=date(2025, 3, 1)).events_10mms_p99 == 2


def test_area_flags_by_geometry_postcode_and_pgv(field):
    x, y = field
    Area.objects.create(kind=AreaKind.CORE, name="Kern", postcodes=["9919"], source="test")
    Area.objects.create(
        kind=AreaKind.REINFORCEMENT, name="Versterking", geometry_rd_wkt=Point(x, y).buffer(1000).wkt, source="test"
    )
    Area.objects.create(
        kind=AreaKind.DEEP_SUBSIDENCE,
        name="Oud",
        geometry_rd_wkt=Point(x, y).buffer(1000).wkt,
        source="test",
        valid_until=date(2020, 12, 31),
    )

    centre = gather_facts(building=BuildingFactory(address__postcode="9919AB"), on_date=ON)
    assert centre.within_6km and centre.in_effect_area and centre.in_reinforcement_area and centre.in_core_area
    assert not centre.in_deep_subsidence_area  # that area ended in 2020
    earlier = gather_facts(building=BuildingFactory(address__postcode="9919AC"), on_date=date(2019, 1, 1))
    assert earlier.in_deep_subsidence_area

    far = address_at_rd(x, y - 5000 - 8000, postcode="9700AB")  # 8 km south of the field
    plain = gather_facts(building=BuildingFactory(address=far), on_date=ON)
    assert (plain.within_6km, plain.in_effect_area, plain.in_core_area, plain.in_reinforcement_area) == (
        False,
        False,
        False,
        False,
    )
    # a strong quake nearby brings it into the evidence-presumption area (2 mm/s at 1%)
    quake(far.rd_x + 1000, far.rd_y, "2.5", date(2020, 1, 1))
    assert gather_facts(building=BuildingFactory(address=far), on_date=ON).in_effect_area
    assert not gather_facts(building=BuildingFactory(address=far), on_date=date(2019, 1, 1)).in_effect_area


# --- Bulk ------------------------------------------------------------------------------------------

SCHEMES = ["VES", "HEA", "Herstel in natura", "IMG fysieke schade", "NAM schadeafhandeling", "AVV", "Stuwmeer"]


def mixed_register(n: int, seed: int = 7) -> list[Building]:
    """n buildings spread in and around the field, with relations, payments, areas and quakes."""
    rng = random.Random(seed)
    x0, y0 = LOPPERSUM_RD
    Area.objects.create(kind=AreaKind.CORE, name="Kern", postcodes=["9901", "9903"], source="test")
    Area.objects.create(
        kind=AreaKind.REINFORCEMENT,
        name="Versterking",
        geometry_rd_wkt=Point(x0 + 3000, y0).buffer(6000).wkt,
        source="test",
    )
    Area.objects.create(
        kind=AreaKind.DEEP_SUBSIDENCE,
        name="Bodemdaling",
        geometry_rd_wkt=box(x0 - 20_000, y0 - 20_000, x0 - 8000, y0 - 12_000).wkt,
        postcodes=["9905"],
        source="test",
        valid_from=date(2021, 1, 1),
    )
    Area.objects.create(
        kind=AreaKind.CORE, name="Toekomst", postcodes=["9902"], source="test", valid_from=date(2026, 1, 1)
    )
    for _ in range(40):
        quake(
            x0 + rng.uniform(-15_000, 15_000),
            y0 + rng.uniform(-15_000, 15_000),
            f"{rng.uniform(1.0, 3.6):.1f}",
            date(rng.randint(1991, 2025), rng.randint(1, 12), rng.randint(1, 28)),
            depth_km=rng.choice([3.0, 2.5]),
        )
    buildings: list[Building] = []
    for i in range(n):
        if buildings and rng.random() < 0.1:
            address = rng.choice(buildings).address  # a second building on an address
        else:
            address = address_at_rd(
                x0 + rng.uniform(-22_000, 22_000),
                y0 + rng.uniform(-22_000, 22_000),
                postcode=f"99{rng.randint(0, 6):02d}{'ABCDEFGHJK'[i % 10]}{'LMNPRTVWXZ'[i // 10 % 10]}",
                house_number=i + 1,
            )
        building = BuildingFactory(
            address=address,
            kind=rng.choice(list(BuildingKind.values)),
            construction_year=rng.choice([None, 1930, 1975, 2005, 2010, 2013, 2016, 2019, 2023]),
            woz_value=rng.choice([None, Decimal("48000.00"), Decimal("245000.00")]),
            cultuurcode=rng.choice([None, 18, 100, 1]),
        )
        buildings.append(building)
        owners = rng.choice([0, 1, 1, 1, 2])
        for _ in range(owners):
            start = date(rng.randint(1990, 2024), 1, 1)
            until = rng.choice([None, None, date(2024, 12, 31), date(2012, 8, 16)])
            BuildingRelationFactory(
                building=building,
                valid_from=start,
                valid_until=until if until is None or until >= start else None,
                person__date_of_birth=rng.choice([None, date(1950, 5, 5), date(1990, 1, 1)]),
            )
        if rng.random() < 0.3:
            BuildingRelationFactory(building=building, kind=RelationKind.RESIDENT, valid_from=date(2000, 1, 1))
        for _ in range(rng.choice([0, 0, 1, 2, 4])):
            pay(
                building,
                f"{rng.randint(1, 800_000) / 100:.2f}",
                payer=rng.choice(["NAM", "CVW", "TCMG", "IMG", "OTHER"]),
                kind=rng.choice(["damage", "damage", "incidental_costs", "statutory_interest"]),
                scheme=rng.choice(SCHEMES),
                paid_on=date(rng.randint(2010, 2026), rng.randint(1, 12), 1),
            )
    return buildings


def test_bulk_gives_the_same_facts_as_one_by_one(field):
    buildings = mixed_register(200)
    bulk = dict(gather_facts_bulk(Building.objects.all(), ON, chunk_size=64))
    assert list(bulk) == sorted(b.pk for b in buildings)
    for building in buildings:
        single = gather_facts(building=building, person=owner_on(building, ON), on_date=ON)
        assert bulk[building.pk] == single, building.pk
    # the sample covers the interesting cases
    values = list(bulk.values())
    for name in ("in_effect_area", "within_6km", "in_core_area", "in_reinforcement_area", "in_deep_subsidence_area"):
        assert 0 < sum(getattr(f, name) for f in values) < len(values), name
    assert any(f.applicant_is_owner for f in values) and any(f.applicant_is_owner is None for f in values)
    assert any(f.events_2mms_since_construction for f in values)
    assert any(f.earlier_ves_or_repair_applications for f in values)
    assert any(not f.first_application_at_address for f in values)

    anonymous = dict(gather_facts_bulk([b.pk for b in buildings[:30]], ON, applicant="none"))
    for building in buildings[:30]:
        assert anonymous[building.pk] == gather_facts(building=building, on_date=ON)


def test_bulk_on_an_empty_register_and_bad_applicant():
    assert list(gather_facts_bulk(Building.objects.none(), ON)) == []
    assert list(gather_facts_bulk([], ON)) == []
    with pytest.raises(ValueError, match="applicant"):
        list(gather_facts_bulk([], ON, applicant="tenant"))


def test_bulk_without_areas_gas_fields_or_quakes():
    building = BuildingFactory()
    [(pk, facts)] = gather_facts_bulk([building], ON)
    assert pk == building.pk
    assert isinstance(facts, Facts)
    assert facts == gather_facts(building=building, on_date=ON)
    assert facts.max_pgv_p99_mm_s == 0.0 and not facts.within_6km


@pytest.mark.parametrize("n", [5, 120])
def test_bulk_query_count_does_not_grow_with_the_number_of_buildings(field, n, django_assert_max_num_queries):
    mixed_register(n, seed=n)
    # once: areas, gas fields, catalogue (key and rows); per chunk: buildings, relations,
    # payments, paid addresses; and the empty page that ends the keyset paging
    with django_assert_max_num_queries(9):
        assert len(list(gather_facts_bulk(Building.objects.all(), ON))) == n
    with django_assert_max_num_queries(4 + 4 * 3 + 1):
        assert len(list(gather_facts_bulk(Building.objects.all(), ON, chunk_size=50))) == n


def test_bulk_equals_single_with_the_real_gas_fields_and_catalogue(shared_data):
    from django.core.management import call_command

    from schadeloket.register.earthquakes.services import import_catalogue

    call_command("load_gas_fields", str(shared_data / "gas-fields.geojson"), stdout=io.StringIO())
    import_catalogue(shared_data / "knmi-earthquakes.csv")
    rng = random.Random(3)
    x0, y0 = LOPPERSUM_RD
    buildings = [
        BuildingFactory(
            address=address_at_rd(
                x0 + rng.uniform(-60_000, 30_000), y0 + rng.uniform(-70_000, 15_000), house_number=i + 1
            ),
            construction_year=rng.choice([None, 1900, 1986, 2000, 2012, 2013, 2020]),
        )
        for i in range(80)
    ]
    bulk = dict(gather_facts_bulk(Building.objects.all(), ON, chunk_size=30))
    for building in buildings:
        assert bulk[building.pk] == gather_facts(building=building, on_date=ON), building.pk
    values = list(bulk.values())
    assert 0 < sum(f.within_6km for f in values) < len(values)
    assert 0 < sum(f.events_2mms_since_construction > 0 for f in values) < len(values)


def test_with_co_owners_their_consent_is_unknown_to_the_register():
    building = BuildingFactory()
    first = BuildingRelationFactory(building=building, valid_from=date(2010, 1, 1)).person
    BuildingRelationFactory(building=building, valid_from=date(2010, 1, 1))  # a co-owner
    facts = gather_facts(building=building, person=first, on_date=ON)
    assert facts.applicant_is_owner is True and facts.co_owners_consent is None
    ((_id, bulk),) = list(gather_facts_bulk([building.pk], ON))
    assert bulk.co_owners_consent is None
