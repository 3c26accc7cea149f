"""Persons are stored with an encrypted BSN, found by it, and never twice."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.register.persons.models import Person
from schadeloket.register.persons.selectors import person_by_bsn
from schadeloket.register.persons.services import create_person, update_person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"


def test_create_person_stores_the_bsn_encrypted_and_hashed_only():
    person = create_person(bsn=BSN, surname="Dijkstra", first_names="Anna")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM persons_person WHERE id = %s", [person.pk])
        row = cursor.fetchone()
    assert not any(BSN in str(value) for value in row)
    stored = Person.objects.get(pk=person.pk)
    assert BSN not in stored.bsn_encrypted and BSN not in stored.bsn_hash
    assert stored.bsn_masked == "*****2333"


def test_lookup_by_bsn_finds_the_person_whatever_the_spacing():
    person = create_person(bsn=BSN, surname="Dijkstra")
    PersonFactory()  # someone else
    assert person_by_bsn("111 222 333") == person
    assert person_by_bsn("123456782") is None


def test_lookup_with_an_impossible_bsn_raises_a_validation_error():
    with pytest.raises(ValidationError):
        person_by_bsn("111222334")


def test_create_person_with_an_invalid_bsn_stores_nothing():
    with pytest.raises(ValidationError) as info:
        create_person(bsn="111222334", surname="Dijkstra")
    assert "elfproef" in info.value.message_dict["bsn"][0]
    assert Person.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_duplicate_bsn_is_refused_with_a_dutch_message():
    create_person(bsn=BSN, surname="Dijkstra")
    with pytest.raises(ValidationError) as info:
        create_person(bsn="111-222-333", surname="Bakker")
    assert info.value.message_dict["bsn"] == [
        "Er staat al een persoon met dit BSN in het register. Zoek die persoon op."
    ]
    assert Person.objects.count() == 1


def test_create_writes_one_audit_event_with_field_names_and_no_bsn():
    user = UserFactory()
    person = create_person(bsn=BSN, surname="Dijkstra", first_names="Anna", actor=user)
    event = AuditEvent.objects.get()
    assert event.action == AuditAction.CREATE
    assert event.actor_id == user.pk
    assert event.object_id == str(person.public_id)
    assert event.changed_fields == ["bsn", "first_names", "surname"]
    assert BSN not in event.canonical_content().decode()
    assert "Anna" not in event.canonical_content().decode()


def test_update_audits_changed_field_names_only():
    person = create_person(bsn=BSN, surname="Dijkstra")
    person.surname = "Bakker"
    update_person(person, actor="tester", changed_fields=["surname"])
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == AuditAction.UPDATE
    assert event.changed_fields == ["surname"]
    assert "Bakker" not in event.canonical_content().decode()


def test_update_to_a_bsn_someone_else_has_is_refused():
    create_person(bsn=BSN, surname="Dijkstra")
    other = create_person(bsn="123456782", surname="Bakker")
    with pytest.raises(ValidationError):
        update_person(other, actor="tester", bsn=BSN)
    assert person_by_bsn("123456782") == other
