"""Immateriële schade (IMS), adults and children: every amount and boundary of domain facts §1.10."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant, explain_for_staff
from schadeloket.schemes.engine.parameters import Status
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.immaterial_damage.scheme import ImmaterialDamageAdult, ImmaterialDamageChild

TODAY = dt.date(2025, 3, 1)
ADULT = ImmaterialDamageAdult()
CHILD = ImmaterialDamageChild()


def adult_facts(**changes) -> Facts:
    return Facts(**{"reference_date": TODAY, "applicant_is_owner": True, "applicant_age_years": 45, **changes})


def child_facts(**changes) -> Facts:
    return Facts(**{"reference_date": TODAY, "applicant_age_years": 10, **changes})


BASE = {"lived_in_area_since_huizinge": True}


@pytest.mark.parametrize(
    ("answers", "amount", "words"),
    [
        ({}, Decimal("1500"), "persoonsaantasting"),
        ({"reinforcement_or_demolition": True}, Decimal("5000"), "versterkt"),
        ({"unsafe_situation": True}, Decimal("3000"), "onveilige situatie"),
        ({"damage_compensation": Decimal("10000")}, Decimal("3000"), "veel schade"),
        ({"damage_compensation": Decimal("9999.99")}, Decimal("1500"), "persoonsaantasting"),
        ({"handling_time_months": 24}, Decimal("3000"), "duurde lang"),
        ({"handling_time_months": 23}, Decimal("1500"), "persoonsaantasting"),
        ({"pia_category": 2}, Decimal("3000"), "Persoonlijke Impact Analyse"),
        ({"pia_category": 3}, Decimal("5000"), "Persoonlijke Impact Analyse"),
        ({"household_highest_award": Decimal("5000")}, Decimal("5000"), "huishouden"),
        ({"household_highest_award": Decimal("3000")}, Decimal("3000"), "huishouden"),
    ],
)
def test_adult_amounts_from_the_building_blocks(answers, amount, words):
    outcome = ADULT.decide(adult_facts(), answers={**BASE, **answers})
    assert outcome.open is True
    assert outcome.amount == amount
    text = explain_for_applicant(outcome)
    assert text.startswith(f"U krijgt € {amount:,.0f}.".replace(",", "."))
    assert words in text


def test_reinforcement_gives_5000_with_a_trace_naming_tables_and_rows():
    outcome = ADULT.decide(adult_facts(), answers={**BASE, "reinforcement_or_demolition": True})
    assert set(outcome.rule_versions) == {"ims_adult_conditions", "ims_adult_blocks", "ims_adult_amount"}
    blocks = next(t for t in outcome.traces if t.table_id == "ims_adult_blocks")
    assert [m.rule_id for m in blocks.matched_rows] == ["ims_ab_address", "ims_ab_reinforcement"]
    assert "€ 5.000" in blocks.matched_rows[1].legal_basis.text
    assert blocks.matched_rows[1].legal_basis.url.startswith("https://www.schadedoormijnbouw.nl/")
    amount = next(t for t in outcome.traces if t.table_id == "ims_adult_amount")
    assert amount.matched_rows[0].rule_id == "ims_aa_3"
    assert "ims_adult_blocks" in explain_for_staff(outcome)


def test_non_owner_damage_counts_half_and_handling_time_not_at_all():
    tenant = adult_facts(applicant_is_owner=False)
    assert ADULT.decide(tenant, answers={**BASE, "damage_compensation": Decimal("19999")}).amount == Decimal("1500")
    outcome = ADULT.decide(tenant, answers={**BASE, "damage_compensation": Decimal("20000")})
    assert outcome.amount == Decimal("3000")
    assert "voor de helft" in explain_for_applicant(outcome)
    assert ADULT.decide(tenant, answers={**BASE, "handling_time_months": 60}).amount == Decimal("1500")


def test_non_owners_could_not_apply_before_the_widening():
    early = ADULT.decide(adult_facts(applicant_is_owner=False, reference_date=dt.date(2024, 3, 31)), answers=BASE)
    assert early.open is False
    assert "huurders" in explain_for_applicant(early)
    assert ADULT.decide(adult_facts(applicant_is_owner=False, reference_date=dt.date(2024, 4, 1)), answers=BASE).open
    assert ADULT.decide(adult_facts(reference_date=dt.date(2023, 1, 1)), answers=BASE).open is True


@pytest.mark.parametrize(
    ("facts_changes", "answers", "message"),
    [
        ({"applicant_age_years": 17}, BASE, "jonger dan 18"),
        ({}, {"lived_in_area_since_huizinge": False}, "16 augustus 2012 niet"),
        ({}, {**BASE, "ims_received_elsewhere": True}, "andere instantie"),
    ],
)
def test_adult_conditions(facts_changes, answers, message):
    outcome = ADULT.decide(adult_facts(**facts_changes), answers=answers)
    assert outcome.open is False
    assert outcome.amount is None
    assert message in explain_for_applicant(outcome)


def test_18_is_an_adult_and_unknown_answers_are_asked():
    assert ADULT.decide(adult_facts(applicant_age_years=18), answers=BASE).open is True
    outcome = ADULT.decide(adult_facts(applicant_age_years=None))
    assert outcome.open is None
    text = explain_for_applicant(outcome)
    assert "Nog niet bekend: bent u 18 jaar of ouder?" in text
    assert "Nog niet bekend: woonde u sinds 16 augustus 2012" in text


def follow_up(months_ago_date: dt.date, changed=True, **extra):
    return {
        **BASE,
        "previous_award": Decimal("1500"),
        "previous_decision_date": months_ago_date,
        "situation_changed": changed,
        "unsafe_situation": True,
        **extra,
    }


def test_follow_up_after_exactly_12_months_pays_the_difference():
    outcome = ADULT.decide(adult_facts(), answers=follow_up(dt.date(2024, 3, 1)))
    assert outcome.open is True
    assert outcome.amount == Decimal("1500")  # 3000 - 1500
    assert "U kreeg eerder € 1.500" in explain_for_applicant(outcome)


def test_follow_up_one_day_before_12_months_is_too_soon():
    outcome = ADULT.decide(adult_facts(), answers=follow_up(dt.date(2024, 3, 2)))
    assert outcome.open is False
    assert "nog geen 12 maanden" in explain_for_applicant(outcome)


def test_follow_up_needs_a_changed_situation_and_a_higher_amount():
    unchanged = ADULT.decide(adult_facts(), answers=follow_up(dt.date(2023, 1, 1), changed=False))
    assert unchanged.open is False
    assert "niet veranderd" in explain_for_applicant(unchanged)
    not_higher = ADULT.decide(adult_facts(), answers=follow_up(dt.date(2023, 1, 1), unsafe_situation=False))
    assert not_higher.open is False
    assert "niet hoger" in explain_for_applicant(not_higher)


def test_automatic_top_up_for_adults_after_reinforcement():
    answers = {
        **BASE,
        "previous_award": Decimal("3000"),
        "reinforcement_or_demolition": True,
        "application_kind": "automatic_top_up",
    }
    outcome = ADULT.decide(adult_facts(reference_date=dt.date(2024, 10, 1)), answers=answers)
    assert outcome.open is True
    assert outcome.amount == Decimal("2000")
    before = ADULT.decide(adult_facts(reference_date=dt.date(2024, 8, 31)), answers=answers)
    assert before.open is False
    assert "nog niet automatisch" in explain_for_applicant(before)
    no_trigger = {**BASE, "previous_award": Decimal("3000"), "application_kind": "automatic_top_up"}
    assert ADULT.decide(adult_facts(), answers=no_trigger).open is False


def test_household_equalising_tops_up():
    answers = {
        **BASE,
        "previous_award": Decimal("1500"),
        "household_highest_award": Decimal("3000"),
        "application_kind": "automatic_top_up",
    }
    assert ADULT.decide(adult_facts(), answers=answers).amount == Decimal("1500")


@pytest.mark.parametrize(
    ("awards", "amount"),
    [
        ([Decimal("1500")], Decimal("500")),
        ([Decimal("3000")], Decimal("1000")),
        ([Decimal("5000")], Decimal("1700")),
        ([Decimal("1500"), Decimal("5000")], Decimal("1700")),
        ([Decimal("3000"), Decimal("1500")], Decimal("1000")),
        ([Decimal("2999.99")], Decimal("500")),
        ([Decimal("4999.99")], Decimal("1000")),
    ],
)
def test_child_amount_follows_the_highest_parent_award(awards, amount):
    outcome = CHILD.decide(child_facts(), answers={"parent_awards": awards})
    assert outcome.open is True
    assert outcome.amount == amount
    text = explain_for_applicant(outcome)
    assert "hoogste bedrag van de ouders" in text
    assert "binnen 8 weken" in text and "10 werkdagen" in text


def test_child_maatwerk_above_5000_and_no_award_below_1500():
    maatwerk = CHILD.decide(child_facts(), answers={"parent_awards": [Decimal("5000.01")]})
    assert maatwerk.open is None
    assert maatwerk.amount is None
    assert "maatwerk" in explain_for_applicant(maatwerk)
    assert CHILD.decide(child_facts(), answers={"parent_awards": [Decimal("1499")]}).open is False
    assert CHILD.decide(child_facts(), answers={"parent_awards": []}).open is False
    unknown = CHILD.decide(child_facts())
    assert unknown.open is None


def test_child_age_boundary_and_trace():
    assert CHILD.decide(child_facts(applicant_age_years=17), answers={"parent_awards": [1500]}).open is True
    outcome = CHILD.decide(child_facts(applicant_age_years=18), answers={"parent_awards": [1500]})
    assert outcome.open is False
    assert "regeling voor volwassenen" in explain_for_applicant(outcome)
    ok = CHILD.decide(child_facts(), answers={"parent_awards": [3000]})
    amount = next(t for t in ok.traces if t.table_id == "ims_child_amount")
    assert amount.matched_rows[0].rule_id == "ims_ka_2"


def test_child_automatic_top_up_since_23_may_2024():
    answers = {"parent_awards": [Decimal("5000")], "previous_award": Decimal("500")}
    assert CHILD.decide(child_facts(reference_date=dt.date(2024, 5, 23)), answers=answers).amount == Decimal("1200")
    assert CHILD.decide(child_facts(reference_date=dt.date(2024, 5, 22)), answers=answers).open is False


def test_bad_answers_are_refused_in_dutch():
    with pytest.raises(AnswerError, match="bestaat niet"):
        ADULT.decide(adult_facts(), answers={"bouwsteen": 1})
    with pytest.raises(AnswerError, match="ja of nee"):
        ADULT.decide(adult_facts(), answers={"unsafe_situation": "misschien"})
    with pytest.raises(AnswerError, match="bedrag"):
        ADULT.decide(adult_facts(), answers={"damage_compensation": "veel"})


def test_placeholders_are_marked_and_the_scheme_is_on():
    placeholders = {p.name for p in ADULT.parameters if p.status is Status.PLACEHOLDER}
    assert placeholders == {
        "ims_damage_threshold_serious",
        "ims_handling_time_serious_months",
        "ims_unsafe_situation_category",
        "ims_non_owner_open_date",
        "ims_top_up_adults_date",
    }
    assert not ADULT.is_switched_off and not CHILD.is_switched_off
    assert ADULT.code == "IMS_VOLWASSENE" and CHILD.code == "IMS_KIND"
    assert len(ADULT.short_description) < 350 and len(CHILD.short_description) < 350


BLOCKS = st.fixed_dictionaries(
    {
        "reinforcement_or_demolition": st.booleans(),
        "unsafe_situation": st.booleans(),
        "damage_compensation": st.decimals(min_value=0, max_value=100000, places=2),
        "handling_time_months": st.integers(min_value=0, max_value=120),
        "pia_category": st.integers(min_value=0, max_value=3),
    }
)
EXTRA_BLOCK = st.sampled_from(
    [
        {"reinforcement_or_demolition": True},
        {"unsafe_situation": True},
        {"damage_compensation": Decimal("50000")},
        {"handling_time_months": 60},
        {"pia_category": 3},
    ]
)


@settings(max_examples=150, deadline=None)
@given(blocks=BLOCKS, extra=EXTRA_BLOCK, owner=st.booleans())
def test_adding_a_building_block_never_lowers_the_adult_amount(blocks, extra, owner):
    facts = adult_facts(applicant_is_owner=owner)
    before = ADULT.decide(facts, answers={**BASE, **blocks}).amount
    after = ADULT.decide(facts, answers={**BASE, **blocks, **extra}).amount
    assert after >= before
    assert before in {Decimal("1500"), Decimal("3000"), Decimal("5000")}


@settings(max_examples=150, deadline=None)
@given(blocks=BLOCKS, pia=st.integers(min_value=1, max_value=3))
def test_the_personal_impact_analysis_can_only_raise(blocks, pia):
    without = ADULT.decide(adult_facts(), answers={**BASE, **blocks, "pia_category": 0}).amount
    assert ADULT.decide(adult_facts(), answers={**BASE, **blocks, "pia_category": pia}).amount >= without


AWARD = st.decimals(min_value=1500, max_value=5000, places=2)


@settings(max_examples=150, deadline=None)
@given(awards=st.lists(AWARD, min_size=1, max_size=3), extra=AWARD)
def test_child_amount_follows_the_higher_parent_award(awards, extra):
    before = CHILD.decide(child_facts(), answers={"parent_awards": awards}).amount
    after = CHILD.decide(child_facts(), answers={"parent_awards": [*awards, extra]}).amount
    assert after >= before
    assert after == CHILD.decide(child_facts(), answers={"parent_awards": [max(*awards, extra)]}).amount
