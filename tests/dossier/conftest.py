"""Fixtures for Mijn Dossier (and the messaging, objection and satisfaction tests, which import them):
a resident in the register logged in with the demo DigiD login, cases built through the real engine,
a decided case with its letter, and a draft decision that waits for the resident's reaction.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.services import open_case, transition
from schadeloket.decisions.services import draft_from_rules, finalize
from schadeloket.identity.session import login_applicant
from tests.decisions.conftest import ADVICE, eligible_facts
from tests.factories import BuildingFactory, PersonFactory, UserFactory

BSN = "111222333"  # passes the 11-test
OTHER_BSN = "123456782"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def no_sampling(db):
    from schadeloket.sampling.models import SamplingPolicy

    SamplingPolicy.objects.update(
        new_handler_count=0, random_share=Decimal("0"), amount_threshold=Decimal("1000000000"), review_deviations=False
    )


@pytest.fixture(autouse=True)
def eligible(monkeypatch):
    """The register says: an owner whom the rules grant (VES € 10.000)."""
    monkeypatch.setattr(
        "schadeloket.decisions.services.gather_facts",
        lambda *, building, person=None, on_date, pre_registered_avv=False: eligible_facts(on_date),
    )


@pytest.fixture
def demo_login_on(settings):
    settings.DIGID_DEMO_LOGIN = True
    return settings


@pytest.fixture
def handler(db):
    return UserFactory(username="behandelaar", first_name="Bea", last_name="Jansen", roles=["Behandelaar"])


@pytest.fixture
def applicant(db):
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


@pytest.fixture
def other_person(db):
    return PersonFactory(bsn=OTHER_BSN, first_names="Bert", surname="Mulder")


def log_in_applicant(client, bsn=BSN):
    response = client.post("/inloggen/demo-digid/", {"bsn": bsn})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def applicant_client(client, demo_login_on, applicant):
    return log_in_applicant(client)


def applicant_request(bsn=BSN):
    """A request whose session has this resident logged in (demo), for calling services directly."""
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request.user = AnonymousUser()
    login_applicant(request, bsn, via="demo")
    return request


def new_case(handler, person, scheme="VES", *, start=True, received_on=None):
    """A case received a week ago (so its term runs), started by the handler unless `start` is False."""
    received_on = received_on or timezone.localdate() - dt.timedelta(days=7)
    case = open_case(
        scheme_code=scheme, building=BuildingFactory(), applicant=person, received_on=received_on, actor=handler
    )
    if start:
        transition(case, "start", actor=handler, expected_version=case.version)
    return case


@pytest.fixture
def own_case(handler, applicant):
    return new_case(handler, applicant)


@pytest.fixture
def others_case(handler, other_person):
    return new_case(handler, other_person)


@pytest.fixture
def decided_case(own_case, handler):
    """A VES case decided today: granted, with its letter, the objection term running."""
    draft_from_rules(own_case, actor=handler)
    finalize(own_case, actor=handler, expected_version=own_case.version)
    own_case.refresh_from_db()
    return own_case


def draft_case_for(handler, person, *, on=None):
    """A maatwerk case with the expert's advice and a draft decision sent `on` (default today)."""
    from schadeloket.inspections.services import record_expert_assessment, record_inspection

    case = new_case(handler, person, "MAATWERK")
    expert = UserFactory(roles=["Opnemer"])
    transition(case, "plan_inspection", actor=handler, expected_version=case.version)
    report = record_inspection(
        case, inspector=expert, inspected_on=case.received_on, actor=expert,
        items=[{"description": "Scheur in de muur van de woonkamer", "location": "woonkamer"}],
    )  # fmt: skip
    transition(case, "inspection_done", actor=handler, expected_version=case.version)
    for item in report.items.all():
        record_expert_assessment(item, verdict=True, repair_cost=Decimal("3400"), expert=expert, actor=expert)
    transition(case, "advice_received", actor=handler, expected_version=case.version)
    draft_from_rules(case, actor=handler, answers=ADVICE, on=on or timezone.localdate())
    case.refresh_from_db()
    return case


@pytest.fixture
def draft_case(handler, applicant):
    return draft_case_for(handler, applicant)


def events(case, action=None):
    queryset = AuditEvent.objects.filter(object_type="cases.case", object_id=case.reference)
    return queryset.filter(action=action) if action else queryset


@pytest.fixture
def acting_guide(applicant):
    """A case guide with a machtiging from the resident, logged in and acting for them: (client, guide, machtiging)."""
    from django.test import Client

    from schadeloket.identity.services import record_authorisation
    from tests.backoffice.conftest import log_in

    guide = UserFactory(username="zaakbegeleider", first_name="Zoë", last_name="Smit", roles=["Zaakbegeleider"])
    today = timezone.localdate()
    authorisation = record_authorisation(
        case_guide=guide, person=applicant, consent_given_on=today, consent_method="in_person",
        consent_reference="formulier 1", valid_until=today + dt.timedelta(days=30), recorded_by=guide,
    )  # fmt: skip
    client = log_in(Client(), guide)
    response = client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    assert response.status_code == 302
    return client, guide, authorisation
