"""Writes for persons. Every change goes through here so the BSN rules hold everywhere.

The BSN is validated with the 11-test, stored only encrypted plus a keyed hash, and checked for
duplicates before saving (with a Dutch message, not a database error). Every create or change
writes one audit event that names the changed fields, never their values.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event

from .bsn import encrypt_bsn, hash_bsn, normalize_bsn
from .models import Person


def _duplicate_error() -> ValidationError:
    return ValidationError(
        {"bsn": _("Er staat al een persoon met dit BSN in het register. Zoek die persoon op.")},
        code="duplicate",
    )


def person_fields_for_bsn(bsn: str) -> dict:
    """The stored form of a BSN: validated, encrypted and hashed. Raises ValidationError."""
    try:
        digits = normalize_bsn(bsn)
    except ValidationError as error:
        raise ValidationError({"bsn": error.messages}, code=error.code) from None
    return {"bsn_encrypted": encrypt_bsn(digits), "bsn_hash": hash_bsn(digits)}


def bsn_in_use(bsn: str, *, exclude: Person | None = None) -> bool:
    """Whether another person already has this (valid) BSN."""
    queryset = Person.objects.filter(bsn_hash=hash_bsn(normalize_bsn(bsn)))
    if exclude is not None and exclude.pk is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset.exists()


def _save_checked(person: Person) -> None:
    person.full_clean(exclude=["bsn_encrypted", "bsn_hash"])
    if Person.objects.filter(bsn_hash=person.bsn_hash).exclude(pk=person.pk).exists():
        raise _duplicate_error()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:  # two writers with the same BSN at the same moment
        raise _duplicate_error()


@transaction.atomic
def create_person(*, bsn: str, surname: str, actor=None, reason: str = "", **fields) -> Person:
    """Create a person after checking the BSN; writes one audit event (BSN never in it).

    Raises ValidationError (nothing stored) for an invalid or already registered BSN.
    """
    person = Person(surname=surname, **fields, **person_fields_for_bsn(bsn))
    _save_checked(person)
    record_event(
        actor=actor,
        action=AuditAction.CREATE,
        obj=person,
        changed_fields=sorted(["bsn", "surname", *fields.keys()]),
        reason=reason,
    )
    return person


@transaction.atomic
def update_person(person: Person, *, actor, changed_fields=(), bsn: str | None = None, reason: str = "") -> Person:
    """Save changes already set on `person` (and a new BSN if given); audit the field names.

    `changed_fields` names the attributes the caller changed (e.g. a form's `changed_data`).
    Writes nothing, not even an audit event, when nothing changed.
    """
    names = {name for name in changed_fields if name != "bsn"}
    if bsn:
        new = person_fields_for_bsn(bsn)
        if new["bsn_hash"] != person.bsn_hash:
            person.bsn_encrypted, person.bsn_hash = new["bsn_encrypted"], new["bsn_hash"]
            names.add("bsn")
    if not names:
        return person
    _save_checked(person)
    record_event(actor=actor, action=AuditAction.UPDATE, obj=person, changed_fields=sorted(names), reason=reason)
    return person
