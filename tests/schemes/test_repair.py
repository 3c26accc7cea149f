"""HEA and HIN, actual repair: the € 60,000 cap, the exclusions and the conditions of domain facts §1.3."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant, explain_for_staff
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.repair.scheme import HEA, HIN

TODAY = dt.date(2025, 11, 1)


def facts(**changes) -> Facts:
    return Facts(**{"reference_date": TODAY, "applicant_is_owner": True, **changes})


def item(description="scheur in de keukenmuur", kind="crack", room="keuken", amount="4000", assessed_before=False):
    return {
        "description": description,
        "type": kind,
        "room": room,
        "amount": None if amount is None else Decimal(amount),
        "assessed_before": assessed_before,
    }


KITCHEN = item()
BATHROOM = item("scheur in de badkamer", room="badkamer", amount="2500")
PAINT = item("afbladderende verf in de gang", "peeling_paint", "gang", "300")
ROT = item("houtrot in het kozijn", "wood_rot", "woonkamer", "900")
OLD = item("scheur die al beoordeeld is", room="zolder", amount="1200", assessed_before=True)
SETTLEMENT = item("verzakte vloer", "settlement", "woonkamer", "8000")


def hea_answers(**changes):
    return {
        "damage_items": [KITCHEN, BATHROOM],
        "quote_approved": True,
        "contractor_meets_requirements": True,
        **changes,
    }


@pytest.fixture(scope="module")
def hea():
    return HEA()


@pytest.fixture(scope="module")
def hin():
    return HIN()


def test_hea_pays_the_approved_quote_to_the_contractor(hea):
    outcome = hea.decide(facts(), answers=hea_answers())
    assert outcome.open is True
    assert outcome.amount == Decimal("6500")
    assert outcome.paid_to == "aannemer"
    text = explain_for_applicant(outcome)
    assert "rechtstreeks" in text and "niet zelf" in text
    assert "goedgekeurde offerte" in text
    assert "€ 60.000" in text


@pytest.mark.parametrize(
    ("excluded", "message"),
    [
        (PAINT, "afbladderende verf kan naar zijn aard geen mijnbouwschade zijn"),
        (ROT, "houtrot kan naar zijn aard geen mijnbouwschade zijn"),
        (OLD, "al eerder beoordeeld"),
    ],
)
def test_excluded_damage_does_not_count(hea, hin, excluded, message):
    for scheme, answers in (
        (hea, hea_answers(damage_items=[KITCHEN, excluded])),
        (hin, {"damage_items": [KITCHEN, excluded]}),
    ):
        outcome = scheme.decide(facts(), answers=answers)
        assert outcome.amount == Decimal("4000")
        assert [i.description for i, _reason in outcome.excluded_items] == [excluded["description"]]
        assert message in explain_for_applicant(outcome)


def test_only_excluded_damage_closes_the_scheme(hea):
    outcome = hea.decide(facts(), answers=hea_answers(damage_items=[PAINT, ROT]))
    assert outcome.open is False
    assert "geen schade die meetelt" in explain_for_applicant(outcome)


@pytest.mark.parametrize(
    ("total", "expected", "capped"),
    [
        ("59999.99", "59999.99", False),
        ("60000", "60000", False),
        ("60000.01", "60000", True),
        ("85000", "60000", True),
    ],
)
def test_repair_up_to_60000_without_causality_research(hea, hin, total, expected, capped):
    answers = {"damage_items": [item(amount=total)]}
    for scheme, extra in ((hea, {"quote_approved": True, "contractor_meets_requirements": True}), (hin, {})):
        outcome = scheme.decide(facts(), answers={**answers, **extra})
        assert outcome.amount == Decimal(expected)
        cap_trace = next(t for t in outcome.traces if t.table_id == "repair_cap")
        assert cap_trace.outputs["capped"] is capped
        assert ("meer dan € 60.000" in explain_for_applicant(outcome)) is capped


def test_hea_quote_must_be_approved(hea):
    refused = hea.decide(facts(), answers=hea_answers(quote_approved=False))
    assert refused.open is False
    assert "offerte niet goedgekeurd" in explain_for_applicant(refused)
    pending = hea.decide(facts(), answers=hea_answers(quote_approved=None))
    assert pending.open is None
    assert "heeft het IMG de offerte goedgekeurd?" in explain_for_applicant(pending)


def test_hea_contractor_must_meet_the_requirements(hea):
    outcome = hea.decide(facts(), answers=hea_answers(contractor_meets_requirements=False))
    assert outcome.open is False
    assert "geschillencommissie" in explain_for_applicant(outcome)


def test_hea_interim_payment_per_finished_room(hea):
    outcome = hea.decide(facts(), answers=hea_answers(completed_rooms=["keuken"]))
    assert [(p.room, p.amount) for p in outcome.interim_payments] == [("keuken", Decimal("4000"))]
    assert "De ruimte 'keuken' is klaar" in explain_for_applicant(outcome)
    both = hea.decide(facts(), answers=hea_answers(completed_rooms=["keuken", "badkamer"]))
    assert sum(p.amount for p in both.interim_payments) == both.amount
    assert both.as_dict()["interim_payments"] == [
        {"room": "keuken", "amount": "4000"},
        {"room": "badkamer", "amount": "2500"},
    ]


def test_hea_interim_payments_stay_within_the_cap(hea):
    big = [item(room="keuken", amount="50000"), item(room="badkamer", amount="30000")]
    outcome = hea.decide(facts(), answers=hea_answers(damage_items=big, completed_rooms=["keuken", "badkamer"]))
    assert outcome.amount == Decimal("60000")
    assert [p.amount for p in outcome.interim_payments] == [Decimal("50000"), Decimal("10000")]


def test_hea_quote_amount_must_match_the_items(hea):
    assert hea.decide(facts(), answers=hea_answers(quote_amount=Decimal("6500"))).amount == Decimal("6500")
    with pytest.raises(AnswerError, match="niet gelijk"):
        hea.decide(facts(), answers=hea_answers(quote_amount=Decimal("7000")))


def test_hea_quote_amount_without_item_prices(hea):
    items = [item(amount=None), item("scheur in de badkamer", room="badkamer", amount=None)]
    assert hea.decide(facts(), answers=hea_answers(damage_items=items, quote_amount="7000")).amount == Decimal("7000")
    with pytest.raises(AnswerError, match="per schade"):
        hea.decide(
            facts(), answers=hea_answers(damage_items=[*items, item(kind="wood_rot", amount=None)], quote_amount="7000")
        )


def test_hea_settlement_damage_is_not_excluded(hea):
    outcome = hea.decide(facts(), answers=hea_answers(damage_items=[SETTLEMENT]))
    assert outcome.open is True
    assert outcome.amount == Decimal("8000")


def test_hin_repairs_without_money_for_the_applicant(hin):
    outcome = hin.decide(
        facts(), answers={"damage_items": [KITCHEN, BATHROOM], "business_activities_block_work": False}
    )
    assert outcome.open is True
    assert outcome.amount == Decimal("6500")
    assert outcome.paid_to == "aannemer"
    text = explain_for_applicant(outcome)
    assert "U krijgt zelf geen geld" in text
    assert text.startswith("Het IMG betaalt de aannemer")


def test_hin_without_estimates_gives_the_range_up_to_the_cap(hin):
    outcome = hin.decide(
        facts(), answers={"damage_items": [item(amount=None)], "business_activities_block_work": False}
    )
    assert outcome.amount is None
    assert outcome.amount_max == Decimal("60000")
    assert explain_for_applicant(outcome).startswith("Het IMG betaalt de aannemer tot € 60.000.")


@pytest.mark.parametrize(
    ("fact_change", "answers", "message"),
    [
        ({"is_monument": True}, {}, "monumentenarchitect"),
        ({}, {"business_activities_block_work": True}, "Bedrijfsactiviteiten"),
        ({}, {"damage_items": [KITCHEN, SETTLEMENT]}, "zetting of verzakking"),
    ],
)
def test_hin_is_not_suitable(hin, fact_change, answers, message):
    base = {"damage_items": [KITCHEN], "business_activities_block_work": False}
    outcome = hin.decide(facts(**fact_change), answers={**base, **answers})
    assert outcome.open is False
    assert outcome.amount is None
    assert message in explain_for_applicant(outcome)


def test_unknown_damage_is_asked(hin, hea):
    outcome = hin.decide(facts())
    assert outcome.open is None
    assert outcome.amount_max == Decimal("60000")
    assert "welke schade wilt u laten herstellen?" in explain_for_applicant(outcome)
    assert hea.decide(facts()).open is None


def test_trace_names_tables_rows_and_legal_basis(hea):
    outcome = hea.decide(facts(), answers=hea_answers(damage_items=[KITCHEN, PAINT]))
    assert set(outcome.rule_versions) == {"repair_damage_item", "repair_conditions", "repair_cap"}
    item_rows = [t.matched_rows[0].rule_id for t in outcome.traces if t.table_id == "repair_damage_item"]
    assert item_rows == ["rep_i_included", "rep_i_not_mining"]
    staff = explain_for_staff(outcome)
    assert "Tabel repair_cap" in staff and "herstel-met-eigen-aannemer" in staff
    for scheme in (HEA(), HIN()):
        for table in scheme.tables.values():
            for row in table.rows:
                assert row.legal_basis.url.startswith("https://"), (table.table_id, row.number)


@pytest.mark.parametrize(
    ("scheme_class", "answers", "message"),
    [
        (HIN, {"quote_approved": True}, "hoort niet bij"),
        (HEA, {"damage_items": [item(kind="scheur")]}, "bestaat niet"),
        (HEA, {"damage_items": [item(amount="-5")]}, "0 of meer"),
        (HEA, {"damage_items": [{**KITCHEN, "amount": 12.5}]}, "bedrag"),
        (HEA, {"quote_approved": "ja"}, "ja of nee"),
        (HEA, {**hea_answers(), "completed_rooms": ["zolder"]}, "zolder"),
    ],
)
def test_bad_answers_are_refused_in_dutch(scheme_class, answers, message):
    with pytest.raises(AnswerError, match=message):
        scheme_class().decide(facts(), answers=answers)


def test_cap_can_be_changed_for_simulation(hea):
    changed = hea.parameters.with_overrides({"repair_cap": "75000"})
    outcome = hea.decide(facts(), answers=hea_answers(damage_items=[item(amount="70000")]), parameters=changed)
    assert outcome.amount == Decimal("70000")


amounts = st.decimals(min_value=0, max_value=80000, places=2, allow_nan=False, allow_infinity=False)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.tuples(
            amounts,
            st.sampled_from(["crack", "peeling_paint", "wood_rot", "other"]),
            st.booleans(),
            st.sampled_from(["keuken", "badkamer", "gang"]),
        ),
        min_size=1,
        max_size=6,
    ),
    variant=st.sampled_from([HEA, HIN]),
)
def test_property_repair_never_exceeds_the_cap(lines, variant):
    scheme = variant()
    items = [item(f"schade {n}", kind, room, str(amount), old) for n, (amount, kind, old, room) in enumerate(lines)]
    counted = [i for i in items if i["type"] in ("crack", "other") and not i["assessed_before"]]
    answers = {"damage_items": items}
    if variant is HEA:
        finished = sorted({i["room"] for i in counted})  # every room with counted damage is finished
        answers.update(quote_approved=True, contractor_meets_requirements=True, completed_rooms=finished)
    else:
        answers["business_activities_block_work"] = False
    outcome = scheme.decide(facts(), answers=answers)
    cap = scheme.parameters["repair_cap"]
    if outcome.amount is not None:
        assert Decimal("0") <= outcome.amount <= cap
        assert outcome.amount == min(sum((i["amount"] for i in counted), Decimal("0")), cap)
        assert sum((p.amount for p in outcome.interim_payments), Decimal("0")) <= outcome.amount
    else:
        assert outcome.open is False or outcome.amount_max == cap
