"""Reads for Mijn Dossier: what one page shows a resident about their cases.

Everything of substance comes from the apps that own it (cases, decisions, documents, messaging,
objections, satisfaction); this module puts their answers together in the resident's terms. Access
is checked before anything here is called: `identity.selectors.case_for_applicant_or_404`.

The expected decision date is the legal one: the deadline from the decision term (Awb, Algemene
termijnenwet, suspension and extension; `cases.terms`). Beside it the page shows the forecast, the
resident's place in the queue and the week that makes likely (`queue_forecast`, from the nightly
refresh of `forecasts`); without a current forecast it shows the legal date only.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from schadeloket.cases.models import Case
from schadeloket.cases.monitor import effective_deadline
from schadeloket.cases.selectors import process_for
from schadeloket.decisions.letters import explanation_steps
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.decisions.selectors import decisions_of, latest_draft, view_period_running
from schadeloket.documents.models import DocumentKind
from schadeloket.documents.selectors import latest_documents
from schadeloket.messaging.selectors import messages_of, unread_for_applicant, unread_for_applicant_by_case
from schadeloket.objections.models import Objection
from schadeloket.objections.selectors import ObjectionWindow, for_resident, objection_by, objection_window, open_repair
from schadeloket.satisfaction.models import SatisfactionResponse
from schadeloket.satisfaction.selectors import may_answer, response_of
from schadeloket.schemes.registry import get_scheme

from .timeline import resident_timeline

# Quality review is the institute's own check: for the resident the case is simply in progress.
RESIDENT_STATE = {"review": "in_progress"}
STATE_EXPLANATIONS = {
    "received": gettext_lazy("Wij hebben uw aanvraag ontvangen. Een behandelaar gaat er binnenkort mee aan de slag."),
    "in_progress": gettext_lazy("Een behandelaar werkt aan uw aanvraag."),
    "inspection_planned": gettext_lazy("Er komt een schade-opname. Een deskundige komt dan de schade bekijken."),
    "expert_advice": gettext_lazy("De schade is bekeken. Een deskundige schrijft nu een advies."),
    "draft_decision": gettext_lazy(
        "U heeft een ontwerpbesluit gekregen. Dat is het besluit dat wij van plan zijn te nemen. U kunt erop reageren."
    ),
    "waiting_for_applicant": gettext_lazy(
        "Wij wachten op informatie van u. Zolang wij wachten, staat de termijn stil."
    ),
    "decided": gettext_lazy("Wij hebben een besluit genomen."),
    "paid": gettext_lazy("Wij hebben het bedrag betaald."),
    "closed": gettext_lazy("Uw zaak is afgesloten."),
    "withdrawn": gettext_lazy("Uw aanvraag is ingetrokken."),
}
# The kinds of document a resident can send (letters are what the institute sends).
APPLICANT_DOCUMENT_KINDS = (DocumentKind.PHOTO, DocumentKind.QUOTE, DocumentKind.REPORT, DocumentKind.OTHER)
NO_UPLOAD_STATES = frozenset({"closed", "withdrawn"})


# --- status and dates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    code: str
    label: str
    explanation: str


def status_for_resident(case: Case) -> Status:
    """The case's state in the resident's words (the process's own label; review shows as in progress)."""
    code = RESIDENT_STATE.get(case.status, case.status)
    label = process_for(case.scheme_code).states.get(code, code)
    return Status(code, label, str(STATE_EXPLANATIONS.get(code, "")))


@dataclass(frozen=True)
class QueueForecast:
    """Where the resident's case stands in the queue, and the date that makes likely (issue 6)."""

    position: int
    expected_on: dt.date


def queue_forecast(case: Case, positions: dict | None = None) -> QueueForecast | None:
    """The case's place in its scheme's queue and the Monday of the week its decision is expected.

    One primary-key read of the row the nightly (or on-demand) refresh wrote (`forecasts`); no count
    of the queue on a page view. None when the case has no row (not in the queue: waiting for the
    applicant, decided, or opened since the last refresh) or when the row is stale (its expected week
    has passed): then the page shows the legal date only, never a date that has already gone by.
    `positions` (case id -> row, from `forecasts.selectors.positions_of`) when the caller read the rows
    of several cases at once.
    """
    from schadeloket.forecasts.selectors import monday_of, position_of

    row = positions.get(case.pk) if positions is not None else position_of(case)
    if row is None or row.expected_week < monday_of(timezone.localdate()):
        return None
    return QueueForecast(position=row.position, expected_on=row.expected_week)


@dataclass(frozen=True)
class ExpectedDecision:
    """When the resident may expect the decision, by law.

    kind: "decided" (date = decided on), "deadline" (the legal last day), "suspended" (the last day
    if the resident answers today: the term stands still meanwhile), "overdue" (the legal last day
    has passed), or "none" (withdrawn, or no deadline known).
    """

    kind: str
    date: dt.date | None
    term_days: int
    extended: bool = False
    forecast: QueueForecast | None = None

    @property
    def term_weeks(self) -> int | None:
        return self.term_days // 7 if self.term_days % 7 == 0 else None


def expected_decision(case: Case, today: dt.date | None = None, positions: dict | None = None) -> ExpectedDecision:
    today = today or timezone.localdate()
    extended = bool(case.extended_days)
    if case.decided_on is not None and case.status != "withdrawn":
        return ExpectedDecision("decided", case.decided_on, case.term_days, extended)
    if case.status == "withdrawn" or case.deadline is None:
        return ExpectedDecision("none", None, case.term_days, extended)
    forecast = queue_forecast(case, positions)
    if case.suspended_since is not None:
        return ExpectedDecision("suspended", effective_deadline(case, today), case.term_days, extended, forecast)
    kind = "overdue" if today > case.deadline else "deadline"
    return ExpectedDecision(kind, case.deadline, case.term_days, extended, forecast)


# --- decisions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionView:
    """A decision as the resident sees it: outcome, why, and what they can do about it."""

    decision: Decision
    summary: str  # the first line of the explanation ("U krijgt € 10.000.")
    steps: list[str]  # "Dat komt zo:" lines

    @property
    def is_final(self) -> bool:
        return self.decision.kind == DecisionKind.FINAL


def decision_view(decision: Decision | None) -> DecisionView | None:
    if decision is None:
        return None
    lines = decision.explanation.splitlines()
    return DecisionView(decision, lines[0] if lines else "", explanation_steps(decision.explanation))


def final_and_sent_draft(case: Case) -> tuple[Decision | None, Decision | None]:
    """`final_decision(case)` and `sent_draft(case)` in one read of the case's decisions (a handful)."""
    final = latest = None
    # rule_outcome (the rules' full trace, kilobytes of JSON) is for staff; the resident reads the explanation.
    for decision in decisions_of(case).defer("rule_outcome"):
        if decision.kind == DecisionKind.FINAL and final is None:
            final = decision
        elif decision.kind == DecisionKind.DRAFT and latest is None:
            latest = decision
        decision.case = case
    return final, (latest if latest is not None and latest.view_period_ends is not None else None)


def sent_draft(case: Case) -> Decision | None:
    """The latest draft the resident was sent to react on (zienswijze); internal drafts stay hidden."""
    draft = latest_draft(case)
    return draft if draft is not None and draft.view_period_ends is not None else None


def letters_of(case: Case) -> list[Letter]:
    return list(
        Letter.objects.filter(decision__case=case, sent_on__isnull=False)
        .select_related("decision")
        .defer("decision__rule_outcome")
        .order_by("-sent_on", "-id")
    )


def may_upload(case: Case) -> bool:
    return case.status not in NO_UPLOAD_STATES


# --- what to do now -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    text: str
    url: str = ""
    link_text: str = ""
    urgent: bool = False


@dataclass
class CaseSummary:
    """One case on the overview and at the top of its page."""

    case: Case
    scheme_name: str
    status: Status
    expected: ExpectedDecision
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class FinalFacts:
    """What the final decision means for this person now: read once for the summary and the page."""

    window: ObjectionWindow | None = None
    objection: Objection | None = None
    response: SatisfactionResponse | None = None
    may_answer: bool = False


def final_facts(final: Decision | None, person, *, today: dt.date, acting: bool) -> FinalFacts:
    """`acting`: a case guide acts for the resident; the satisfaction question is then not offered."""
    if final is None:
        return FinalFacts()
    response = response_of(final, person)
    return FinalFacts(
        window=objection_window(final, today),
        objection=objection_by(final, person),
        response=response,
        may_answer=may_answer(final, person, response=response) and not acting,
    )


def _actions(case: Case, *, draft, final, facts: FinalFacts, unread: int, today: dt.date) -> list[Action]:
    reference = case.reference
    actions = []
    if draft is not None and final is None and view_period_running(draft, today):
        actions.append(
            Action(
                _("U kunt reageren op het ontwerpbesluit tot en met %(date)s.")
                % {"date": _date(draft.view_period_ends)},
                reverse("dossier:view", args=[reference]),
                _("Reageren op het ontwerpbesluit"),
                urgent=True,
            )
        )
    if case.status == "waiting_for_applicant":
        actions.append(
            Action(
                _("Wij wachten op informatie van u. Kijk bij Berichten en Brieven wat wij nodig hebben."),
                reverse("dossier:case", args=[reference]) + "#berichten",
                _("Naar uw berichten"),
                urgent=True,
            )
        )
    if unread:
        actions.append(
            Action(
                ngettext("U heeft %(count)s nieuw bericht.", "U heeft %(count)s nieuwe berichten.", unread)
                % {"count": unread},
                reverse("dossier:case", args=[reference]) + "#berichten",
                _("Lees uw berichten"),
            )
        )
    if final is not None:
        window = facts.window
        repair = open_repair(facts.objection) if facts.objection is not None else None
        if repair is not None:
            actions.append(
                Action(
                    _("Wij hebben iets nodig voor uw bezwaar: %(what)s. Stuur het uiterlijk op %(date)s.")
                    % {"what": repair.get_kind_display(), "date": _date(repair.due_on)},
                    reverse("dossier:objection-receipt", args=[reference, facts.objection.public_id]),
                    _("Naar uw bezwaar"),
                    urgent=True,
                )
            )
        if window is not None and window.open and facts.objection is None:
            actions.append(
                Action(
                    _("Bent u het niet eens met het besluit? Dan kunt u bezwaar maken tot en met %(date)s.")
                    % {"date": _date(window.ends)},
                    reverse("dossier:objection", args=[reference]),
                    _("Bezwaar maken"),
                )
            )
        if facts.may_answer:
            actions.append(
                Action(
                    _("Wilt u ons een cijfer geven? Het is één vraag."),
                    reverse("dossier:satisfaction", args=[reference]),
                    _("Geef een cijfer"),
                )
            )
    return actions


def _date(day: dt.date) -> str:
    return date_format(day, "j F Y")


_UNKNOWN = object()


def case_summary(
    case: Case,
    person,
    *,
    today: dt.date | None = None,
    unread: int | None = None,
    acting: bool = False,
    final=_UNKNOWN,
    draft=_UNKNOWN,
    facts: FinalFacts | None = None,
    positions: dict | None = None,
) -> CaseSummary:
    """`acting`: a case guide acts for the resident; the satisfaction question is then not offered.

    `final`, `draft`, `facts` and `positions` may be given when the caller has read them already (the
    case page, the overview).
    """
    today = today or timezone.localdate()
    if final is _UNKNOWN or draft is _UNKNOWN:
        final, draft = final_and_sent_draft(case)
    facts = final_facts(final, person, today=today, acting=acting) if facts is None else facts
    unread = unread_for_applicant(case) if unread is None else unread
    return CaseSummary(
        case=case,
        scheme_name=get_scheme(case.scheme_code).name,
        status=status_for_resident(case),
        expected=expected_decision(case, today, positions),
        actions=_actions(case, draft=draft, final=final, facts=facts, unread=unread, today=today),
    )


def overview(cases, person, *, today: dt.date | None = None, acting: bool = False) -> list[CaseSummary]:
    """The resident's cases (from `identity.selectors.cases_for_applicant`), each with what to do now."""
    from schadeloket.forecasts.selectors import positions_of

    cases = list(cases.select_related("building__address"))
    unread = unread_for_applicant_by_case(cases)
    positions = positions_of(cases)
    return [
        case_summary(case, person, today=today, unread=unread.get(case.pk, 0), acting=acting, positions=positions)
        for case in cases
    ]


def case_dossier(case: Case, person, *, today: dt.date | None = None, acting: bool = False) -> dict:
    """Everything the case page shows, already evaluated (the page then marks messages as read)."""
    today = today or timezone.localdate()
    final, draft = final_and_sent_draft(case)
    facts = final_facts(final, person, today=today, acting=acting)
    return {
        "case": case,
        "summary": case_summary(case, person, today=today, acting=acting, final=final, draft=draft, facts=facts),
        "address": case.building.address,
        "final": decision_view(final),
        "draft": decision_view(draft) if final is None else None,
        "view_running": draft is not None and view_period_running(draft, today),
        "objection_window": facts.window,
        "objection": facts.objection,
        "objection_progress": for_resident(facts.objection, today) if facts.objection is not None else None,
        "satisfaction": facts.response,
        "may_answer": facts.may_answer,
        "letters": letters_of(case),
        "documents": list(latest_documents(case)),
        "may_upload": may_upload(case),
        "thread": list(messages_of(case)),
        "timeline": resident_timeline(case),
    }
