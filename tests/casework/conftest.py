"""Fixtures for the case work pages: logged-in staff (password plus TOTP), cases through the engine."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from schadeloket.cases.services import open_case, transition
from tests.backoffice.conftest import log_in
from tests.decisions.conftest import eligible_facts
from tests.factories import BuildingFactory, PersonFactory, UserFactory

RECEIVED = dt.date(2025, 3, 3)
BSN = "111222333"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_sampling(db):
    from schadeloket.sampling.models import SamplingPolicy

    SamplingPolicy.objects.update(
        new_handler_count=0, random_share=Decimal("0"), amount_threshold=Decimal("1000000000"), review_deviations=False
    )


@pytest.fixture
def eligible(monkeypatch):
    """The register says: an owner in Loppersum whom VES grants € 10.000."""
    monkeypatch.setattr(
        "schadeloket.decisions.services.gather_facts",
        lambda *, building, person=None, on_date, pre_registered_avv=False: eligible_facts(on_date),
    )


@pytest.fixture
def handler(db):
    return UserFactory(username="behandelaar", first_name="Bea", last_name="Jansen", roles=["Behandelaar"])


@pytest.fixture
def handler_client(handler):
    return log_in(Client(), handler)


def client_for(*roles, username=None):
    user = UserFactory(username=username or f"user-{'-'.join(roles) or 'none'}", roles=list(roles))
    return log_in(Client(), user), user


@pytest.fixture
def applicant(db):
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


@pytest.fixture
def make_case(handler, applicant):
    def make(scheme="VES", *, start=True, received_on=RECEIVED, building=None, **kwargs):
        case = open_case(
            scheme_code=scheme,
            building=building or BuildingFactory(),
            applicant=applicant,
            received_on=received_on,
            actor=handler,
            **kwargs,
        )
        if start:
            transition(case, "start", actor=handler, expected_version=case.version)
        return case

    return make
