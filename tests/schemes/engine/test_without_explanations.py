"""A scheme without its explanation (for the policy simulation) decides exactly as the scheme does."""

import dataclasses
import datetime as dt
import itertools
from decimal import Decimal

import pytest

from schadeloket.schemes.engine.scheme import Outcome
from schadeloket.schemes.engine.tables import MissingInputError
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.registry import all_schemes, get_scheme

EXPLANATION = ("traces", "conditions")


def decided(outcome: Outcome) -> dict:
    """Everything an outcome says except its explanation (the scheme's own extra fields too)."""
    return {f.name: getattr(outcome, f.name) for f in dataclasses.fields(outcome) if f.name not in EXPLANATION}


def varied_facts():
    """Facts that take AVV and VES (and the others) through their rows: open, closed, depends."""
    dates = (dt.date(2021, 6, 1), dt.date(2023, 3, 1), dt.date(2025, 10, 20), dt.date(2027, 2, 1))
    applicants = (
        dict(applicant_is_owner=True, applicant_is_former_owner=False, co_owners_consent=True),
        dict(applicant_is_owner=True, applicant_is_former_owner=False, co_owners_consent=None),
        dict(applicant_is_owner=False, applicant_is_former_owner=True, co_owners_consent=True),
        dict(applicant_is_owner=None, applicant_is_former_owner=None, applicant_is_natural_person=None),
    )
    places = (
        dict(municipality="Groningen", in_effect_area=True, within_6km=True, events_2mms_since_construction=3),
        dict(municipality="Eemsdelta", in_deep_subsidence_area=True, events_2mms_since_construction=1),
        dict(municipality="Assen", in_effect_area=False, within_6km=False),
    )
    buildings = (
        dict(construction_year=1930, floor_area_m2=120, woz_value=Decimal("240000")),
        dict(construction_year=None, floor_area_m2=20, woz_value=Decimal("30000"), cultuurcode=18),
    )
    payments = (Decimal("0.00"), Decimal("2500.00"), Decimal("12000.00"))
    for on, who, where, what, paid in itertools.product(dates, applicants, places, buildings, payments):
        yield Facts(
            reference_date=on, **who, **where, **what, prior_damage_total=paid, prior_total_received=paid,
            prior_payment_count=1 if paid else 0, pre_registered_avv=paid == payments[1],
        )  # fmt: skip


FACTS = list(varied_facts())


@pytest.mark.parametrize("scheme", all_schemes(), ids=lambda scheme: scheme.code)
def test_every_scheme_decides_the_same_without_its_explanation(scheme):
    light = scheme.without_explanations()
    assert light.tables is scheme.tables  # the same compiled rules, not a second copy
    for facts in FACTS:
        try:
            full = scheme.decide(facts)
        except (MissingInputError, KeyError, TypeError) as error:  # a scheme that needs more than Facts
            with pytest.raises(type(error)):
                light.decide(facts)
            continue
        bare = light.decide(facts)
        assert decided(bare) == decided(full), facts
        assert bare.traces == []
        assert bare.conditions in ([], full.conditions)  # settle_conditions leaves them out
    assert scheme.explains and not light.explains


def test_avv_without_explanation_over_every_row():
    avv = get_scheme("AVV")
    light = avv.without_explanations()
    changed = avv.parameters.with_overrides({"avv_cap_building": "12500"})
    outcomes = set()
    for facts, parameters in itertools.product(FACTS, (None, changed)):
        full, bare = avv.decide(facts, parameters), light.decide(facts, parameters)
        assert decided(bare) == decided(full)
        assert full.traces and full.conditions and not bare.traces and not bare.conditions
        outcomes.add(full.open)
    assert outcomes == {True, False, None}  # the facts reach every outcome
    # The scheme itself still explains after a copy decided without explanation.
    assert avv.decide(FACTS[0]).traces


def test_settle_conditions_sets_open_the_same_without_writing_conditions():
    texts = {"a": ("a ok", "a not"), "b": ("b ok", "b not"), "c": ("c ok", "c not")}
    unknown_texts = {"a": "a?", "b": "b?", "c": "c?"}
    cases = [
        (set(), {"a": False, "b": False}, None),
        (set(), {"a": False, "b": True}, None),
        ({"b"}, {"a": True}, {"b": False}),
        (set(), {"c": True}, {"c": False}),  # unknown but not relevant: still not open
    ]
    for failed, unknown, relevant in cases:
        full = Outcome("X", "X", None)
        bare = Outcome("X", "X", None)
        bare.explained = False
        assert full.settle_conditions(texts, failed, unknown, unknown_texts, relevant) == bare.settle_conditions(
            texts, failed, unknown, unknown_texts, relevant
        )
        assert full.open == bare.open and bare.conditions == []
        assert full.conditions  # the explained outcome lists them
