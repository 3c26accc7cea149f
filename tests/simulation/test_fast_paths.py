"""The simulation's fast paths give what the plain way gives: consent assumed while gathering, the
scheme without its explanation, and counting per (municipality, area, outcome)."""

import random
from decimal import Decimal

import pytest

from schadeloket.register.buildings.models import Building
from schadeloket.schemes.facts import gather_facts_bulk
from schadeloket.simulation.services import Run, _run, _run_of, _tally, area_of, assume_consent, prepare
from tests.simulation.test_simulate import ON, register  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db


def test_assuming_consent_while_gathering_equals_assuming_it_afterwards(register):  # noqa: F811
    plain = [(pk, assume_consent(facts)) for pk, facts in gather_facts_bulk(Building.objects.all(), ON)]
    fast = list(gather_facts_bulk(Building.objects.all(), ON, assume_consent=True))
    assert fast == plain
    assert any(facts.applicant_is_owner is None and facts.co_owners_consent for _pk, facts in fast)  # no owner


def test_counting_per_key_adds_up_like_counting_each_building():
    rng = random.Random(7)
    one_by_one, tally = Run(), {}
    for _ in range(2000):
        municipality = rng.choice(["Groningen", "Eemsdelta", ""])
        area = rng.choice(["core", "effect_area", "none"])
        is_open = rng.choice([True, False, None])
        amount = Decimal(rng.randint(0, 10_000_00)) / 100
        one_by_one.count(municipality, area, is_open, amount if is_open else Decimal("0"))
        _tally(tally, (municipality, area, is_open), amount if is_open is True else None)
    assert _run_of(tally).as_dict() == one_by_one.as_dict()


@pytest.mark.parametrize(("code", "overrides"), [("VES", {"ves_amount": "12500"}), ("AVV", {"avv_cap_building": "1"})])
def test_the_run_equals_deciding_every_building_with_the_full_scheme(register, code, overrides):  # noqa: F811
    scheme, changed_parameters = prepare(code, overrides)
    current, changed = Run(), Run()
    for _pk, facts in gather_facts_bulk(Building.objects.all(), ON):
        facts = assume_consent(facts)
        for run, parameters in ((current, None), (changed, changed_parameters)):
            outcome = scheme.decide(facts, parameters)
            amount = outcome.amount if outcome.amount is not None else outcome.amount_max
            run.count(facts.municipality, area_of(facts), outcome.open, Decimal(amount or 0) if outcome.open else 0)
    fast_current, fast_changed, _facts_s, _decide_s, evaluations = _run(
        scheme, changed_parameters, ON, Building.objects.all(), chunk_size=5
    )
    assert fast_current.as_dict() == current.as_dict() and fast_changed.as_dict() == changed.as_dict()
    assert evaluations == 2 * Building.objects.count()
