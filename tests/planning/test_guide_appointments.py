"""Talks with a case guide at a support point (within its opening hours) or at home."""

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.planning.models import AppointmentStatus, BookedBy, GuideAppointment
from schadeloket.planning.selectors import current_guide_appointment, free_guide_slots, guide_appointments
from schadeloket.planning.services import (
    PlanningError,
    book_guide_appointment,
    cancel_guide_appointment,
    move_guide_appointment,
)
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory, UserFactory

from .conftest import MON, THU, WED, planned_case
from .factories import SupportPointFactory

pytestmark = pytest.mark.django_db


def unchanged(fn, *args, match, **kwargs):
    appointments = list(GuideAppointment.objects.order_by("pk").values_list("pk", "status"))
    events = AuditEvent.objects.count()
    with pytest.raises(PlanningError, match=match):
        fn(*args, **kwargs)
    assert list(GuideAppointment.objects.order_by("pk").values_list("pk", "status")) == appointments
    assert AuditEvent.objects.count() == events


def test_an_applicant_books_a_talk_at_a_support_point(applicant, make_guide_slot, support_point):
    slot = make_guide_slot(WED, "09:00")
    appointment = book_guide_appointment(applicant, slot, by=applicant, topic=" hulp bij de aanvraag ")
    assert (appointment.status, appointment.booked_by, appointment.visit_address, appointment.case) == (
        AppointmentStatus.BOOKED,
        BookedBy.APPLICANT,
        None,
        None,
    )
    assert appointment.topic == "hulp bij de aanvraag"
    assert current_guide_appointment(applicant) == appointment
    assert slot not in free_guide_slots(support_point=support_point)
    event = AuditEvent.objects.get(action="guide_appointment_booked")
    assert (event.object_type, event.object_id) == ("planning.guideappointment", str(appointment.public_id))
    assert "Steunpunt Loppersum" in event.reason and "hulp" not in event.reason


def test_about_a_case_the_event_is_on_the_case(case, applicant, make_guide_slot):
    appointment = book_guide_appointment(applicant, make_guide_slot(WED, "10:00"), by=applicant, case=case)
    assert appointment.case == case
    event = AuditEvent.objects.get(action="guide_appointment_booked")
    assert (event.object_type, event.object_id) == ("cases.case", case.reference)
    assert guide_appointments(case=case) == [appointment]


def test_a_support_point_that_is_closed_then_is_refused(applicant, make_guide_slot, support_point):
    monday = make_guide_slot(MON, "14:00")  # the support point is closed on Mondays
    lunch = make_guide_slot(WED, "12:00")  # closes 12:30
    assert free_guide_slots(support_point=support_point, as_staff=True) == []
    unchanged(book_guide_appointment, applicant, lunch, by=applicant, match="Het steunpunt is op dat moment dicht")
    unchanged(book_guide_appointment, applicant, monday, by=UserFactory(roles=["Zaakbegeleider"]), match="dicht")


def test_a_home_visit_goes_to_the_case_building_or_where_the_person_lives(
    handler, case, applicant, make_guide_slot, region
):
    home_slot = make_guide_slot(WED, "09:00", region=region)
    appointment = book_guide_appointment(applicant, home_slot, by=applicant, case=case)
    assert appointment.visit_address == case.building.address

    resident = PersonFactory()
    relation = BuildingRelationFactory(person=resident, kind="resident", building=BuildingFactory())
    visit = book_guide_appointment(resident, make_guide_slot(WED, "11:00", region=region), by=resident)
    assert visit.visit_address == relation.building.address


def test_a_home_visit_needs_a_known_own_address_in_the_guides_region(
    applicant, make_guide_slot, region, other_region, guide
):
    home_slot = make_guide_slot(WED, "09:00", region=region)
    unchanged(book_guide_appointment, applicant, home_slot, by=applicant, match="Wij weten niet op welk adres")
    unchanged(
        book_guide_appointment,
        applicant,
        home_slot,
        by=applicant,
        address=AddressFactory(),
        match="alleen op uw eigen adres",
    )
    far = BuildingRelationFactory(
        person=applicant,
        kind="resident",
        building=BuildingFactory(address=AddressFactory(municipality="Westerkwartier", place="Leek")),
    )
    unchanged(book_guide_appointment, applicant, home_slot, by=applicant, match="komt niet in de buurt van uw adres")
    # a case guide may still go there
    assert book_guide_appointment(applicant, home_slot, by=guide).visit_address == far.building.address


def test_one_coming_talk_per_person_and_one_person_per_slot(applicant, make_guide_slot):
    first = book_guide_appointment(applicant, make_guide_slot(WED, "09:00"), by=applicant)
    unchanged(
        book_guide_appointment,
        applicant,
        make_guide_slot(THU, "09:00"),
        by=applicant,
        match="al een afspraak met een zaakbegeleider op 21-05-2025 09:00",
    )
    other = PersonFactory()
    unchanged(book_guide_appointment, other, first.slot, by=other, match="net door iemand anders gekozen")


def test_move_and_cancel(applicant, make_guide_slot, region, case, support_point):
    at_point = make_guide_slot(WED, "09:00")
    appointment = book_guide_appointment(applicant, at_point, by=applicant, case=case, topic="uitleg besluit")
    home = make_guide_slot(THU, "13:00", region=region)
    moved = move_guide_appointment(appointment, home, by=applicant)
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.MOVED
    assert (moved.moved_from, moved.visit_address, moved.topic, moved.case) == (
        appointment,
        case.building.address,
        "uitleg besluit",
        case,
    )
    assert at_point in free_guide_slots(support_point=support_point)
    cancelled = cancel_guide_appointment(moved, by=applicant, reason="opgelost")
    assert cancelled.status == AppointmentStatus.CANCELLED
    assert current_guide_appointment(applicant) is None
    assert [e.action for e in AuditEvent.objects.filter(action__startswith="guide_appointment_")] == [
        "guide_appointment_booked",
        "guide_appointment_moved",
        "guide_appointment_cancelled",
    ]


def test_who_may_book_and_for_whom(applicant, make_guide_slot, handler, inspector):
    slot = make_guide_slot(WED, "09:00")
    stranger = PersonFactory()
    unchanged(book_guide_appointment, applicant, slot, by=stranger, match="alleen voor uzelf")
    unchanged(book_guide_appointment, applicant, slot, by=inspector, match="Alleen een zaakbegeleider of behandelaar")
    someone_elses = planned_case(handler, stranger)
    unchanged(
        book_guide_appointment, applicant, slot, by=applicant, case=someone_elses, match="hoort niet bij deze persoon"
    )
    unchanged(book_guide_appointment, None, slot, by=handler, match="Kies voor wie de afspraak is")
    unchanged(book_guide_appointment, applicant, slot, by=applicant, topic="x" * 201, match="hoogstens 200 tekens")
    appointment = book_guide_appointment(applicant, slot, by=handler)
    unchanged(cancel_guide_appointment, appointment, by=stranger, match="alleen voor uzelf")


def test_inspection_slots_are_not_for_talks(applicant, make_slot):
    unchanged(book_guide_appointment, applicant, make_slot(WED, "09:00"), by=applicant, match="niet voor een gesprek")


def test_free_guide_slots_need_one_place():
    with pytest.raises(ValueError):
        free_guide_slots()
    with pytest.raises(ValueError):
        free_guide_slots(support_point=SupportPointFactory(), address=AddressFactory())


def test_the_mobile_support_point_has_no_fixed_address():
    mobile = SupportPointFactory(is_mobile=True, street="", house_number="", postcode="", place="", municipality="")
    assert mobile.address_display == ""
