"""Writes for persons. Every change goes through here so the BSN rules hold everywhere."""

from django.db import transaction

from schadeloket.audit.services import record_event

from .bsn import encrypt_bsn, hash_bsn, normalize_bsn
from .models import Person


def person_fields_for_bsn(bsn: str) -> dict:
    """The stored form of a BSN: validated, encrypted and hashed. Raises ValidationError."""
    digits = normalize_bsn(bsn)
    return {"bsn_encrypted": encrypt_bsn(digits), "bsn_hash": hash_bsn(digits)}


@transaction.atomic
def create_person(*, bsn: str, surname: str, actor=None, reason: str = "", **fields) -> Person:
    """Create a person after checking the BSN; writes one audit event (BSN never in it)."""
    person = Person(surname=surname, **fields, **person_fields_for_bsn(bsn))
    person.full_clean(exclude=["bsn_encrypted", "bsn_hash"])
    person.save()
    record_event(
        actor=actor,
        action="create",
        obj=person,
        changed_fields=sorted(["surname", *fields.keys()]),
        reason=reason,
    )
    return person
