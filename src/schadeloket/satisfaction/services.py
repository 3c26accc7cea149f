"""Writes for the satisfaction question: one answer per person per final decision, audited.

The audit event names the response, not the case: a handler's case timeline does not show what the
resident thought of them. The comment never goes into the audit trail.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.identity.session import acting_authorisation, current_applicant, record_applicant_event

from .models import MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE, SatisfactionResponse
from .selectors import may_answer, response_of

ACTION_GIVEN = "satisfaction_given"


class SatisfactionError(ValueError):
    """An answer that is not stored, with a Dutch message saying why."""


def clean_score(score) -> int:
    try:
        value = int(str(score).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not MIN_SCORE <= value <= MAX_SCORE:
        raise SatisfactionError(_("Kies een cijfer van 1 tot en met 10."))
    return value


@transaction.atomic
def give_satisfaction(decision: Decision, *, score, comment="", request, now: dt.datetime | None = None):
    """The applicant of this session answers the satisfaction question about a final decision."""
    score = clean_score(score)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise SatisfactionError(_("Uw toelichting is te lang: hoogstens %(max)s tekens.") % {"max": MAX_COMMENT_LENGTH})
    if acting_authorisation(request) is not None:
        # The score is the resident's own opinion of us: a case guide does not give it for them.
        raise SatisfactionError(_("Deze vraag beantwoordt de inwoner zelf, in Mijn Dossier."))
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    person = current_applicant(request)
    if decision.kind != DecisionKind.FINAL:
        raise SatisfactionError(_("Deze vraag komt pas na het besluit."))
    if response_of(decision, person) is not None:
        raise SatisfactionError(_("U heeft deze vraag al beantwoord. Dank u wel!"))
    if not may_answer(decision, person):
        raise SatisfactionError(_("Deze vraag kunt u alleen beantwoorden over uw eigen zaak."))
    try:
        with transaction.atomic():
            response = SatisfactionResponse.objects.create(
                decision=decision,
                person=person,
                scheme_code=decision.case.scheme_code,
                score=score,
                comment=comment,
                submitted_at=now or timezone.now(),
            )
    except IntegrityError:
        raise SatisfactionError(_("U heeft deze vraag al beantwoord. Dank u wel!")) from None
    record_applicant_event(
        request,
        action=ACTION_GIVEN,
        obj=response,
        changed_fields=["score", "comment"] if comment else ["score"],
        reason="tevredenheidsvraag beantwoord",
    )
    return response
