"""Reads for objections: until when one can object to a decision, whether a receipt was in time,
and the objections already made.

The term: `Decision.objection_period_ends`, set when the decision was taken (the scheme's objection
term from the day after the letter was sent, Algemene termijnenwet applied). For a decision without
it (older data), the same is computed here from the letter's sending date. Either way the Atw is
applied once more (`cases.terms.next_working_day`), which changes nothing for a date that is
already a working day.

In time (Awb art. 6:9): received on or before the last day; or, for a letter sent by post, posted on
or before the last day and received no later than a week after it.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from schadeloket.cases.terms import end_of_term, next_working_day
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.decisions.selectors import ObjectionTerm, objection_term

from .models import Objection

POSTAL_GRACE_DAYS = 7  # Awb art. 6:9 lid 2: received within a week after the term


@dataclass(frozen=True)
class ObjectionWindow:
    """The objection term of one final decision, as of `today`."""

    ends: dt.date
    today: dt.date
    term: ObjectionTerm

    @property
    def open(self) -> bool:
        return self.today <= self.ends

    @property
    def days_left(self) -> int:
        """Calendar days from today up to and including the last day (0 once it has passed)."""
        return max((self.ends - self.today).days + 1, 0)


def sent_on(decision: Decision) -> dt.date:
    """The day the decision letter was sent (the first letter), or the day of the decision itself."""
    first = Letter.objects.filter(decision=decision, sent_on__isnull=False).order_by("sent_on").first()
    return first.sent_on if first else timezone.localdate(decision.decided_at)


def objection_term_ends(decision: Decision) -> dt.date | None:
    """The last day to object (Atw applied), or None for a draft: one objects to a final decision only."""
    if decision.kind != DecisionKind.FINAL:
        return None
    if decision.objection_period_ends is not None:
        return next_working_day(decision.objection_period_ends)
    weeks = objection_term(decision.case.scheme_code).weeks
    return end_of_term(sent_on(decision), weeks * 7).date


def objection_window(decision: Decision, today: dt.date | None = None) -> ObjectionWindow | None:
    ends = objection_term_ends(decision)
    if ends is None:
        return None
    return ObjectionWindow(ends, today or timezone.localdate(), objection_term(decision.case.scheme_code))


def received_in_time(term_ends: dt.date, received_on: dt.date, posted_on: dt.date | None = None) -> bool:
    """Awb art. 6:9: received by the last day, or posted by then and received within a week after."""
    if received_on <= term_ends:
        return True
    return (
        posted_on is not None
        and posted_on <= term_ends
        and received_on <= term_ends + dt.timedelta(days=POSTAL_GRACE_DAYS)
    )


def objections_of(decision: Decision) -> QuerySet:
    return Objection.objects.filter(decision=decision).order_by("submitted_at", "id")


def objection_by(decision: Decision, person) -> Objection | None:
    """The objection this person made to this decision, if any."""
    if person is None:
        return None
    return Objection.objects.filter(decision=decision, objector=person).first()
