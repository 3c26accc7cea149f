"""Fixtures for the intake: a Loppersum register, a resident who owns a home there, a logged-in client."""

import datetime as dt
from io import BytesIO

import pytest
from PIL import Image

from schadeloket.intake.actors import IntakeActor
from tests.choice_help.conftest import loppersum  # noqa: F401  (fixture)
from tests.factories import BuildingFactory, BuildingRelationFactory, PersonFactory

BSN = "111222333"  # passes the 11-test


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo_login_on(settings):
    settings.DIGID_DEMO_LOGIN = True
    return settings


@pytest.fixture
def resident(db):
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


@pytest.fixture
def home(loppersum):  # noqa: F811
    return BuildingFactory(construction_year=1930, floor_area_m2=120)


@pytest.fixture
def owned_home(resident, home):
    BuildingRelationFactory(person=resident, building=home, valid_from=dt.date(1995, 1, 1))
    return home


@pytest.fixture
def actor(resident):
    return IntakeActor.for_person(resident)


def log_in(client, bsn=BSN):
    response = client.post("/inloggen/demo-digid/", {"bsn": bsn})
    assert response.status_code == 302
    return client


@pytest.fixture
def applicant_client(client, demo_login_on, resident):
    return log_in(client)


def jpeg(size=(64, 48), color=(200, 120, 40)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, color).save(out, format="JPEG")
    return out.getvalue()


def png(size=(32, 32)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


def address_of(building) -> dict:
    address = building.address
    return {
        "postcode": address.postcode,
        "house_number": str(address.house_number),
        "house_letter": address.house_letter,
        "addition": address.house_number_addition,
    }
