"""Scheme questions: the staff form asks exactly what each `decide` reads, in the types it reads.

Three promises, per scheme:
- the declared questions are exactly the answer names its `decide` accepts (Maatwerk without
  `damage_items`, which comes from the advice report, not from the form);
- every question, answered alone with a typical value of its kind (the Python type the form
  produces), is accepted by `decide`;
- staff can reach a granting decision from the form: a realistic filled-in form gives
  `open is True` with no condition left unknown, and survives being stored as JSON.
"""

import datetime as dt
import json
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from schadeloket.schemes.aos import scheme as aos
from schadeloket.schemes.assistance_costs import scheme as assistance_costs
from schadeloket.schemes.avv import scheme as avv
from schadeloket.schemes.concurrence import scheme as concurrence
from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.questions import Kind, answers_from_json, answers_to_json
from schadeloket.schemes.escalation import scheme as escalation
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.immaterial_damage import scheme as immaterial_damage
from schadeloket.schemes.maatwerk import scheme as maatwerk
from schadeloket.schemes.manure_cellar import scheme as manure_cellar
from schadeloket.schemes.registry import all_schemes
from schadeloket.schemes.repair import scheme as repair
from schadeloket.schemes.sustainable_repair import scheme as sustainable_repair

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = dt.date(2025, 11, 1)
SCHEMES = {scheme.code: scheme for scheme in all_schemes()}

# The answer names each module declares for its `decide`. Value loss keeps its names inside
# `decide`; they are read from its own refusal of an unknown name (see `accepted_names`).
DECLARED_NAMES = {
    "VES": set(),
    "AVV": set(avv.ANSWERS),
    "HEA": set(repair.HEA.answer_names),
    "HIN": set(repair.HIN.answer_names),
    "MAATWERK": set(maatwerk.ANSWER_NAMES) - {"damage_items"},  # from the advice report, not the form
    "WAARDEDALING_WONING": None,
    "WAARDEDALING_NIET_WONING": None,
    "DUURZAAM_HERSTEL": set(sustainable_repair.ANSWERS),
    "IMS_VOLWASSENE": set(immaterial_damage.ADULT_ANSWERS),
    "IMS_KIND": set(immaterial_damage.CHILD_ANSWERS),
    "MESTKELDER": set(manure_cellar.ANSWERS),
    "BIJSTAND": set(assistance_costs.ANSWERS),
    "AOS": set(aos.ANSWERS),
    "ESCALATIE": set(escalation.ANSWERS),
    "SAMENLOOP": set(concurrence.ANSWERS),
    "VHV": set(),  # not open: decide() reads no answers
    "OVERLAST": set(),  # not open: decide() reads no answers
}


# Facts built as the scheme tests build them: a case where the scheme can apply.
def avv_facts(**changes) -> Facts:
    base = dict(
        reference_date=TODAY,
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
    return Facts(**{**base, **changes})


def ves_facts() -> Facts:
    return Facts(
        reference_date=TODAY,
        applicant_is_owner=True,
        co_owners_consent=True,
        in_effect_area=True,
        within_6km=True,
        events_2mms_since_construction=3,
        construction_year=1930,
        floor_area_m2=120,
        woz_value=Decimal("240000"),
    )


def home_facts() -> Facts:
    return Facts(
        reference_date=TODAY,
        applicant_is_owner=True,
        building_kind="home",
        municipality="Eemsdelta",
        pc4="9919",
        woz_value=Decimal("240000"),
    )


def business_facts() -> Facts:
    return Facts(
        reference_date=TODAY,
        applicant_owner_on_huizinge_date=True,
        building_kind="non_residential",
        municipality="Eemsdelta",
        pc4="9919",
        woz_value=Decimal("150000"),
    )


def manure_facts(**changes) -> Facts:
    base = dict(
        reference_date=dt.date(2022, 6, 1), has_manure_cellar=True, manure_cellar_volume_m3=800, events_10mms_p99=1
    )
    return Facts(**{**base, **changes})


FACTS = {
    "VES": ves_facts(),
    "AVV": avv_facts(),
    "HEA": Facts(reference_date=TODAY, applicant_is_owner=True),
    "HIN": Facts(reference_date=TODAY, applicant_is_owner=True),
    "MAATWERK": Facts(reference_date=TODAY, applicant_is_owner=True, in_effect_area=True, within_6km=True),
    "WAARDEDALING_WONING": home_facts(),
    "WAARDEDALING_NIET_WONING": business_facts(),
    "DUURZAAM_HERSTEL": Facts(
        reference_date=TODAY,
        applicant_is_owner=True,
        pc4="9919",
        municipality="Eemsdelta",
        prior_total_received=Decimal("18000"),
        prior_payment_count=3,
    ),
    "IMS_VOLWASSENE": Facts(reference_date=TODAY, applicant_is_owner=True, applicant_age_years=45),
    "IMS_KIND": Facts(reference_date=TODAY, applicant_age_years=10),
    "MESTKELDER": manure_facts(reference_date=dt.date(2024, 2, 1)),
    "BIJSTAND": Facts(reference_date=TODAY),
    "AOS": Facts(reference_date=TODAY, in_reinforcement_area=True, municipality="Loppersum"),
    "ESCALATIE": Facts(reference_date=TODAY, municipality="Eemsdelta"),
    "SAMENLOOP": Facts(reference_date=TODAY, in_reinforcement_area=True),
    "VHV": Facts(reference_date=TODAY),
    "OVERLAST": Facts(reference_date=TODAY),
}


def accepted_names(code: str) -> set[str]:
    declared = DECLARED_NAMES[code]
    if declared is not None:
        return declared
    with pytest.raises(AnswerError) as refused:
        SCHEMES[code].decide(FACTS[code], answers={"no_such_answer": True})
    listed = str(refused.value).split("Bekende antwoorden: ", 1)[1].rstrip(".")
    return set(listed.split(", "))


def test_every_registered_scheme_is_covered_here():
    assert set(SCHEMES) == set(DECLARED_NAMES) == set(FACTS)


@pytest.mark.parametrize("code", sorted(DECLARED_NAMES))
def test_questions_are_exactly_the_answers_decide_reads(code):
    names = [question.name for question in SCHEMES[code].questions]
    assert len(names) == len(set(names)), f"{code}: a question is declared twice"
    assert set(names) == accepted_names(code)


def test_value_loss_names_are_read_from_decide_itself():
    """The refusal message is the source for value loss; make sure it lists what the docstring promises."""
    assert accepted_names("WAARDEDALING_WONING") == {
        "woz_2021",
        "woz_objection_pending",
        "in_value_loss_area",
        "has_residential_function",
        "nam_settlement",
    }
    assert accepted_names("WAARDEDALING_NIET_WONING") == {"woz_2022", "in_value_loss_area", "has_residential_function"}


def test_maatwerk_does_not_ask_for_the_damage_items():
    assert "damage_items" not in {question.name for question in SCHEMES["MAATWERK"].questions}


@pytest.mark.parametrize("code", ["VES", "VHV", "OVERLAST"])
def test_schemes_without_answers_ask_nothing(code):
    assert SCHEMES[code].questions == ()


ALL_QUESTIONS = [(scheme.code, question) for scheme in all_schemes() for question in scheme.questions]


@pytest.mark.parametrize(("code", "question"), ALL_QUESTIONS, ids=[f"{c}-{q.name}" for c, q in ALL_QUESTIONS])
def test_every_question_has_a_label_and_a_known_kind(code, question):
    assert str(question.label).strip(), f"{code}.{question.name} has no label"
    assert isinstance(question.kind, Kind)
    assert question.minimum >= 0
    if question.kind in (Kind.CHOICE, Kind.REPAIR_ITEMS):
        assert question.choices, f"{code}.{question.name} has no choices"
        values = [value for value, _label in question.choices]
        assert len(values) == len(set(values))
        assert all(str(label).strip() for _value, label in question.choices)
    else:
        assert not question.choices


def test_choices_are_the_values_decide_accepts():
    def values(code, name):
        question = next(q for q in SCHEMES[code].questions if q.name == name)
        return tuple(value for value, _label in question.choices)

    assert values("BIJSTAND", "phase") == assistance_costs.PHASES
    assert values("ESCALATIE", "referred_by") == escalation.REFERRERS
    assert values("IMS_VOLWASSENE", "application_kind") == immaterial_damage.APPLICATION_KINDS
    # Children have no follow-up application: decide() refuses "follow_up" for them.
    assert values("IMS_KIND", "application_kind") == ("first", "automatic_top_up")
    assert values("HEA", "damage_items") == values("HIN", "damage_items") == tuple(repair.DAMAGE_TYPES)


def typical_values(question, facts: Facts) -> list:
    """Values of the question's kind, in the Python types the staff form produces."""
    kind = question.kind
    if kind is Kind.YES_NO:
        return [True, False]
    if kind is Kind.AMOUNT:
        return [Decimal("1000")]
    if kind is Kind.NUMBER:
        return [Decimal("12.5")]
    if kind is Kind.COUNT:
        return [question.minimum, question.minimum + 2]
    if kind is Kind.CHOICE:
        return [value for value, _label in question.choices]
    if kind is Kind.DATE:
        return [facts.reference_date - dt.timedelta(days=400)]
    if kind is Kind.DATETIME:
        return [dt.datetime.combine(facts.reference_date, dt.time(9, 30), tzinfo=AMSTERDAM)]
    if kind is Kind.TEXT_LIST:
        return [["keuken"]]
    if kind is Kind.AMOUNT_LIST:
        return [[Decimal("1000"), Decimal("250.50")]]
    if kind is Kind.REPAIR_ITEMS:
        return [
            [
                {
                    "description": f"schade soort {value}",
                    "type": value,
                    "room": "keuken",
                    "amount": Decimal("1000"),
                    "assessed_before": False,
                }
            ]
            for value, _label in question.choices
        ]
    raise AssertionError(f"no typical value for {kind}")


SINGLE_ANSWERS = [
    (code, question, value) for code, question in ALL_QUESTIONS for value in typical_values(question, FACTS[code])
]


@pytest.mark.parametrize(
    ("code", "question", "value"),
    SINGLE_ANSWERS,
    ids=[f"{code}-{question.name}-{index}" for index, (code, question, _v) in enumerate(SINGLE_ANSWERS)],
)
def test_a_typical_answer_alone_is_accepted(code, question, value):
    scheme, facts = SCHEMES[code], FACTS[code]
    answers = {question.name: value}
    try:
        outcome = scheme.decide(facts, answers=answers)
    except AnswerError as error:
        pytest.fail(f"{code}.{question.name} = {value!r} refused: {error}")
    assert outcome.scheme == code
    stored = json.loads(json.dumps(answers_to_json(scheme.questions, answers)))
    assert answers_from_json(scheme.questions, stored) == answers


@dataclass
class Filled:
    """A form as a staff member fills it in, on facts where the scheme applies."""

    code: str
    facts: Facts
    answers: dict
    amount: Decimal | None = None  # the amount expected, when the scheme pays one
    from_elsewhere: dict = field(default_factory=dict)  # answers that do not come from the form


REPORTED_AT = dt.datetime(2025, 10, 31, 16, 45, tzinfo=AMSTERDAM)
KITCHEN = {
    "description": "scheur in de keukenmuur",
    "type": "crack",
    "room": "keuken",
    "amount": Decimal("4000"),
    "assessed_before": False,
}
BATHROOM = {**KITCHEN, "description": "scheur boven de douche", "room": "badkamer", "amount": Decimal("2500")}
ADVICE_REPORT = {
    "damage_items": [
        {"description": "scheur in de gevel", "verdict": "yes", "repair_cost": Decimal("6400")},
        {"description": "scheur in de binnenmuur", "verdict": "onbekend", "repair_cost": Decimal("1200")},
    ]
}

FILLED_FORMS = [
    Filled("AOS", FACTS["AOS"], {"img_confirms_unsafe": True, "reported_at": REPORTED_AT}),
    Filled(
        "BIJSTAND",
        FACTS["BIJSTAND"],
        {"hours_claimed": Decimal("12.5"), "phase": "zienswijze", "adviser_approved": True},
        amount=Decimal("1712.5"),
    ),
    # The 2022-2023 design asks whether the applicant chose VES before.
    Filled("AVV", avv_facts(reference_date=dt.date(2023, 6, 1)), {"had_ves_before": False}, amount=Decimal("5000")),
    # A former owner, once former owners may apply, with their own decision letter.
    Filled(
        "AVV",
        avv_facts(applicant_is_owner=False, applicant_is_former_owner=True, reference_date=dt.date(2027, 3, 1)),
        {"former_owner_has_decision_letter": True},
        amount=Decimal("10000"),
    ),
    Filled(
        "SAMENLOOP",
        FACTS["SAMENLOOP"],
        {"consent": True, "wants_joint_approach": True, "damage_affects_safety": False},
    ),
    Filled("ESCALATIE", FACTS["ESCALATIE"], {"situation_stuck": True, "referred_by": "burgemeester"}),
    Filled(
        "ESCALATIE",
        Facts(reference_date=TODAY, municipality="Westerkwartier"),
        {"situation_stuck": True, "referred_by": "burgemeester", "circumstances_warrant": True},
    ),
    Filled(
        "ESCALATIE",
        FACTS["ESCALATIE"],
        {"situation_stuck": True, "referred_by": "ncg", "very_special_case": True},
    ),
    Filled(
        "HEA",
        FACTS["HEA"],
        {
            "damage_items": [KITCHEN, BATHROOM],
            "quote_amount": Decimal("6500"),
            "quote_approved": True,
            "contractor_meets_requirements": True,
            "completed_rooms": ["keuken"],
        },
        amount=Decimal("6500"),
    ),
    Filled(
        "HIN",
        FACTS["HIN"],
        {"damage_items": [KITCHEN, BATHROOM], "business_activities_block_work": False},
        amount=Decimal("6500"),
    ),
    Filled(
        "MAATWERK",
        FACTS["MAATWERK"],
        {
            "half_days_inspection": 2,
            "half_days_repair": 1,
            "cleaning_requested": True,
            "damage_reports": 1,
            "overnight_costs_per_night": [Decimal("95"), Decimal("130")],
            "household_persons": 2,
            "application_date": dt.date(2023, 9, 1),
            "decision_date": dt.date(2025, 10, 15),
            "statutory_interest": Decimal("184.20"),
        },
        from_elsewhere=ADVICE_REPORT,
    ),
    Filled(
        "IMS_VOLWASSENE",
        FACTS["IMS_VOLWASSENE"],
        {
            "lived_in_area_since_huizinge": True,
            "unsafe_situation": True,
            "damage_compensation": Decimal("12500"),
            "handling_time_months": 30,
            "ims_received_elsewhere": False,
            "application_kind": "first",
        },
        amount=Decimal("3000"),
    ),
    Filled(
        "IMS_VOLWASSENE",
        FACTS["IMS_VOLWASSENE"],
        {
            "application_kind": "follow_up",
            "lived_in_area_since_huizinge": True,
            "reinforcement_or_demolition": True,
            "previous_award": Decimal("1500"),
            "previous_decision_date": dt.date(2023, 6, 1),
            "situation_changed": True,
            "pia_category": 1,
            "household_highest_award": Decimal("1500"),
        },
        amount=Decimal("3500"),
    ),
    Filled(
        "IMS_KIND",
        FACTS["IMS_KIND"],
        {"parent_awards": [Decimal("3000"), Decimal("1500")], "ims_received_elsewhere": False},
        amount=Decimal("1000"),
    ),
    Filled(
        "IMS_KIND",
        FACTS["IMS_KIND"],
        {"parent_awards": [Decimal("5000")], "previous_award": Decimal("1000"), "application_kind": "automatic_top_up"},
        amount=Decimal("700"),
    ),
    Filled("MESTKELDER", manure_facts(), {"proven_removal_costs": Decimal("9200")}, amount=Decimal("9200")),
    Filled(
        "MESTKELDER",
        FACTS["MESTKELDER"],
        {"expert_estimate": Decimal("14500"), "estimate_agreed": True},
        amount=Decimal("14500"),
    ),
    Filled(
        "WAARDEDALING_WONING",
        FACTS["WAARDEDALING_WONING"],
        {
            "woz_2021": Decimal("235000"),
            "woz_objection_pending": False,
            "in_value_loss_area": True,
            "has_residential_function": True,
            "nam_settlement": Decimal("1000"),
        },
        amount=Decimal("3864.50"),  # 2,07% of 235,000 = 4,864.50, minus 1,000 from NAM
    ),
    Filled(
        "WAARDEDALING_NIET_WONING",
        FACTS["WAARDEDALING_NIET_WONING"],
        {"woz_2022": Decimal("150000"), "in_value_loss_area": True, "has_residential_function": False},
        amount=Decimal("4500.00"),  # the lower bound: 3% of 150,000
    ),
    Filled(
        "DUURZAAM_HERSTEL",
        FACTS["DUURZAAM_HERSTEL"],
        {"rented_out_commercially": False, "construction_causes_repeat_damage": True},
    ),
]
FILLED_IDS = [f"{filled.code}-{index}" for index, filled in enumerate(FILLED_FORMS)]


def test_every_scheme_with_questions_has_a_filled_form():
    with_questions = {scheme.code for scheme in all_schemes() if scheme.questions}
    assert with_questions == {filled.code for filled in FILLED_FORMS}


@pytest.mark.parametrize("filled", FILLED_FORMS, ids=FILLED_IDS)
def test_staff_reach_a_granting_decision_from_the_form(filled):
    scheme = SCHEMES[filled.code]
    assert set(filled.answers) <= {question.name for question in scheme.questions}
    outcome = scheme.decide(filled.facts, answers={**filled.answers, **filled.from_elsewhere})
    unknown = [condition.text for condition in outcome.conditions if condition.met is None]
    assert not unknown, f"{filled.code}: still open: {unknown}"
    if filled.code == "DUURZAAM_HERSTEL":
        # Nobody can apply for sustainable repair: the IMG invites. The decision staff reach is that
        # the building is eligible for an invitation; `open` stays False by design.
        assert outcome.open is False
        assert outcome.invitation_eligible is True
    else:
        assert outcome.open is True
    if filled.amount is not None:
        assert outcome.amount == filled.amount


@pytest.mark.parametrize("filled", FILLED_FORMS, ids=FILLED_IDS)
def test_a_filled_form_survives_being_stored_as_json(filled):
    scheme = SCHEMES[filled.code]
    stored = json.loads(json.dumps(answers_to_json(scheme.questions, filled.answers)))
    restored = answers_from_json(scheme.questions, stored)
    assert restored == filled.answers
    before = scheme.decide(filled.facts, answers={**filled.answers, **filled.from_elsewhere})
    after = scheme.decide(filled.facts, answers={**restored, **filled.from_elsewhere})
    assert (after.open, after.amount, after.amount_max, after.conditions) == (
        before.open,
        before.amount,
        before.amount_max,
        before.conditions,
    )


def test_maatwerk_form_alone_leaves_only_the_advice_report_open():
    """Maatwerk's damage verdicts come from the advice report, not from the form: without it only that is asked."""
    filled = next(f for f in FILLED_FORMS if f.code == "MAATWERK")
    outcome = SCHEMES["MAATWERK"].decide(filled.facts, answers=filled.answers)
    unknown = [condition.text for condition in outcome.conditions if condition.met is None]
    assert unknown == ["welke schade erkent de deskundige in het adviesrapport, en wat kost het herstel?"]


def test_empty_answers_are_left_out_so_the_scheme_default_applies():
    questions = SCHEMES["HEA"].questions
    stored = {"quote_approved": None, "completed_rooms": [], "quote_amount": "6500"}
    assert answers_from_json(questions, stored) == {"quote_amount": Decimal("6500")}
