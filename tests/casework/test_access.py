"""Who may see the case pages, and what a view leaves behind: a VIEW event, never a full BSN."""

import pytest
from django.test import Client

from schadeloket.audit.models import AuditAction, AuditEvent
from tests.casework.conftest import BSN, client_for

pytestmark = pytest.mark.django_db

PAGES = [
    "/behandeling/",
    "/behandeling/nieuw/",
    "/behandeling/toetsing/",
    "/behandeling/opname/",
    "/behandeling/betalingen/",
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_the_login(url):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/medewerkers/inloggen/")


def test_anonymous_cannot_open_a_case(make_case):
    case = make_case()
    response = Client().get(f"/behandeling/{case.reference}/")
    assert response.status_code == 302 and "/medewerkers/inloggen/" in response["Location"]


@pytest.mark.parametrize("url", PAGES + ["/behandeling/toetsing/statistiek/"])
def test_a_contractor_sees_nothing_here(url):
    client, _user = client_for("Aannemer")
    assert client.get(url).status_code == 403


def test_a_contractor_cannot_open_a_case_or_its_documents(make_case):
    case = make_case()
    client, _user = client_for("Aannemer")
    assert client.get(f"/behandeling/{case.reference}/").status_code == 403
    assert client.get(f"/behandeling/{case.reference}/tijdlijn/").status_code == 403


def test_staff_without_a_role_is_refused(make_case):
    case = make_case()
    client, _user = client_for()
    assert client.get(f"/behandeling/{case.reference}/").status_code == 403


def test_the_handler_sees_the_case_and_the_view_is_recorded(handler_client, handler, make_case):
    case = make_case()
    before = AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=case.reference).count()
    response = handler_client.get(f"/behandeling/{case.reference}/")
    assert response.status_code == 200
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.VIEW, object_type="cases.case", object_id=case.reference, actor_id=handler.pk
        ).count()
        == before + 1
    )
    handler_client.get(f"/behandeling/{case.reference}/")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=case.reference).count() == before + 2


@pytest.mark.parametrize("role", ["Zaakbegeleider", "Toetser", "Opnemer", "Bezwaarjurist", "Manager", "Beheerder"])
def test_every_case_role_may_open_the_case(make_case, role):
    case = make_case()
    client, _user = client_for(role)
    assert client.get(f"/behandeling/{case.reference}/").status_code == 200


def test_unknown_case_is_404(handler_client):
    assert handler_client.get("/behandeling/IMG-2025-999999/").status_code == 404


def test_the_bsn_is_only_shown_masked(handler_client, make_case):
    case = make_case()
    content = handler_client.get(f"/behandeling/{case.reference}/").content.decode()
    assert BSN not in content
    assert "*****2333" in content
    assert BSN not in handler_client.get("/behandeling/").content.decode()


def test_the_timeline_loads_after_the_page_and_works_without_javascript(handler_client, make_case):
    case = make_case()
    page = handler_client.get(f"/behandeling/{case.reference}/").content.decode()
    assert f'hx-get="/behandeling/{case.reference}/tijdlijn/"' in page
    full = handler_client.get(f"/behandeling/{case.reference}/tijdlijn/")
    assert full.status_code == 200 and "<html" in full.content.decode()
    partial = handler_client.get(f"/behandeling/{case.reference}/tijdlijn/", headers={"HX-Request": "true"})
    text = partial.content.decode()
    assert "<html" not in text
    # newest first: the start comes before the creation
    assert text.index("Stap gezet") < text.index("Aangemaakt")
    assert "Ontvangen → In behandeling" in text
