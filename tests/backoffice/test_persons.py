"""Staff find a person by BSN without the BSN ever reaching a URL, and every look is audited."""

import pytest

from schadeloket.audit.models import AuditAction, AuditEvent
from tests.factories import BuildingRelationFactory, PersonFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
SEARCH_URL = "/medewerkers/personen/zoeken/"


@pytest.fixture
def person():
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


def test_search_is_post_only(handler_client, person):
    assert handler_client.get(SEARCH_URL).status_code == 405
    assert handler_client.get(SEARCH_URL, {"bsn": BSN}).status_code == 405


def test_search_redirects_to_the_uuid_and_never_to_the_bsn(handler_client, person):
    response = handler_client.post(SEARCH_URL, {"bsn": "111 222 333"})
    assert response.status_code == 302
    assert response["Location"] == f"/medewerkers/personen/{person.public_id}/"
    assert "222" not in response["Location"].replace(str(person.public_id), "")
    page = handler_client.get(response["Location"])
    assert page.status_code == 200
    assert "Anna Dijkstra" in page.text
    assert "*****2333" in page.text


def test_invalid_bsn_gives_400_with_the_dutch_message_and_keeps_what_was_typed(handler_client, person):
    response = handler_client.post(SEARCH_URL, {"bsn": "111222334"})
    assert response.status_code == 400
    assert "Dit BSN bestaat niet: de controle (elfproef) klopt niet." in response.text
    assert 'value="111222334"' in response.text


def test_letters_give_the_digits_only_message(handler_client):
    response = handler_client.post(SEARCH_URL, {"bsn": "abc"})
    assert response.status_code == 400
    assert "Een BSN bestaat alleen uit cijfers." in response.text


def test_unknown_bsn_says_so_and_does_not_echo_it(handler_client, person):
    response = handler_client.post(SEARCH_URL, {"bsn": "123456782"})
    assert response.status_code == 200
    assert "Er staat niemand met dit BSN in het register." in response.text
    assert "123456782" not in response.text


def test_person_detail_writes_a_view_event_with_the_staff_user_as_actor(handler_client, handler, person):
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    handler_client.get(f"/medewerkers/personen/{person.public_id}/")
    event = AuditEvent.objects.filter(action=AuditAction.VIEW).latest("id")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before + 1
    assert event.actor_id == handler.pk
    assert event.actor_label == "behandelaar"
    assert (event.object_type, event.object_id) == ("persons.person", str(person.public_id))


def test_the_full_bsn_never_appears_on_the_person_page(handler_client, person):
    BuildingRelationFactory(person=person)
    page = handler_client.get(f"/medewerkers/personen/{person.public_id}/")
    assert BSN not in page.text
    assert "*****2333" in page.text
    assert "Eigenaar" in page.text


def test_the_full_bsn_never_appears_after_a_search(handler_client, person):
    response = handler_client.post(SEARCH_URL, {"bsn": BSN}, follow=True)
    assert BSN not in response.text
    assert all(BSN not in url for url, _status in response.redirect_chain)


def test_contractor_may_not_search_or_see_persons(contractor_client, person):
    assert contractor_client.post(SEARCH_URL, {"bsn": BSN}).status_code == 403
    response = contractor_client.get(f"/medewerkers/personen/{person.public_id}/")
    assert response.status_code == 403
    assert "Geen toegang" in response.text
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW).exists()


def test_contractor_home_has_no_person_search(contractor_client):
    response = contractor_client.get("/medewerkers/")
    assert response.status_code == 200
    assert "Persoon zoeken" not in response.text


def test_unknown_person_id_is_404(handler_client):
    response = handler_client.get("/medewerkers/personen/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404


def test_anonymous_search_is_sent_to_the_login(client, person):
    response = client.post(SEARCH_URL, {"bsn": BSN})
    assert response.status_code == 302
    assert response["Location"].startswith("/medewerkers/inloggen/")
    assert BSN not in response["Location"]
