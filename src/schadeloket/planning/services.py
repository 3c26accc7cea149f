"""Writes for planning: book, move and cancel appointments; make and withdraw slots.

Every change runs in one transaction and writes one audit event; refused input raises
PlanningError with a Dutch message saying what to do, and changes nothing.

Who acts (`by`): an applicant is a `persons.Person` (logged in with DigiD); staff is a user with a
role. An applicant may act on their own case (applicant, co-applicant, or representative with
consent) and only until the change deadline (`parameters.APPOINTMENT_CHANGE_WORKING_DAYS`); staff
may change an appointment until it starts, and may book outside the applicant's region.

No double booking: the case (or, for a talk with a case guide, the person) and then the slot rows
are locked (`select_for_update`), in that order everywhere, so two requests for the same slot run
one after the other and the second is told the time is taken. The partial unique constraints on
active appointments hold even if a caller skips the lock.
"""

import csv
import datetime as dt
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from schadeloket.accounts.models import User
from schadeloket.audit.services import record_event
from schadeloket.cases.models import Case, CaseParty, PartyRole, Task, TaskKind, TaskStatus
from schadeloket.cases.selectors import process_for, user_roles
from schadeloket.cases.terms import is_holiday
from schadeloket.identity.session import applicant_actor_label
from schadeloket.register.addresses.models import Address
from schadeloket.register.addresses.validators import normalize_postcode
from schadeloket.register.buildings.models import BuildingRelation
from schadeloket.register.persons.models import Person

from . import times
from .models import (
    AppointmentStatus,
    Availability,
    BookedBy,
    GuideAppointment,
    InspectionAppointment,
    OpeningHours,
    Region,
    RegionMunicipality,
    RegionPostcode,
    Slot,
    SlotKind,
    SupportPoint,
    Weekday,
)
from .parameters import MAX_GENERATION_DAYS
from .selectors import home_address, inspection_region, is_open_during, region_for_address, staff_may_take

ACTIVE = AppointmentStatus.BOOKED
INSPECTION_STAFF_ROLES = frozenset({"case_handler", "case_guide", "inspector", "admin"})
GUIDE_STAFF_ROLES = frozenset({"case_guide", "case_handler", "admin"})
PLANNER_ROLES = frozenset({"case_handler", "manager", "admin"})
INSPECTION_STATE = "inspection_planned"
CLOSED_CASE_STATES = frozenset({"decided", "paid", "closed", "withdrawn"})
MAX_REASON = 500
MAX_TOPIC = 200


class PlanningError(ValueError):
    """A planning change that is not made, with a Dutch message saying what to do."""


def slot_taken_message() -> str:
    return _("Deze tijd is net door iemand anders gekozen. Kies een andere tijd.")


# --- who acts ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Actor:
    kind: str
    user: object = None
    person: Person | None = None

    @property
    def is_applicant(self) -> bool:
        return self.kind == BookedBy.APPLICANT

    @property
    def audit(self):
        # An applicant is named by the public id of their person record, never by name or BSN.
        return self.user if self.user is not None else applicant_actor_label(self.person)

    def booked_fields(self) -> dict:
        return {"booked_by": self.kind, "booked_by_user": self.user, "booked_by_person": self.person}


def _actor(by, *, staff_roles, role_message: str) -> _Actor:
    if isinstance(by, Person) and by.pk is not None:
        return _Actor(BookedBy.APPLICANT, person=by)
    if getattr(by, "is_authenticated", False) and getattr(by, "is_active", False):
        if user_roles(by) & staff_roles:
            return _Actor(BookedBy.STAFF, user=by)
        raise PlanningError(role_message)
    raise PlanningError(_("Log eerst in. Daarna kunt u een afspraak maken of wijzigen."))


def _is_party(case: Case, person: Person) -> bool:
    """Applicant, co-applicant, or a representative with recorded consent."""
    return (
        CaseParty.objects.filter(case=case, person=person)
        .filter(
            Q(role__in=(PartyRole.APPLICANT, PartyRole.CO_APPLICANT))
            | Q(role=PartyRole.REPRESENTATIVE, consent_given_on__isnull=False)
        )
        .exists()
    )


def _require_party(case: Case, actor: _Actor) -> None:
    if actor.is_applicant and not _is_party(case, actor.person):
        raise PlanningError(_("U kunt alleen afspraken maken en wijzigen voor uw eigen zaak."))


# --- finding and locking rows --------------------------------------------------------------------


def _reference(value, model, message: str) -> dict:
    """A model instance or its public id (UUID or text) as a filter; anything else is refused."""
    if isinstance(value, model) and value.pk is not None:
        return {"pk": value.pk}
    if isinstance(value, uuid.UUID):
        return {"public_id": value}
    if isinstance(value, str):
        try:
            return {"public_id": uuid.UUID(value.strip())}
        except ValueError:
            raise PlanningError(message) from None
    raise PlanningError(message)


def _slot_missing() -> str:
    return _("Deze tijd bestaat niet (meer). Kies een tijd uit de lijst.")


def _appointment_missing() -> str:
    return _("Deze afspraak bestaat niet (meer). Kies de afspraak uit uw overzicht.")


def _lock_slots(*values) -> list[Slot]:
    """The slots, locked in primary-key order (the same order everywhere: no deadlocks)."""
    pks = []
    for value in values:
        pk = Slot.objects.filter(**_reference(value, Slot, _slot_missing())).values_list("pk", flat=True).first()
        if pk is None:
            raise PlanningError(_slot_missing())
        pks.append(pk)
    locked = {slot.pk: slot for slot in Slot.objects.select_for_update(no_key=True).filter(pk__in=pks).order_by("pk")}
    return [locked[pk] for pk in pks]


def _lock_case(case) -> Case:
    if not isinstance(case, Case) or case.pk is None:
        raise PlanningError(_("Kies de zaak waarvoor de afspraak is."))
    return Case.objects.select_for_update(no_key=True).get(pk=case.pk)


def _lock_person(person) -> Person:
    if not isinstance(person, Person) or person.pk is None:
        raise PlanningError(_("Kies voor wie de afspraak is."))
    return Person.objects.select_for_update(no_key=True).get(pk=person.pk)


def _find_appointment(model, value):
    appointment = (
        model.objects.filter(**_reference(value, model, _appointment_missing())).select_related("slot").first()
    )
    if appointment is None:
        raise PlanningError(_appointment_missing())
    return appointment


def _relock(appointment):
    """The appointment again, locked, after its case or person was locked."""
    return type(appointment).objects.select_for_update(no_key=True).get(pk=appointment.pk)


# --- checks --------------------------------------------------------------------------------------


def _check_slot(slot: Slot, *, kind: str, actor: _Actor) -> None:
    now = times.now()
    if slot.kind != kind:
        if kind == SlotKind.INSPECTION:
            raise PlanningError(_("Deze tijd is niet voor een schade-opname. Kies een tijd uit de lijst."))
        raise PlanningError(_("Deze tijd is niet voor een gesprek met een zaakbegeleider. Kies een tijd uit de lijst."))
    if slot.starts_at <= now:
        raise PlanningError(_("Deze tijd is al voorbij. Kies een andere tijd."))
    if not slot.is_open:
        raise PlanningError(_("Deze tijd wordt niet meer aangeboden. Kies een andere tijd."))
    if actor.is_applicant:
        first = times.first_self_service_day(times.local(now).date())
        if times.local(slot.starts_at).date() < first:
            raise PlanningError(
                _("Deze tijd is te snel. Kies een tijd op %(date)s of later.") % {"date": f"{first:%d-%m-%Y}"}
            )
    if slot.support_point_id is not None and not is_open_during(slot.support_point, slot.starts_at, slot.ends_at):
        raise PlanningError(_("Het steunpunt is op dat moment dicht. Kies een andere tijd."))


def _require_free(model, slot: Slot) -> None:
    if model.objects.filter(slot=slot, status=ACTIVE).exists():
        raise PlanningError(slot_taken_message())


def _require_changeable(appointment, actor: _Actor) -> None:
    if appointment.status != ACTIVE:
        raise PlanningError(
            _("Deze afspraak geldt niet meer: hij is verplaatst, afgezegd of al geweest. Kijk welke afspraak nu geldt.")
        )
    if appointment.slot.starts_at <= times.now():
        raise PlanningError(_("Deze afspraak is al begonnen of voorbij. U kunt hem niet meer wijzigen."))
    if actor.is_applicant:
        until = times.last_change_day(times.local(appointment.slot.starts_at).date())
        if times.today() > until:
            raise PlanningError(
                _(
                    "U kunt deze afspraak niet meer zelf wijzigen. Dat kon tot en met %(date)s. "
                    "Bel ons als het echt niet uitkomt."
                )
                % {"date": f"{until:%d-%m-%Y}"}
            )


def _text(value, limit: int, message: str) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise PlanningError(message)
    return text


def _reason(value) -> str:
    return _text(value, MAX_REASON, _("Houd de reden kort: hoogstens 500 tekens."))


def _close_passed(appointments) -> None:
    """Booked appointments whose time has passed become 'done', so a new one can be made."""
    now = times.now()
    appointments.filter(status=ACTIVE, slot__ends_at__lte=now).update(status=AppointmentStatus.DONE, closed_at=now)


def _insert(appointment, already_message: str):
    """Save a new appointment; a constraint hit (a request that skipped the lock) becomes a Dutch message."""
    try:
        with transaction.atomic():
            appointment.save(force_insert=True)
    except IntegrityError:
        if type(appointment).objects.filter(slot=appointment.slot, status=ACTIVE).exists():
            raise PlanningError(slot_taken_message()) from None
        raise PlanningError(already_message) from None
    return appointment


def _close(appointment, status: str, actor: _Actor, reason: str) -> None:
    appointment.status = status
    appointment.closed_at = times.now()
    appointment.closed_by = actor.kind
    appointment.cancel_reason = reason
    appointment.save(update_fields=["status", "closed_at", "closed_by", "cancel_reason"])


def _describe(slot: Slot) -> str:
    """For the audit trail: when, who, where. No personal data of the applicant."""
    if slot.support_point_id is not None:
        place = slot.support_point.name
    else:
        place = f"thuis, regio {slot.region.name}" if slot.region_id else "thuis"
    return (
        f"{times.format_moment(slot.starts_at)}-{times.local(slot.ends_at):%H:%M}, {slot.staff.get_username()}, {place}"
    )


def _by_words(actor: _Actor) -> str:
    return "door aanvrager" if actor.is_applicant else "door medewerker"


# --- inspection appointments (zelfplannen) -------------------------------------------------------


def _require_inspection_needed(case: Case) -> None:
    process = process_for(case.scheme_code)
    if INSPECTION_STATE not in process.states:
        raise PlanningError(_("Bij deze regeling hoort geen schade-opname."))
    if case.status != INSPECTION_STATE:
        raise PlanningError(
            _("Voor deze zaak kunt u nu geen schade-opname plannen. De zaak staat op '%(status)s'.")
            % {"status": process.states.get(case.status, case.status)}
        )


def _require_case_open(case: Case) -> None:
    """Moving stays possible while the case runs (also while it waits for the applicant)."""
    if case.status in CLOSED_CASE_STATES:
        raise PlanningError(
            _("Deze zaak is afgerond. Een afspraak verplaatsen kan niet meer; zeg hem af als dat nodig is.")
        )


def _check_inspection_region(case: Case, slot: Slot, actor: _Actor) -> None:
    if not actor.is_applicant:
        return
    region = inspection_region(case)
    if region is None:
        raise PlanningError(
            _("Voor uw adres kunnen wij nog geen tijden laten zien. Bel ons, dan plannen wij de opname samen.")
        )
    if slot.region_id != region.pk:
        raise PlanningError(_("Deze opnemer werkt niet in de regio van uw adres. Kies een tijd uit de lijst."))


def _inspection_task(case: Case) -> Task | None:
    return (
        Task.objects.filter(case=case, kind=TaskKind.INSPECTION, status=TaskStatus.OPEN)
        .order_by("-created_at", "-id")
        .first()
    )


def _assign_task(task: Task | None, inspector) -> None:
    """The open inspection task goes to the inspector of the appointment, for their work list."""
    if task is not None and task.status == TaskStatus.OPEN and task.assignee_id != inspector.pk:
        task.assignee = inspector
        task.save(update_fields=["assignee"])


def _release_task(task: Task | None, inspector) -> None:
    if task is not None and task.status == TaskStatus.OPEN and task.assignee_id == inspector.pk:
        task.assignee = None
        task.save(update_fields=["assignee"])


def _inspection_actor(by) -> _Actor:
    return _actor(
        by,
        staff_roles=INSPECTION_STAFF_ROLES,
        role_message=_("Alleen een behandelaar, zaakbegeleider of opnemer kan een schade-opname plannen."),
    )


@transaction.atomic
def book_inspection(case: Case, slot, *, by) -> InspectionAppointment:
    """Book the damage inspection of `case` in `slot` (a Slot or its public id).

    The case must be at 'Schade-opname gepland' and have no other coming inspection appointment.
    Links the case's open inspection task and gives it to the slot's inspector.
    """
    actor = _inspection_actor(by)
    case = _lock_case(case)
    _require_party(case, actor)
    _require_inspection_needed(case)
    (slot,) = _lock_slots(slot)
    _check_slot(slot, kind=SlotKind.INSPECTION, actor=actor)
    _check_inspection_region(case, slot, actor)
    _close_passed(InspectionAppointment.objects.filter(case=case))
    current = InspectionAppointment.objects.filter(case=case, status=ACTIVE).select_related("slot").first()
    if current is not None:
        raise PlanningError(
            _("Er staat al een afspraak voor de schade-opname op %(when)s. Verplaats die afspraak of zeg hem eerst af.")
            % {"when": times.format_moment(current.slot.starts_at)}
        )
    _require_free(InspectionAppointment, slot)
    task = _inspection_task(case)
    appointment = _insert(
        InspectionAppointment(case=case, slot=slot, task=task, **actor.booked_fields()),
        _("Deze zaak heeft al een afspraak voor de schade-opname. Verplaats die afspraak of zeg hem eerst af."),
    )
    _assign_task(task, slot.staff)
    record_event(
        actor=actor.audit,
        action="inspection_appointment_booked",
        obj=("cases.case", case.reference),
        changed_fields=["inspection_appointment"],
        reason=f"opname gepland {_by_words(actor)}: {_describe(slot)} (afspraak {appointment.public_id})",
    )
    return appointment


@transaction.atomic
def move_inspection(appointment, slot, *, by, reason: str = "") -> InspectionAppointment:
    """Move an inspection appointment to another slot in one step: the old time is freed, the new one
    booked. Returns the new appointment (its `moved_from` is the old one)."""
    actor = _inspection_actor(by)
    reason = _reason(reason)
    found = _find_appointment(InspectionAppointment, appointment)
    case = _lock_case(found.case)
    old = _relock(found)
    _require_party(case, actor)
    _require_changeable(old, actor)
    _require_case_open(case)
    old_slot, new_slot = _lock_slots(old.slot, slot)
    if old_slot.pk == new_slot.pk:
        raise PlanningError(_("Dit is al de tijd van de afspraak. Kies een andere tijd."))
    _check_slot(new_slot, kind=SlotKind.INSPECTION, actor=actor)
    _check_inspection_region(case, new_slot, actor)
    _require_free(InspectionAppointment, new_slot)
    _close(old, AppointmentStatus.MOVED, actor, reason)
    task = old.task if old.task_id and old.task.status == TaskStatus.OPEN else _inspection_task(case)
    new = _insert(
        InspectionAppointment(case=case, slot=new_slot, task=task, moved_from=old, **actor.booked_fields()),
        _("Deze zaak heeft al een afspraak voor de schade-opname."),
    )
    if old_slot.staff_id != new_slot.staff_id:
        _release_task(task, old_slot.staff)
    _assign_task(task, new_slot.staff)
    record_event(
        actor=actor.audit,
        action="inspection_appointment_moved",
        obj=("cases.case", case.reference),
        changed_fields=["inspection_appointment"],
        reason=(
            f"opname verplaatst {_by_words(actor)}: van {_describe(old_slot)} naar {_describe(new_slot)} "
            f"(afspraak {new.public_id})"
        ),
    )
    return new


@transaction.atomic
def cancel_inspection(appointment, *, by, reason: str = "") -> InspectionAppointment:
    """Cancel an inspection appointment; its slot is free again at once."""
    actor = _inspection_actor(by)
    reason = _reason(reason)
    found = _find_appointment(InspectionAppointment, appointment)
    case = _lock_case(found.case)
    appointment = _relock(found)
    _require_party(case, actor)
    _require_changeable(appointment, actor)
    _close(appointment, AppointmentStatus.CANCELLED, actor, reason)
    _release_task(appointment.task, appointment.slot.staff)
    record_event(
        actor=actor.audit,
        action="inspection_appointment_cancelled",
        obj=("cases.case", case.reference),
        changed_fields=["inspection_appointment"],
        reason=f"opname afgezegd {_by_words(actor)}: {_describe(appointment.slot)} (afspraak {appointment.public_id})",
    )
    return appointment


def cancel_for_closed_case(case: Case, *, status: str, actor) -> int:
    """A case that is closed or withdrawn needs no inspection: its coming appointments are cancelled
    and their slots are free again, so no inspector goes to a house for nothing. Called by the
    `cases.signals.case_closed` receiver, inside the transition's transaction; `actor` is who closed
    the case (a staff user, or the applicant's label). Returns how many were cancelled."""
    _close_passed(InspectionAppointment.objects.filter(case=case))
    by = BookedBy.STAFF if getattr(actor, "is_authenticated", False) else BookedBy.APPLICANT
    closer = _Actor(by, user=actor if by == BookedBy.STAFF else None)
    state = process_for(case.scheme_code).states.get(status, status)
    cancelled = 0
    for appointment in (
        InspectionAppointment.objects.select_for_update(of=("self",))
        .select_related("slot__staff", "task")
        .filter(case=case, status=ACTIVE)
    ):
        _close(appointment, AppointmentStatus.CANCELLED, closer, _("De zaak is %(state)s.") % {"state": state.lower()})
        _release_task(appointment.task, appointment.slot.staff)
        record_event(
            actor=actor,
            action="inspection_appointment_cancelled",
            obj=("cases.case", case.reference),
            changed_fields=["inspection_appointment"],
            reason=f"opname afgezegd omdat de zaak {state.lower()} is: {_describe(appointment.slot)} "
            f"(afspraak {appointment.public_id})",
        )
        cancelled += 1
    return cancelled


# --- talks with a case guide ---------------------------------------------------------------------


def _guide_actor(by) -> _Actor:
    return _actor(
        by,
        staff_roles=GUIDE_STAFF_ROLES,
        role_message=_("Alleen een zaakbegeleider of behandelaar kan een afspraak met een zaakbegeleider maken."),
    )


def _require_self(person: Person, actor: _Actor) -> None:
    if actor.is_applicant and actor.person.pk != person.pk:
        raise PlanningError(_("U kunt alleen voor uzelf een afspraak maken of wijzigen."))


def _own_addresses(person: Person, case: Case | None) -> set[int]:
    today = times.today()
    ids = set(
        BuildingRelation.objects.filter(person=person, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .values_list("building__address_id", flat=True)
    )
    if case is not None:
        ids.add(case.building.address_id)
    return ids


def _visit_address(slot: Slot, person: Person, case: Case | None, address, actor: _Actor):
    """None at a support point; at home the given address, or the case's building, or where the person lives."""
    if slot.support_point_id is not None:
        return None
    if address is not None and (not isinstance(address, Address) or address.pk is None):
        raise PlanningError(_("Kies een adres uit het register voor het huisbezoek."))
    address = address or home_address(person, case)
    if address is None:
        raise PlanningError(
            _("Wij weten niet op welk adres het gesprek kan zijn. Kies een steunpunt, of bel ons voor een huisbezoek.")
        )
    if actor.is_applicant:
        if address.pk not in _own_addresses(person, case):
            raise PlanningError(_("Een huisbezoek kan alleen op uw eigen adres. Kies uw adres of een steunpunt."))
        region = region_for_address(address)
        if region is None or region.pk != slot.region_id:
            raise PlanningError(
                _("Deze zaakbegeleider komt niet in de buurt van uw adres. Kies een tijd uit de lijst.")
            )
    return address


def _audit_object(appointment: GuideAppointment):
    return ("cases.case", appointment.case.reference) if appointment.case_id else appointment


@transaction.atomic
def book_guide_appointment(
    person: Person, slot, *, by, case: Case | None = None, address=None, topic: str = ""
) -> GuideAppointment:
    """Book a talk with a case guide for `person` in `slot`: at the slot's support point (within its
    opening hours), or at home (`address`, by default the case's building or where the person lives).

    A person has one coming talk at a time; `case` is optional (people also come before they apply).
    """
    actor = _guide_actor(by)
    topic = _text(topic, MAX_TOPIC, _("Houd het onderwerp kort: hoogstens 200 tekens."))
    person = _lock_person(person)
    _require_self(person, actor)
    if case is not None and (not isinstance(case, Case) or not _is_party(case, person)):
        raise PlanningError(_("Deze zaak hoort niet bij deze persoon. Kies een eigen zaak, of geen zaak."))
    (slot,) = _lock_slots(slot)
    _check_slot(slot, kind=SlotKind.CASE_GUIDE, actor=actor)
    visit_address = _visit_address(slot, person, case, address, actor)
    _close_passed(GuideAppointment.objects.filter(person=person))
    current = GuideAppointment.objects.filter(person=person, status=ACTIVE).select_related("slot").first()
    if current is not None:
        raise PlanningError(
            _(
                "Er staat al een afspraak met een zaakbegeleider op %(when)s. "
                "Verplaats die afspraak of zeg hem eerst af."
            )
            % {"when": times.format_moment(current.slot.starts_at)}
        )
    _require_free(GuideAppointment, slot)
    appointment = _insert(
        GuideAppointment(
            person=person, case=case, slot=slot, visit_address=visit_address, topic=topic, **actor.booked_fields()
        ),
        _("Er staat al een afspraak met een zaakbegeleider. Verplaats die afspraak of zeg hem eerst af."),
    )
    record_event(
        actor=actor.audit,
        action="guide_appointment_booked",
        obj=_audit_object(appointment),
        changed_fields=["guide_appointment"],
        reason=(
            f"gesprek zaakbegeleider gepland {_by_words(actor)}: {_describe(slot)} (afspraak {appointment.public_id})"
        ),
    )
    return appointment


@transaction.atomic
def move_guide_appointment(appointment, slot, *, by, address=None, reason: str = "") -> GuideAppointment:
    """Move a talk with a case guide to another slot in one step. Returns the new appointment."""
    actor = _guide_actor(by)
    reason = _reason(reason)
    found = _find_appointment(GuideAppointment, appointment)
    person = _lock_person(found.person)
    old = _relock(found)
    _require_self(person, actor)
    _require_changeable(old, actor)
    old_slot, new_slot = _lock_slots(old.slot, slot)
    if old_slot.pk == new_slot.pk:
        raise PlanningError(_("Dit is al de tijd van de afspraak. Kies een andere tijd."))
    _check_slot(new_slot, kind=SlotKind.CASE_GUIDE, actor=actor)
    visit_address = _visit_address(new_slot, person, old.case, address or old.visit_address, actor)
    _require_free(GuideAppointment, new_slot)
    _close(old, AppointmentStatus.MOVED, actor, reason)
    new = _insert(
        GuideAppointment(
            person=person,
            case=old.case,
            slot=new_slot,
            visit_address=visit_address,
            topic=old.topic,
            moved_from=old,
            **actor.booked_fields(),
        ),
        _("Er staat al een afspraak met een zaakbegeleider."),
    )
    record_event(
        actor=actor.audit,
        action="guide_appointment_moved",
        obj=_audit_object(new),
        changed_fields=["guide_appointment"],
        reason=(
            f"gesprek zaakbegeleider verplaatst {_by_words(actor)}: van {_describe(old_slot)} "
            f"naar {_describe(new_slot)} (afspraak {new.public_id})"
        ),
    )
    return new


@transaction.atomic
def cancel_guide_appointment(appointment, *, by, reason: str = "") -> GuideAppointment:
    """Cancel a talk with a case guide; its slot is free again at once."""
    actor = _guide_actor(by)
    reason = _reason(reason)
    found = _find_appointment(GuideAppointment, appointment)
    person = _lock_person(found.person)
    appointment = _relock(found)
    _require_self(person, actor)
    _require_changeable(appointment, actor)
    _close(appointment, AppointmentStatus.CANCELLED, actor, reason)
    record_event(
        actor=actor.audit,
        action="guide_appointment_cancelled",
        obj=_audit_object(appointment),
        changed_fields=["guide_appointment"],
        reason=(
            f"gesprek zaakbegeleider afgezegd {_by_words(actor)}: {_describe(appointment.slot)} "
            f"(afspraak {appointment.public_id})"
        ),
    )
    return appointment


# --- making and withdrawing slots ----------------------------------------------------------------


def _check_period(start, end) -> None:
    for value, label in ((start, _("begindatum")), (end, _("einddatum"))):
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            raise PlanningError(_("Vul bij '%(label)s' een datum in.") % {"label": label})
    if end < start:
        raise PlanningError(_("De einddatum ligt voor de begindatum. Kies een einddatum op of na de begindatum."))
    if (end - start).days >= MAX_GENERATION_DAYS:
        raise PlanningError(_("Kies een periode van hoogstens een jaar."))


@dataclass
class SlotReport:
    """What `generate_slots` did; `lines()` says it in Dutch."""

    start: dt.date
    end: dt.date
    created: int = 0
    already_present: int = 0
    overlapping: int = 0
    outside_opening_hours: int = 0
    over_capacity: int = 0
    holidays: list[dt.date] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            _("Tijden gemaakt van %(start)s tot en met %(end)s: %(n)s nieuw, %(present)s bestonden al.")
            % {
                "start": f"{self.start:%d-%m-%Y}",
                "end": f"{self.end:%d-%m-%Y}",
                "n": self.created,
                "present": self.already_present,
            }
        ]
        if self.holidays:
            lines.append(
                _("Overgeslagen feestdagen: %(days)s.") % {"days": ", ".join(f"{d:%d-%m-%Y}" for d in self.holidays)}
            )
        if self.overlapping:
            lines.append(
                _("%(n)s tijden overgeslagen: de medewerker heeft dan al een andere tijd.") % {"n": self.overlapping}
            )
        if self.outside_opening_hours:
            lines.append(
                _("%(n)s tijden overgeslagen: het steunpunt is dan dicht.") % {"n": self.outside_opening_hours}
            )
        if self.over_capacity:
            lines.append(
                _("%(n)s tijden overgeslagen: het hoogste aantal per dag is bereikt.") % {"n": self.over_capacity}
            )
        return lines + self.warnings


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


@transaction.atomic
def generate_slots(*, start: dt.date, end: dt.date, actor, staff=None) -> SlotReport:
    """Make the slots of every availability (or one staff member's) from `start` to `end` inclusive.

    Skips public holidays (`cases.terms.is_holiday`), times that have passed, times outside a
    support point's opening hours, times that overlap another slot of the same person, and times
    over the availability's `max_per_day`. Safe to run again: what exists is left alone.
    """
    _check_period(start, end)
    report = SlotReport(start, end)
    rules = (
        Availability.objects.filter(valid_from__lte=end)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        .select_related("staff", "region", "support_point")
        .order_by("staff_id", "weekday", "start_time", "pk")
    )
    if staff is not None:
        rules = rules.filter(staff=staff)
    usable, warned = [], set()
    for rule in rules:
        if not staff_may_take(rule.staff, rule.kind):
            if (rule.staff_id, rule.kind) not in warned:
                warned.add((rule.staff_id, rule.kind))
                report.warnings.append(
                    _("%(user)s heeft niet (meer) de rol voor '%(kind)s': geen tijden gemaakt.")
                    % {"user": rule.staff.get_username(), "kind": rule.get_kind_display()}
                )
            continue
        if rule.support_point_id and not rule.support_point.is_active:
            if ("point", rule.support_point_id) not in warned:
                warned.add(("point", rule.support_point_id))
                report.warnings.append(
                    _("Steunpunt %(name)s is gesloten voor afspraken: geen tijden gemaakt.")
                    % {"name": rule.support_point.name}
                )
            continue
        usable.append(rule)
    if not usable:
        return report

    window_start, window_end = times.at(start, dt.time.min), times.at(end + dt.timedelta(days=1), dt.time.min)
    busy: dict[tuple, list[tuple]] = defaultdict(list)  # (staff, day) → [(start, end)]
    counts: dict[tuple, int] = defaultdict(int)  # (staff, day, kind, region, support point) → slots
    exact: set[tuple] = set()
    existing = Slot.objects.filter(
        staff_id__in={rule.staff_id for rule in usable}, starts_at__lt=window_end, ends_at__gt=window_start
    ).values_list("staff_id", "kind", "region_id", "support_point_id", "starts_at", "ends_at")
    for staff_id, kind, region_id, point_id, begins, ends in existing:
        day = times.local(begins).date()
        busy[(staff_id, day)].append((begins, ends))
        counts[(staff_id, day, kind, region_id, point_id)] += 1
        exact.add((staff_id, kind, region_id, point_id, begins, ends))
    hours: dict[int, list[OpeningHours]] = defaultdict(list)
    for period in OpeningHours.objects.filter(support_point_id__in={r.support_point_id for r in usable}):
        hours[period.support_point_id].append(period)

    now = times.now()
    new_slots = []
    for day in _days(start, end):
        todays = [rule for rule in usable if rule.weekday == day.weekday() and rule.is_valid_on(day)]
        if not todays:
            continue
        if is_holiday(day):
            report.holidays.append(day)
            continue
        for rule in todays:
            length = dt.timedelta(minutes=rule.slot_minutes)
            place = (rule.staff_id, day, rule.kind, rule.region_id, rule.support_point_id)
            moment, stop = times.at(day, rule.start_time), times.at(day, rule.end_time)
            while moment + length <= stop:
                begins, ends, moment = moment, moment + length, moment + length
                if begins <= now:
                    continue
                if (rule.staff_id, rule.kind, rule.region_id, rule.support_point_id, begins, ends) in exact:
                    report.already_present += 1
                elif rule.support_point_id and not is_open_during(
                    rule.support_point, begins, ends, hours[rule.support_point_id]
                ):
                    report.outside_opening_hours += 1
                elif any(b < ends and begins < e for b, e in busy[(rule.staff_id, day)]):
                    report.overlapping += 1
                elif rule.max_per_day is not None and counts[place] >= rule.max_per_day:
                    report.over_capacity += 1
                else:
                    busy[(rule.staff_id, day)].append((begins, ends))
                    counts[place] += 1
                    new_slots.append(
                        Slot(
                            kind=rule.kind,
                            staff_id=rule.staff_id,
                            starts_at=begins,
                            ends_at=ends,
                            region_id=rule.region_id,
                            support_point_id=rule.support_point_id,
                        )
                    )
    try:
        with transaction.atomic():
            Slot.objects.bulk_create(new_slots, batch_size=1000)
    except IntegrityError:
        raise PlanningError(
            _("Er worden op dit moment al tijden gemaakt. Probeer het over een minuut opnieuw.")
        ) from None
    report.created = len(new_slots)
    if new_slots:
        who = f" voor {staff.get_username()}" if staff is not None else ""
        record_event(
            actor=actor,
            action="slots_generated",
            obj=("planning.slot", f"{start.isoformat()}/{end.isoformat()}"),
            changed_fields=["slots"],
            reason=f"{report.created} tijden gemaakt{who} van {start:%d-%m-%Y} tot en met {end:%d-%m-%Y}",
        )
    return report


@dataclass
class CloseReport:
    """Slots no longer offered, and the booked ones that stay (to be moved or cancelled by staff)."""

    closed: int = 0
    still_booked: list = field(default_factory=list)


def _require_planner(actor, staff_id=None) -> None:
    """Planners may take anyone's slots out; a staff member their own; a command or task (a text) too."""
    if isinstance(actor, str) and actor.strip():
        return
    if getattr(actor, "is_authenticated", False) and (
        user_roles(actor) & PLANNER_ROLES or (staff_id is not None and actor.pk == staff_id)
    ):
        return
    raise PlanningError(_("Alleen een behandelaar, manager of beheerder kan tijden uit de planning halen."))


@transaction.atomic
def close_slots(slots, *, actor, reason: str) -> CloseReport:
    """Stop offering these slots (Slot objects or public ids), for example when someone is ill.

    Booked slots stay as they are and are listed, so staff can move or cancel those appointments.
    """
    reason = _reason(reason)
    if not reason:
        raise PlanningError(_("Geef een reden, bijvoorbeeld 'ziek' of 'cursus'."))
    slots = list(slots)
    owners = {slot.staff_id for slot in slots if isinstance(slot, Slot)}
    _require_planner(actor, next(iter(owners)) if len(owners) == 1 else None)
    locked = _lock_slots(*slots) if slots else []
    report = CloseReport()
    closing = []
    for slot in locked:
        model = InspectionAppointment if slot.kind == SlotKind.INSPECTION else GuideAppointment
        booked = model.objects.filter(slot=slot, status=ACTIVE).first()
        if booked is not None:
            report.still_booked.append(booked)
        elif slot.is_open:
            closing.append(slot.pk)
    report.closed = Slot.objects.filter(pk__in=closing).update(is_open=False)
    if report.closed:
        closed = [slot for slot in locked if slot.pk in closing]
        names = sorted(set(User.objects.filter(pk__in={s.staff_id for s in closed}).values_list("username", flat=True)))
        record_event(
            actor=actor,
            action="slots_closed",
            obj=("planning.slot", str(closed[0].public_id)),
            changed_fields=["is_open"],
            reason=(
                f"{report.closed} tijden van {', '.join(names)} niet meer aangeboden "
                f"({times.format_moment(min(s.starts_at for s in closed))} tot "
                f"{times.format_moment(max(s.starts_at for s in closed))}): {reason}"
            ),
        )
    return report


@transaction.atomic
def withdraw_slots(*, staff, start: dt.date, end: dt.date, actor, reason: str) -> CloseReport:
    """Stop offering one staff member's coming slots from `start` to `end` inclusive (ill, leave, course)."""
    _check_period(start, end)
    _require_planner(actor, getattr(staff, "pk", None))
    slots = Slot.objects.filter(
        staff=staff,
        starts_at__gte=max(times.at(start, dt.time.min), times.now()),
        starts_at__lt=times.at(end + dt.timedelta(days=1), dt.time.min),
    ).order_by("pk")
    return close_slots(list(slots), actor=actor, reason=reason)


# --- regions and support points from files -------------------------------------------------------

WEEKDAYS = {
    "maandag": Weekday.MONDAY,
    "dinsdag": Weekday.TUESDAY,
    "woensdag": Weekday.WEDNESDAY,
    "donderdag": Weekday.THURSDAY,
    "vrijdag": Weekday.FRIDAY,
    "zaterdag": Weekday.SATURDAY,
    "zondag": Weekday.SUNDAY,
    "ma": 0,
    "di": 1,
    "wo": 2,
    "do": 3,
    "vr": 4,
    "za": 5,
    "zo": 6,
}
YES = {"ja", "j", "1", "true", "waar"}
NO = {"nee", "n", "0", "false", "onwaar", ""}
_TIME = re.compile(r"^([01]?[0-9]|2[0-3])[:.]([0-5][0-9])$")


def _read_csv(path, columns: set[str]) -> list[tuple[int, dict]]:
    path = Path(path)
    if not path.is_file():
        raise PlanningError(_("Het bestand %(path)s bestaat niet. Controleer de naam en de map.") % {"path": path})
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = sorted(columns - set(reader.fieldnames or ()))
        if missing:
            raise PlanningError(
                _("In %(file)s ontbreken de kolommen %(columns)s.") % {"file": path.name, "columns": ", ".join(missing)}
            )
        return [(number, {k: (v or "").strip() for k, v in row.items() if k}) for number, row in enumerate(reader, 2)]


def _line_error(file: str, line: int, message: str) -> PlanningError:
    return PlanningError(_("%(file)s, regel %(line)s: %(message)s") % {"file": file, "line": line, "message": message})


def _time(value: str, file: str, line: int) -> dt.time:
    match = _TIME.match(value)
    if not match:
        raise _line_error(file, line, _("vul een tijd in als 09:00."))
    return dt.time(int(match.group(1)), int(match.group(2)))


@transaction.atomic
def load_regions(path, *, actor, source: str = "") -> list[str]:
    """Regions from a CSV file (`region_code,region_name,municipality,pc4`, one municipality or postcode
    per row). The file is the truth for the regions it names; a municipality or postcode it lists
    moves to its new region."""
    name = Path(path).name
    rows = _read_csv(path, {"region_code", "region_name", "municipality", "pc4"})
    regions: dict[str, str] = {}
    municipalities: dict[str, str] = {}
    postcodes: dict[str, str] = {}
    for line, row in rows:
        code, region_name = row["region_code"].lower(), row["region_name"]
        if not re.fullmatch(r"[a-z0-9-]{1,40}", code) or not region_name:
            raise _line_error(name, line, _("geef een code (kleine letters, cijfers, streepjes) en een naam."))
        if regions.setdefault(code, region_name) != region_name:
            raise _line_error(name, line, _("deze code heeft al een andere naam in het bestand."))
        municipality, pc4 = row["municipality"], row["pc4"]
        if bool(municipality) == bool(pc4):
            raise _line_error(name, line, _("vul een gemeente of een postcodegebied in, niet allebei."))
        if pc4 and not re.fullmatch(r"[1-9][0-9]{3}", pc4):
            raise _line_error(name, line, _("een postcodegebied is vier cijfers, zoals 9919."))
        target, key = (municipalities, municipality.lower()) if municipality else (postcodes, pc4)
        if target.setdefault(key, code) != code:
            raise _line_error(
                name, line, _("%(value)s staat al bij een andere regio.") % {"value": municipality or pc4}
            )
    if not regions:
        raise PlanningError(_("Het bestand %(file)s heeft geen regels.") % {"file": name})

    by_code = {}
    for code, region_name in regions.items():
        region, _created = Region.objects.update_or_create(code=code, defaults={"name": region_name, "source": source})
        by_code[code] = region
    original = {row["municipality"].lower(): row["municipality"] for _line, row in rows if row["municipality"]}
    RegionMunicipality.objects.filter(
        Q(region__in=by_code.values()) | Q(municipality__in=list(original.values()))
    ).delete()
    RegionPostcode.objects.filter(Q(region__in=by_code.values()) | Q(pc4__in=list(postcodes))).delete()
    RegionMunicipality.objects.bulk_create(
        RegionMunicipality(region=by_code[code], municipality=original[key]) for key, code in municipalities.items()
    )
    RegionPostcode.objects.bulk_create(RegionPostcode(region=by_code[code], pc4=pc4) for pc4, code in postcodes.items())
    record_event(
        actor=actor,
        action="regions_loaded",
        obj=("planning.region", name[:64]),
        changed_fields=["regions", "municipalities", "postcodes"],
        reason=f"{len(regions)} regio's, {len(municipalities)} gemeenten, {len(postcodes)} postcodegebieden",
    )
    return [
        _("Regio's geladen: %(n)s regio's met %(m)s gemeenten en %(p)s postcodegebieden.")
        % {"n": len(regions), "m": len(municipalities), "p": len(postcodes)}
    ]


def _support_point_fields(row: dict, file: str, line: int) -> dict:
    mobile_text = row["is_mobile"].lower()
    if mobile_text not in YES | NO:
        raise _line_error(file, line, _("vul bij 'is_mobile' ja of nee in."))
    fields = {
        "name": row["name"],
        "is_mobile": mobile_text in YES,
        "street": row["street"],
        "house_number": row["house_number"],
        "postcode": row["postcode"],
        "place": row["place"],
        "municipality": row["municipality"],
        "phone": row.get("phone", ""),
    }
    if not fields["name"] or len(fields["name"]) > 120:
        raise _line_error(file, line, _("geef een naam van hoogstens 120 tekens."))
    if fields["postcode"]:
        try:
            fields["postcode"] = normalize_postcode(fields["postcode"])
        except ValidationError as error:
            raise _line_error(file, line, error.messages[0]) from None
    if not fields["is_mobile"] and not all(
        fields[key] for key in ("street", "house_number", "postcode", "place", "municipality")
    ):
        raise _line_error(file, line, _("vul straat, huisnummer, postcode, plaats en gemeente in (of kies mobiel)."))
    return fields


@transaction.atomic
def load_support_points(points_path, hours_path, *, actor, source: str = "") -> list[str]:
    """Support points and their opening hours from two CSV files.

    Points: `code,name,is_mobile,street,house_number,postcode,place,municipality,phone`.
    Hours: `code,weekday,opens,closes,location` (weekday ma, di, ... zo; times 09:00), one row per
    opening period. A point in the file is created or updated and its hours replaced; nothing is
    stored when any row is wrong.
    """
    points_file, hours_file = Path(points_path).name, Path(hours_path).name
    points = {}
    for line, row in _read_csv(
        points_path, {"code", "name", "is_mobile", "street", "house_number", "postcode", "place", "municipality"}
    ):
        code = row["code"].lower()
        if not re.fullmatch(r"[a-z0-9-]{1,40}", code):
            raise _line_error(points_file, line, _("geef een code van kleine letters, cijfers en streepjes."))
        if code in points:
            raise _line_error(points_file, line, _("deze code staat al eerder in het bestand."))
        points[code] = _support_point_fields(row, points_file, line)
    if not points:
        raise PlanningError(_("Het bestand %(file)s heeft geen regels.") % {"file": points_file})

    periods: dict[str, list] = defaultdict(list)
    for line, row in _read_csv(hours_path, {"code", "weekday", "opens", "closes"}):
        code = row["code"].lower()
        if code not in points:
            raise _line_error(hours_file, line, _("steunpunt %(code)s staat niet in het bestand met steunpunten.") % {
                "code": code
            })  # fmt: skip
        weekday = WEEKDAYS.get(row["weekday"].lower())
        if weekday is None:
            raise _line_error(hours_file, line, _("vul een dag in als ma, di, wo, do, vr, za of zo."))
        opens, closes = _time(row["opens"], hours_file, line), _time(row["closes"], hours_file, line)
        if closes <= opens:
            raise _line_error(hours_file, line, _("de sluitingstijd moet later zijn dan de openingstijd."))
        location = row.get("location", "")
        if len(location) > 120:
            raise _line_error(hours_file, line, _("houd de locatie kort: hoogstens 120 tekens."))
        if any(w == weekday and o < closes and opens < c for w, o, c, _loc in periods[code]):
            raise _line_error(hours_file, line, _("deze tijden overlappen met een andere openingstijd op die dag."))
        periods[code].append((weekday, opens, closes, location))

    for code, fields in points.items():
        point, _created = SupportPoint.objects.update_or_create(code=code, defaults={**fields, "source": source})
        point.opening_hours.all().delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(support_point=point, weekday=w, opens_at=o, closes_at=c, location=loc)
            for w, o, c, loc in periods[code]
        )
    record_event(
        actor=actor,
        action="support_points_loaded",
        obj=("planning.supportpoint", points_file[:64]),
        changed_fields=["support_points", "opening_hours"],
        reason=f"{len(points)} steunpunten, {sum(len(p) for p in periods.values())} openingstijden",
    )
    mobile = sum(1 for fields in points.values() if fields["is_mobile"])
    return [
        _("Steunpunten geladen: %(n)s, waarvan %(m)s mobiel, met %(h)s openingstijden.")
        % {"n": len(points), "m": mobile, "h": sum(len(p) for p in periods.values())}
    ]
