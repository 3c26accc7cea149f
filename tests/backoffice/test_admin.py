"""The admin for persons: masked BSN in the list, BSN checked on add, views and changes audited."""

import pytest

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.register.persons.models import Person
from schadeloket.register.persons.selectors import person_by_bsn
from tests.backoffice.conftest import log_in
from tests.factories import BuildingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"


@pytest.fixture
def admin_client(client):
    return log_in(client, UserFactory(username="beheer", is_superuser=True))


def test_admin_needs_the_second_factor(client):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get("/admin/persons/person/")
    assert response.status_code == 302


def test_list_shows_names_and_masked_bsn_only(admin_client):
    person = PersonFactory(bsn=BSN, surname="Dijkstra")
    response = admin_client.get("/admin/persons/person/", {"q": "Dijkstra"})
    assert response.status_code == 200
    assert "Dijkstra" in response.text
    assert "*****2333" in response.text
    assert BSN not in response.text
    assert person.bsn_hash not in response.text
    assert person.bsn_encrypted not in response.text


def test_add_with_an_invalid_bsn_shows_the_dutch_message_and_stores_nothing(admin_client):
    response = admin_client.post("/admin/persons/person/add/", {"bsn": "111222334", "surname": "Dijkstra"})
    assert response.status_code == 200
    assert "elfproef" in response.text
    assert not Person.objects.exists()


def test_add_stores_the_person_through_the_service(admin_client):
    response = admin_client.post(
        "/admin/persons/person/add/", {"bsn": "111-222-333", "surname": "Dijkstra", "first_names": "Anna"}
    )
    assert response.status_code == 302
    person = person_by_bsn(BSN)
    assert person.full_name == "Anna Dijkstra"
    event = AuditEvent.objects.get(action=AuditAction.CREATE)
    assert event.object_id == str(person.public_id)
    assert event.actor_label == "beheer"


def test_add_with_a_bsn_already_in_the_register_is_refused(admin_client):
    PersonFactory(bsn=BSN)
    response = admin_client.post("/admin/persons/person/add/", {"bsn": BSN, "surname": "Dijkstra"})
    assert response.status_code == 200
    assert "Er staat al een persoon met dit BSN" in response.text
    assert Person.objects.count() == 1


def test_opening_a_person_writes_a_view_event_and_changing_one_an_update_with_field_names(admin_client):
    person = PersonFactory(bsn=BSN, surname="Dijkstra", first_names="Anna")
    url = f"/admin/persons/person/{person.pk}/change/"
    page = admin_client.get(url)
    assert page.status_code == 200
    assert BSN not in page.text and "*****2333" in page.text
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=str(person.public_id)).count() == 1
    unchanged = {"initials": person.initials, "first_names": "Anna", "date_of_birth": person.date_of_birth.isoformat()}
    response = admin_client.post(url, {"bsn": "", "surname": "Bakker", **unchanged})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.surname == "Bakker"
    assert person_by_bsn(BSN) == person  # an empty BSN field keeps the stored one
    event = AuditEvent.objects.get(action=AuditAction.UPDATE)
    assert event.changed_fields == ["surname"]
    assert "Bakker" not in event.canonical_content().decode()


def test_building_page_with_owners_inline_opens(admin_client):
    building = BuildingFactory()
    assert admin_client.get(f"/admin/buildings/building/{building.pk}/change/").status_code == 200
    assert admin_client.get("/admin/addresses/address/").status_code == 200
