"""Shares the Mijn Dossier fixtures (a resident, cases through the engine, a decided case), and adds
the objection lawyers and an objection received in Mijn Dossier."""

import pytest

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.objections.models import Objection
from schadeloket.objections.services import assign_owner, submit_objection
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    acting_guide,
    applicant,
    applicant_client,
    applicant_request,
    decided_case,
    demo_login_on,
    draft_case,
    eligible,
    handler,
    media_root,
    no_sampling,
    other_person,
    others_case,
    own_case,
)
from tests.factories import UserFactory

IBAN = "NL91ABNA0417164300"


@pytest.fixture
def lawyer(db):
    return UserFactory(username="jurist", first_name="Ellen", last_name="de Vries", roles=["Bezwaarjurist"])


@pytest.fixture
def colleague(db):
    return UserFactory(username="jurist2", first_name="Karel", last_name="Bos", roles=["Bezwaarjurist"])


@pytest.fixture
def final(decided_case):  # noqa: F811
    return Decision.objects.get(case=decided_case, kind=DecisionKind.FINAL)


@pytest.fixture
def objection(applicant, final):  # noqa: F811
    """An objection with grounds, received today in Mijn Dossier (in time)."""
    return submit_objection(final, grounds="Het bedrag is te laag voor de schade.", request=applicant_request())


@pytest.fixture
def owned(objection, lawyer):
    """The objection, taken by the lawyer."""
    assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    return fresh(objection)


def fresh(objection) -> Objection:
    return Objection.objects.select_related("decision__case", "owner", "objector").get(pk=objection.pk)
