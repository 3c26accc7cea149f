"""Helpers for the sampling tests: cases in progress, drafts, experience, cases drawn or not."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from schadeloket.cases.models import Case
from schadeloket.cases.services import open_case, transition
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.sampling.rules import draw
from tests.factories import BuildingFactory, PersonFactory

RECEIVED = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 4, 1)


def new_case(handler, scheme_code="AVV") -> Case:
    case = open_case(
        scheme_code=scheme_code, building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED,
        actor=handler,
    )  # fmt: skip
    case.handler = handler
    case.save(update_fields=["handler"])
    transition(case, "start", actor=handler, expected_version=case.version)
    return case


def draft(case, handler, amount="10000.00", deviates=False, kind=DecisionKind.DRAFT) -> Decision:
    return Decision.objects.create(
        case=case,
        kind=kind,
        granted=True,
        amount=Decimal(amount),
        rule_amount=Decimal(amount),
        deviates=deviates,
        deviation_reason="foto's laten meer schade zien" if deviates else "",
        decided_by=handler,
        decided_at=timezone.now(),
    )


def experienced(handler, scheme_code="AVV", count=3):
    """Give the handler `count` final decisions in the scheme, so the new-handler rule is past."""
    for _ in range(count):
        draft(new_case(handler, scheme_code), handler, kind=DecisionKind.FINAL)


def case_not_drawn(handler, seed="test-seed") -> Case:
    """A case whose lot is outside the random share, so only the risk rules can sample it."""
    while True:
        case = new_case(handler)
        if draw(case.reference, seed) >= 500:
            return case


def case_drawn(handler, seed="test-seed") -> Case:
    while True:
        case = new_case(handler)
        if draw(case.reference, seed) < 500:
            return case


def to_review(case, handler):
    transition(case, "send_to_review", actor=handler, expected_version=case.version)
