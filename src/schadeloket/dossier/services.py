"""Writes for Mijn Dossier: what a resident does on their dossier pages, each audited.

Other apps own the changes (decisions: the zienswijze; documents: uploads; messaging, objections,
satisfaction: their own); this module adds what the resident's side needs around them: the checks
and words a resident understands, and the audit event that says who acted, and for whom
(`identity.session.record_applicant_event`). A view of the dossier is recorded too: every page with
personal data writes one view event.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.models import AuditAction
from schadeloket.cases.services import CaseError
from schadeloket.decisions.models import Decision
from schadeloket.decisions.selectors import view_period_running
from schadeloket.decisions.services import record_view
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.identity.session import (
    acting_authorisation,
    applicant_actor_label,
    current_applicant,
    record_applicant_event,
)
from schadeloket.messaging.services import mark_read_by_applicant

from .selectors import APPLICANT_DOCUMENT_KINDS, may_upload, sent_draft

MAX_VIEW_LENGTH = 10_000


class DossierError(ValueError):
    """Something the resident asked that cannot be done, with a Dutch message saying what to do instead."""


def applicant_actor(request):
    """How another app's service should name this session's applicant as the actor of its audit event.

    The applicant by their person's public id (`identity.session.applicant_actor_label`), or the case guide's
    own account when a case guide acts for them with a machtiging.
    """
    if acting_authorisation(request) is not None:
        return request.user
    person = current_applicant(request)
    return applicant_actor_label(person)


@transaction.atomic
def record_case_view(request, case, what: str, *, read_messages: bool = False) -> int:
    """One view event for a dossier page of `case`; with `read_messages`, the institute's messages count as read."""
    read = mark_read_by_applicant(case) if read_messages else 0
    record_applicant_event(
        request,
        action=AuditAction.VIEW,
        obj=("cases.case", case.reference),
        changed_fields=["messages.read_at"] if read else [],
        reason=f"mijn dossier: {what}" + (f"; {read} bericht(en) gelezen" if read else ""),
    )
    return read


def record_overview_view(request, person) -> None:
    record_applicant_event(request, action=AuditAction.VIEW, obj=person, reason="mijn dossier: overzicht")


def react_to_draft(request, case, text) -> Decision:
    """The resident's reaction (zienswijze) on the draft decision they were sent, within its period."""
    text = (text or "").strip()
    if not text:
        raise DossierError(_("Schrijf eerst uw reactie."))
    if len(text) > MAX_VIEW_LENGTH:
        raise DossierError(
            _("Uw reactie is te lang: hoogstens %(max)s tekens. Stuur de rest als document.") % {"max": MAX_VIEW_LENGTH}
        )
    draft = sent_draft(case)
    if draft is None:
        raise DossierError(_("Er is geen ontwerpbesluit waarop u kunt reageren."))
    if draft.view_received_at is not None:
        raise DossierError(
            _("Uw reactie op dit ontwerpbesluit hebben wij al ontvangen. Wilt u iets aanvullen? Stuur dan een bericht.")
        )
    if not view_period_running(draft, timezone.localdate()):
        raise DossierError(
            _(
                "De termijn om te reageren is voorbij. Wilt u toch nog iets zeggen? "
                "Stuur dan een bericht aan uw behandelaar."
            )
        )
    try:
        return record_view(draft, text, applicant_actor(request))
    except CaseError:
        # The decisions service speaks to staff ("the case is being reviewed"); the resident gets
        # what they can do. Nothing was stored.
        raise DossierError(
            _(
                "Uw reactie kon nu niet worden vastgelegd. Stuur uw reactie als bericht aan uw behandelaar. "
                "Dan komt hij ook in uw dossier."
            )
        ) from None


def upload_for_applicant(request, case, uploaded_file, *, kind: str):
    """A photo or document the resident adds to their case (checked by content in `documents`)."""
    if kind not in APPLICANT_DOCUMENT_KINDS:
        raise DossierError(_("Kies wat voor document dit is."))
    if not may_upload(case):
        raise DossierError(_("Deze zaak is afgesloten. Heeft u nieuwe schade? Doe dan een nieuwe aanvraag."))
    try:
        return upload_document(case, uploaded_file, kind=kind, actor=applicant_actor(request))
    except DocumentError as error:
        raise DossierError(str(error)) from None
