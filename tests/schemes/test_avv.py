"""AVV, the supplementary fixed payment: the conditions, amounts, order and opening of domain facts §1.2."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schadeloket.schemes.avv.scheme import AVV
from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant, explain_for_staff
from schadeloket.schemes.engine.parameters import Status
from schadeloket.schemes.facts import Facts

AFTER_OPENING = dt.date(2025, 11, 1)  # Gemeente Groningen opened on 13 October 2025
IN_2023 = dt.date(2023, 5, 1)  # the 2022-2023 design (top-up to EUR 5,000)


def facts(**changes) -> Facts:
    """An owner in the city of Groningen whose house (1930) felt two quakes of 2 mm/s or more."""
    base = dict(
        reference_date=AFTER_OPENING,
        applicant_is_owner=True,
        applicant_is_former_owner=False,
        co_owners_consent=True,
        in_effect_area=True,
        events_2mms_since_construction=2,
        construction_year=1930,
        floor_area_m2=120,
        woz_value=Decimal("240000"),
        municipality="Groningen",
        pc4="9712",
    )
    base.update(changes)
    return Facts(**base)


@pytest.fixture(scope="module")
def avv():
    return AVV()


def trace(outcome, table_id):
    return next(t for t in outcome.traces if t.table_id == table_id)


@pytest.mark.parametrize(
    ("prior", "expected"),
    [
        ("0", "10000"),  # an earlier report that got nothing
        ("3200", "6800"),
        ("9999.99", "0.01"),  # just below the cap
    ],
)
def test_2025_top_up_to_10000_for_buildings(avv, prior, expected):
    outcome = avv.decide(facts(prior_damage_total=Decimal(prior)))
    assert outcome.open is True
    assert outcome.amount == Decimal(expected)


@pytest.mark.parametrize("prior", ["10000", "10000.01", "25000"])
def test_nothing_to_top_up_means_not_eligible(avv, prior):
    outcome = avv.decide(facts(prior_damage_total=Decimal(prior)))
    assert outcome.open is False
    assert outcome.amount is None
    assert "U heeft al € 10.000 of meer gekregen" in explain_for_applicant(outcome)


def test_explanation_shows_the_sum(avv):
    text = explain_for_applicant(avv.decide(facts(prior_damage_total=Decimal("3200"))))
    assert text.startswith("U krijgt € 6.800.")
    assert "€ 10.000 min € 3.200" in text
    assert "bijkomende kosten tellen niet mee" in text
    assert "NAM, CVW, TCMG of IMG" in text


@pytest.mark.parametrize(
    ("prior", "expected"),
    [("0", "5000"), ("1800", "3200"), ("4999.99", "0.01"), ("5000", None), ("7500", None)],
)
def test_2022_2023_design_tops_up_to_5000(avv, prior, expected):
    outcome = avv.decide(
        facts(reference_date=IN_2023, prior_damage_total=Decimal(prior)), answers={"had_ves_before": False}
    )
    if expected is None:
        assert outcome.open is False
        assert "U heeft al € 5.000 of meer gekregen" in explain_for_applicant(outcome)
    else:
        assert outcome.open is True
        assert outcome.amount == Decimal(expected)
        assert "regels van 2022 en 2023" in explain_for_applicant(outcome)


def test_2023_design_excludes_who_chose_ves_before(avv):
    outcome = avv.decide(facts(reference_date=IN_2023), answers={"had_ves_before": True})
    assert outcome.open is False
    assert "U koos al eerder voor de vaste vergoeding" in explain_for_applicant(outcome)
    unknown = avv.decide(facts(reference_date=IN_2023))
    assert unknown.open is None
    assert "heeft u eerder gekozen voor de vaste vergoeding?" in explain_for_applicant(unknown)


def test_the_earlier_ves_question_is_not_asked_under_the_2025_rules(avv):
    outcome = avv.decide(facts())
    assert outcome.open is True
    assert not any("vaste vergoeding" in c.text for c in outcome.conditions if c.met is None)


@pytest.mark.parametrize(
    ("day", "cap"),
    [(dt.date(2024, 10, 31), Decimal("5000")), (dt.date(2024, 11, 1), Decimal("10000"))],
)
def test_the_2025_amounts_apply_from_the_placeholder_switch_date(avv, day, cap):
    outcome = avv.decide(facts(reference_date=day), answers={"had_ves_before": False})
    assert trace(outcome, "avv_amount").outputs["cap"] == cap


def test_the_switch_date_is_a_marked_placeholder(avv):
    for name in (
        "avv_2025_amounts_from",
        "avv_start_date",
        "avv_small_object_uses_ves_test",
        "avv_former_owners_from",
        "avv_open_from_eemsdelta",
        "avv_open_from_other_municipalities",
    ):
        assert avv.parameters.get(name).status is Status.PLACEHOLDER, name
    assert avv.parameters.get("avv_open_from_groningen").status is Status.CONFIRMED
    assert avv.is_switched_off is False


def test_before_the_start_there_was_no_avv(avv):
    outcome = avv.decide(facts(reference_date=dt.date(2021, 12, 31)), answers={"had_ves_before": False})
    assert outcome.open is False
    assert "bestond toen nog niet" in explain_for_applicant(outcome)


def test_small_objects_are_topped_up_to_5000_with_the_placeholder_test(avv):
    shed = facts(cultuurcode=18, floor_area_m2=12, woz_value=None, prior_damage_total=Decimal("1000"))
    outcome = avv.decide(shed)
    assert outcome.amount == Decimal("4000")
    text = explain_for_applicant(outcome)
    assert "klein object" in text and "staat nog niet vast" in text
    without_test = avv.parameters.with_overrides({"avv_small_object_uses_ves_test": "nee"})
    assert avv.decide(shed, without_test).amount == Decimal("9000")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"applicant_is_natural_person": False}, "bedrijf of stichting"),
        ({"co_owners_consent": False}, "geen toestemming"),
        ({"applicant_is_owner": False, "applicant_is_former_owner": False}, "geen eigenaar en geen oud-eigenaar"),
        ({"in_effect_area": False, "in_deep_subsidence_area": False}, "niet in het effectgebied"),
        ({"events_2mms_since_construction": 0}, "geen beving van 2 mm/s of meer"),
        ({"chose_maatwerk_after_ves_offer": True}, "17 mei 2021"),
    ],
)
def test_each_unmet_condition_closes_the_scheme_and_says_why(avv, change, message):
    outcome = avv.decide(facts(**change))
    assert outcome.open is False
    assert outcome.amount is None
    assert message in explain_for_applicant(outcome)


def test_a_deep_subsidence_area_counts_as_location(avv):
    outcome = avv.decide(facts(in_effect_area=False, in_deep_subsidence_area=True))
    assert outcome.open is True


def test_one_quake_is_enough(avv):
    assert avv.decide(facts(events_2mms_since_construction=1)).open is True


@pytest.mark.parametrize(
    ("municipality", "day", "is_open", "message"),
    [
        ("Groningen", dt.date(2025, 10, 12), False, "U kunt aanvragen vanaf 13 oktober 2025"),
        ("Groningen", dt.date(2025, 10, 13), True, "sinds 13 oktober 2025"),
        ("Eemsdelta", dt.date(2025, 9, 14), False, "U kunt aanvragen vanaf 15 september 2025"),
        ("Eemsdelta", dt.date(2025, 9, 15), True, "sinds 15 september 2025"),
        ("Midden-Groningen", dt.date(2025, 11, 1), False, "Er is nog geen datum bekend"),
    ],
)
def test_opening_per_municipality(avv, municipality, day, is_open, message):
    outcome = avv.decide(facts(municipality=municipality, reference_date=day))
    assert outcome.open is is_open
    texts = [c.text for c in outcome.conditions]
    assert any(message in text for text in texts)
    if not is_open:
        assert message in explain_for_applicant(outcome)


def test_opening_another_municipality_is_a_parameter_change(avv):
    opened = avv.parameters.with_overrides({"avv_open_from_other_municipalities": "2026-01-05"})
    outcome = avv.decide(facts(municipality="Midden-Groningen", reference_date=dt.date(2026, 1, 5)), opened)
    assert outcome.open is True
    assert outcome.open_from == dt.date(2026, 1, 5)
    assert avv.decide(facts(municipality="Midden-Groningen")).open_from is None


@pytest.mark.parametrize(
    ("change", "answers", "priority"),
    [
        ({"pre_registered_avv": True}, {}, 1),
        ({}, {}, 2),
        (
            {"applicant_is_owner": False, "applicant_is_former_owner": True, "reference_date": dt.date(2027, 1, 1)},
            {"former_owner_has_decision_letter": True},
            3,
        ),
    ],
)
def test_priority_pre_registered_then_owners_then_former_owners(avv, change, answers, priority):
    outcome = avv.decide(facts(**change), answers=answers)
    assert outcome.open is True
    assert outcome.priority == priority
    assert outcome.as_dict()["priority"] == priority
    assert trace(outcome, "avv_priority").matched_rows[0].number == priority


def test_pre_registration_is_explained(avv):
    assert "vooraf ingeschreven" in explain_for_applicant(avv.decide(facts(pre_registered_avv=True)))


def test_former_owners_wait_until_the_parameter_date(avv):
    former = facts(applicant_is_owner=False, applicant_is_former_owner=True)
    outcome = avv.decide(former, answers={"former_owner_has_decision_letter": True})
    assert outcome.open is False
    assert outcome.priority == 3
    assert "Oud-eigenaren kunnen pas aanvragen vanaf 1 januari 2027" in explain_for_applicant(outcome)


def test_former_owners_need_their_own_decision_letter(avv):
    former = facts(applicant_is_owner=False, applicant_is_former_owner=True, reference_date=dt.date(2027, 3, 1))
    refused = avv.decide(former, answers={"former_owner_has_decision_letter": False})
    assert refused.open is False
    assert "eigen besluit nodig" in explain_for_applicant(refused)
    asked = avv.decide(former)
    assert asked.open is None
    assert "Nog niet bekend: heeft u als oud-eigenaar een eigen besluit" in explain_for_applicant(asked)


def test_unknown_ownership_is_asked_not_refused(avv):
    outcome = avv.decide(facts(applicant_is_owner=None, applicant_is_former_owner=None))
    assert outcome.open is None
    assert outcome.amount == Decimal("10000")
    assert "bent u eigenaar of oud-eigenaar" in explain_for_applicant(outcome)


def test_trace_names_tables_rows_and_legal_basis(avv):
    outcome = avv.decide(facts(prior_damage_total=Decimal("3200")))
    assert set(outcome.rule_versions) == {"avv_amount", "avv_opening", "avv_priority", "avv_conditions"}
    amount = trace(outcome, "avv_amount")
    assert amount.matched_rows[0].rule_id == "avv_a_building"
    assert amount.matched_rows[0].legal_basis.url.startswith("https://www.oogtv.nl/2025/10/")
    assert trace(outcome, "avv_opening").matched_rows[0].rule_id == "avv_o_groningen"
    staff = explain_for_staff(outcome)
    assert "Tabel avv_amount" in staff and "rij 3" in staff
    assert outcome.as_dict()["amount"] == "6800"


def test_every_row_has_a_legal_basis_with_a_link(avv):
    for table in avv.tables.values():
        for row in table.rows:
            assert row.legal_basis.text and row.legal_basis.url.startswith("https://"), (table.table_id, row.number)


@pytest.mark.parametrize(
    "answers",
    [{"vaste_vergoeding": True}, {"had_ves_before": "ja"}],
)
def test_bad_answers_are_refused_in_dutch(avv, answers):
    with pytest.raises(AnswerError, match="had_ves_before|vaste_vergoeding"):
        avv.decide(facts(), answers=answers)


def test_parameters_can_be_overridden_for_simulation(avv):
    changed = avv.parameters.with_overrides({"avv_cap_building": "12500"})
    assert avv.decide(facts(prior_damage_total=Decimal("2500")), changed).amount == Decimal("10000")


money = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(
    prior=money,
    small=st.booleans(),
    day=st.dates(min_value=dt.date(2022, 1, 1), max_value=dt.date(2030, 12, 31)),
    municipality=st.sampled_from(["Groningen", "Eemsdelta", "Het Hogeland"]),
)
def test_property_never_negative_and_never_above_the_cap(prior, small, day, municipality):
    avv = AVV()
    outcome = avv.decide(
        facts(
            prior_damage_total=prior,
            reference_date=day,
            municipality=municipality,
            cultuurcode=18 if small else None,
            floor_area_m2=10 if small else 120,
        ),
        answers={"had_ves_before": False},
    )
    amount_trace = trace(outcome, "avv_amount").outputs
    cap, top_up = amount_trace["cap"], amount_trace["top_up"]
    assert top_up >= 0
    assert prior + top_up <= max(cap, prior)
    if outcome.amount is not None:
        assert outcome.amount > 0
        assert prior + outcome.amount <= cap
