"""Reads for the portal: free times, regions, support points and their hours, agendas."""

import datetime as dt

import pytest

from schadeloket.planning.models import RegionPostcode
from schadeloket.planning.selectors import (
    free_inspection_slots,
    home_address,
    inspection_region,
    region_for_address,
    staff_agenda,
    support_points,
    weekly_opening_hours,
)
from schadeloket.planning.services import book_inspection
from tests.factories import AddressFactory, BuildingRelationFactory, PersonFactory, UserFactory

from .conftest import MON, THU, TUE, WED, planned_case
from .factories import RegionFactory, SupportPointFactory

pytestmark = pytest.mark.django_db


def test_free_inspection_times_soonest_first_from_a_date_and_at_most_n(case, make_slot):
    later, sooner, friday = make_slot(THU, "09:00"), make_slot(WED, "13:00"), make_slot(dt.date(2025, 5, 23), "09:00")
    assert free_inspection_slots(case) == [sooner, later, friday]
    assert free_inspection_slots(case, limit=2) == [sooner, later]
    assert free_inspection_slots(case, from_date=THU) == [later, friday]
    assert free_inspection_slots(case, limit=0) == [sooner]  # at least one
    assert len(free_inspection_slots(case, limit=10_000)) == 3


def test_free_times_leave_out_booked_closed_past_and_too_soon_ones(case, applicant, make_slot, handler):
    today = make_slot(MON, "14:00")
    past = make_slot(MON, "08:00")
    closed = make_slot(TUE, "09:00", is_open=False)
    taken = make_slot(TUE, "13:00")
    free = make_slot(WED, "09:00")
    neighbour = PersonFactory()
    book_inspection(planned_case(handler, neighbour), taken, by=neighbour)
    assert free_inspection_slots(case) == [free]
    assert free_inspection_slots(case, as_staff=True) == [today, free]
    assert past not in free_inspection_slots(case, as_staff=True) and closed not in free_inspection_slots(
        case, as_staff=True
    )


def test_a_time_free_with_two_inspectors_is_shown_once_unless_asked(case, make_slot):
    first = make_slot(WED, "09:00")
    second = make_slot(WED, "09:00", staff=UserFactory(roles=["Opnemer"]))
    assert free_inspection_slots(case) == [first]
    assert free_inspection_slots(case, one_per_time=False) == [first, second]


def test_a_postcode_is_more_precise_than_the_municipality(case, region):
    assert inspection_region(case) == region
    special = RegionFactory(code="loppersum", name="Loppersum")
    RegionPostcode.objects.create(region=special, pc4=case.building.address.postcode[:4])
    assert inspection_region(case) == special
    assert region_for_address(AddressFactory(municipality="Emmen", postcode="7811AB")) is None
    assert region_for_address(None) is None


def test_home_address_is_the_case_building_else_current_residence_else_ownership(case, applicant):
    assert home_address(applicant, case) == case.building.address
    assert home_address(applicant) is None
    owned = BuildingRelationFactory(person=applicant, kind="owner")
    assert home_address(applicant) == owned.building.address
    lived = BuildingRelationFactory(person=applicant, kind="resident")
    assert home_address(applicant) == lived.building.address
    BuildingRelationFactory(person=applicant, kind="resident", valid_until=dt.date(2020, 1, 1))
    assert home_address(applicant) == lived.building.address


def test_support_points_near_an_address_come_first_and_closed_ones_are_left_out(region):
    far = SupportPointFactory(name="A Leek", place="Leek", municipality="Westerkwartier")
    same_region = SupportPointFactory(name="B Uithuizen", place="Uithuizen", municipality="Het Hogeland")
    same_municipality = SupportPointFactory(name="C Loppersum", municipality="Eemsdelta")
    SupportPointFactory(name="D Dicht", is_active=False)
    mobile = SupportPointFactory(
        name="E Mobiel", is_mobile=True, street="", house_number="", postcode="", place="", municipality=""
    )
    assert support_points() == [far, same_region, same_municipality, mobile]
    assert support_points(near=AddressFactory(municipality="Eemsdelta")) == [
        same_municipality,
        same_region,
        far,
        mobile,
    ]
    assert mobile not in support_points(include_mobile=False)


def test_weekly_opening_hours_list_every_day_closed_days_too(support_point):
    week = weekly_opening_hours(support_point)
    assert [day.label for day in week] == [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
        "zaterdag",
        "zondag",
    ]
    assert week[0].is_closed and not week[1].is_closed
    assert [(p.opens_at, p.closes_at) for p in week[2].periods] == [
        (dt.time(9), dt.time(12, 30)),
        (dt.time(13), dt.time(17)),
    ]


def test_a_staff_agenda_shows_each_slot_with_its_booking(case, applicant, inspector, make_slot):
    booked, free = make_slot(WED, "09:00"), make_slot(WED, "11:00")
    make_slot(dt.date(2025, 5, 22), "09:00")
    appointment = book_inspection(case, booked, by=applicant)
    agenda = staff_agenda(inspector, start=WED, end=WED)
    assert [(item.slot, item.appointment) for item in agenda] == [(booked, appointment), (free, None)]
