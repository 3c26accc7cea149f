"""Decision letters: Dutch HTML templates rendered to PDF/A by WeasyPrint, stored with a checksum.

Three letters: a granted decision, a refused decision, and a draft decision that invites the
applicant to react (zienswijze). The text is plain Dutch (B1): what you get, why, what happens
next, and how to object. A letter never holds the BSN: the case reference identifies the case.

PDF/A-3b with the fonts embedded (DejaVu from the system, Debian `fonts-dejavu-core`), so the
letter looks the same in any reader for as long as the archive keeps it. The stored file's SHA-256
is kept on the `Letter` row; anyone can check that the file is the one that was sent.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from schadeloket.schemes.engine.explain import euro
from schadeloket.schemes.registry import get_scheme

from .models import Decision, Letter
from .parameters import OBJECTION_ADDRESS
from .selectors import objection_term, payment_term_working_days

PDF_VARIANT = "pdf/a-3b"


class LetterKind:
    GRANTED = "granted"
    REFUSED = "refused"
    DRAFT = "draft"


TEMPLATES = {
    LetterKind.GRANTED: "decisions/letters/granted.html",
    LetterKind.REFUSED: "decisions/letters/refused.html",
    LetterKind.DRAFT: "decisions/letters/draft.html",
}


@dataclass(frozen=True)
class RenderedLetter:
    kind: str
    html: str
    pdf: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def explanation_steps(explanation: str) -> list[str]:
    """The "Dat komt zo:" lines of an applicant explanation (explain_for_applicant), without dashes."""
    return [line[2:].strip() for line in explanation.splitlines() if line.startswith("- ")]


def letter_context(decision: Decision, *, sent_on, objection_ends=None) -> dict:
    """Everything a letter template shows; personal data limited to the applicant's name."""
    case = decision.case
    scheme = get_scheme(case.scheme_code)
    applicant = case.parties.filter(role="applicant").select_related("person").first()
    rules_first_line = (decision.explanation.splitlines() or [""])[0]
    paid_to_contractor = decision.rule_outcome.get("paid_to") == "aannemer"
    term = objection_term(case.scheme_code)
    return {
        "decision": decision,
        "case": case,
        "reference": case.reference,
        "scheme_name": scheme.name,
        "applicant_name": applicant.person.full_name if applicant else "",
        "address": case.building.address,
        "sent_on": sent_on,
        "amount": euro(decision.amount),
        "rule_amount": None if decision.rule_amount is None else euro(decision.rule_amount),
        "granted": decision.granted,
        "paid_to_contractor": paid_to_contractor,
        "steps": explanation_steps(decision.explanation),
        "rules_first_line": rules_first_line,
        "deviates": decision.deviates,
        "deviation_reason": decision.deviation_reason,
        "view_period_ends": decision.view_period_ends,
        "objection_weeks": term.weeks,
        "objection_ends": objection_ends,
        "objection_address": OBJECTION_ADDRESS,
        "payment_working_days": payment_term_working_days(case.scheme_code),
    }


def render_html(decision: Decision, kind: str, *, sent_on, objection_ends=None) -> str:
    # A decision letter is a legal document in Dutch, whatever language the handler's screen uses.
    with translation.override("nl"):
        context = letter_context(decision, sent_on=sent_on, objection_ends=objection_ends)
        return render_to_string(TEMPLATES[kind], context)


def render_pdf(html: str) -> bytes:
    """HTML to PDF/A bytes. Imported lazily: WeasyPrint loads Pango and fonts on first use."""
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)


def render(decision: Decision, kind: str, *, sent_on, objection_ends=None) -> RenderedLetter:
    html = render_html(decision, kind, sent_on=sent_on, objection_ends=objection_ends)
    return RenderedLetter(kind, html, render_pdf(html))


def store(decision: Decision, letter: RenderedLetter, *, sent_on) -> Letter:
    """Write the PDF to private media storage and record it with its checksum."""
    row = Letter(decision=decision, template=TEMPLATES[letter.kind], sha256=letter.sha256, sent_on=sent_on)
    name = f"{decision.case.reference}-{letter.kind}-{decision.public_id}.pdf"
    row.pdf.save(name, ContentFile(letter.pdf), save=False)
    row.save()
    return row


def verify(letter: Letter) -> bool:
    """True when the stored file is there and still has the checksum recorded when it was sent."""
    try:
        with letter.pdf.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest() == letter.sha256
    except FileNotFoundError:
        return False
