"""Writes for quality sampling: sample a draft decision, and record a reviewer's approval or return.

Each runs in one transaction. `sample` writes one SamplingDecision and one audit event. `approve`
and `return_to_handler` perform the case transition (which writes its own audit event), store the
Review, close the open review task and write a "review" event that names the outcome, since the
transition alone (review -> in progress) looks the same for both. A refused review raises a
`SamplingError` (a CaseError, so views catch one kind) with a Dutch message and changes nothing.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.models import Task, TaskKind, TaskStatus
from schadeloket.cases.services import CaseError, transition

from . import rules
from .models import Review, ReviewOutcome, SamplingDecision
from .selectors import earlier_decisions, latest_sampling, policy_in_force


class SamplingError(CaseError):
    """A sampling or review step that is not allowed, with a Dutch message saying why."""


@transaction.atomic
def sample(case, draft_decision, *, actor=None, on: dt.date | None = None) -> rules.SamplingResult:
    """Decide whether a reviewer must check this draft decision, store why, and audit it.

    The handler is the person who prepared the draft (else the case's handler). Call this every
    time a draft is (re)made: after a return, the reworked draft is sampled again.
    """
    if draft_decision.case_id != case.pk:
        raise SamplingError(_("Dit besluit hoort niet bij zaak %(reference)s.") % {"reference": case.reference})
    on = on or timezone.localdate()
    handler = draft_decision.decided_by or case.handler
    policy = policy_in_force(case.scheme_code, on)
    if policy is None:
        result = rules.no_policy()
        values = None
    else:
        values = policy.values()
        result = rules.evaluate(
            values,
            reference=case.reference,
            amount=draft_decision.amount,
            deviates=draft_decision.deviates,
            earlier_decisions=(
                earlier_decisions(handler, case.scheme_code, exclude_case=case) if handler is not None else None
            ),
        )
    SamplingDecision.objects.create(
        case=case,
        decision=draft_decision,
        scheme_code=case.scheme_code,
        handler=handler,
        required=result.required,
        rules=list(result.rules),
        reasons=list(result.reasons),
        lot=result.lot,
        policy=policy,
        policy_version=values.version() if values else "",
        policy_values=values.as_dict() if values else {},
    )
    outcome = _("toetsen") if result.required else _("niet toetsen")
    record_event(
        actor=actor if actor is not None else handler,
        action="sample",
        obj=("cases.case", case.reference),
        changed_fields=["sampling"],
        reason=f"{outcome} ({', '.join(result.rules) or _('geen risico')}; "
        f"{_('beleid')} {values.version() if values else '-'}; {_('lot')} {result.lot})",
    )
    return result


def _authors(case, latest: SamplingDecision | None) -> set[int]:
    """Everyone who prepared the decision under review: they may not review it themselves."""
    ids = {case.handler_id}
    if latest is not None:
        ids |= {latest.handler_id, latest.decision.decided_by_id}
    else:
        draft = case.decisions.order_by("-decided_at", "-id").first()
        if draft is not None:
            ids.add(draft.decided_by_id)
    ids.discard(None)
    return ids


def _review(case, *, reviewer, outcome: str, reason: str, expected_version: int) -> Review:
    reason = (reason or "").strip()
    if outcome == ReviewOutcome.RETURNED and not reason:
        raise SamplingError(_("Geef een reden waarom u het besluit terugstuurt. Dan weet de behandelaar wat er moet."))
    latest = latest_sampling(case)
    if reviewer.pk in _authors(case, latest):
        raise SamplingError(
            _(
                "U kunt dit besluit niet zelf toetsen, want u heeft het voorbereid of u behandelt deze zaak. "
                "Een collega moet het toetsen: er kijken altijd twee mensen naar (vier ogen)."
            )
        )
    name = "approve" if outcome == ReviewOutcome.APPROVED else "return_from_review"
    transition(case, name, actor=reviewer, expected_version=expected_version, reason=reason)
    now = timezone.now()
    review = Review.objects.create(
        case=case, sampling=latest, reviewer=reviewer, outcome=outcome, reason=reason, at=now
    )
    Task.objects.filter(case=case, kind=TaskKind.REVIEW, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=now, assignee=reviewer
    )
    record_event(
        actor=reviewer,
        action="review",
        obj=("cases.case", case.reference),
        changed_fields=["review"],
        reason=str(ReviewOutcome(outcome).label) + (f": {reason}" if reason else ""),
    )
    return review


@transaction.atomic
def approve(case, *, reviewer, expected_version: int) -> Review:
    """The reviewer agrees with the draft; the case goes back to the handler to decide."""
    return _review(
        case, reviewer=reviewer, outcome=ReviewOutcome.APPROVED, reason="", expected_version=expected_version
    )


@transaction.atomic
def return_to_handler(case, *, reviewer, reason: str, expected_version: int) -> Review:
    """The reviewer sends the draft back with a reason; a reworked draft must be sampled again."""
    return _review(
        case, reviewer=reviewer, outcome=ReviewOutcome.RETURNED, reason=reason, expected_version=expected_version
    )
