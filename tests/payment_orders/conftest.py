"""Cases decided and ready to pay, built through the case engine as the staff pages would."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from schadeloket.cases.services import open_case, transition
from schadeloket.decisions.models import Decision, DecisionKind
from tests.factories import BuildingFactory, PersonFactory, UserFactory

RECEIVED = dt.date(2025, 3, 3)
GOOD_IBAN = "NL91ABNA0417164300"
OTHER_IBAN = "NL44RABO0123456789"


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def make_decision(handler):
    """`make_decision(amount=..., kind=..., granted=..., bsn=...)`: a decision on a case in 'decided'."""

    def make(amount=Decimal("5000.00"), kind=DecisionKind.FINAL, granted=True, bsn=None):
        applicant = PersonFactory(bsn=bsn) if bsn else PersonFactory()
        case = open_case(
            scheme_code="AVV", building=BuildingFactory(), applicant=applicant, received_on=RECEIVED, actor=handler
        )
        transition(case, "start", actor=handler, expected_version=case.version)
        decision = Decision.objects.create(
            case=case, kind=kind, granted=granted, amount=amount, decided_by=handler, decided_at=timezone.now()
        )
        if kind == DecisionKind.FINAL:  # only a final decision lets the case be decided
            transition(case, "decide", actor=handler, expected_version=case.version)
        return decision

    return make
