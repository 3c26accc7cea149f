"""A small register for outreach around Loppersum: a synthetic gas field, its effect area (6 km around
it, and wherever the 2012 quake reached 2 mm/s), a core area of one postcode, and homes in and out of
those areas, with and without cases. Staff clients log in the real way (password plus TOTP)."""

import datetime as dt

import pytest
from django.test import Client

from schadeloket.cases.services import open_case
from schadeloket.register.addresses.coordinates import rd_to_wgs84
from schadeloket.register.areas.models import AreaKind
from schadeloket.register.areas.services import load_area, load_gas_fields, rebuild_evidence_presumption_area
from schadeloket.register.buildings.models import RelationKind
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.earthquakes.services import import_catalogue
from tests.backoffice.conftest import log_in
from tests.choice_help.conftest import LOPPERSUM_RD, loppersum  # noqa: F401 (fixture)
from tests.factories import (
    AddressFactory,
    BuildingFactory,
    BuildingRelationFactory,
    PersonFactory,
    PriorPaymentFactory,
    UserFactory,
)

ON = dt.date(2025, 11, 1)  # AVV is open in Eemsdelta (from 15 September 2025) and the 2025 amounts hold

_numbers = iter(range(1, 10_000))


def home(*, pc4: str, east_m: float = 0.0, **kwargs):
    """A home `east_m` metres east of Loppersum church (see `home_at`)."""
    x, y = LOPPERSUM_RD
    return home_at(x + east_m, y, pc4=pc4, **kwargs)


def home_at(
    x: float,
    y: float,
    *,
    pc4: str,
    municipality: str = "Eemsdelta",
    owner: str | None = "",
    resident: str | None = None,
    **building,
):
    """A home at RD (x, y), with an owner (named, or none with owner=None) and maybe a resident."""
    lat, lon = rd_to_wgs84(x, y)
    address = AddressFactory(
        postcode=f"{pc4}AB",
        house_number=next(_numbers),
        municipality=municipality,
        rd_x=x,
        rd_y=y,
        latitude=lat,
        longitude=lon,
    )
    made = BuildingFactory(address=address, **building)
    if owner is not None:
        person = PersonFactory(surname=owner) if owner else PersonFactory()
        BuildingRelationFactory(person=person, building=made, kind=RelationKind.OWNER, valid_from=dt.date(1995, 1, 1))
    if resident:
        BuildingRelationFactory(
            person=PersonFactory(surname=resident),
            building=made,
            kind=RelationKind.RESIDENT,
            valid_from=dt.date(2019, 1, 1),
        )
    return made


@pytest.fixture
def real_region(db, shared_data):
    """The real gas fields, the effect area built from them, and the real KNMI catalogue."""
    rebuild = load_gas_fields(shared_data / "gas-fields.geojson")
    assert rebuild.created == 3
    rebuild_evidence_presumption_area()
    import_catalogue(shared_data / "knmi-earthquakes.csv")


def quake(place: str, day: str) -> Earthquake:
    """The catalogued event at `place` on `day` (yyyymmdd): the strongest of that day there."""
    moment = dt.datetime.strptime(day, "%Y%m%d").date()
    return Earthquake.objects.filter(location_name=place, origin_time__date=moment).order_by("-magnitude").first()


@pytest.fixture
def core_area(loppersum):  # noqa: F811
    return load_area(kind=AreaKind.CORE, name="Kerngebied (test)", source="test", postcodes=["9919"])


@pytest.fixture
def staff(db):
    return UserFactory(username="beheerder-zaak", roles=["Behandelaar"])


@pytest.fixture
def register(core_area, staff):
    """Named buildings; every one in postcodes 99xx so that one range selects them all.

    - core: in the core area (9919) and the effect area, owner Bakker, nobody applied;
    - plain: in the effect area (9920), owner Visser, nobody applied;
    - applied: in the effect area, with an AVV case: not a silent victim of AVV;
    - other_case: in the effect area, with a VES case only: still a silent victim of AVV;
    - paid_enough: € 12,000 received before: AVV (up to € 10,000) has nothing to add;
    - closed_municipality: in Midden-Groningen, where AVV is not open yet (the scheme's own rule);
    - far: 40 km away, outside the effect area;
    - no_owner: in the effect area, no owner in the register, a resident (Smit) lives there.
    """
    buildings = {
        "plain": home(pc4="9920", east_m=300, owner="Visser"),
        "core": home(pc4="9919", east_m=600, owner="Bakker"),
        "applied": home(pc4="9920", east_m=900, owner="Mulder"),
        "other_case": home(pc4="9920", east_m=1200, owner="Dijkstra"),
        "paid_enough": home(pc4="9920", east_m=1500, owner="Smits"),
        "closed_municipality": home(pc4="9930", east_m=1800, municipality="Midden-Groningen", owner="Bos"),
        "far": home(pc4="9921", east_m=40_000, owner="Meijer"),
        "no_owner": home(pc4="9920", east_m=2100, owner=None, resident="Smit"),
    }
    for scheme, key in (("AVV", "applied"), ("VES", "other_case")):
        building = buildings[key]
        open_case(
            scheme_code=scheme,
            building=building,
            applicant=building.relations.get().person,
            received_on=dt.date(2025, 6, 2),
            actor=staff,
        )
    PriorPaymentFactory(building=buildings["paid_enough"], amount="12000.00", paid_on=dt.date(2019, 5, 1))
    return buildings


def client_for(*roles, username=None):
    user = UserFactory(username=username or f"user-{'-'.join(roles) or 'none'}", roles=list(roles))
    return log_in(Client(), user), user


@pytest.fixture
def outreach_user(db):
    return UserFactory(username="communicatie", first_name="Cor", last_name="Veenstra", roles=["Communicatie"])


@pytest.fixture
def outreach_client(outreach_user):
    return log_in(Client(), outreach_user)


@pytest.fixture(autouse=True)
def _tasks_inline(tasks_inline):
    """Pages and services here start tasks and show their result: run them inline (see tests/conftest.py)."""
