"""The benchmark's hand-written Python versions of VES and AVV decide as the DMN tables do."""

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from bench.simulate import plain_avv, plain_ves
from schadeloket.schemes.avv.scheme import AVV
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.ves.scheme import VES

BASE = Facts(
    reference_date=date(2025, 11, 1),
    applicant_is_owner=True,
    applicant_is_former_owner=False,
    co_owners_consent=True,
    municipality="Groningen",
    in_effect_area=True,
    within_6km=True,
    events_2mms_since_construction=2,
    construction_year=1960,
)
VARIANTS = [
    {},
    {"applicant_is_owner": None},
    {"applicant_is_owner": False, "applicant_is_former_owner": True},
    {"applicant_is_owner": False, "applicant_is_former_owner": False},
    {"co_owners_consent": None},
    {"in_effect_area": False},
    {"in_effect_area": False, "construction_year": None},
    {"in_effect_area": False, "within_6km": False, "in_deep_subsidence_area": True},
    {"events_2mms_since_construction": 0},
    {"municipality": "Eemsdelta"},
    {"municipality": "Het Hogeland"},
    {"prior_damage_total": Decimal("4200.00")},
    {"prior_damage_total": Decimal("12000.00")},
    {"cultuurcode": 18, "floor_area_m2": 20},
    {"earlier_ves_or_repair_applications": 3},
    {"first_application_at_address": False},
    {"reference_date": date(2023, 1, 1)},
    {"reference_date": date(2021, 1, 1)},
    {"chose_maatwerk_after_ves_offer": True},
]


@pytest.mark.parametrize("change", VARIANTS)
@pytest.mark.parametrize(("scheme", "plain"), [(VES(), plain_ves), (AVV(), plain_avv)], ids=["VES", "AVV"])
def test_plain_python_agrees_with_the_tables(scheme, plain, change):
    facts = dataclasses.replace(BASE, **change)
    outcome = scheme.decide(facts)
    is_open, amount = plain(facts, scheme.parameters.as_context())
    assert is_open == outcome.open
    if is_open is not False:
        assert Decimal(amount) == Decimal(outcome.amount)
