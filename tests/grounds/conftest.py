"""Fixtures for grounds analysis: staff of each role, a decided VES case with an objection received by
letter, and a maatwerk draft decision with the resident's zienswijze, all through the real services
(Mijn Dossier fixtures: the rules grant on fixed facts, no quality sampling)."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.dossier.services import react_to_draft
from schadeloket.objections.services import assign_owner, register_letter_objection
from schadeloket.schemes.registry import get_scheme
from tests.backoffice.conftest import log_in
from tests.decisions.conftest import eligible_facts
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    applicant,
    applicant_request,
    decided_case,
    demo_login_on,
    draft_case,
    eligible,
    handler,
    media_root,
    new_case,
    no_sampling,
    own_case,
)
from tests.factories import PersonFactory, UserFactory, final_decision_for


@pytest.fixture
def lawyer(db):
    return UserFactory(username="jurist", first_name="Jet", last_name="de Vries", roles=["Bezwaarjurist"])


@pytest.fixture
def colleague(db):
    """Another objection lawyer: not the owner of `objection`."""
    return UserFactory(username="collega", first_name="Kees", last_name="Bakker", roles=["Bezwaarjurist"])


@pytest.fixture
def reviewer(db):
    return UserFactory(username="toetser", roles=["Toetser"])


@pytest.fixture
def manager(db):
    return UserFactory(username="manager", roles=["Manager"])


def client_of(user) -> Client:
    return log_in(Client(), user)


def final_of(case) -> Decision:
    return Decision.objects.get(case=case, kind=DecisionKind.FINAL)


def draft_of(case) -> Decision:
    return Decision.objects.filter(case=case, kind=DecisionKind.DRAFT).latest("decided_at")


def letter_objection(
    decision, person, lawyer, grounds="Het bedrag is te laag. De schade aan de gevel is groter.", *, owned=True
):
    """An objection by letter that `lawyer` entered and (unless `owned=False`) took: its owner, who codes it."""
    objection = register_letter_objection(
        decision, grounds=grounds, objector=person, received_on=timezone.localdate(), user=lawyer
    )
    if owned:
        objection = assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    return objection


@pytest.fixture
def objection(decided_case, applicant, lawyer):  # noqa: F811
    """An objection by letter against a VES decision that the rules took (with its traces)."""
    return letter_objection(final_of(decided_case), applicant, lawyer)


@pytest.fixture
def view_draft(draft_case):  # noqa: F811
    """A maatwerk draft decision on which the resident reacted in Mijn Dossier (zienswijze)."""
    react_to_draft(applicant_request(), draft_case, "De deskundige heeft de scheur in de keuken niet gezien.")
    return draft_of(draft_case)


# --- a known set for the report -------------------------------------------------------------------


def ves_outcome() -> dict:
    """What VES stores for the eligible facts: three tables, three matched rows."""
    return get_scheme("VES").decide(eligible_facts(dt.date(2025, 3, 3))).as_dict()


def at(year, month, day, hour=12, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def decided(handler, scheme: str, when: dt.datetime, *, outcome=None, person=None) -> Decision:  # noqa: F811
    """A final decision on a new case of `scheme`, taken at `when`, as the decisions service stores it."""
    person = person or PersonFactory()
    case = new_case(handler, person, scheme, start=False, received_on=dt.date(2025, 1, 6))
    decision = final_decision_for(case, handler)
    Decision.objects.filter(pk=decision.pk).update(decided_at=when, rule_outcome=outcome or {})
    decision.refresh_from_db()
    return decision


def drafted(handler, scheme: str, when: dt.datetime, *, view_text: str = "", outcome=None) -> Decision:  # noqa: F811
    """A draft decision with a reaction moment; with `view_text`, the resident reacted a day later."""
    case = new_case(handler, PersonFactory(), scheme, start=False, received_on=dt.date(2025, 1, 6))
    return Decision.objects.create(
        case=case,
        kind=DecisionKind.DRAFT,
        granted=True,
        amount="3400.00",
        rule_outcome=outcome or {},
        decided_by=handler,
        decided_at=when,
        view_period_ends=(when + dt.timedelta(days=14)).date(),
        view_received_at=(when + dt.timedelta(days=1)) if view_text else None,
        view_text=view_text,
    )


def hand_over(objection, to):
    """The objection goes to another objection lawyer (as on the objection page): they code from now on."""
    objection.refresh_from_db()
    return assign_owner(objection, to, actor=to, expected_version=objection.version)


def objector_of(decision):
    return decision.case.parties.get().person
