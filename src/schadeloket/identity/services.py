"""Writes for machtigingen: record and revoke, each in one transaction with one audit event.

The audit events name fields and public ids only: the free-text revocation reason stays on the
machtiging itself, because a typed text may hold personal data.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event

from .models import Authorisation, ConsentMethod
from .selectors import is_case_guide

# PLACEHOLDER (docs/open-questions.md): how long one machtiging may run before it must be renewed.
MAX_AUTHORISATION_DAYS = 366

ACTION_RECORDED = "authorisation_recorded"
ACTION_REVOKED = "authorisation_revoked"


@transaction.atomic
def record_authorisation(
    *,
    case_guide,
    person,
    consent_given_on: dt.date,
    consent_method: str,
    valid_until: dt.date,
    recorded_by,
    valid_from: dt.date | None = None,
    consent_reference: str = "",
) -> Authorisation:
    """Record that `person` consented to `case_guide` acting for them. Raises ValidationError (Dutch)."""
    today = timezone.localdate()
    valid_from = valid_from or today
    errors: dict[str, str] = {}
    if not is_case_guide(case_guide):
        errors["case_guide"] = _("Alleen een zaakbegeleider kan namens een inwoner handelen.")
    if consent_method not in ConsentMethod.values:
        errors["consent_method"] = _("Kies hoe de inwoner toestemming gaf.")
    if consent_given_on > today:
        errors["consent_given_on"] = _(
            "Deze datum ligt in de toekomst. Vul de dag in waarop de inwoner toestemming gaf."
        )
    elif valid_from < consent_given_on:
        errors["valid_from"] = _("De machtiging kan niet ingaan vóór de dag van de toestemming.")
    if valid_until < max(valid_from, today):
        errors["valid_until"] = _("De einddatum ligt in het verleden of vóór de begindatum. Kies een latere datum.")
    elif (valid_until - valid_from).days > MAX_AUTHORISATION_DAYS:
        errors["valid_until"] = _("Een machtiging geldt hoogstens een jaar. Kies een eerdere einddatum.")
    if errors:
        raise ValidationError(errors)
    authorisation = Authorisation.objects.create(
        case_guide=case_guide,
        person=person,
        consent_given_on=consent_given_on,
        consent_method=consent_method,
        consent_reference=consent_reference.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        recorded_by=recorded_by,
    )
    record_event(
        actor=recorded_by,
        action=ACTION_RECORDED,
        obj=authorisation,
        changed_fields=["case_guide", "person", "consent_given_on", "consent_method", "valid_from", "valid_until"],
        reason=f"case guide {case_guide.get_username()} for person {person.public_id}; consent {consent_method}",
    )
    return authorisation


@transaction.atomic
def revoke_authorisation(authorisation: Authorisation, *, by, reason: str = "") -> Authorisation:
    """Revoke from now on. Revoking twice changes nothing (and writes no second event)."""
    locked = Authorisation.objects.select_for_update().get(pk=authorisation.pk)
    if locked.revoked_at is not None:
        return locked
    locked.revoked_at = timezone.now()
    locked.revoked_by = by
    locked.revocation_reason = reason.strip()[:200]
    locked.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    record_event(
        actor=by,
        action=ACTION_REVOKED,
        obj=locked,
        changed_fields=["revoked_at", "revoked_by", "revocation_reason"],
        reason=f"case guide {locked.case_guide.get_username()} for person {locked.person.public_id}",
    )
    return locked
