"""Two applicants never get the same slot, also when they click at the same moment.

Real parallel requests: threads with their own database connection, released together by a barrier,
against PostgreSQL (CI sets DATABASE_URL). SQLite runs one writer at a time, so it cannot show
this; there the database constraints are tested in test_models.py.
"""

import threading

import pytest
from django.db import connection

from schadeloket.audit.services import verify_chain
from schadeloket.planning.models import AppointmentStatus, GuideAppointment, InspectionAppointment
from schadeloket.planning.services import (
    PlanningError,
    book_guide_appointment,
    book_inspection,
    move_inspection,
    slot_taken_message,
)
from tests.factories import PersonFactory

from .conftest import THU, WED, planned_case

THREADS = 8

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="parallel bookings need PostgreSQL (row locks); SQLite allows one writer at a time",
    ),
]


def in_parallel(calls) -> tuple[list, list[str]]:
    """Run the calls at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(calls))
    results, refusals, errors = [], [], []

    def run(call):
        try:
            barrier.wait()
            results.append(call())
        except PlanningError as refusal:
            refusals.append(str(refusal))
        except Exception as error:  # shown by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results, refusals


def test_eight_applicants_click_the_same_slot_at_once_and_exactly_one_gets_it(handler, region, slot):
    applicants = [PersonFactory() for _ in range(THREADS)]
    cases = [planned_case(handler, person) for person in applicants]

    booked, refusals = in_parallel(
        [
            lambda case=case, person=person: book_inspection(case, slot, by=person)
            for case, person in zip(cases, applicants, strict=True)
        ]
    )

    assert len(booked) == 1
    assert refusals == [slot_taken_message()] * (THREADS - 1)
    assert refusals[0] == "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."
    assert InspectionAppointment.objects.filter(slot=slot, status=AppointmentStatus.BOOKED).count() == 1
    assert InspectionAppointment.objects.count() == 1
    assert verify_chain().ok


def test_one_case_booked_from_eight_tabs_at_once_gets_one_appointment(case, applicant, make_slot):
    slots = [make_slot(WED if n < 4 else THU, f"{8 + 2 * (n % 4):02d}:00") for n in range(THREADS)]

    booked, refusals = in_parallel([lambda slot=slot: book_inspection(case, slot, by=applicant) for slot in slots])

    assert len(booked) == 1 and len(refusals) == THREADS - 1
    assert all("Er staat al een afspraak voor de schade-opname" in text for text in refusals)
    assert InspectionAppointment.objects.filter(case=case, status=AppointmentStatus.BOOKED).count() == 1


def test_a_move_and_a_booking_racing_for_the_same_slot(handler, applicant, case, make_slot):
    mine, wanted = make_slot(WED, "09:00"), make_slot(THU, "09:00")
    appointment = book_inspection(case, mine, by=applicant)
    neighbour = PersonFactory()
    other_case = planned_case(handler, neighbour)

    done, refusals = in_parallel(
        [
            lambda: move_inspection(appointment, wanted, by=applicant),
            lambda: book_inspection(other_case, wanted, by=neighbour),
        ]
    )

    assert len(done) == 1 and refusals == [slot_taken_message()]
    assert InspectionAppointment.objects.filter(slot=wanted, status=AppointmentStatus.BOOKED).count() == 1
    # whoever lost kept what they had: the applicant still has exactly one active appointment
    assert InspectionAppointment.objects.filter(case=case, status=AppointmentStatus.BOOKED).count() == 1


def test_eight_people_click_the_same_case_guide_time_at_once(make_guide_slot):
    slot = make_guide_slot(WED, "10:00")
    people = [PersonFactory() for _ in range(THREADS)]

    booked, refusals = in_parallel(
        [lambda person=person: book_guide_appointment(person, slot, by=person) for person in people]
    )

    assert len(booked) == 1 and refusals == [slot_taken_message()] * (THREADS - 1)
    assert GuideAppointment.objects.filter(slot=slot, status=AppointmentStatus.BOOKED).count() == 1
