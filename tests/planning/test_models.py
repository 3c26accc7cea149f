"""The database holds the rules even when code skips the services: one booking per slot, one per case."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from schadeloket.planning.models import (
    AppointmentStatus,
    BookedBy,
    GuideAppointment,
    InspectionAppointment,
    OpeningHours,
    Slot,
    SlotKind,
    SupportPoint,
)
from tests.factories import PersonFactory

from .conftest import THU, WED, at, planned_case

pytestmark = pytest.mark.django_db


def _inspection(case, slot, status=AppointmentStatus.BOOKED):
    return InspectionAppointment.objects.create(case=case, slot=slot, status=status, booked_by=BookedBy.STAFF)


def test_one_active_inspection_appointment_per_slot(case, handler, slot):
    _inspection(case, slot)
    other = planned_case(handler, PersonFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        _inspection(other, slot)
    _inspection(other, slot, status=AppointmentStatus.CANCELLED)  # history is fine


def test_one_active_inspection_appointment_per_case(case, make_slot):
    _inspection(case, make_slot(WED, "09:00"))
    with pytest.raises(IntegrityError), transaction.atomic():
        _inspection(case, make_slot(THU, "09:00"))
    _inspection(case, make_slot(THU, "11:00"), status=AppointmentStatus.MOVED)


def test_one_active_guide_appointment_per_slot_and_per_person(applicant, make_guide_slot):
    slot = make_guide_slot(WED, "09:00")
    GuideAppointment.objects.create(person=applicant, slot=slot, booked_by=BookedBy.APPLICANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideAppointment.objects.create(person=PersonFactory(), slot=slot, booked_by=BookedBy.APPLICANT)
    with pytest.raises(IntegrityError), transaction.atomic():
        GuideAppointment.objects.create(person=applicant, slot=make_guide_slot(THU, "09:00"), booked_by=BookedBy.STAFF)


def test_a_slot_is_at_one_place_that_fits_its_kind_and_ends_after_it_starts(inspector, region, support_point):
    start = at(WED, "09:00")
    for kwargs in (
        {"kind": SlotKind.INSPECTION, "region": None, "support_point": support_point},
        {"kind": SlotKind.CASE_GUIDE, "region": region, "support_point": support_point},
        {"kind": SlotKind.INSPECTION, "region": region, "ends_at": start},
    ):
        kwargs.setdefault("ends_at", start + dt.timedelta(hours=1))
        with pytest.raises(IntegrityError), transaction.atomic():
            Slot.objects.create(staff=inspector, starts_at=start, **kwargs)
    one_hour, two_hours = start + dt.timedelta(hours=1), start + dt.timedelta(hours=2)
    Slot.objects.create(kind=SlotKind.INSPECTION, staff=inspector, starts_at=start, ends_at=one_hour, region=region)
    with pytest.raises(IntegrityError), transaction.atomic():  # one person, one start
        Slot.objects.create(
            kind=SlotKind.INSPECTION, staff=inspector, starts_at=start, ends_at=two_hours, region=region
        )


def test_a_support_point_has_an_address_unless_it_is_mobile_and_hours_are_in_order(support_point):
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportPoint.objects.create(code="zonder-adres", name="Zonder adres")
    SupportPoint.objects.create(code="mobiel", name="Mobiel", is_mobile=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        OpeningHours.objects.create(support_point=support_point, weekday=0, opens_at=dt.time(12), closes_at=dt.time(9))
