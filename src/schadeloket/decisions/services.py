"""Writes for decisions: the draft from the rules, a human deviation, the applicant's reaction
(zienswijze), and the final decision with its letter.

Each function runs in one transaction and writes one audit event on the case
(`("cases.case", reference)`), so the case timeline reads the whole story from the audit trail. A
refused request raises `DecisionError` (a `CaseError`, so views handle both alike) with a Dutch
message saying what to fix, and changes nothing.

Every change to a case's decisions also raises the case's `version`: a colleague who finalizes
from a page that showed the older draft is told someone else was quicker (optimistic locking, as
in `cases.services`), instead of sending a decision they have not seen.

The zienswijze: IMG gives the applicant a reaction moment on the advice report (domain facts
§3.2). Processes of the inspection shape have that step (state `draft_decision`); their draft gets
a letter that invites a reaction, and the final decision waits until the period has ended or the
applicant has reacted. The term in days is not found in the sources: `ZIENSWIJZE_TERM_DAYS` is a
PLACEHOLDER.
"""

import datetime as dt
import inspect
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from schadeloket.audit.services import record_event
from schadeloket.cases.models import Case, PartyRole
from schadeloket.cases.selectors import user_roles
from schadeloket.cases.services import CaseError, ConcurrentChangeError
from schadeloket.cases.services import transition as case_transition
from schadeloket.cases.terms import end_of_term
from schadeloket.money import parse_euro
from schadeloket.sampling.services import sample
from schadeloket.schemes.engine.answers import AnswerError
from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.engine.questions import answers_to_json
from schadeloket.schemes.facts import gather_facts
from schadeloket.schemes.registry import get_scheme

from . import letters
from .models import Decision, DecisionKind, RuleAnswers
from .selectors import (
    VIEW_STATE,
    answers_for_rules,
    final_decision,
    has_view_step,
    latest_draft,
    objection_term,
    review_required,
    stored_answers,
    view_period_running,
    zienswijze_term_days,
)

HANDLER_ROLE = "case_handler"
# States in which nothing may be drafted or changed: the case is with the reviewer, or decided.
FROZEN_STATES = frozenset({"review", "decided", "paid", "closed", "withdrawn"})


class DecisionError(CaseError):
    """A decision change that is not allowed, with a Dutch message saying why and what to do."""


def _check_handler(actor) -> None:
    """Staff must be case handlers; a system actor (a string such as "bulk") acts for the institute."""
    if actor is not None and not isinstance(actor, str) and HANDLER_ROLE not in user_roles(actor):
        raise DecisionError("Alleen een behandelaar mag een besluit voorbereiden of nemen. Vraag een behandelaar.")


def _user_or_none(actor):
    return None if actor is None or isinstance(actor, str) else actor


def _check_not_frozen(case: Case) -> None:
    if case.status == "review":
        raise DecisionError(f"Zaak {case.reference} wordt getoetst. Wacht tot de toetser klaar is.")
    if case.status in FROZEN_STATES:
        raise DecisionError(
            f"Over zaak {case.reference} is al besloten of de zaak is afgesloten. Een besluit wijzigen kan alleen "
            "via bezwaar."
        )


def _bump_version(case: Case, expected_version: int | None = None) -> None:
    """Raise the case's version (optimistic lock); with `expected_version`, only if still current."""
    rows = Case.objects.filter(pk=case.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise ConcurrentChangeError(case)
    case.version = Case.objects.filter(pk=case.pk).values_list("version", flat=True).get()


def _sync_caller(decision: Decision, fresh: Decision, names) -> None:
    """Give the caller's objects the new values, including the version of a case they hold."""
    for name in names:
        setattr(decision, name, getattr(fresh, name))
    if Decision.case.is_cached(decision):
        decision.case.version = fresh.case.version


def _applicant(case: Case):
    party = case.parties.filter(role=PartyRole.APPLICANT).select_related("person").order_by("id").first()
    return party.person if party else None


def _run_rules(case: Case, answers: dict | None):
    scheme = get_scheme(case.scheme_code)
    facts = gather_facts(
        building=case.building,
        person=_applicant(case),
        on_date=case.received_on,
        pre_registered_avv=case.pre_registered,
    )
    accepts_answers = "answers" in inspect.signature(scheme.decide).parameters
    if answers and not accepts_answers:
        raise DecisionError(f"De regeling {scheme.name} stelt geen extra vragen. Laat de antwoorden leeg.")
    try:
        return scheme.decide(facts, answers=answers) if accepts_answers else scheme.decide(facts)
    except AnswerError as error:
        raise DecisionError(f"De antwoorden kloppen niet: {error}") from None


def _unknown(outcome) -> list[str]:
    return [c.text for c in outcome.conditions if c.met is None]


@transaction.atomic
def draft_from_rules(
    case: Case, *, actor, answers: dict | None = None, on: dt.date | None = None, expected_version: int | None = None
) -> Decision:
    """A draft decision from the scheme's rules, for the case's building and applicant on its receipt date.

    Without `answers`, the rules get the case's stored answers (`save_answers`) and, for maatwerk,
    the expert's advice (selectors.answers_for_rules).

    Where the process has a zienswijze step, the draft gets its reaction period and the letter that
    invites the applicant to react (sent on `on`). A new draft replaces an older one as "the latest".
    """
    _check_handler(actor)
    case.status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    _check_not_frozen(case)
    on = on or timezone.localdate()
    outcome = _run_rules(case, answers_for_rules(case) if answers is None else answers)
    # A refusal stands whatever is still unknown; anything else needs every fact settled.
    unknown = [] if outcome.open is False else _unknown(outcome)
    if outcome.open is None or unknown:
        raise DecisionError(
            "De regels kunnen nog niet beslissen. Zoek eerst uit: " + "; ".join(unknown or ["de open vragen"]) + "."
        )
    rule_amount = outcome.amount if outcome.amount is not None else outcome.amount_max
    granted = outcome.open is True
    view_step = has_view_step(case)
    draft = Decision.objects.create(
        case=case,
        kind=DecisionKind.DRAFT,
        granted=granted,
        amount=(rule_amount or Decimal("0")) if granted else Decimal("0"),
        rule_outcome=outcome.as_dict(),
        rule_amount=rule_amount,
        explanation=explain_for_applicant(outcome),
        decided_by=_user_or_none(actor),
        decided_at=timezone.now(),
        view_period_ends=end_of_term(on, zienswijze_term_days()).date if view_step else None,
    )
    _bump_version(case, expected_version)
    fields = ["kind", "granted", "amount", "rule_outcome", "rule_amount", "explanation"]
    if view_step:
        fields += ["view_period_ends", "letter"]
    record_event(
        actor=actor,
        action="draft_decision",
        obj=("cases.case", case.reference),
        changed_fields=fields,
        reason="ontwerpbesluit volgens de regels: " + ("toegekend" if granted else "afgewezen"),
    )
    sample(case, draft, actor=actor, on=on)  # quality sampling: does a reviewer check this draft?
    if view_step:
        # Last: the file is written only when everything else in this transaction has succeeded.
        letters.store(draft, letters.render(draft, letters.LetterKind.DRAFT, sent_on=on), sent_on=on)
    return draft


@transaction.atomic
def save_answers(case: Case, answers: dict, *, actor, expected_version: int | None = None) -> RuleAnswers:
    """Store the answers to the scheme's questions (Python values, as `decide` reads them).

    The answers are checked by the scheme itself before anything is stored, so that what is stored
    can always be decided on; an empty answer (None) means "not known yet".
    """
    _check_handler(actor)
    case.status = Case.objects.select_for_update().values_list("status", flat=True).get(pk=case.pk)
    _check_not_frozen(case)
    questions = get_scheme(case.scheme_code).questions
    known = {question.name for question in questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise DecisionError(f"Deze regeling kent de vraag {', '.join(unknown)} niet.")
    given = {name: value for name, value in answers.items() if value is not None and value != []}
    _run_rules(case, given)  # the scheme refuses a wrong answer here, with its own Dutch message
    stored = answers_to_json(questions, answers)
    before = stored_answers(case)
    changed = sorted(name for name in stored if before.get(name) != stored[name])
    record, _created = RuleAnswers.objects.update_or_create(
        case=case, defaults={"answers": stored, "updated_by": _user_or_none(actor)}
    )
    _bump_version(case, expected_version)
    record_event(
        actor=actor,
        action="rule_answers_saved",
        obj=("cases.case", case.reference),
        changed_fields=changed,
        reason="antwoorden voor de regels: " + (", ".join(changed) if changed else "niets gewijzigd"),
    )
    return record


def _parse_amount(amount) -> Decimal:
    try:
        return parse_euro(amount)
    except ValueError as error:
        raise DecisionError(str(error)) from None


@transaction.atomic
def deviate(decision: Decision, *, amount, granted: bool, reason: str, actor, expected_version: int | None = None):
    """Decide otherwise than the rules on a draft: a human judgement, always with a written reason.

    The reason is shown to the applicant in the letter, so write it for them. Deviating back to
    exactly what the rules say clears the deviation.
    """
    _check_handler(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DecisionError("Schrijf op waarom u afwijkt van de regels. Zonder reden kan afwijken niet.")
    if not isinstance(granted, bool):
        raise DecisionError("Kies of de aanvraag wordt toegekend of afgewezen.")
    value = _parse_amount(amount)
    if not granted and value:
        raise DecisionError("Bij een afwijzing is het bedrag € 0. Kies toekennen of maak het bedrag 0.")
    draft = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if draft.kind != DecisionKind.DRAFT:
        raise DecisionError("Dit besluit is al genomen. Een besluit wijzigen kan alleen via bezwaar.")
    case = draft.case
    _check_not_frozen(case)
    rules_granted = draft.rule_outcome.get("open") is True
    rules_amount = (draft.rule_amount or Decimal("0")) if rules_granted else Decimal("0")
    deviates = (granted, value) != (rules_granted, rules_amount)
    changed = [
        name
        for name, new in (("granted", granted), ("amount", value), ("deviates", deviates))
        if getattr(draft, name) != new
    ]
    draft.granted, draft.amount, draft.deviates = granted, value, deviates
    new_reason = reason if deviates else ""
    if draft.deviation_reason != new_reason:
        changed.append("deviation_reason")
    draft.deviation_reason = new_reason
    draft.decided_by = _user_or_none(actor) or draft.decided_by
    draft.save(update_fields=["granted", "amount", "deviates", "deviation_reason", "decided_by"])
    _bump_version(case, expected_version)
    _sync_caller(decision, draft, ("granted", "amount", "deviates", "deviation_reason"))
    record_event(
        actor=actor,
        action="deviate",
        obj=("cases.case", case.reference),
        changed_fields=sorted(changed),
        reason=("afwijking van de regels: " if deviates else "terug naar de uitkomst van de regels: ") + reason,
    )
    sample(case, draft, actor=actor)  # a changed draft is sampled again (a deviation is always reviewed)
    return draft


@transaction.atomic
def record_view(decision: Decision, text: str, actor, *, on: dt.datetime | None = None) -> Decision:
    """Record that the applicant reacted on a draft (zienswijze), with what they said."""
    text = (text or "").strip()
    if not text:
        raise DecisionError("Vul in wat de aanvrager als reactie (zienswijze) heeft gegeven.")
    draft = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if draft.kind != DecisionKind.DRAFT or draft.view_period_ends is None:
        raise DecisionError("Op dit besluit kan de aanvrager geen zienswijze geven.")
    if draft.view_received_at is not None:
        raise DecisionError("De zienswijze op dit ontwerpbesluit is al vastgelegd.")
    _check_not_frozen(draft.case)
    draft.view_received_at = on or timezone.now()
    draft.view_text = text
    draft.save(update_fields=["view_received_at", "view_text"])
    _bump_version(draft.case)
    _sync_caller(decision, draft, ("view_received_at", "view_text"))
    record_event(
        actor=actor,
        action="view_received",
        obj=("cases.case", draft.case.reference),
        changed_fields=["view_received_at", "view_text"],
        reason="zienswijze ontvangen",
    )
    return draft


@transaction.atomic
def finalize(case: Case, *, actor, expected_version: int, on: dt.date | None = None) -> Decision:
    """The final decision from the latest draft, the case transition "decide", and the letter.

    One transaction: when the letter cannot be made, nothing is decided. The database allows one
    final decision per case; a second attempt is refused in Dutch.
    """
    _check_handler(actor)
    on = on or timezone.localdate()
    draft = latest_draft(case)
    if draft is None:
        raise DecisionError("Er is nog geen ontwerpbesluit. Maak eerst een besluit volgens de regels.")
    draft = Decision.objects.select_for_update().get(pk=draft.pk)
    if view_period_running(draft, on):
        raise DecisionError(
            f"De aanvrager mag nog reageren op het ontwerpbesluit (zienswijze), tot en met "
            f"{draft.view_period_ends:%d-%m-%Y}. Neem het besluit daarna, of zodra de reactie binnen is."
        )
    if review_required(case):
        raise DecisionError("Deze zaak moet eerst getoetst worden. Bied de zaak aan ter toetsing.")

    term = objection_term(case.scheme_code)
    final = Decision(
        case=case,
        kind=DecisionKind.FINAL,
        granted=draft.granted,
        amount=draft.amount,
        rule_outcome=draft.rule_outcome,
        rule_amount=draft.rule_amount,
        deviates=draft.deviates,
        deviation_reason=draft.deviation_reason,
        explanation=draft.explanation,
        decided_by=_user_or_none(actor),
        decided_at=timezone.now(),
        objection_period_ends=end_of_term(on, term.weeks * 7).date,
    )
    try:
        with transaction.atomic():
            final.save()
    except IntegrityError:
        existing = final_decision(case)
        if existing is None:
            raise
        raise DecisionError(
            f"Over zaak {case.reference} is al besloten op {timezone.localtime(existing.decided_at):%d-%m-%Y}. "
            "Er kan maar één besluit zijn; wijzigen kan alleen via bezwaar."
        ) from None

    version = expected_version
    if case.status == VIEW_STATE:
        # The reaction period is over or the reaction came: the zienswijze step is done.
        case_transition(
            case,
            "view_received",
            actor=actor,
            expected_version=version,
            on=on,
            reason="zienswijze ontvangen" if draft.view_received_at else "reactietermijn voorbij",
        )
        version = case.version
    case_transition(case, "decide", actor=actor, expected_version=version, on=on)

    kind = letters.LetterKind.GRANTED if final.granted else letters.LetterKind.REFUSED
    rendered = letters.render(final, kind, sent_on=on, objection_ends=final.objection_period_ends)
    record_event(
        actor=actor,
        action="final_decision",
        obj=("cases.case", case.reference),
        changed_fields=["kind", "granted", "amount", "deviates", "objection_period_ends", "letter"],
        reason=("besluit: toegekend" if final.granted else "besluit: afgewezen")
        + (" (wijkt af van de regels)" if final.deviates else "")
        + f"; bezwaar {term.weeks} weken",
    )
    # Last: the file is written only when everything else in this transaction has succeeded.
    letters.store(final, rendered, sent_on=on)
    return final
