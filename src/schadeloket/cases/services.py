"""Writes for cases: open a case, perform a transition, assign. Each in one transaction with one
audit event; a refused change raises CaseError with a Dutch message and changes nothing.

Optimistic locking: the caller passes the `version` it showed the user; the update only happens
when that version is still current. Otherwise ConcurrentChangeError tells the user someone else was
quicker, and the form keeps what they typed.
"""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from schadeloket.audit.services import record_event

from .models import Case, CaseCounter, CaseParty, PartyRole, StatusChange, Task
from .process import TermEffect
from .selectors import process_for, user_roles
from .signals import case_closed
from .terms import after_suspension, days_between, decision_deadline, end_of_term

REFERENCE_PREFIX = "IMG"


class CaseError(ValueError):
    """A change that is not allowed, with a Dutch message saying why."""


class ConcurrentChangeError(CaseError):
    def __init__(self, case):
        super().__init__(
            f"Iemand anders heeft zaak {case.reference} net gewijzigd. Uw invoer is bewaard: "
            "bekijk de nieuwe stand en probeer het opnieuw."
        )


def allocate_references(year: int, count: int = 1) -> list[str]:
    """`count` new case numbers for `year`, gap-free, under a row lock."""
    with transaction.atomic():
        counter, _created = CaseCounter.objects.select_for_update().get_or_create(year=year)
        first = counter.last + 1
        counter.last += count
        counter.save(update_fields=["last"])
    return [f"{REFERENCE_PREFIX}-{year}-{n:06d}" for n in range(first, first + count)]


@transaction.atomic
def open_case(
    *, scheme_code, building, applicant, received_on: dt.date, actor, pre_registered=False, in_core_area=False
) -> Case:
    """A new case in the process's initial state, with its legal deadline and one audit event."""
    from schadeloket.schemes.registry import get_scheme

    scheme = get_scheme(scheme_code)
    if scheme.is_switched_off:
        raise CaseError(f"De regeling {scheme.name} is nog niet open. U kunt er nog geen aanvraag voor doen.")
    process = process_for(scheme.code)
    (reference,) = allocate_references(received_on.year)
    deadline = decision_deadline(received_on, process.term_days)
    case = Case.objects.create(
        reference=reference,
        scheme_code=scheme.code,
        building=building,
        status=process.initial,
        received_on=received_on,
        term_days=process.term_days,
        deadline=deadline.date,
        pre_registered=pre_registered,
        in_core_area=in_core_area,
    )
    CaseParty.objects.create(case=case, person=applicant, role=PartyRole.APPLICANT)
    _record_status(case, "", case.status, received_on)
    record_event(
        actor=actor,
        action="create",
        obj=("cases.case", case.reference),
        changed_fields=["status", "deadline"],
        reason=f"{scheme.code}: {process.states[process.initial]}",
    )
    return case


def _record_status(case: Case, from_status: str, to_status: str, on: dt.date) -> None:
    """The status history row the weekly report counts (see `StatusChange`)."""
    StatusChange.objects.create(
        case=case,
        scheme_code=case.scheme_code,
        from_status=from_status,
        to_status=to_status,
        changed_on=on,
        changed_at=timezone.now(),
    )


def _save_with_version(case: Case, expected_version: int, fields: dict) -> None:
    updated = Case.objects.filter(pk=case.pk, version=expected_version).update(version=F("version") + 1, **fields)
    if not updated:
        raise ConcurrentChangeError(case)
    for name, value in fields.items():
        setattr(case, name, value)
    case.version = expected_version + 1


@transaction.atomic
def transition(case: Case, name: str, *, actor, expected_version: int, reason: str = "", on: dt.date | None = None):
    """Perform the named transition; raises CaseError (Dutch) when it is not allowed now."""
    process = process_for(case.scheme_code)
    on = on or timezone.localdate()
    try:
        step = process.transition(name)
    except KeyError:
        raise CaseError(f"De stap '{name}' bestaat niet in dit proces.") from None
    if case.status not in step.source:
        raise CaseError(
            f"'{step.label}' kan niet nu: de zaak staat op '{process.states.get(case.status, case.status)}'."
        )
    if actor is not None and not isinstance(actor, str) and not user_roles(actor) & set(step.roles):
        raise CaseError(f"'{step.label}' is voor een andere rol. Vraag een collega met die rol.")
    if step.needs_reason and not reason.strip():
        raise CaseError(f"Geef een reden bij '{step.label}'.")
    if step.guard is not None:
        refusal = step.guard(case)
        if refusal:
            raise CaseError(refusal)

    fields = {"status": step.target}
    if step.term is TermEffect.SUSPEND:
        fields["suspended_since"] = on
    elif step.term is TermEffect.RESUME and case.suspended_since:
        waited = days_between(case.suspended_since, on)
        fields.update(
            suspended_since=None,
            suspended_days=case.suspended_days + waited,
            deadline=after_suspension(case.deadline, waited),
        )
    elif step.term is TermEffect.EXTEND:
        if case.extended_days:
            raise CaseError("De beslistermijn is al een keer verdaagd. Verdagen kan maar één keer.")
        fields.update(
            extended_days=process.extension_days,
            deadline=end_of_term(case.deadline, process.extension_days).date,
        )
    elif step.term is TermEffect.STOP:
        fields.update(decided_on=on, deadline_state="stopped")
    if step.target in process.final:
        fields["closed_on"] = on
    if "deadline" in fields:
        # A new deadline means a new judgement now, not at tomorrow morning's monitor run.
        from .monitor import judge

        fields["deadline_state"] = judge(
            on, fields["deadline"], case.term_days + fields.get("extended_days", case.extended_days)
        )

    before = process.states.get(case.status, case.status)
    from_status = case.status
    _save_with_version(case, expected_version, fields)
    _record_status(case, from_status, step.target, on)
    if step.target in process.task_on_enter:
        kind, role = process.task_on_enter[step.target]
        Task.objects.create(case=case, kind=kind, role=role, due_on=case.deadline)
    if step.target in process.final:
        case_closed.send(sender=Case, case=case, status=step.target, actor=actor)
    record_event(
        actor=actor,
        action="transition",
        obj=("cases.case", case.reference),
        changed_fields=sorted(fields),
        reason=f"{before} → {process.states[step.target]}" + (f": {reason.strip()}" if reason.strip() else ""),
    )
    return case


@transaction.atomic
def assign(case: Case, handler, *, actor, expected_version: int) -> Case:
    """Give the case to a handler (or take it back with None)."""
    if handler is not None and "case_handler" not in user_roles(handler):
        raise CaseError(f"{handler.get_username()} is geen behandelaar en kan deze zaak niet krijgen.")
    _save_with_version(case, expected_version, {"handler": handler})
    record_event(
        actor=actor,
        action="assign",
        obj=("cases.case", case.reference),
        changed_fields=["handler"],
        reason=f"toegewezen aan {handler.get_username()}" if handler else "teruggelegd",
    )
    return case
