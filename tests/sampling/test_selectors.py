"""Sampling statistics per handler and per scheme: the figures are right and add up."""

from decimal import Decimal

import pytest

from schadeloket.sampling.rules import Rule
from schadeloket.sampling.selectors import sampling_statistics
from schadeloket.sampling.services import approve, return_to_handler, sample
from tests.factories import UserFactory
from tests.sampling.helpers import TODAY, case_not_drawn, draft, experienced, new_case, to_review

pytestmark = pytest.mark.django_db

COUNTED = ("evaluated", "sampled", "approved", "returned", "reviewed")


def test_statistics_per_handler_and_scheme_add_up(policy):
    anna, bram = UserFactory(roles=["Behandelaar"]), UserFactory(roles=["Behandelaar"])
    reviewer = UserFactory(roles=["Toetser"])
    experienced(anna)  # three final AVV decisions: past the new-handler rule in AVV

    # anna, AVV: one high amount (approved), one deviation (returned, then resampled and approved),
    # one ordinary (not sampled)
    high = case_not_drawn(anna)
    sample(high, draft(high, anna, amount="50000"), on=TODAY)
    to_review(high, anna)
    approve(high, reviewer=reviewer, expected_version=high.version)

    deviating = case_not_drawn(anna)
    sample(deviating, draft(deviating, anna, deviates=True), on=TODAY)
    to_review(deviating, anna)
    return_to_handler(
        deviating, reviewer=reviewer, reason="Onderbouwing ontbreekt.", expected_version=deviating.version
    )
    sample(deviating, draft(deviating, anna, deviates=True), on=TODAY)
    to_review(deviating, anna)
    approve(deviating, reviewer=reviewer, expected_version=deviating.version)

    ordinary = case_not_drawn(anna)
    sample(ordinary, draft(ordinary, anna), on=TODAY)

    # bram, VES: new handler, returned once
    ves = new_case(bram, "VES")
    sample(ves, draft(ves, bram), on=TODAY)
    to_review(ves, bram)
    return_to_handler(ves, reviewer=reviewer, reason="Bedrag klopt niet.", expected_version=ves.version)

    stats = sampling_statistics()
    per_handler = {row["label"]: row for row in stats["per_handler"]}
    per_scheme = {row["key"]: row for row in stats["per_scheme"]}

    a = per_handler[anna.username]
    assert (a["evaluated"], a["sampled"], a["approved"], a["returned"]) == (4, 3, 2, 1)
    assert a["share_sampled"] == Decimal("75.0") and a["return_rate"] == Decimal("33.3")
    assert a["reasons"] == {Rule.AMOUNT: 1, Rule.DEVIATION: 2}
    b = per_handler[bram.username]
    assert (b["evaluated"], b["sampled"], b["approved"], b["returned"]) == (1, 1, 0, 1)
    assert b["return_rate"] == Decimal("100.0") and b["reasons"] == {Rule.NEW_HANDLER: 1}
    assert per_scheme["AVV"]["evaluated"] == 4 and per_scheme["VES"]["evaluated"] == 1

    total = stats["total"]
    assert (total["evaluated"], total["sampled"], total["approved"], total["returned"]) == (5, 4, 2, 2)
    assert total["share_sampled"] == Decimal("80.0") and total["return_rate"] == Decimal("50.0")
    for name in COUNTED:
        assert sum(row[name] for row in stats["per_handler"]) == total[name]
        assert sum(row[name] for row in stats["per_scheme"]) == total[name]
    assert total["reasons"] == {Rule.AMOUNT: 1, Rule.DEVIATION: 2, Rule.NEW_HANDLER: 1}
    assert set(stats["rule_labels"]) >= set(total["reasons"])

    # filters narrow the same figures
    only_ves = sampling_statistics(scheme_code="VES")
    assert only_ves["total"]["evaluated"] == 1 and [row["label"] for row in only_ves["per_handler"]] == [bram.username]
    assert sampling_statistics(handler=anna)["total"]["returned"] == 1


def test_statistics_without_data_divide_by_nothing(policy):
    total = sampling_statistics()["total"]
    assert total["evaluated"] == 0 and total["share_sampled"] is None and total["return_rate"] is None
