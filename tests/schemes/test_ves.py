"""VES, the fixed one-off payment: the conditions and amounts of domain facts §1.1."""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.engine.parameters import ParameterError
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.registry import UnknownSchemeError, get_scheme

TODAY = dt.date(2025, 3, 1)


def facts(**changes) -> Facts:
    """An owner in Loppersum whose house (1930) felt several quakes: eligible for VES."""
    base = dict(
        reference_date=TODAY,
        applicant_is_owner=True,
        co_owners_consent=True,
        in_effect_area=True,
        within_6km=True,
        events_2mms_since_construction=3,
        construction_year=1930,
        floor_area_m2=120,
        woz_value=Decimal("240000"),
        cultuurcode=None,
    )
    base.update(changes)
    return Facts(**base)


@pytest.fixture
def ves():
    return get_scheme("VES")


def test_an_eligible_home_gets_10000_with_explanation(ves):
    outcome = ves.decide(facts())
    assert outcome.open is True
    assert outcome.amount == Decimal("10000")
    text = explain_for_applicant(outcome)
    assert text.startswith("U krijgt € 10.000.")
    assert "effectgebied" in text


def test_a_small_shed_gets_5000(ves):
    outcome = ves.decide(facts(building_kind="small_object", cultuurcode=18, floor_area_m2=12, woz_value=None))
    assert outcome.amount == Decimal("5000")
    assert "klein gebouw" in explain_for_applicant(outcome)


def test_a_large_barn_with_cultuurcode_18_gets_the_full_amount(ves):
    outcome = ves.decide(facts(cultuurcode=18, floor_area_m2=80, woz_value=Decimal("90000")))
    assert outcome.amount == Decimal("10000")


def test_before_the_raise_everyone_got_5000(ves):
    outcome = ves.decide(facts(reference_date=dt.date(2022, 6, 1)))
    assert outcome.amount == Decimal("5000")


def test_before_1_november_2021_there_was_no_ves(ves):
    outcome = ves.decide(facts(reference_date=dt.date(2021, 10, 31)))
    assert outcome.open is False
    assert "bestond toen nog niet" in explain_for_applicant(outcome)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_application_at_address": False}, "al eerder een aanvraag"),
        ({"applicant_is_natural_person": False}, "bedrijf of stichting"),
        ({"applicant_is_owner": False}, "geen eigenaar"),
        ({"co_owners_consent": False}, "geen toestemming"),
        ({"earlier_ves_or_repair_applications": 3}, "drie keer of vaker"),
        ({"in_effect_area": True, "events_2mms_since_construction": 0, "within_6km": False}, "niet op een plek"),
    ],
)
def test_each_unmet_condition_closes_the_scheme_and_says_why(ves, change, message):
    outcome = ves.decide(facts(**change))
    assert outcome.open is False
    assert outcome.amount is None
    assert message in explain_for_applicant(outcome)


def test_two_earlier_applications_are_still_fine(ves):
    assert ves.decide(facts(earlier_ves_or_repair_applications=2)).open is True


def test_location_routes(ves):
    six_km_old = facts(in_effect_area=False, events_2mms_since_construction=0, within_6km=True, construction_year=1990)
    six_km_new = facts(in_effect_area=False, events_2mms_since_construction=0, within_6km=True, construction_year=2015)
    deep = facts(in_effect_area=False, events_2mms_since_construction=0, within_6km=False, in_deep_subsidence_area=True)
    assert ves.decide(six_km_old).open is True
    assert ves.decide(six_km_new).open is False
    assert ves.decide(deep).open is True


def test_unknown_consent_is_asked_not_refused(ves):
    outcome = ves.decide(facts(co_owners_consent=None))
    assert outcome.open is None
    assert "Nog niet bekend: geven eventuele mede-eigenaren toestemming?" in explain_for_applicant(outcome)


def test_trace_records_versions_rows_and_legal_basis(ves):
    outcome = ves.decide(facts())
    assert set(outcome.rule_versions) == {"ves_location", "ves_conditions", "ves_amount"}
    amount_trace = next(t for t in outcome.traces if t.table_id == "ves_amount")
    assert amount_trace.matched_rows[0].legal_basis.url.startswith("https://www.schadedoormijnbouw.nl/")
    assert outcome.as_dict()["amount"] == "10000"


def test_parameters_can_be_overridden_for_simulation(ves):
    changed = ves.parameters.with_overrides({"ves_amount": "12500"})
    assert ves.decide(facts(), changed).amount == Decimal("12500")
    assert ves.decide(facts()).amount == Decimal("10000")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"ves_bedrag": "1"}, "bestaat niet"),
        ({"ves_amount": "tienduizend"}, "past niet"),
        ({"ves_amount": "-5"}, "niet lager zijn dan 0"),
        ({"ves_raise_date": "1-7-2023"}, "datum als 2025-01-31"),
    ],
)
def test_bad_parameter_overrides_are_refused_in_dutch(ves, overrides, message):
    with pytest.raises(ParameterError, match=message):
        ves.parameters.with_overrides(overrides)


def test_unknown_scheme_is_named():
    with pytest.raises(UnknownSchemeError) as error:
        get_scheme("XYZ")
    assert "Regeling 'XYZ' bestaat niet" in str(error.value)
