"""Case histories for the weekly report, made through the real services (open_case, transition),
with final decisions from the factory and payment orders from the payment service."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.test import Client

from schadeloket.cases.services import open_case, transition
from tests.backoffice.conftest import log_in
from tests.factories import BuildingFactory, PersonFactory, UserFactory, final_decision_for

# ISO week 10 of 2025: Monday 3 March to Sunday 9 March.
WEEK_10 = dt.date(2025, 3, 3)
TODAY = dt.date(2025, 6, 30)


def week(n: int, day: int = 0) -> dt.date:
    """A day in ISO week n of 2025 (0 = Monday)."""
    return dt.date.fromisocalendar(2025, n, 1) + dt.timedelta(days=day)


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def handler(db):
    return UserFactory(username="behandelaar", roles=["Behandelaar"])


@pytest.fixture
def applicant(db):
    return PersonFactory()


@pytest.fixture
def history(handler, applicant):
    """`history("VES", received_on, decide=date, granted=True, amount="5000.00")`: a case received on
    a day and taken through the process on the given days: decided (with a final decision),
    withdrawn, or left open."""

    def make(scheme, received_on, *, decide=None, withdraw=None, granted=True, amount="5000.00", wait=None):
        case = open_case(
            scheme_code=scheme, building=BuildingFactory(), applicant=applicant, received_on=received_on, actor=handler
        )
        transition(case, "start", actor=handler, expected_version=case.version, on=received_on)
        if wait:  # (asked on, answered on): the term is suspended in between
            asked, answered = wait
            transition(case, "ask_applicant", actor=handler, expected_version=case.version, on=asked, reason="stukken")
            transition(case, "applicant_answered", actor=handler, expected_version=case.version, on=answered)
        if decide:
            final_decision_for(case, handler, amount=amount if granted else "0.00", granted=granted)
            transition(case, "decide", actor=handler, expected_version=case.version, on=decide)
        elif withdraw:
            transition(
                case, "withdraw", actor=handler, expected_version=case.version, on=withdraw, reason="ingetrokken"
            )
        case.refresh_from_db()
        return case

    return make


def staff_client(*groups, username=None):
    user = UserFactory(username=username or f"user-{'-'.join(groups) or 'geen-rol'}", roles=list(groups))
    return log_in(Client(), user)


@pytest.fixture
def manager_client(db):
    return staff_client("Manager", username="manager")


EUR = Decimal
