"""Bouwkundige en financiële bijstand: at most 20 hours at € 137 excl. VAT (domain facts §1.12)."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schadeloket.schemes.assistance_costs.scheme import AssistanceCosts
from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.facts import Facts

SCHEME = AssistanceCosts()
FACTS = Facts(reference_date=dt.date(2025, 3, 1))
OK = {"phase": "zienswijze", "adviser_approved": True}


@pytest.mark.parametrize(
    ("hours", "amount"),
    [
        (1, "137"),
        (19, "2603"),
        (20, "2740"),
        (Decimal("20.5"), "2740"),
        (21, "2740"),
        (Decimal("0.5"), "68.5"),
    ],
)
def test_hours_times_rate_capped_at_20_hours(hours, amount):
    outcome = SCHEME.decide(FACTS, answers={**OK, "hours_claimed": hours})
    assert outcome.open is True
    assert outcome.amount == Decimal(amount)
    assert "rechtstreeks aan uw adviseur" in explain_for_applicant(outcome)


def test_cap_is_explained_and_traced():
    outcome = SCHEME.decide(FACTS, answers={**OK, "hours_claimed": 30})
    assert "maximaal 20 uur" in explain_for_applicant(outcome)
    trace = next(t for t in outcome.traces if t.table_id == "bijstand_amount")
    assert trace.matched_rows[0].rule_id == "bj_a_capped"
    assert "€ 2.740" in trace.matched_rows[0].legal_basis.text


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"phase": "bezwaar", "adviser_approved": True, "hours_claimed": 5}, "zienswijze"),
        ({"phase": "voor_adviesrapport", "adviser_approved": True, "hours_claimed": 5}, "zienswijze"),
        ({"phase": "zienswijze", "adviser_approved": False, "hours_claimed": 5}, "niet op de lijst"),
        ({"phase": "zienswijze", "adviser_approved": True, "hours_claimed": 0}, "geen uren"),
    ],
)
def test_conditions(answers, message):
    outcome = SCHEME.decide(FACTS, answers=answers)
    assert outcome.open is False
    assert message in explain_for_applicant(outcome)


def test_without_answers_the_maximum_is_shown():
    outcome = SCHEME.decide(FACTS)
    assert outcome.open is None and outcome.amount_max == Decimal("2740")
    assert "€ 2.740" in explain_for_applicant(outcome)
    with pytest.raises(AnswerError):
        SCHEME.decide(FACTS, answers={"hours_claimed": -1})
    with pytest.raises(AnswerError):
        SCHEME.decide(FACTS, answers={"phase": "hoger beroep"})


@settings(max_examples=100, deadline=None)
@given(
    a=st.decimals(min_value=Decimal("0.25"), max_value=200, places=2),
    b=st.decimals(min_value=Decimal("0.25"), max_value=200, places=2),
)
def test_never_above_the_cap_and_never_falls_with_more_hours(a, b):
    low, high = sorted((a, b))
    amount_low = SCHEME.decide(FACTS, answers={**OK, "hours_claimed": low}).amount
    amount_high = SCHEME.decide(FACTS, answers={**OK, "hours_claimed": high}).amount
    assert amount_low <= amount_high <= Decimal("2740")
