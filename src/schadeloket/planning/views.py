"""Planning pages for residents: zelfplannen of the damage inspection, a talk with a case guide, and
the public list of support points.

Thin views. Who the resident is comes from `identity.session`; a case is looked up through
`identity.selectors.case_for_applicant_or_404`, so another person's case is a 404 exactly like one
that does not exist. URLs carry the case reference, never a BSN. Free times come from
`planning.selectors`; booking, moving and cancelling go through `planning.services`, which lock the
slot (two people never get the same time) and write the audit event. Every page that shows personal
data (an address, an appointment) writes a view event with `record_applicant_event`.

Every change has a confirmation step: choose a time ("kiezen"), check it ("bevestigen"), or go back
("terug") with what was typed kept. Refused input comes back with a Dutch message at the times, the
list of times fetched again, and status 400 (409 when someone else just took the time).

When a case guide acts for a resident (machtiging), the case guide's own account is the actor of
the change, as in Mijn Dossier; the times offered are the resident's.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from schadeloket.audit.models import AuditAction
from schadeloket.cases.selectors import process_for
from schadeloket.identity.selectors import case_for_applicant_or_404, cases_for_applicant
from schadeloket.identity.session import (
    acting_authorisation,
    applicant_required,
    current_applicant,
    record_applicant_event,
)

from . import selectors, services, times
from .forms import HOME, CancelForm, GuideSlotForm, PlaceForm, SlotForm
from .models import AppointmentStatus, GuideAppointment, InspectionAppointment, Slot, SlotKind
from .parameters import APPOINTMENT_CHANGE_WORKING_DAYS, MAX_FREE_SLOTS

# How many free times one page shows (whole days; "meer tijden" shows the next days).
PAGE_SIZE = 12

STEP_CHOOSE, STEP_CONFIRM, STEP_BACK = "kiezen", "bevestigen", "terug"
# Case states before the inspection is planned, and after it is done (for the explanation only;
# whether booking is allowed is decided by `services.book_inspection`).
_BEFORE_INSPECTION = frozenset({"received", "in_progress", "review"})
_AFTER_INSPECTION = frozenset({"expert_advice", "draft_decision"})


def contact_phone() -> str:
    """The number residents call when the page cannot help them (setting SCHADELOKET_PHONE)."""
    return settings.SCHADELOKET_PHONE


# --- dates and times in words (Europe/Amsterdam) ---------------------------------------------------


def day_text(day: dt.date) -> str:
    """'dinsdag 2 december' (with the year when it is not this year)."""
    return dateformat.format(day, "l j F" if day.year == times.today().year else "l j F Y")


def until_text(day: dt.date) -> str:
    """The last day to change an appointment: 'vandaag (vrijdag 27 november)' when that is today."""
    if day == times.today():
        return _("vandaag (%(day)s)") % {"day": day_text(day)}
    return day_text(day)


def _clock(moment: dt.datetime | dt.time) -> str:
    # Translators: how a clock time is written, as a Django date format: Dutch 9.00, English 9:00 ("G:i").
    fmt = _("G.i")
    if isinstance(moment, dt.datetime):
        return dateformat.format(moment, fmt)
    return dateformat.time_format(moment, fmt)


def hours_text(slot: Slot) -> str:
    """'9.00 tot 11.00 uur'."""
    start, end = times.local(slot.starts_at), times.local(slot.ends_at)
    return _("%(start)s tot %(end)s uur") % {"start": _clock(start), "end": _clock(end)}


def when_text(slot: Slot) -> str:
    """'dinsdag 2 december, 9.00 tot 11.00 uur'."""
    return _("%(day)s, %(hours)s") % {"day": day_text(times.local(slot.starts_at).date()), "hours": hours_text(slot)}


def change_rule_text() -> str:
    """Until when an applicant can change an appointment themselves, in general words."""
    days = APPOINTMENT_CHANGE_WORKING_DAYS.value
    if days == 0:
        return _("U kunt uw afspraak zelf verplaatsen of afzeggen tot en met de dag van de afspraak.")
    return ngettext(
        "U kunt uw afspraak zelf verplaatsen of afzeggen tot en met de werkdag voor de afspraak.",
        "U kunt uw afspraak zelf verplaatsen of afzeggen tot en met %(count)s werkdagen voor de afspraak.",
        days,
    ) % {"count": days}


def _staff_name(slot: Slot, fallback: str) -> str:
    return slot.staff.first_name.strip() or fallback


def _mobile_location(slot: Slot) -> str:
    """Where the mobile support point stands at the time of this slot."""
    start = times.local(slot.starts_at)
    for day in selectors.weekly_opening_hours(slot.support_point):
        if day.weekday == start.weekday():
            for period in day.periods:
                if period.opens_at <= start.time() < period.closes_at and period.location:
                    return period.location
    return ""


def _place_text(slot: Slot, visit_address=None) -> str:
    """Where a talk with a case guide is, in words."""
    point = slot.support_point
    if point is None:
        address = visit_address or ""
        return _("Bij u thuis: %(address)s") % {"address": address} if address else _("Bij u thuis")
    where = _mobile_location(slot) if point.is_mobile else point.address_display
    return f"{point.name}, {where}" if where else point.name


# --- lists of free times -------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    value: str
    id: str
    label: str
    checked: bool


@dataclass(frozen=True)
class Day:
    label: str
    options: list[Option]


@dataclass
class TimeList:
    days: list[Day] = field(default_factory=list)
    next_from: dt.date | None = None
    from_date: dt.date | None = None

    @property
    def first_id(self) -> str:
        return self.days[0].options[0].id if self.days else ""


def _parse_day(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None


def _time_list(fetch, from_date: dt.date | None, chosen: str) -> TimeList:
    """One page of free times from `from_date`, whole days only, grouped per day."""
    slots = fetch(from_date=from_date, limit=PAGE_SIZE + 1)
    next_from = None
    if len(slots) > PAGE_SIZE:
        last_day = times.local(slots[PAGE_SIZE].starts_at).date()
        shown = [slot for slot in slots[:PAGE_SIZE] if times.local(slot.starts_at).date() < last_day]
        if shown:
            next_from = last_day
        else:  # one day has more times than a page: show that whole day
            shown = [
                slot
                for slot in fetch(from_date=last_day, limit=MAX_FREE_SLOTS)
                if times.local(slot.starts_at).date() == last_day
            ]
            next_from = last_day + dt.timedelta(days=1)
        slots = shown
    days: list[Day] = []
    current = None
    for number, slot in enumerate(slots, start=1):
        day = times.local(slot.starts_at).date()
        if day != current:
            days.append(Day(day_text(day).capitalize(), []))
            current = day
        value = str(slot.public_id)
        days[-1].options.append(Option(value, f"tijd-{number}", hours_text(slot), value == chosen))
    return TimeList(days, next_from, from_date)


def _offered(fetch, slot_id, model) -> Slot:
    """The chosen slot if it is one this person may choose now (it is in their list of free times).

    Raises PlanningError with the message the service would give: missing, just taken, or not theirs.
    """
    kind = SlotKind.INSPECTION if model is InspectionAppointment else SlotKind.CASE_GUIDE
    slot = Slot.objects.filter(public_id=slot_id, kind=kind).select_related("staff", "support_point").first()
    if slot is None:
        raise services.PlanningError(_("Deze tijd bestaat niet (meer). Kies een tijd uit de lijst."))
    day = times.local(slot.starts_at).date()
    if any(free.pk == slot.pk for free in fetch(from_date=day, limit=MAX_FREE_SLOTS, one_per_time=False)):
        return slot
    if model.objects.filter(slot=slot, status=AppointmentStatus.BOOKED).exists():
        raise services.PlanningError(services.slot_taken_message())
    raise services.PlanningError(_("Deze tijd kunt u niet kiezen. Kies een tijd uit de lijst."))


def _error_status(error) -> int:
    return 409 if str(error) == services.slot_taken_message() else 400


def _by(request, person):
    """Who acts in the services: the resident, or the case guide who acts for them."""
    return request.user if acting_authorisation(request) is not None else person


def _record_view(request, obj, what: str) -> None:
    record_applicant_event(request, action=AuditAction.VIEW, obj=obj, reason=f"afspraken: {what}")


def _step(request) -> str:
    step = request.POST.get("stap", STEP_CHOOSE)
    return step if step in (STEP_CHOOSE, STEP_CONFIRM, STEP_BACK) else STEP_CHOOSE


def _kept(form_class, request, **kwargs):
    """'Terug': the form as it was typed, without error messages."""
    data = request.POST
    initial = {name: data.get(name, "") for name in form_class.base_fields}
    form = form_class(initial=initial, **kwargs)
    form.kept_slot = data.get("slot", "")
    return form


def _chosen(form) -> str:
    if getattr(form, "kept_slot", ""):
        return form.kept_slot
    return form.chosen() if form.is_bound else str(form.initial.get("slot", ""))


def _paging_url(base: str, day: dt.date | None, **extra) -> str:
    query = {key: value for key, value in extra.items() if value}
    if day is not None:
        query["vanaf"] = day.isoformat()
    return f"{base}?{urlencode(query)}#tijden" if query else f"{base}#tijden"


# --- overview ------------------------------------------------------------------------------------


def _process(case):
    try:
        return process_for(case.scheme_code)
    except (LookupError, ImportError):
        return None


@dataclass
class InspectionState:
    """What the inspection page can offer for this case now."""

    case: object
    current: InspectionAppointment | None
    region: object
    has_inspection: bool
    can_book: bool = False
    may_change: bool = False
    can_move: bool = False
    change_until: dt.date | None = None
    explanation: str = ""
    short: str = ""

    @property
    def can_choose(self) -> bool:
        return (self.can_book or self.can_move) and self.region is not None


def _why_not(case, process) -> tuple[str, str]:
    """Why no time can be chosen now, and when it will be possible: (sentence, short status)."""
    if process is None or services.INSPECTION_STATE not in process.states:
        return (
            _("Bij deze regeling hoort geen schade-opname. U hoeft niets te plannen."),
            _("Geen schade-opname nodig"),
        )
    status = process.states.get(case.status, case.status)
    if case.status in _BEFORE_INSPECTION:
        return (
            _(
                "U kunt nog geen tijd kiezen. Uw zaak staat op '%(status)s'. Eerst bekijken wij uw aanvraag. "
                "Is een schade-opname nodig? Dan krijgt u bericht. Daarna kiest u hier zelf een tijd."
            )
            % {"status": status},
            _("Nog niet: u krijgt bericht"),
        )
    if case.status == "waiting_for_applicant":
        return (
            _(
                "Wij wachten eerst op informatie van u. Kijk in Mijn Dossier wat wij nodig hebben. "
                "Daarna gaan wij verder. Is een schade-opname nodig? Dan krijgt u bericht."
            ),
            _("Nog niet: wij wachten op u"),
        )
    if case.status in _AFTER_INSPECTION:
        return (
            _("De schade-opname voor deze zaak is al geweest. U hoeft niets meer te plannen."),
            _("Schade-opname is geweest"),
        )
    if case.status in services.CLOSED_CASE_STATES:
        return (
            _("Deze zaak is afgerond. Er is geen schade-opname meer nodig."),
            _("Zaak is afgerond"),
        )
    return (
        _("Voor deze zaak kunt u nu geen schade-opname plannen. Uw zaak staat op '%(status)s'.") % {"status": status},
        _("Nu niet te plannen"),
    )


def inspection_state(case) -> InspectionState:
    process = _process(case)
    has_inspection = process is not None and services.INSPECTION_STATE in process.states
    state = InspectionState(
        case=case,
        current=selectors.current_inspection_appointment(case) if has_inspection else None,
        region=selectors.inspection_region(case) if has_inspection else None,
        has_inspection=has_inspection,
    )
    if state.current is not None:
        state.may_change = selectors.applicant_may_change(state.current)
        state.change_until = selectors.change_allowed_until(state.current)
        state.can_move = state.may_change and case.status not in services.CLOSED_CASE_STATES
        state.short = when_text(state.current.slot)
    elif has_inspection and case.status == services.INSPECTION_STATE:
        state.can_book = True
        state.short = _("Kies een tijd") if state.region is not None else _("Bel ons om te plannen")
    else:
        state.explanation, state.short = _why_not(case, process)
    return state


@applicant_required
@require_GET
@never_cache
def appointments(request):
    """'Mijn afspraken': the damage inspection per case, and the talk with a case guide."""
    person = current_applicant(request)
    rows, guide_appointment = [], None
    if person is not None:
        for case in cases_for_applicant(person).select_related("building__address")[:100]:
            state = inspection_state(case)
            if state.has_inspection:
                rows.append(state)
        guide_appointment = selectors.current_guide_appointment(person)
        _record_view(request, person, "overzicht")
    return render(
        request,
        "planning/appointments.html",
        {
            "person": person,
            "rows": rows,
            "guide_appointment": guide_appointment,
            "guide_when": when_text(guide_appointment.slot) if guide_appointment else "",
            "guide_place": _place_text(guide_appointment.slot, guide_appointment.visit_address)
            if guide_appointment
            else "",
            "phone": contact_phone(),
        },
    )


# --- the damage inspection (zelfplannen) ---------------------------------------------------------


def _inspection_url(case) -> str:
    return reverse("planning:inspection", args=[case.reference])


def _inspection_fetch(case):
    return lambda **kwargs: selectors.free_inspection_slots(case, **kwargs)


def _render_inspection(request, case, state, form, *, status=200, error=""):
    time_list = TimeList()
    if state.can_choose:
        from_date = _parse_day(form["vanaf"].value())
        time_list = _time_list(_inspection_fetch(case), from_date, _chosen(form))
    base = _inspection_url(case)
    _record_view(request, ("cases.case", case.reference), "schade-opname")
    return render(
        request,
        "planning/inspection.html",
        {
            "case": case,
            "state": state,
            "current": state.current,
            "current_when": when_text(state.current.slot) if state.current else "",
            "current_who": _staff_name(state.current.slot, _("de opnemer")) if state.current else "",
            "change_until": until_text(state.change_until) if state.change_until else "",
            "address": case.building.address,
            "form": form,
            "times": time_list,
            "next_url": _paging_url(base, time_list.next_from) if time_list.next_from else "",
            "first_url": _paging_url(base, None) if time_list.from_date else "",
            "error": error,
            "rule": change_rule_text(),
            "phone": contact_phone(),
        },
        status=status,
    )


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def inspection(request, reference):
    """The case's damage inspection: the current appointment, and free times to book or move to."""
    person = current_applicant(request)
    case = case_for_applicant_or_404(person, reference=reference)
    state = inspection_state(case)
    if request.method == "GET":
        return _render_inspection(request, case, state, SlotForm(initial={"vanaf": request.GET.get("vanaf", "")}))

    step = _step(request)
    if not state.can_choose:
        messages.info(request, _("Er is niets veranderd. Hieronder staat wat nu kan."))
        return redirect(_inspection_url(case))
    if step == STEP_BACK:
        return _render_inspection(request, case, state, _kept(SlotForm, request))
    form = SlotForm(request.POST)
    if not form.is_valid():
        return _render_inspection(request, case, state, form, status=400)
    fetch = _inspection_fetch(case)
    try:
        slot = _offered(fetch, form.cleaned_data["slot"], InspectionAppointment)
        if step == STEP_CONFIRM:
            by = _by(request, person)
            if state.current is not None:
                new = services.move_inspection(state.current, slot, by=by, reason=form.cleaned_data["reason"])
                messages.success(request, _("Uw afspraak is verplaatst naar %(when)s.") % {"when": when_text(new.slot)})
            else:
                new = services.book_inspection(case, slot, by=by)
                messages.success(
                    request,
                    _("Uw afspraak voor de schade-opname staat vast: %(when)s.") % {"when": when_text(new.slot)},
                )
            return redirect(_inspection_url(case))
    except services.PlanningError as error:
        form.add_error("slot", str(error))
        return _render_inspection(request, case, inspection_state(case), form, status=_error_status(error))

    _record_view(request, ("cases.case", case.reference), "schade-opname bevestigen")
    return render(
        request,
        "planning/inspection_confirm.html",
        {
            "case": case,
            "current": state.current,
            "current_when": when_text(state.current.slot) if state.current else "",
            "slot": slot,
            "when": when_text(slot),
            "who": _staff_name(slot, _("de opnemer")),
            "address": case.building.address,
            "form": form,
            "until": until_text(times.last_change_day(times.local(slot.starts_at).date())),
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def inspection_cancel(request, reference):
    """Cancel the inspection appointment, after a confirmation (the reason is optional)."""
    person = current_applicant(request)
    case = case_for_applicant_or_404(person, reference=reference)
    state = inspection_state(case)
    if state.current is None:
        messages.info(request, _("Er staat geen afspraak voor de schade-opname. Er is niets afgezegd."))
        return redirect(_inspection_url(case))
    status = 200
    form = CancelForm()
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.cancel_inspection(state.current, by=_by(request, person), reason=form.cleaned_data["reason"])
            except services.PlanningError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Uw afspraak voor de schade-opname is afgezegd."))
                return redirect(_inspection_url(case))
        status = 400
    _record_view(request, ("cases.case", case.reference), "schade-opname afzeggen")
    return render(
        request,
        "planning/cancel.html",
        {
            "title": _("Afspraak voor de schade-opname afzeggen"),
            "case": case,
            "when": when_text(state.current.slot),
            "who": _staff_name(state.current.slot, _("de opnemer")),
            "who_label": _("Opnemer"),
            "place": str(case.building.address),
            "may_change": state.may_change,
            "change_until": until_text(state.change_until),
            "form": form,
            "back_url": _inspection_url(case),
            "after": _("Daarna kunt u een nieuwe tijd kiezen, als de schade-opname nog nodig is."),
            "phone": contact_phone(),
        },
        status=status,
    )


# --- a talk with a case guide --------------------------------------------------------------------


@dataclass
class Place:
    value: str
    support_point: object = None
    address: object = None

    def fetch(self):
        if self.support_point is not None:
            return lambda **kwargs: selectors.free_guide_slots(support_point=self.support_point, **kwargs)
        return lambda **kwargs: selectors.free_guide_slots(address=self.address, **kwargs)


def _place(value: str, points, home) -> Place | None:
    if value == HOME:
        return Place(HOME, address=home) if home is not None else None
    for point in points:
        if str(point.public_id) == value:
            return Place(value, support_point=point)
    return None


def _default_place(current, points, home) -> str:
    if current is not None:
        return str(current.slot.support_point.public_id) if current.slot.support_point_id else HOME
    fixed = [point for point in points if not point.is_mobile]
    if fixed or points:
        return str((fixed or points)[0].public_id)
    return HOME if home is not None else ""


def _guide_url() -> str:
    return reverse("planning:guide")


def _render_guide(request, ctx, form, place_form, *, status=200):
    person, current, place = ctx["person"], ctx["current"], ctx["place"]
    may_change = current is not None and selectors.applicant_may_change(current)
    can_choose = place is not None and (current is None or may_change)
    time_list = (
        _time_list(place.fetch(), _parse_day(form["vanaf"].value()), _chosen(form)) if can_choose else TimeList()
    )
    base = _guide_url()
    _record_view(request, person, "gesprek met zaakbegeleider")
    return render(
        request,
        "planning/guide.html",
        {
            "person": person,
            "current": current,
            "current_when": when_text(current.slot) if current else "",
            "current_place": _place_text(current.slot, current.visit_address) if current else "",
            "current_who": _staff_name(current.slot, _("de zaakbegeleider")) if current else "",
            "may_change": may_change,
            "change_until": until_text(selectors.change_allowed_until(current)) if current else "",
            "place": place,
            "place_name": _place_text_for(place),
            "place_form": place_form,
            "form": form,
            "can_choose": can_choose,
            "times": time_list,
            "next_url": _paging_url(base, time_list.next_from, waar=place.value) if time_list.next_from else "",
            "first_url": _paging_url(base, None, waar=place.value) if time_list.from_date else "",
            "rule": change_rule_text(),
            "phone": contact_phone(),
        },
        status=status,
    )


def _place_text_for(place: Place | None) -> str:
    if place is None:
        return ""
    if place.support_point is None:
        return _("Bij u thuis: %(address)s") % {"address": place.address}
    point = place.support_point
    if point.is_mobile:
        return _("%(name)s (staat elke dag op een andere plek)") % {"name": point.name}
    return f"{point.name}, {point.address_display}"


def _guide_context(request, person, value: str | None):
    home = selectors.home_address(person)
    points = selectors.support_points(near=home)
    current = selectors.current_guide_appointment(person)
    chosen = value if value else _default_place(current, points, home)
    place = _place(chosen, points, home)
    place_form = PlaceForm({"waar": chosen} if value else None, initial={"waar": chosen}, points=points, home=home)
    if value:
        place_form.is_valid()
    cases = list(cases_for_applicant(person)[:100])
    return {"person": person, "home": home, "points": points, "current": current, "place": place, "cases": cases}, (
        place_form
    )


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def guide(request):
    """A talk with a case guide: the current appointment, where, and free times to book or move to."""
    person = current_applicant(request)
    if person is None:
        return render(request, "planning/guide.html", {"person": None, "phone": contact_phone()})
    source = request.POST if request.method == "POST" else request.GET
    ctx, place_form = _guide_context(request, person, source.get("waar", "").strip() or None)
    if request.method == "GET":
        form = GuideSlotForm(
            initial={"vanaf": request.GET.get("vanaf", ""), "waar": place_form["waar"].value()}, cases=ctx["cases"]
        )
        return _render_guide(
            request, ctx, form, place_form, status=200 if ctx["place"] or not source.get("waar") else 400
        )

    current, place = ctx["current"], ctx["place"]
    if place is None or (current is not None and not selectors.applicant_may_change(current)):
        messages.info(request, _("Er is niets veranderd. Hieronder staat wat nu kan."))
        return redirect(_guide_url())
    step = _step(request)
    if step == STEP_BACK:
        return _render_guide(request, ctx, _kept(GuideSlotForm, request, cases=ctx["cases"]), place_form)
    form = GuideSlotForm(request.POST, cases=ctx["cases"])
    if not form.is_valid():
        return _render_guide(request, ctx, form, place_form, status=400)
    case = next((c for c in ctx["cases"] if c.reference == form.cleaned_data["case"]), None)
    try:
        slot = _offered(place.fetch(), form.cleaned_data["slot"], GuideAppointment)
        if step == STEP_CONFIRM:
            by = _by(request, person)
            if current is not None:
                new = services.move_guide_appointment(
                    current, slot, by=by, address=place.address, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Uw afspraak is verplaatst naar %(when)s.") % {"when": when_text(new.slot)})
            else:
                new = services.book_guide_appointment(
                    person, slot, by=by, case=case, address=place.address, topic=form.cleaned_data["topic"]
                )
                messages.success(
                    request,
                    _("Uw afspraak met een zaakbegeleider staat vast: %(when)s.") % {"when": when_text(new.slot)},
                )
            return redirect(_guide_url())
    except services.PlanningError as error:
        form.add_error("slot", str(error))
        ctx["current"] = selectors.current_guide_appointment(person)
        return _render_guide(request, ctx, form, place_form, status=_error_status(error))

    _record_view(request, person, "gesprek met zaakbegeleider bevestigen")
    return render(
        request,
        "planning/guide_confirm.html",
        {
            "current": current,
            "current_when": when_text(current.slot) if current else "",
            "slot": slot,
            "when": when_text(slot),
            "who": _staff_name(slot, _("de zaakbegeleider")),
            "place_text": _place_text(slot, place.address),
            "case": case,
            "form": form,
            "until": until_text(times.last_change_day(times.local(slot.starts_at).date())),
        },
    )


@applicant_required
@require_http_methods(["GET", "POST"])
@never_cache
def guide_cancel(request):
    """Cancel the talk with a case guide, after a confirmation (the reason is optional)."""
    person = current_applicant(request)
    current = selectors.current_guide_appointment(person) if person is not None else None
    if current is None:
        messages.info(request, _("Er staat geen afspraak met een zaakbegeleider. Er is niets afgezegd."))
        return redirect(_guide_url())
    status = 200
    form = CancelForm()
    if request.method == "POST":
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.cancel_guide_appointment(current, by=_by(request, person), reason=form.cleaned_data["reason"])
            except services.PlanningError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Uw afspraak met de zaakbegeleider is afgezegd."))
                return redirect(_guide_url())
        status = 400
    _record_view(request, person, "gesprek met zaakbegeleider afzeggen")
    may_change = selectors.applicant_may_change(current)
    return render(
        request,
        "planning/cancel.html",
        {
            "title": _("Afspraak met de zaakbegeleider afzeggen"),
            "when": when_text(current.slot),
            "who": _staff_name(current.slot, _("de zaakbegeleider")),
            "who_label": _("Zaakbegeleider"),
            "place": _place_text(current.slot, current.visit_address),
            "may_change": may_change,
            "change_until": until_text(selectors.change_allowed_until(current)),
            "form": form,
            "back_url": _guide_url(),
            "after": _("Daarna kunt u een nieuwe afspraak maken."),
            "phone": contact_phone(),
        },
        status=status,
    )


# --- support points (public) ---------------------------------------------------------------------


@dataclass(frozen=True)
class HoursRow:
    day: str
    text: str
    location: str = ""


def _period_text(period) -> str:
    return _("%(start)s tot %(end)s uur") % {"start": _clock(period.opens_at), "end": _clock(period.closes_at)}


def _opening_rows(point) -> list[HoursRow]:
    """A fixed support point: every weekday with its opening periods, or 'Gesloten'."""
    return [
        HoursRow(str(day.label).capitalize(), ", ".join(_period_text(p) for p in day.periods) or _("Gesloten"))
        for day in selectors.weekly_opening_hours(point)
    ]


def _mobile_rows(point) -> list[HoursRow]:
    """The mobile support point: only the days it stands somewhere, with where."""
    return [
        HoursRow(str(day.label).capitalize(), _period_text(period), period.location)
        for day in selectors.weekly_opening_hours(point)
        for period in day.periods
    ]


@require_GET
def support_point_list(request):
    """Every support point with its address and opening hours; the mobile one with where it stands."""
    points = selectors.support_points()
    return render(
        request,
        "planning/support_points.html",
        {
            "mobile": [(point, _mobile_rows(point)) for point in points if point.is_mobile],
            "fixed": [(point, _opening_rows(point)) for point in points if not point.is_mobile],
            "phone": contact_phone(),
        },
    )
