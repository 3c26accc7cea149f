"""Sampling a draft, the reviewer's outcome with four eyes, review_required, the policy in force."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Task, TaskStatus
from schadeloket.cases.services import CaseError
from schadeloket.decisions.models import DecisionKind
from schadeloket.sampling.models import Review, ReviewOutcome, SamplingDecision, SamplingPolicy
from schadeloket.sampling.rules import Rule, draw
from schadeloket.sampling.selectors import policy_in_force, review_required
from schadeloket.sampling.services import SamplingError, approve, return_to_handler, sample
from tests.factories import UserFactory
from tests.sampling.helpers import TODAY, case_drawn, case_not_drawn, draft, experienced, new_case, to_review

pytestmark = pytest.mark.django_db


# --- sampling -------------------------------------------------------------------------------------


def test_a_high_amount_is_sampled_stored_and_audited(policy, handler):
    experienced(handler)
    case = case_not_drawn(handler)
    decision = draft(case, handler, amount="30000.00")
    result = sample(case, decision, on=TODAY)
    assert result.required
    assert result.reasons == ["Het bedrag van € 30.000 is hoger dan € 25.000. Boven dat bedrag toetsen we altijd."]
    stored = SamplingDecision.objects.get(case=case)
    assert stored.decision == decision and stored.handler == handler and stored.required
    assert stored.rules == [Rule.AMOUNT] and stored.reasons == result.reasons
    assert stored.policy == policy and stored.policy_version == policy.values().version()
    assert stored.policy_values["seed"] == "test-seed" and stored.lot == draw(case.reference, "test-seed")
    event = AuditEvent.objects.get(object_id=case.reference, action="sample")
    assert event.actor_id == handler.pk and "amount" in event.reason


def test_a_deviating_draft_is_sampled(policy, handler):
    experienced(handler)
    case = case_not_drawn(handler)
    result = sample(case, draft(case, handler, deviates=True), on=TODAY)
    assert result.required and result.reasons == [
        "De behandelaar wijkt af van de uitkomst van de regels. Dan toetsen we altijd."
    ]


def test_an_ordinary_draft_of_an_experienced_handler_is_not_sampled(policy, handler):
    experienced(handler)
    case = case_not_drawn(handler)
    result = sample(case, draft(case, handler), on=TODAY)
    assert not result.required
    assert SamplingDecision.objects.get(case=case).required is False
    assert review_required(case) is False


def test_a_drawn_case_is_sampled_and_drawn_again_when_sampled_again(policy, handler):
    experienced(handler)
    case = case_drawn(handler)
    first = sample(case, draft(case, handler), on=TODAY)
    second = sample(case, draft(case, handler), on=TODAY)
    assert first.required and first.rules == [Rule.RANDOM]
    assert first == second


def test_the_first_n_decisions_count_per_handler_and_per_scheme(policy, handler):
    other = UserFactory(roles=["Behandelaar"])
    for done in range(3):
        case = case_not_drawn(handler)
        result = sample(case, draft(case, handler), on=TODAY)
        assert result.rules == [Rule.NEW_HANDLER]
        assert f"pas {done} besluiten genomen" in result.reasons[0]
        draft(case, handler, kind=DecisionKind.FINAL)  # this decision is taken: one more of experience
    case = case_not_drawn(handler)
    assert not sample(case, draft(case, handler), on=TODAY).required
    # another handler starts from zero; so does this handler in another scheme
    case = case_not_drawn(other)
    assert sample(case, draft(case, other), on=TODAY).rules == [Rule.NEW_HANDLER]
    ves = new_case(handler, "VES")
    assert Rule.NEW_HANDLER in sample(ves, draft(ves, handler), on=TODAY).rules


def test_a_scheme_policy_overrides_the_default_and_validity_counts(policy, handler):
    experienced(handler)
    case = case_not_drawn(handler)
    SamplingPolicy.objects.create(
        scheme_code="AVV",
        valid_from=dt.date(2025, 4, 1),
        amount_threshold=Decimal("5000"),
        new_handler_count=3,
        seed="test-seed",
    )
    assert policy_in_force("AVV", dt.date(2025, 3, 31)) == policy
    assert policy_in_force("AVV", TODAY).amount_threshold == Decimal("5000")
    assert policy_in_force("VES", TODAY) == policy
    assert sample(case, draft(case, handler, amount="6000"), on=TODAY).rules == [Rule.AMOUNT]


def test_without_a_policy_in_force_every_draft_is_reviewed(policy, handler):
    policy.valid_until = dt.date(2024, 12, 31)
    policy.save()
    case = new_case(handler)
    result = sample(case, draft(case, handler), on=TODAY)
    assert result.required and result.rules == [Rule.NO_POLICY]
    assert SamplingDecision.objects.get(case=case).policy is None


def test_overlapping_policies_are_refused_in_dutch(policy):
    clash = SamplingPolicy(scheme_code="", valid_from=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError, match="overlapt"):
        clash.full_clean()
    with pytest.raises(ValidationError, match="bestaat niet"):
        SamplingPolicy(scheme_code="XYZ", valid_from=dt.date(2025, 1, 1)).full_clean()


def test_a_decision_of_another_case_is_refused(policy, handler):
    case, other = new_case(handler), new_case(handler)
    with pytest.raises(SamplingError, match="hoort niet bij zaak"):
        sample(case, draft(other, handler), on=TODAY)
    assert not SamplingDecision.objects.exists()


# --- review -----------------------------------------------------------------------------------------


def test_approval_closes_the_task_and_review_required_flips(policy, handler, reviewer):
    case = new_case(handler)
    assert sample(case, draft(case, handler), on=TODAY).required  # a new handler
    assert review_required(case) is True
    to_review(case, handler)
    review = approve(case, reviewer=reviewer, expected_version=case.version)
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert review.outcome == ReviewOutcome.APPROVED and review.sampling == SamplingDecision.objects.get()
    assert review_required(case) is False
    assert Task.objects.get(case=case, kind="review").status == TaskStatus.DONE
    assert AuditEvent.objects.get(object_id=case.reference, action="review").reason == "akkoord"


def test_a_return_needs_a_new_sample_and_a_new_approval(policy, handler, reviewer):
    case = new_case(handler)
    sample(case, draft(case, handler, deviates=True), on=TODAY)
    to_review(case, handler)
    return_to_handler(case, reviewer=reviewer, reason="Reden van afwijken is te kort.", expected_version=case.version)
    assert review_required(case) is True  # a return is not an approval
    sample(case, draft(case, handler, deviates=True), on=TODAY)  # the reworked draft
    assert review_required(case) is True
    to_review(case, handler)
    approve(case, reviewer=reviewer, expected_version=case.version)
    assert review_required(case) is False
    assert list(Review.objects.filter(case=case).values_list("outcome", flat=True)) == ["returned", "approved"]


def test_an_approval_does_not_cover_a_later_draft(policy, handler, reviewer):
    case = new_case(handler)
    sample(case, draft(case, handler), on=TODAY)
    to_review(case, handler)
    approve(case, reviewer=reviewer, expected_version=case.version)
    assert review_required(case) is False
    sample(case, draft(case, handler, amount="40000"), on=TODAY)  # the handler changed the draft
    assert review_required(case) is True


def test_a_return_without_a_reason_is_refused_and_changes_nothing(policy, handler, reviewer):
    case = new_case(handler)
    sample(case, draft(case, handler), on=TODAY)
    to_review(case, handler)
    version = case.version
    with pytest.raises(SamplingError, match="Geef een reden"):
        return_to_handler(case, reviewer=reviewer, reason="   ", expected_version=version)
    case.refresh_from_db()
    assert case.status == "review" and case.version == version and not Review.objects.exists()


def test_four_eyes_a_reviewer_may_not_review_their_own_decision(policy, reviewer):
    both = UserFactory(roles=["Behandelaar", "Toetser"])
    case = new_case(both)
    sample(case, draft(case, both), on=TODAY)
    to_review(case, both)
    version = case.version
    with pytest.raises(SamplingError, match="vier ogen"):
        approve(case, reviewer=both, expected_version=version)
    with pytest.raises(SamplingError, match="vier ogen"):
        return_to_handler(case, reviewer=both, reason="zelf", expected_version=version)
    case.refresh_from_db()
    assert case.status == "review" and case.version == version and not Review.objects.exists()
    assert Task.objects.get(case=case, kind="review").status == TaskStatus.OPEN
    approve(case, reviewer=reviewer, expected_version=version)  # a colleague may


def test_only_a_reviewer_may_review_and_a_stale_version_loses(policy, handler, reviewer):
    case = new_case(handler)
    sample(case, draft(case, handler), on=TODAY)
    to_review(case, handler)
    colleague = UserFactory(roles=["Behandelaar"])
    with pytest.raises(CaseError, match="andere rol"):
        approve(case, reviewer=colleague, expected_version=case.version)
    with pytest.raises(CaseError, match="Iemand anders"):
        approve(case, reviewer=reviewer, expected_version=case.version - 1)
    assert not Review.objects.exists()


def test_a_case_not_in_review_cannot_be_approved(policy, handler, reviewer):
    case = new_case(handler)
    sample(case, draft(case, handler), on=TODAY)
    with pytest.raises(CaseError, match="kan niet nu"):
        approve(case, reviewer=reviewer, expected_version=case.version)
    assert not Review.objects.exists()
