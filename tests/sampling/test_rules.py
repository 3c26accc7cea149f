"""The sampling rules without a database: each rule with its Dutch reason, and the lottery's draw."""

import hashlib
import math
from decimal import Decimal

from schadeloket.sampling.rules import LOTS, PolicyValues, Rule, draw, evaluate

VALUES = PolicyValues(
    amount_threshold=Decimal("25000.00"),
    review_deviations=True,
    new_handler_count=20,
    random_share=Decimal("5.00"),
    seed="test-seed",
)


def _evaluate(values=VALUES, *, reference="IMG-2025-000001", amount=Decimal("10000"), deviates=False, earlier=50):
    return evaluate(values, reference=reference, amount=amount, deviates=deviates, earlier_decisions=earlier)


def _reference_not_drawn(values=VALUES) -> str:
    return next(f"IMG-2025-{n:06d}" for n in range(1, 1000) if draw(f"IMG-2025-{n:06d}", values.seed) >= 500)


def test_an_amount_above_the_threshold_is_always_reviewed():
    result = _evaluate(reference=_reference_not_drawn(), amount=Decimal("25000.01"))
    assert result.required and result.rules == [Rule.AMOUNT]
    assert result.reasons == ["Het bedrag van € 25.000,01 is hoger dan € 25.000. Boven dat bedrag toetsen we altijd."]


def test_an_amount_at_the_threshold_is_not_above_it():
    result = _evaluate(reference=_reference_not_drawn(), amount=Decimal("25000.00"))
    assert not result.required and Rule.AMOUNT not in result.rules


def test_a_deviation_from_the_rules_is_always_reviewed():
    result = _evaluate(reference=_reference_not_drawn(), deviates=True)
    assert result.rules == [Rule.DEVIATION]
    assert result.reasons == ["De behandelaar wijkt af van de uitkomst van de regels. Dan toetsen we altijd."]


def test_the_deviation_rule_can_be_switched_off():
    values = PolicyValues(**{**VALUES.__dict__, "review_deviations": False})
    assert not _evaluate(values, reference=_reference_not_drawn(values), deviates=True).required


def test_a_new_handler_is_reviewed_for_the_first_n_decisions():
    result = _evaluate(reference=_reference_not_drawn(), earlier=19)
    assert result.rules == [Rule.NEW_HANDLER]
    assert result.reasons == [
        "De behandelaar heeft voor deze regeling pas 19 besluiten genomen. "
        "De eerste 20 besluiten van een nieuwe behandelaar toetsen we altijd."
    ]
    assert not _evaluate(reference=_reference_not_drawn(), earlier=20).required


def test_without_a_handler_the_new_handler_rule_does_not_apply():
    assert not _evaluate(reference=_reference_not_drawn(), earlier=None).required


def test_several_rules_give_several_reasons_and_no_lottery():
    result = _evaluate(amount=Decimal("60000"), deviates=True, earlier=0)
    assert result.rules == [Rule.AMOUNT, Rule.DEVIATION, Rule.NEW_HANDLER]
    assert len(result.reasons) == 3


def test_the_lottery_picks_from_the_rest_and_says_its_lot():
    drawn = next(f"IMG-2025-{n:06d}" for n in range(1, 1000) if draw(f"IMG-2025-{n:06d}", VALUES.seed) < 500)
    result = _evaluate(reference=drawn)
    assert result.required and result.rules == [Rule.RANDOM]
    assert result.reasons == [
        f"Dit besluit is door loting gekozen: lotnummer {result.lot} is lager dan 500. "
        "Zo toetsen we 5% van de overige besluiten."
    ]


def test_a_case_not_drawn_says_why_not():
    result = _evaluate(reference=_reference_not_drawn())
    assert not result.required and result.rules == []
    assert result.reasons[0].startswith("Geen toetsing nodig: geen van de risicoregels geldt, en lotnummer")


def test_the_draw_is_reproducible_by_an_auditor():
    reference = "IMG-2025-000123"
    digest = hashlib.sha256(f"{VALUES.seed}:{reference}".encode()).hexdigest()
    assert draw(reference, VALUES.seed) == int(digest[:16], 16) % LOTS
    assert _evaluate(reference=reference) == _evaluate(reference=reference)
    # another seed is another lottery
    assert [draw(f"IMG-2025-{n:06d}", "a") for n in range(50)] != [draw(f"IMG-2025-{n:06d}", "b") for n in range(50)]


def test_over_ten_thousand_references_the_share_is_five_percent_within_a_binomial_bound():
    n, p = 10_000, 0.05
    # 4.5 standard deviations of Binomial(n, p): a fair lottery falls outside with chance < 1e-5.
    bound = 4.5 * math.sqrt(n * p * (1 - p))
    for seed in ("seed-one", "seed-two", "seed-three"):
        values = PolicyValues(**{**VALUES.__dict__, "seed": seed})
        drawn = sum(_evaluate(values, reference=f"IMG-{2020 + i % 6}-{i:06d}").required for i in range(n))
        assert abs(drawn - n * p) <= bound, (seed, drawn)


def test_the_policy_version_is_a_hash_of_its_values():
    assert VALUES.version() == PolicyValues(**VALUES.__dict__).version()
    assert VALUES.version() != PolicyValues(**{**VALUES.__dict__, "random_share": Decimal("5.01")}).version()
    assert VALUES.lot_limit == 500
    assert PolicyValues(**{**VALUES.__dict__, "random_share": Decimal("0.25")}).lot_limit == 25
