"""Duurzaam herstel: started by the institute; who is eligible for an invitation (domain facts §1.6)."""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant, explain_for_staff
from schadeloket.schemes.engine.parameters import Status
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.sustainable_repair.scheme import SustainableRepair

TODAY = dt.date(2025, 11, 1)
YES = {"rented_out_commercially": False, "construction_causes_repeat_damage": True}


def facts(**changes) -> Facts:
    """A house in Loppersum (9919) with repeated damage and € 18,000 received."""
    base = dict(
        reference_date=TODAY,
        applicant_is_owner=True,
        pc4="9919",
        municipality="Eemsdelta",
        prior_total_received=Decimal("18000"),
        prior_payment_count=3,
    )
    base.update(changes)
    return Facts(**base)


@pytest.fixture(scope="module")
def scheme():
    return SustainableRepair()


def test_nobody_can_apply_but_the_institute_may_invite(scheme):
    outcome = scheme.decide(facts(), answers=YES)
    assert outcome.open is False
    assert outcome.invitation_eligible is True
    assert outcome.amount is None
    assert outcome.as_dict()["invitation_eligible"] is True
    text = explain_for_applicant(outcome)
    assert "niet zelf aanvragen" in text
    assert "voorwaarden voor een uitnodiging" in text
    assert "geen geld" in outcome.reasons[0]


@pytest.mark.parametrize(
    ("received", "eligible"),
    [("15000", False), ("15000.01", True), ("14999.99", False), ("40000", True)],
)
def test_more_than_15000_received(scheme, received, eligible):
    outcome = scheme.decide(facts(prior_total_received=Decimal(received)), answers=YES)
    assert outcome.invitation_eligible is eligible
    if not eligible:
        assert "niet meer dan € 15.000" in explain_for_applicant(outcome)


@pytest.mark.parametrize(("count", "eligible"), [(0, False), (1, False), (2, True), (5, True)])
def test_several_damages_reported_placeholder_two(scheme, count, eligible):
    outcome = scheme.decide(facts(prior_payment_count=count), answers=YES)
    assert outcome.invitation_eligible is eligible
    assert scheme.parameters.get("sustainable_repair_min_damage_reports").status is Status.PLACEHOLDER


@pytest.mark.parametrize(
    ("pc4", "place"),
    [
        ("9919", "Loppersum"),
        ("9991", "Middelstum"),
        ("9791", "Ten Boer"),
        ("9798", "Garmerwolde"),
        ("9901", "Appingedam"),
    ],
)
def test_pilot_started_in_the_old_municipalities(scheme, pc4, place):
    outcome = scheme.decide(facts(pc4=pc4), answers=YES)
    assert outcome.invitation_eligible is True, place
    assert "Loppersum, Ten Boer of Appingedam" in " ".join(outcome.reasons)


@pytest.mark.parametrize(
    ("day", "eligible"),
    [(dt.date(2024, 2, 29), False), (dt.date(2024, 3, 1), True)],
)
def test_extended_to_the_reinforcement_area_since_march_2024(scheme, day, eligible):
    outcome = scheme.decide(
        facts(pc4="9711", municipality="Groningen", in_reinforcement_area=True, reference_date=day), answers=YES
    )
    assert outcome.invitation_eligible is eligible
    if not eligible:
        assert "hoorde toen nog niet bij de pilot" in explain_for_applicant(outcome)
    else:
        assert "versterkingsgebied van de NCG" in " ".join(outcome.reasons)


def test_outside_the_pilot_area(scheme):
    outcome = scheme.decide(facts(pc4="9711", municipality="Groningen"), answers=YES)
    assert outcome.invitation_eligible is False
    assert "niet in de oude gemeenten" in explain_for_applicant(outcome)


def test_not_for_commercially_rented_buildings(scheme):
    outcome = scheme.decide(facts(), answers={**YES, "rented_out_commercially": True})
    assert outcome.invitation_eligible is False
    assert "commercieel verhuurd" in explain_for_applicant(outcome)


def test_the_construction_must_cause_repeat_damage(scheme):
    outcome = scheme.decide(facts(), answers={**YES, "construction_causes_repeat_damage": False})
    assert outcome.invitation_eligible is False
    assert "geen fout in de bouw" in explain_for_applicant(outcome)


def test_unknown_answers_are_asked(scheme):
    outcome = scheme.decide(facts())
    assert outcome.open is False
    assert outcome.invitation_eligible is None
    text = explain_for_applicant(outcome)
    assert "Nog niet bekend: wordt het gebouw commercieel verhuurd?" in text
    assert "misschien" in text


def test_before_the_policy_rule_of_8_june_2023(scheme):
    before = scheme.decide(facts(reference_date=dt.date(2023, 6, 7)), answers=YES)
    assert before.invitation_eligible is False
    assert "bestond toen nog niet" in explain_for_applicant(before)
    assert scheme.decide(facts(reference_date=dt.date(2023, 6, 8)), answers=YES).invitation_eligible is True


def test_pilot_postcodes_are_a_placeholder_parameter(scheme):
    assert scheme.parameters.get("sustainable_repair_pilot_pc4s").status is Status.PLACEHOLDER
    changed = scheme.parameters.with_overrides({"sustainable_repair_pilot_pc4s": "9711, 9712"})
    assert scheme.decide(facts(pc4="9711"), changed, answers=YES).invitation_eligible is True
    assert scheme.decide(facts(pc4=""), answers=YES).invitation_eligible is False


def test_trace_names_tables_rows_and_legal_basis(scheme):
    outcome = scheme.decide(facts(prior_total_received=Decimal("15000")), answers=YES)
    assert set(outcome.rule_versions) == {"sustainable_repair_area", "sustainable_repair_conditions"}
    conditions = next(t for t in outcome.traces if t.table_id == "sustainable_repair_conditions")
    assert [m.rule_id for m in conditions.matched_rows] == ["dh_c_received"]
    assert "pilot-duurzaam-herstel" in conditions.matched_rows[0].legal_basis.url
    assert "Tabel sustainable_repair_area" in explain_for_staff(outcome)
    assert scheme.code == "DUURZAAM_HERSTEL"
    assert scheme.is_switched_off is False


@pytest.mark.parametrize("answers", [{"verhuurd": True}, {"rented_out_commercially": "nee"}])
def test_bad_answers_are_refused_in_dutch(scheme, answers):
    with pytest.raises(AnswerError):
        scheme.decide(facts(), answers=answers)
