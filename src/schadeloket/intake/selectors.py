"""Reads for the intake: the open draft, where the resident is, what the register says, the comparison.

The comparison uses the choice help (`choice_help.services.options_for`) with the person, so a
resident sees their own figures, but only when the register confirms what they say they are to the
building (owner or former owner). In every other case (a tenant, a user, or a register that does
not agree) the schemes are decided on what the resident says and without the building's payment
history: those payments belong to its (former) owners, and a tenant must not see them. The
application never stops on a register error; `needs_register_check` marks it for staff instead.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from schadeloket.choice_help import services as choice_help
from schadeloket.choice_help.services import Option, Status, decide, options_for
from schadeloket.register.buildings.models import BuildingRelation, RelationKind
from schadeloket.schemes.facts import Facts, gather_facts
from schadeloket.schemes.registry import all_schemes, get_scheme

from . import steps
from .models import ApplicationDraft, RegisterRelation, StatedRelation
from .questions import APPLICANT_QUESTIONS, ApplicantQuestion

#: The statuses a resident can choose: open, or open depending on what staff still check.
CHOOSABLE = (Status.OPEN, Status.DEPENDS)
_ORDER = {Status.OPEN: 0, Status.DEPENDS: 1, Status.CLOSED: 2, Status.NOT_YET_OPEN: 3}

#: Which register relation confirms which stated one.
AGREES = {
    StatedRelation.OWNER: {RegisterRelation.OWNER},
    StatedRelation.FORMER_OWNER: {RegisterRelation.FORMER_OWNER},
    StatedRelation.TENANT: {RegisterRelation.RESIDENT},
    StatedRelation.USER: {RegisterRelation.RESIDENT},
}


def today() -> dt.date:
    return timezone.localdate()


# --- drafts -----------------------------------------------------------------------------------------


def open_draft(person) -> ApplicationDraft | None:
    """The person's draft that is not yet sent (there is at most one)."""
    if person is None:
        return None
    return (
        ApplicationDraft.objects.select_related("address", "building", "building__address")
        .filter(person=person, submitted_case__isnull=True)
        .first()
    )


def submitted_draft(person, public_id) -> ApplicationDraft | None:
    """A draft of this person that became a case; None for anyone else's (the page then says 404)."""
    if person is None:
        return None
    return (
        ApplicationDraft.objects.select_related("submitted_case", "building__address")
        .filter(person=person, public_id=public_id, submitted_case__isnull=False)
        .first()
    )


def draft_for_case(case) -> ApplicationDraft | None:
    """For staff: the intake a case came from (what the resident said, whether the register needs a check)."""
    return ApplicationDraft.objects.filter(submitted_case=case).prefetch_related("photos").first()


def photo_of(person, public_id):
    """A photo in this person's open draft, or None."""
    from .models import DraftPhoto

    if person is None:
        return None
    return DraftPhoto.objects.filter(
        public_id=public_id, draft__person=person, draft__submitted_case__isnull=True
    ).first()


# --- what the register says -------------------------------------------------------------------------


def register_relation(person, building, on_date: dt.date | None = None) -> str:
    """What the register says this person is to this building today: owner, former owner, resident, or none."""
    on_date = on_date or today()
    relations = list(
        BuildingRelation.objects.filter(person=person, building=building).values_list(
            "kind", "valid_from", "valid_until"
        )
    )

    def holds(valid_from, valid_until) -> bool:
        return valid_from <= on_date and (valid_until is None or on_date <= valid_until)

    owner_periods = [(f, u) for kind, f, u in relations if kind == RelationKind.OWNER]
    if any(holds(f, u) for f, u in owner_periods):
        return RegisterRelation.OWNER
    if any(u is not None and u < on_date for _f, u in owner_periods):
        return RegisterRelation.FORMER_OWNER
    if any(holds(f, u) for kind, f, u in relations if kind == RelationKind.RESIDENT):
        return RegisterRelation.RESIDENT
    return RegisterRelation.NONE


def relation_agrees(stated: str, register: str) -> bool:
    return register in AGREES.get(stated, set())


def other_owners_known(person, building, on_date: dt.date | None = None) -> bool:
    """Whether the register knows another owner of the building today (then consent is needed)."""
    on_date = on_date or today()
    return (
        BuildingRelation.objects.filter(building=building, kind=RelationKind.OWNER, valid_from__lte=on_date)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
        .exclude(person=person)
        .exists()
    )


# --- steps ------------------------------------------------------------------------------------------


def step_done(draft: ApplicationDraft, slug: str) -> bool:
    answers = draft.answers or {}
    if slug == steps.ADDRESS:
        return draft.building_id is not None
    if slug == steps.RELATION:
        return bool(draft.relation)
    if slug == steps.DAMAGE:
        return bool((answers.get("damage") or {}).get("description"))
    if slug == steps.QUESTIONS:
        return bool(answers.get("questions_done"))
    if slug == steps.COMPARE:
        return bool(answers.get("compared"))
    if slug == steps.CHOICE:
        return bool(draft.scheme_code)
    return False  # the confirmation is done by sending


def first_open_step(draft: ApplicationDraft) -> str:
    """The first step not yet done: where a resident who comes back continues."""
    if draft.is_submitted:
        return steps.RECEIPT
    for slug in steps.SLUGS:
        if not step_done(draft, slug):
            return slug
    return steps.CONFIRM


def can_visit(draft: ApplicationDraft, slug: str) -> bool:
    """A step can be visited when every step before it is done."""
    index = steps.SLUGS.index(slug)
    return all(step_done(draft, earlier) for earlier in steps.SLUGS[:index])


def resume_step(draft: ApplicationDraft) -> str:
    """The step to return to: the one last saved as current, unless an earlier one is not done."""
    if draft.is_submitted:
        return steps.RECEIPT
    if draft.step in steps.BY_SLUG and can_visit(draft, draft.step):
        return draft.step
    return first_open_step(draft)


@dataclass(frozen=True)
class StepLink:
    number: int
    slug: str
    title: str
    current: bool
    done: bool
    reachable: bool


def step_list(draft: ApplicationDraft, current: str) -> list[StepLink]:
    return [
        StepLink(
            number=step.number,
            slug=step.slug,
            title=str(step.title),
            current=step.slug == current,
            done=step_done(draft, step.slug),
            reachable=can_visit(draft, step.slug),
        )
        for step in steps.STEPS
    ]


# --- facts, questions and the comparison --------------------------------------------------------------


def uses_register_figures(draft: ApplicationDraft) -> bool:
    """Personal figures (earlier payments) only for an owner or former owner the register confirms."""
    return draft.relation in (StatedRelation.OWNER, StatedRelation.FORMER_OWNER) and relation_agrees(
        draft.relation, draft.register_relation
    )


def _stated_applicant(draft: ApplicationDraft, facts: Facts) -> dict:
    """The applicant facts as the resident states them (for a tenant, a user, or when the register disagrees)."""
    co_owners = (draft.answers or {}).get("co_owners")
    confirmed = relation_agrees(draft.relation, draft.register_relation)
    owner_then = facts.applicant_owner_on_huizinge_date if confirmed else None
    consent = True if co_owners == "no" else None
    if draft.relation == StatedRelation.OWNER:
        return {
            "applicant_is_owner": True,
            "applicant_is_former_owner": False,
            "applicant_owner_on_huizinge_date": owner_then,
            "co_owners_consent": consent,
        }
    if draft.relation == StatedRelation.FORMER_OWNER:
        return {
            "applicant_is_owner": False,
            "applicant_is_former_owner": True,
            "applicant_owner_on_huizinge_date": owner_then,
            "co_owners_consent": consent,
        }
    return {
        "applicant_is_owner": False,
        "applicant_is_former_owner": False,
        "applicant_owner_on_huizinge_date": False,
        "applicant_is_resident": True if draft.relation == StatedRelation.TENANT else facts.applicant_is_resident,
        "co_owners_consent": None,
    }


def facts_for(draft: ApplicationDraft, on_date: dt.date | None = None) -> Facts:
    """The facts the schemes decide on: the register's, with the applicant part as the resident states it
    unless the register confirms it."""
    on_date = on_date or today()
    facts = gather_facts(building=draft.building, person=draft.person, on_date=on_date)
    if uses_register_figures(draft):
        return facts
    return dataclasses.replace(facts, applicant_is_natural_person=True, **_stated_applicant(draft, facts))


def scheme_answers(draft: ApplicationDraft) -> dict[str, dict]:
    """The resident's answers per scheme code, as `decide` reads them (None left out: not known)."""
    stored = (draft.answers or {}).get("questions") or {}
    return {
        code: {name: value for name, value in values.items() if value is not None}
        for code, values in stored.items()
        if any(value is not None for value in values.values())
    }


@dataclass
class Comparison:
    on_date: dt.date
    options: list[Option]
    personal: bool  # figures from the register's payment history (the confirmed owner's own)

    @property
    def choosable(self) -> list[Option]:
        return [option for option in self.options if option.status in CHOOSABLE]

    @property
    def unavailable(self) -> list[Option]:
        return [option for option in self.options if option.status not in CHOOSABLE]

    def option(self, code: str) -> Option | None:
        return next((option for option in self.options if option.code == code), None)


def compare(draft: ApplicationDraft, *, on_date: dt.date | None = None, answers: dict | None = None) -> Comparison:
    """Every scheme for this draft, choosable first (open, then depends; highest amount first)."""
    on_date = on_date or today()
    answers = scheme_answers(draft) if answers is None else answers
    if uses_register_figures(draft):
        options = options_for(building=draft.building, person=draft.person, on_date=on_date, answers=answers)
        return Comparison(on_date=on_date, options=options, personal=True)
    facts = facts_for(draft, on_date)
    # The choice help's history-blind evaluation (as on the public page), on the stated facts.
    options = [
        choice_help.option_for_facts(scheme, facts, public=True, answers=answers.get(scheme.code))
        for scheme in all_schemes()
    ]
    options.sort(key=lambda o: (_ORDER[o.status], -o.sort_amount, o.name))
    return Comparison(on_date=on_date, options=options, personal=False)


def _same(a, b) -> bool:
    return (a.open, a.amount, a.amount_max) == (b.open, b.amount, b.amount_max)


def questions_to_ask(draft: ApplicationDraft, *, on_date: dt.date | None = None) -> list[ApplicantQuestion]:
    """The resident's questions whose answer can change the outcome now, for schemes not already closed.

    A question counts when deciding its scheme with "yes" gives another outcome (open, amount) than
    with "no", everything else as the resident answered it.
    """
    on_date = on_date or today()
    facts = facts_for(draft, on_date)
    given = scheme_answers(draft)
    result = []
    for question in APPLICANT_QUESTIONS:
        scheme = get_scheme(question.scheme_code)
        if scheme.is_switched_off:
            continue
        others = {k: v for k, v in given.get(scheme.code, {}).items() if k != question.name}
        unknown = decide(scheme, facts, answers=others or None)
        if unknown.open is False:
            continue
        with_yes = decide(scheme, facts, answers={**others, question.name: True})
        with_no = decide(scheme, facts, answers={**others, question.name: False})
        if not _same(with_yes, with_no):
            result.append(question)
    return result


# --- the receipt --------------------------------------------------------------------------------------


def term_text(days: int) -> str:
    """A legal term in words: weeks when it is whole weeks."""
    from django.utils.translation import ngettext

    if days % 7 == 0 and days >= 14:
        weeks = days // 7
        return ngettext("%(count)s week", "%(count)s weken", weeks) % {"count": weeks}
    return ngettext("%(count)s dag", "%(count)s dagen", days) % {"count": days}


def submitted_draft_by_token(person, token: str) -> ApplicationDraft | None:
    """The sent draft this confirmation page belonged to (a second click or a replayed POST)."""
    if person is None or not token:
        return None
    return ApplicationDraft.objects.filter(person=person, submit_token=token, submitted_case__isnull=False).first()
