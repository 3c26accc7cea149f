"""Zelfplannen: an applicant (or staff) books, moves and cancels the damage inspection."""

import dataclasses
import datetime as dt

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import CaseParty, PartyRole, Task, TaskKind
from schadeloket.cases.services import open_case, transition
from schadeloket.planning import times
from schadeloket.planning.models import AppointmentStatus, BookedBy, InspectionAppointment, SlotKind
from schadeloket.planning.selectors import (
    applicant_may_change,
    change_allowed_until,
    current_inspection_appointment,
    free_inspection_slots,
    inspection_appointments,
)
from schadeloket.planning.services import PlanningError, book_inspection, cancel_inspection, move_inspection
from tests.factories import AddressFactory, BuildingFactory, PersonFactory, UserFactory

from .conftest import MON, THU, TUE, WED, at, planned_case
from .factories import SlotFactory

pytestmark = pytest.mark.django_db


def unchanged(fn, *args, match, **kwargs):
    """Call a service that must refuse: it raises PlanningError with `match` and stores nothing."""
    appointments = list(InspectionAppointment.objects.order_by("pk").values_list("pk", "status"))
    events = AuditEvent.objects.count()
    with pytest.raises(PlanningError, match=match):
        fn(*args, **kwargs)
    assert list(InspectionAppointment.objects.order_by("pk").values_list("pk", "status")) == appointments
    assert AuditEvent.objects.count() == events


def test_an_applicant_books_a_free_slot_which_links_and_assigns_the_inspection_task(case, applicant, slot):
    task = Task.objects.get(case=case, kind=TaskKind.INSPECTION)
    assert task.assignee is None

    appointment = book_inspection(case, slot, by=applicant)

    assert appointment.status == AppointmentStatus.BOOKED
    assert (appointment.booked_by, appointment.booked_by_person, appointment.booked_by_user) == (
        BookedBy.APPLICANT,
        applicant,
        None,
    )
    assert appointment.task == task
    task.refresh_from_db()
    assert task.assignee == slot.staff
    assert current_inspection_appointment(case) == appointment
    assert slot not in free_inspection_slots(case)
    event = AuditEvent.objects.get(action="inspection_appointment_booked")
    assert (event.object_type, event.object_id) == ("cases.case", case.reference)
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert "21-05-2025 09:00-11:00" in event.reason and "door aanvrager" in event.reason
    assert applicant.surname not in event.reason


def test_staff_book_for_the_applicant_and_the_slot_can_be_given_by_its_public_id(case, handler, slot):
    appointment = book_inspection(case, str(slot.public_id), by=handler)
    assert (appointment.booked_by, appointment.booked_by_user, appointment.slot) == (BookedBy.STAFF, handler, slot)
    assert AuditEvent.objects.get(action="inspection_appointment_booked").actor_label == handler.username


def test_a_slot_taken_by_another_applicant_is_refused_in_dutch(case, handler, slot):
    book_inspection(case, slot, by=case.parties.get().person)
    neighbour = PersonFactory()
    other_case = planned_case(handler, neighbour)
    unchanged(book_inspection, other_case, slot, by=neighbour, match="net door iemand anders gekozen")


def test_a_case_has_one_coming_inspection_appointment(case, applicant, make_slot):
    first = book_inspection(case, make_slot(WED, "09:00"), by=applicant)
    unchanged(
        book_inspection,
        case,
        make_slot(THU, "09:00"),
        by=applicant,
        match="Er staat al een afspraak voor de schade-opname op 21-05-2025 09:00",
    )
    assert current_inspection_appointment(case) == first


def test_an_appointment_whose_time_has_passed_is_done_and_a_new_one_can_be_made(
    case, applicant, make_slot, monkeypatch
):
    old = book_inspection(case, make_slot(TUE, "09:00"), by=applicant)
    monkeypatch.setattr(times, "now", lambda: at(WED, "10:00"))
    assert current_inspection_appointment(case) is None
    new = book_inspection(case, make_slot(dt.date(2025, 5, 27), "09:00"), by=applicant)
    old.refresh_from_db()
    assert old.status == AppointmentStatus.DONE and old.closed_at is not None
    assert [a.pk for a in inspection_appointments(case)] == [new.pk, old.pk]


def test_moving_frees_the_old_slot_and_books_the_new_one_in_one_step(case, applicant, inspector, make_slot):
    old_slot = make_slot(WED, "09:00")
    other_inspector = UserFactory(roles=["Opnemer"])
    new_slot = make_slot(THU, "11:00", staff=other_inspector)
    old = book_inspection(case, old_slot, by=applicant)

    new = move_inspection(old, new_slot, by=applicant, reason="  ik werk die dag ")

    old.refresh_from_db()
    assert (old.status, old.closed_by, old.cancel_reason) == (
        AppointmentStatus.MOVED,
        BookedBy.APPLICANT,
        "ik werk die dag",
    )
    assert (new.status, new.slot, new.moved_from, new.task) == (AppointmentStatus.BOOKED, new_slot, old, old.task)
    assert old.moved_to == new
    assert Task.objects.get(case=case, kind=TaskKind.INSPECTION).assignee == other_inspector
    assert old_slot in free_inspection_slots(case)
    assert current_inspection_appointment(case) == new
    event = AuditEvent.objects.get(action="inspection_appointment_moved")
    assert "van 21-05-2025 09:00-11:00" in event.reason and "naar 22-05-2025 11:00-13:00" in event.reason


def test_a_move_to_a_taken_or_the_same_slot_changes_nothing(case, handler, applicant, make_slot):
    mine, theirs = make_slot(WED, "09:00"), make_slot(THU, "09:00")
    appointment = book_inspection(case, mine, by=applicant)
    neighbour = PersonFactory()
    book_inspection(planned_case(handler, neighbour), theirs, by=neighbour)
    unchanged(move_inspection, appointment, theirs, by=applicant, match="net door iemand anders gekozen")
    unchanged(move_inspection, appointment, mine, by=applicant, match="al de tijd van de afspraak")
    unchanged(move_inspection, appointment, "geen-id", by=applicant, match="bestaat niet")


def test_cancelling_frees_the_slot_and_gives_the_task_back(case, applicant, slot):
    appointment = book_inspection(case, slot, by=applicant)
    cancelled = cancel_inspection(str(appointment.public_id), by=applicant, reason="schade is hersteld")
    assert (cancelled.status, cancelled.cancel_reason) == (AppointmentStatus.CANCELLED, "schade is hersteld")
    assert Task.objects.get(case=case, kind=TaskKind.INSPECTION).assignee is None
    assert current_inspection_appointment(case) is None
    assert slot in free_inspection_slots(case)
    assert AuditEvent.objects.filter(action="inspection_appointment_cancelled").count() == 1
    unchanged(cancel_inspection, appointment, by=applicant, match="geldt niet meer")
    unchanged(move_inspection, appointment, slot, by=applicant, match="geldt niet meer")
    # the freed slot can be booked again at once
    assert book_inspection(case, slot, by=applicant).status == AppointmentStatus.BOOKED


def test_the_applicant_can_change_until_the_working_day_before_staff_until_it_starts(
    case, applicant, handler, make_slot, monkeypatch
):
    tuesday = make_slot(TUE, "09:00")
    appointment = book_inspection(case, tuesday, by=applicant)  # on Monday: allowed, Monday is the last day
    assert change_allowed_until(appointment) == MON
    assert applicant_may_change(appointment)
    monkeypatch.setattr(times, "now", lambda: at(TUE, "07:00"))
    assert not applicant_may_change(appointment)
    unchanged(
        cancel_inspection,
        appointment,
        by=applicant,
        match="niet meer zelf wijzigen. Dat kon tot en met 19-05-2025",
    )
    unchanged(move_inspection, appointment, make_slot(THU, "09:00"), by=applicant, match="niet meer zelf wijzigen")
    assert cancel_inspection(appointment, by=handler, reason="opnemer ziek").status == AppointmentStatus.CANCELLED


def test_the_deadline_skips_the_weekend_and_holidays_and_is_a_named_parameter(
    case, applicant, handler, make_slot, monkeypatch
):
    # Friday 30 May comes after Ascension Day (Thursday 29 May): the last day to change is Wednesday 28 May.
    appointment = book_inspection(case, make_slot(dt.date(2025, 5, 30), "09:00"), by=applicant)
    assert change_allowed_until(appointment) == dt.date(2025, 5, 28)
    monkeypatch.setattr(
        times,
        "APPOINTMENT_CHANGE_WORKING_DAYS",
        dataclasses.replace(times.APPOINTMENT_CHANGE_WORKING_DAYS, value=3),
    )
    assert change_allowed_until(appointment) == dt.date(2025, 5, 26)
    assert times.APPOINTMENT_CHANGE_WORKING_DAYS.status == "placeholder"


def test_an_applicant_cannot_book_too_soon_but_staff_can(case, applicant, handler, make_slot):
    this_afternoon = make_slot(MON, "14:00")
    unchanged(
        book_inspection, case, this_afternoon, by=applicant, match="te snel. Kies een tijd op 20-05-2025 of later"
    )
    assert book_inspection(case, this_afternoon, by=handler).booked_by == BookedBy.STAFF


def test_past_closed_and_wrong_kind_slots_are_refused(case, applicant, handler, make_slot, guide):
    unchanged(book_inspection, case, make_slot(MON, "08:00"), by=handler, match="al voorbij")
    unchanged(book_inspection, case, make_slot(WED, "13:00", is_open=False), by=applicant, match="niet meer aangeboden")
    guide_slot = SlotFactory(kind=SlotKind.CASE_GUIDE, staff=guide, starts_at=at(WED, "09:00"))
    unchanged(book_inspection, case, guide_slot, by=applicant, match="niet voor een schade-opname")


def test_an_applicant_books_only_in_the_region_of_the_building_staff_may_book_elsewhere(
    case, applicant, handler, make_slot, other_region
):
    elsewhere = make_slot(WED, "13:00", region=other_region)
    unchanged(book_inspection, case, elsewhere, by=applicant, match="niet in de regio van uw adres")
    assert book_inspection(case, elsewhere, by=handler).slot == elsewhere


def test_no_region_for_the_address_no_times_and_a_way_forward(handler, applicant, make_slot):
    building = BuildingFactory(address=AddressFactory(municipality="Westerwolde", place="Ter Apel"))
    case = planned_case(handler, applicant, building=building)
    slot = make_slot(WED, "09:00")
    assert free_inspection_slots(case) == []
    unchanged(book_inspection, case, slot, by=applicant, match="Bel ons, dan plannen wij de opname samen")


def test_only_cases_that_wait_for_an_inspection(handler, applicant, region, slot):
    fixed = open_case(
        scheme_code="VES",
        building=BuildingFactory(),
        applicant=applicant,
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )
    unchanged(book_inspection, fixed, slot, by=applicant, match="Bij deze regeling hoort geen schade-opname")
    maatwerk = open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=applicant,
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )
    transition(maatwerk, "start", actor=handler, expected_version=maatwerk.version)
    unchanged(book_inspection, maatwerk, slot, by=applicant, match="staat op 'In behandeling'")


def test_who_may_book(case, slot):
    unchanged(
        book_inspection, case, slot, by=PersonFactory(), match="alleen afspraken maken en wijzigen voor uw eigen zaak"
    )
    unchanged(book_inspection, case, slot, by=UserFactory(roles=["Toetser"]), match="Alleen een behandelaar")
    unchanged(book_inspection, case, slot, by=None, match="Log eerst in")
    representative = PersonFactory()
    party = CaseParty.objects.create(case=case, person=representative, role=PartyRole.REPRESENTATIVE)
    unchanged(book_inspection, case, slot, by=representative, match="eigen zaak")
    party.consent_given_on = dt.date(2025, 4, 1)
    party.save()
    assert book_inspection(case, slot, by=representative).booked_by_person == representative


def test_bad_references_and_input_are_refused_in_dutch(case, applicant, slot):
    unchanged(book_inspection, case, "niet-een-id", by=applicant, match="Deze tijd bestaat niet")
    unchanged(book_inspection, case, "6f1c2b3a-0000-4000-8000-000000000000", by=applicant, match="bestaat niet")
    unchanged(book_inspection, case, 42, by=applicant, match="bestaat niet")
    unchanged(book_inspection, None, slot, by=applicant, match="Kies de zaak")
    appointment = book_inspection(case, slot, by=applicant)
    unchanged(cancel_inspection, appointment, by=applicant, reason="x" * 501, match="hoogstens 500 tekens")
    unchanged(cancel_inspection, "onbekend", by=applicant, match="Deze afspraak bestaat niet")


def test_moving_is_possible_while_the_case_waits_for_the_applicant_not_once_it_is_closed(
    case, applicant, handler, make_slot
):
    appointment = book_inspection(case, make_slot(WED, "09:00"), by=applicant)
    transition(case, "ask_applicant", actor=handler, expected_version=case.version, reason="foto's nodig")
    moved = move_inspection(appointment, make_slot(THU, "09:00"), by=applicant)
    transition(case, "withdraw", actor=handler, expected_version=case.version, reason="aanvrager trekt in")
    # the withdrawal cancelled the appointment itself (see the next test): nothing left to move
    unchanged(move_inspection, moved, make_slot(THU, "13:00"), by=applicant, match="geldt niet meer")


def test_withdrawing_the_case_cancels_its_coming_inspection_and_frees_the_slot(case, applicant, handler, slot):
    appointment = book_inspection(case, slot, by=applicant)
    case.refresh_from_db()
    transition(case, "withdraw", actor=handler, expected_version=case.version, reason="De aanvrager trekt in.")

    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED
    assert (appointment.closed_by, appointment.cancel_reason) == (BookedBy.STAFF, "De zaak is ingetrokken.")
    assert current_inspection_appointment(case) is None
    event = AuditEvent.objects.get(action="inspection_appointment_cancelled")
    assert event.actor_label == handler.username and "omdat de zaak ingetrokken is" in event.reason
    other = planned_case(handler, PersonFactory())
    assert slot in free_inspection_slots(other)


def test_a_refused_appointment_cancellation_rolls_the_withdrawal_back(case, applicant, handler, slot, monkeypatch):
    from schadeloket.planning import services

    book_inspection(case, slot, by=applicant)
    case.refresh_from_db()

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_release_task", broken)
    with pytest.raises(RuntimeError):
        transition(case, "withdraw", actor=handler, expected_version=case.version, reason="De aanvrager trekt in.")
    case.refresh_from_db()
    assert case.status != "withdrawn"
    assert InspectionAppointment.objects.get(case=case).status == AppointmentStatus.BOOKED
