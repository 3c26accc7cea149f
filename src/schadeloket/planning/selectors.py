"""Reads for planning: regions, support points and their opening hours, free times, appointments.

The portal pages call these. Free times are what an applicant may choose now: open, not booked,
in the future and, for an applicant, not before the first day they could still change it
(`times.first_self_service_day`). Staff see every future free time (`as_staff=True`).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q

from schadeloket.cases.selectors import user_roles
from schadeloket.cases.terms import is_holiday
from schadeloket.register.buildings.models import BuildingRelation, RelationKind

from . import times
from .models import (
    AppointmentStatus,
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
from .parameters import MAX_FREE_SLOTS

ROLE_FOR_KIND = {SlotKind.INSPECTION: "inspector", SlotKind.CASE_GUIDE: "case_guide"}


def staff_may_take(user, kind: str) -> bool:
    """Whether this staff member has the role that does this kind of appointment."""
    return bool(getattr(user, "is_active", False)) and ROLE_FOR_KIND.get(kind) in user_roles(user)


# --- regions and addresses -----------------------------------------------------------------------


def region_for_address(address) -> Region | None:
    """The planning region of an address: by its 4-digit postcode, otherwise by its municipality."""
    if address is None:
        return None
    hit = RegionPostcode.objects.filter(pc4=(address.postcode or "")[:4]).select_related("region").first()
    if hit is None:
        hit = (
            RegionMunicipality.objects.filter(municipality__iexact=address.municipality)
            .select_related("region")
            .first()
        )
    return hit.region if hit is not None else None


def inspection_region(case) -> Region | None:
    """The region of the case's building: its inspectors do the inspection. None: no region set up yet."""
    return region_for_address(case.building.address)


def home_address(person, case=None):
    """Where a home visit goes: the case's building, otherwise where the person lives (or owns) now."""
    if case is not None:
        return case.building.address
    today = times.today()
    current = (
        BuildingRelation.objects.filter(person=person, valid_from__lte=today)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .select_related("building__address")
    )
    for kind in (RelationKind.RESIDENT, RelationKind.OWNER):
        relation = current.filter(kind=kind).order_by("-valid_from", "-id").first()
        if relation is not None:
            return relation.building.address
    return None


# --- support points ------------------------------------------------------------------------------


def support_points(*, near=None, include_mobile: bool = True) -> list[SupportPoint]:
    """Active support points with their opening hours; with `near` (an address), those in the same
    municipality first, then those in the same region, then the rest, each group by name."""
    points = SupportPoint.objects.filter(is_active=True).prefetch_related("opening_hours").order_by("name")
    if not include_mobile:
        points = points.filter(is_mobile=False)
    points = list(points)
    if near is None:
        return points
    region = region_for_address(near)
    same_region = {m.lower() for m in region.municipalities.values_list("municipality", flat=True)} if region else set()

    def rank(point):
        municipality = point.municipality.lower()
        if municipality and municipality == (near.municipality or "").lower():
            return 0
        return 1 if municipality in same_region else 2

    return sorted(points, key=rank)


@dataclass(frozen=True)
class Period:
    opens_at: dt.time
    closes_at: dt.time
    location: str = ""


@dataclass(frozen=True)
class DayHours:
    weekday: int
    label: str
    periods: tuple[Period, ...] = field(default_factory=tuple)

    @property
    def is_closed(self) -> bool:
        return not self.periods


def weekly_opening_hours(support_point: SupportPoint) -> list[DayHours]:
    """Monday to Sunday, each with its opening periods (none: closed that day)."""
    by_day: dict[int, list[Period]] = {day: [] for day in Weekday.values}
    for hours in sorted(support_point.opening_hours.all(), key=lambda h: (h.weekday, h.opens_at)):
        by_day[hours.weekday].append(Period(hours.opens_at, hours.closes_at, hours.location))
    return [DayHours(day, str(Weekday(day).label), tuple(by_day[day])) for day in Weekday.values]


def is_open_during(support_point: SupportPoint, starts_at: dt.datetime, ends_at: dt.datetime, hours=None) -> bool:
    """Whether the support point is open for the whole of this time (never on a public holiday).

    `hours`: its opening hours when the caller already has them (saves a query per slot).
    """
    start, end = times.local(starts_at), times.local(ends_at)
    if not support_point.is_active or start.date() != end.date() or is_holiday(start.date()):
        return False
    hours = support_point.opening_hours.all() if hours is None else hours
    return any(
        period.weekday == start.weekday() and period.opens_at <= start.time() and end.time() <= period.closes_at
        for period in hours
    )


# --- free times ----------------------------------------------------------------------------------


def _earliest(from_date: dt.date | None, as_staff: bool) -> dt.datetime:
    now = times.now()
    earliest = now
    if not as_staff:
        earliest = max(earliest, times.at(times.first_self_service_day(times.local(now).date()), dt.time.min))
    if from_date is not None:
        earliest = max(earliest, times.at(from_date, dt.time.min))
    return earliest


def _free(slots, appointments, *, from_date, limit, as_staff, one_per_time) -> list[Slot]:
    limit = max(1, min(int(limit), MAX_FREE_SLOTS))
    booked = appointments.objects.filter(slot=OuterRef("pk"), status=AppointmentStatus.BOOKED)
    slots = (
        slots.filter(is_open=True, starts_at__gte=_earliest(from_date, as_staff))
        .filter(~Exists(booked))
        .select_related("staff", "region", "support_point")
        .order_by("starts_at", "ends_at", "pk")
    )
    hours: dict[int, list[OpeningHours]] = {}
    found: list[Slot] = []
    seen: set[tuple] = set()
    for slot in slots.iterator(chunk_size=200):
        if slot.support_point_id is not None:
            if slot.support_point_id not in hours:
                hours[slot.support_point_id] = list(OpeningHours.objects.filter(support_point=slot.support_point_id))
            if not is_open_during(slot.support_point, slot.starts_at, slot.ends_at, hours[slot.support_point_id]):
                continue
        key = (slot.starts_at, slot.ends_at, slot.support_point_id)
        if one_per_time and key in seen:
            continue
        seen.add(key)
        found.append(slot)
        if len(found) >= limit:
            break
    return found


def free_inspection_slots(
    case, *, from_date: dt.date | None = None, limit: int = 10, as_staff: bool = False, one_per_time: bool = True
) -> list[Slot]:
    """The next free inspection times in the region of the case's building, soonest first.

    Empty when the building is in no region yet (`inspection_region` says which). `one_per_time`
    shows a time once even when several inspectors have it free; booking takes the slot shown.
    """
    region = inspection_region(case)
    if region is None:
        return []
    slots = Slot.objects.filter(kind=SlotKind.INSPECTION, region=region)
    return _free(
        slots, InspectionAppointment, from_date=from_date, limit=limit, as_staff=as_staff, one_per_time=one_per_time
    )


def free_guide_slots(
    *,
    support_point: SupportPoint | None = None,
    address=None,
    from_date: dt.date | None = None,
    limit: int = 10,
    as_staff: bool = False,
    one_per_time: bool = True,
) -> list[Slot]:
    """The next free times with a case guide: at `support_point`, or (give `address`) at home in the
    region of that address. Exactly one of the two."""
    if (support_point is None) == (address is None):
        raise ValueError("free_guide_slots needs exactly one of support_point and address")
    if support_point is not None:
        slots = Slot.objects.filter(kind=SlotKind.CASE_GUIDE, support_point=support_point)
    else:
        region = region_for_address(address)
        if region is None:
            return []
        slots = Slot.objects.filter(kind=SlotKind.CASE_GUIDE, region=region, support_point__isnull=True)
    return _free(
        slots, GuideAppointment, from_date=from_date, limit=limit, as_staff=as_staff, one_per_time=one_per_time
    )


# --- appointments --------------------------------------------------------------------------------


def _upcoming(appointments):
    return (
        appointments.filter(status=AppointmentStatus.BOOKED, slot__ends_at__gt=times.now())
        .select_related("slot__staff", "slot__region", "slot__support_point")
        .first()
    )


def current_inspection_appointment(case) -> InspectionAppointment | None:
    """The case's booked inspection that has not passed yet, or None."""
    return _upcoming(InspectionAppointment.objects.filter(case=case))


def inspection_appointments(case) -> list[InspectionAppointment]:
    """Every inspection appointment of the case, newest first (moved and cancelled ones too)."""
    return list(
        InspectionAppointment.objects.filter(case=case)
        .select_related("slot__staff", "slot__region")
        .order_by("-created_at", "-id")
    )


def current_guide_appointment(person) -> GuideAppointment | None:
    """The person's booked talk with a case guide that has not passed yet, or None."""
    return _upcoming(GuideAppointment.objects.filter(person=person).select_related("case", "visit_address"))


def guide_appointments(person=None, *, case=None) -> list[GuideAppointment]:
    """A person's (or a case's) talks with case guides, newest first."""
    appointments = GuideAppointment.objects.all()
    if person is not None:
        appointments = appointments.filter(person=person)
    if case is not None:
        appointments = appointments.filter(case=case)
    return list(
        appointments.select_related("slot__staff", "slot__support_point", "slot__region", "case").order_by(
            "-created_at", "-id"
        )
    )


def change_allowed_until(appointment) -> dt.date:
    """The last day the applicant can still move or cancel this appointment themselves."""
    return times.last_change_day(times.local(appointment.slot.starts_at).date())


def applicant_may_change(appointment) -> bool:
    """Whether the applicant can still move or cancel it themselves today (staff always can, until it starts)."""
    return (
        appointment.is_active
        and appointment.slot.starts_at > times.now()
        and times.today() <= change_allowed_until(appointment)
    )


@dataclass(frozen=True)
class AgendaItem:
    slot: Slot
    appointment: InspectionAppointment | GuideAppointment | None


def staff_agenda(user, *, start: dt.date, end: dt.date) -> list[AgendaItem]:
    """A staff member's slots from `start` to `end` (inclusive, Amsterdam days), each with its booking."""
    booked = Q(status=AppointmentStatus.BOOKED) | Q(status=AppointmentStatus.DONE)
    slots = (
        Slot.objects.filter(
            staff=user,
            starts_at__gte=times.at(start, dt.time.min),
            starts_at__lt=times.at(end + dt.timedelta(days=1), dt.time.min),
        )
        .select_related("region", "support_point")
        .prefetch_related(
            Prefetch(
                "inspection_appointments",
                queryset=InspectionAppointment.objects.filter(booked).select_related("case__building__address"),
                to_attr="active_inspections",
            ),
            Prefetch(
                "guide_appointments",
                queryset=GuideAppointment.objects.filter(booked).select_related("case", "visit_address"),
                to_attr="active_guide_talks",
            ),
        )
        .order_by("starts_at")
    )
    return [AgendaItem(slot, next(iter(slot.active_inspections + slot.active_guide_talks), None)) for slot in slots]
