"""Reads for decisions: a case's drafts and final decision, the zienswijze period, the objection
term and payment promise per scheme, and the review hook the quality sampling fills in.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from schadeloket.cases.selectors import process_for
from schadeloket.inspections.selectors import latest_report
from schadeloket.inspections.services import maatwerk_answers
from schadeloket.sampling.selectors import review_required as sampling_review_required
from schadeloket.schemes.engine.questions import answers_from_json
from schadeloket.schemes.registry import get_scheme

from .models import Decision, DecisionKind, RuleAnswers
from .parameters import AWB_OBJECTION_WEEKS, OBJECTION_TERMS, PAYMENT_TERM_WORKING_DAYS, ZIENSWIJZE_TERM_DAYS

# The state in which a process waits for the applicant's reaction on a draft (inspection shape).
VIEW_STATE = "draft_decision"


def decisions_of(case) -> QuerySet:
    """Every decision of the case, newest first (drafts and the final one)."""
    return Decision.objects.filter(case=case).order_by("-decided_at", "-id")


def _with_case(decision: Decision | None, case) -> Decision | None:
    """Attach the case the caller already holds, so `decision.case` costs no second query."""
    if decision is not None and hasattr(case, "scheme_code"):
        decision.case = case
    return decision


def latest_draft(case) -> Decision | None:
    return _with_case(decisions_of(case).filter(kind=DecisionKind.DRAFT).first(), case)


def final_decision(case) -> Decision | None:
    return _with_case(Decision.objects.filter(case=case, kind=DecisionKind.FINAL).first(), case)


def has_view_step(case) -> bool:
    """Whether the case's process gives the applicant a reaction moment (zienswijze) on a draft."""
    return VIEW_STATE in process_for(case.scheme_code).states


def zienswijze_term_days() -> int:
    """The reaction term in days. PLACEHOLDER: the domain facts do not give it (§3.2)."""
    return ZIENSWIJZE_TERM_DAYS.value


def view_period_running(decision: Decision, on: dt.date) -> bool:
    """True while the applicant may still react on this draft and has not done so yet."""
    return (
        decision.view_period_ends is not None and decision.view_received_at is None and on <= decision.view_period_ends
    )


@dataclass(frozen=True)
class ObjectionTerm:
    weeks: int
    source: str
    confirmed: bool  # False: the Awb's term stands in where the IMG's own term is not known


def objection_term(scheme_code: str) -> ObjectionTerm:
    """The objection term (bezwaartermijn) of a scheme, counted from the day after sending."""
    parameter = OBJECTION_TERMS.get(scheme_code.upper(), AWB_OBJECTION_WEEKS)
    return ObjectionTerm(parameter.value, parameter.source, parameter is not AWB_OBJECTION_WEEKS)


def payment_term_working_days(scheme_code: str) -> int | None:
    """The payment term a letter may promise, or None where no source gives one."""
    parameter = PAYMENT_TERM_WORKING_DAYS.get(scheme_code.upper())
    return None if parameter is None else parameter.value


def review_required(case) -> bool:
    """Whether the case still needs a quality review that has not been approved (see `sampling`)."""
    return sampling_review_required(case)


def stored_answers(case) -> dict:
    """The answers to the scheme's questions as stored for this case (JSON); {} when none yet."""
    return RuleAnswers.objects.filter(case=case).values_list("answers", flat=True).first() or {}


def answers_for_rules(case) -> dict:
    """What the rules get besides the register: the stored answers, and for maatwerk the expert's advice.

    Maatwerk decides on the damages of the newest inspection report with the expert's verdict and
    repair cost (inspections.maatwerk_answers, which refuses half an advice report). Without a
    report the rules themselves say that the advice is still missing.
    """
    scheme = get_scheme(case.scheme_code)
    answers = answers_from_json(scheme.questions, stored_answers(case))
    if scheme.code == "MAATWERK" and latest_report(case) is not None:
        answers.update(maatwerk_answers(case))
    return answers
