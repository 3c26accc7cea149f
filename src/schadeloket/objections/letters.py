"""Letters of the objection process: the invitation to a hearing and the decision on the objection.

Dutch HTML templates (extending the decision letters' base, so every letter of the institute looks
the same) rendered to PDF/A by WeasyPrint through `decisions.letters.render_pdf`, and stored as a
document of the decision's case (`documents`, checked by content, with its checksum): the resident
finds them in Mijn Dossier, staff on the objection page. A letter never holds the BSN.
"""

import datetime as dt

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from schadeloket.cases.terms import end_of_term
from schadeloket.decisions.letters import render_pdf
from schadeloket.decisions.parameters import OBJECTION_ADDRESS
from schadeloket.documents.models import Document, DocumentKind
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.schemes.engine.explain import euro
from schadeloket.schemes.registry import get_scheme

from .models import Hearing, Objection
from .parameters import APPEAL_TERM_WEEKS
from .selectors import hearing_place


def appeal_term_ends(sent_on: dt.date) -> dt.date:
    """The last day to appeal a decision on an objection sent on `sent_on` (Atw applied)."""
    return end_of_term(sent_on, APPEAL_TERM_WEEKS.value * 7).date


def _base_context(objection: Objection, sent_on: dt.date) -> dict:
    case = objection.decision.case
    return {
        "objection": objection,
        "case": case,
        "reference": case.reference,
        "scheme_name": get_scheme(case.scheme_code).name,
        "applicant_name": objection.objector.full_name,
        "address": case.building.address,
        "sent_on": sent_on,
        "objection_address": OBJECTION_ADDRESS,
    }


def decision_html(objection: Objection, *, sent_on: dt.date, revision=None, hearing: Hearing | None = None) -> str:
    context = _base_context(objection, sent_on)
    context.update(
        previous=euro(objection.previous_amount) if objection.previous_amount is not None else None,
        new=euro(objection.new_amount) if objection.new_amount is not None else None,
        difference=euro(revision.difference) if revision is not None else None,
        revision=revision,
        hearing=hearing,
        appeal_weeks=APPEAL_TERM_WEEKS.value,
        appeal_ends=appeal_term_ends(sent_on),
        reasons=objection.decision_reasons.splitlines(),
    )
    with translation.override("nl"):
        return render_to_string("objections/letters/decision.html", context)


def invitation_html(hearing: Hearing, *, sent_on: dt.date) -> str:
    context = _base_context(hearing.objection, sent_on)
    context.update(hearing=hearing, place=hearing_place(hearing))
    with translation.override("nl"):
        return render_to_string("objections/letters/invitation.html", context)


def store(objection: Objection, html: str, *, name: str, actor) -> Document:
    """Render to PDF/A and store it as a letter on the decision's case. Call it last in a transaction."""
    pdf = ContentFile(render_pdf(html), name=f"{name}.pdf")
    try:
        return upload_document(objection.decision.case, pdf, kind=DocumentKind.LETTER, actor=actor)
    except DocumentError as error:  # our own PDF refused: a bug, never the user's input
        raise RuntimeError(f"Letter {name} was refused by the document check: {error}") from error
