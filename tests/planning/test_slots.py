"""Making slots from availability (holidays, capacity, opening hours, overlap) and taking them out."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from schadeloket.audit.models import AuditEvent
from schadeloket.planning.models import AppointmentStatus, Slot, SlotKind
from schadeloket.planning.services import PlanningError, book_inspection, close_slots, generate_slots, withdraw_slots
from schadeloket.planning.times import local
from tests.factories import UserFactory

from .conftest import FRI, MON, THU, TUE, WED, at
from .factories import AvailabilityFactory

pytestmark = pytest.mark.django_db
ASCENSION = dt.date(2025, 5, 29)
NEXT_FRI = dt.date(2025, 5, 30)


def starts(**filters) -> list[str]:
    return [f"{local(s.starts_at):%a %d %H:%M}" for s in Slot.objects.filter(**filters).order_by("starts_at")]


@pytest.fixture
def week(inspector, region):
    """The inspector works Monday to Friday, 08:30-16:30, two hours a visit, at most three a day."""
    return [AvailabilityFactory(staff=inspector, region=region, weekday=day, max_per_day=3) for day in range(5)]


def test_slots_follow_the_week_skip_holidays_and_the_past_and_respect_the_daily_maximum(week, inspector):
    report = generate_slots(start=MON, end=NEXT_FRI, actor="test")

    assert report.holidays == [ASCENSION]
    assert report.created == Slot.objects.count() == 3 + 4 * 3 + 3 * 3 + 3
    # Monday 08:30 had passed at 10:00; the other days stop at three
    assert starts(starts_at__date=MON) == ["Mon 19 10:30", "Mon 19 12:30", "Mon 19 14:30"]
    assert starts(starts_at__date=TUE) == ["Tue 20 08:30", "Tue 20 10:30", "Tue 20 12:30"]
    assert not Slot.objects.filter(starts_at__date=ASCENSION).exists()
    assert report.over_capacity == 8
    slot = Slot.objects.first()
    assert (slot.kind, slot.staff, slot.region.code, slot.is_open) == (SlotKind.INSPECTION, inspector, "noord", True)
    assert slot.ends_at - slot.starts_at == dt.timedelta(hours=2)
    assert str(local(slot.starts_at).tzinfo) == "Europe/Amsterdam"
    event = AuditEvent.objects.get(action="slots_generated")
    assert event.object_id == "2025-05-19/2025-05-30"
    assert event.reason == "27 tijden gemaakt van 19-05-2025 tot en met 30-05-2025"
    assert "Overgeslagen feestdagen: 29-05-2025." in report.lines()


def test_running_again_adds_nothing_and_writes_no_event(week):
    generate_slots(start=MON, end=NEXT_FRI, actor="test")
    again = generate_slots(start=MON, end=NEXT_FRI, actor="test")
    assert (again.created, again.already_present) == (0, 27)
    assert Slot.objects.count() == 27
    assert AuditEvent.objects.filter(action="slots_generated").count() == 1


def test_one_person_never_gets_overlapping_slots(inspector, region, other_region):
    AvailabilityFactory(staff=inspector, region=region, weekday=1, start_time=dt.time(9), end_time=dt.time(13))
    AvailabilityFactory(staff=inspector, region=other_region, weekday=1, start_time=dt.time(12), end_time=dt.time(16))
    report = generate_slots(start=TUE, end=TUE, actor="test")
    assert starts() == ["Tue 20 09:00", "Tue 20 11:00", "Tue 20 14:00"]
    assert report.overlapping == 1


def test_case_guide_slots_at_a_support_point_stay_within_its_opening_hours(guide, support_point):
    AvailabilityFactory(
        kind=SlotKind.CASE_GUIDE,
        staff=guide,
        region=None,
        support_point=support_point,
        weekday=1,
        start_time=dt.time(8),
        end_time=dt.time(18),
        slot_minutes=60,
    )
    report = generate_slots(start=TUE, end=TUE, actor="test")
    assert starts(support_point=support_point) == [
        "Tue 20 09:00",
        "Tue 20 10:00",
        "Tue 20 11:00",
        "Tue 20 13:00",
        "Tue 20 14:00",
        "Tue 20 15:00",
        "Tue 20 16:00",
    ]
    assert report.outside_opening_hours == 3  # 08:00, 12:00 (closes 12:30), 17:00


def test_availability_of_someone_without_the_role_or_at_a_closed_point_makes_nothing(region, support_point):
    former = UserFactory(roles=["Behandelaar"])
    AvailabilityFactory(staff=former, region=region, weekday=1)
    support_point.is_active = False
    support_point.save()
    AvailabilityFactory(
        kind=SlotKind.CASE_GUIDE,
        staff=UserFactory(roles=["Zaakbegeleider"]),
        region=None,
        support_point=support_point,
        weekday=1,
    )
    report = generate_slots(start=TUE, end=TUE, actor="test")
    assert report.created == 0 and not Slot.objects.exists()
    assert any("heeft niet (meer) de rol" in line for line in report.warnings)
    assert any("gesloten voor afspraken" in line for line in report.warnings)
    assert not AuditEvent.objects.filter(action="slots_generated").exists()


def test_validity_period_and_one_staff_member(inspector, region):
    AvailabilityFactory(staff=inspector, region=region, weekday=2, valid_from=THU)
    other = AvailabilityFactory(region=region, weekday=3)
    generate_slots(start=MON, end=FRI, actor="test", staff=other.staff)
    assert set(Slot.objects.values_list("staff", flat=True)) == {other.staff_id}
    generate_slots(start=MON, end=FRI, actor="test")
    assert not Slot.objects.filter(staff=inspector).exists()  # Wednesday 21 May is before valid_from


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (FRI, MON, "einddatum ligt voor de begindatum"),
        (MON, MON + dt.timedelta(days=366), "hoogstens een jaar"),
        ("2025-05-19", FRI, "Vul bij 'begindatum' een datum in"),
        (MON, at(FRI, "09:00"), "Vul bij 'einddatum' een datum in"),
    ],
)
def test_a_wrong_period_is_refused_in_dutch(week, start, end, message):
    with pytest.raises(PlanningError, match=message):
        generate_slots(start=start, end=end, actor="test")
    assert not Slot.objects.exists()


def test_availability_form_checks_the_role_and_the_place(guide, region, support_point):
    wrong_role = AvailabilityFactory.build(staff=guide, region=region)
    with pytest.raises(ValidationError) as info:
        wrong_role.full_clean()
    assert "niet de rol opnemer" in str(info.value)
    both = AvailabilityFactory.build(kind=SlotKind.CASE_GUIDE, staff=guide, region=region, support_point=support_point)
    with pytest.raises(ValidationError) as info:
        both.full_clean()
    assert "niet allebei" in str(info.value)


def test_withdrawing_an_ill_inspectors_days_closes_free_slots_and_lists_booked_ones(
    case, applicant, inspector, handler, make_slot
):
    booked = make_slot(WED, "09:00")
    free = make_slot(WED, "11:00")
    later = make_slot(FRI, "09:00")
    appointment = book_inspection(case, booked, by=applicant)

    report = withdraw_slots(staff=inspector, start=WED, end=THU, actor=handler, reason="ziek")

    assert report.closed == 1 and report.still_booked == [appointment]
    free.refresh_from_db()
    later.refresh_from_db()
    assert not free.is_open and later.is_open
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.BOOKED
    event = AuditEvent.objects.get(action="slots_closed")
    assert event.reason.endswith(": ziek") and inspector.username in event.reason


def test_closing_slots_needs_a_reason_and_a_planner(inspector, guide, make_slot):
    slot = make_slot(WED, "09:00")
    with pytest.raises(PlanningError, match="Geef een reden"):
        close_slots([slot], actor=inspector, reason=" ")
    with pytest.raises(PlanningError, match="Alleen een behandelaar, manager of beheerder"):
        close_slots([slot], actor=guide, reason="ziek")
    assert close_slots([slot], actor=inspector, reason="cursus").closed == 1  # one's own slots
    assert close_slots([slot], actor=inspector, reason="cursus").closed == 0  # already closed
