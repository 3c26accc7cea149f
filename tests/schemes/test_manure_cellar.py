"""Mestkelders: the 10 mm/s area and the removal cost per m³ (domain facts §1.11)."""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.manure_cellar.scheme import ManureCellar

SCHEME = ManureCellar()


def facts(**changes):
    base = dict(
        reference_date=dt.date(2022, 6, 1), has_manure_cellar=True, manure_cellar_volume_m3=800, events_10mms_p99=1
    )
    return Facts(**{**base, **changes})


def test_2021_approach_pays_10_euro_per_m3():
    outcome = SCHEME.decide(facts())
    assert outcome.open is True
    assert outcome.amount == Decimal("8000.00")
    assert "€ 10 per m³" in explain_for_applicant(outcome)
    trace = next(t for t in outcome.traces if t.table_id == "mestkelder_amount")
    assert trace.matched_rows[0].rule_id == "mk_a_per_m3"


def test_higher_proven_costs_are_paid():
    assert SCHEME.decide(facts(), answers={"proven_removal_costs": 9000}).amount == Decimal("9000")
    assert SCHEME.decide(facts(), answers={"proven_removal_costs": 7000}).amount == Decimal("8000.00")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"events_10mms_p99": 0}, "10 mm/s"),
        ({"has_manure_cellar": False}, "geen mestkelder"),
        ({"reference_date": dt.date(2021, 4, 30)}, "nog niet gestart"),
    ],
)
def test_conditions(change, message):
    outcome = SCHEME.decide(facts(**change))
    assert outcome.open is False
    assert message in explain_for_applicant(outcome)


def test_from_1_july_2023_an_expert_estimates():
    day_before = SCHEME.decide(facts(reference_date=dt.date(2023, 6, 30)))
    assert day_before.amount == Decimal("8000.00")
    pending = SCHEME.decide(facts(reference_date=dt.date(2023, 7, 1)))
    assert pending.open is None and pending.amount is None
    assert "deskundige" in explain_for_applicant(pending)
    agreed = SCHEME.decide(
        facts(reference_date=dt.date(2024, 1, 1)), answers={"expert_estimate": 12345, "estimate_agreed": True}
    )
    assert agreed.amount == Decimal("12345")
    assert "6 maanden" in explain_for_applicant(agreed)
    disagreed = SCHEME.decide(
        facts(reference_date=dt.date(2024, 1, 1)), answers={"expert_estimate": 12345, "estimate_agreed": False}
    )
    assert disagreed.amount is None and "langer onderzoek" in explain_for_applicant(disagreed)


def test_unknown_volume_is_asked_and_rate_can_be_simulated():
    assert SCHEME.decide(facts(manure_cellar_volume_m3=None)).open is None
    changed = SCHEME.parameters.with_overrides({"manure_removal_cost_per_m3": "8.50"})
    assert SCHEME.decide(facts(), changed).amount == Decimal("6800.00")
    assert SCHEME.code == "MESTKELDER"
