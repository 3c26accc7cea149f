"""Factories for cases and parties, in the style of tests/factories.py (kept here: only identity needs them yet)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from schadeloket.cases.models import Case, CaseParty, PartyRole
from tests.factories import BuildingFactory, PersonFactory


class CaseFactory(DjangoModelFactory):
    """A case row as the engine stores it; not through `open_case`, since these tests are about access."""

    class Meta:
        model = Case

    reference = factory.Sequence(lambda n: f"IMG-2025-{900000 + n:06d}")
    scheme_code = "VES"
    building = factory.SubFactory(BuildingFactory)
    status = "received"
    received_on = dt.date(2025, 3, 3)
    term_days = 56


class CasePartyFactory(DjangoModelFactory):
    class Meta:
        model = CaseParty

    case = factory.SubFactory(CaseFactory)
    person = factory.SubFactory(PersonFactory)
    role = PartyRole.APPLICANT
