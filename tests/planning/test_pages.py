"""The applicant's planning pages: zelfplannen of the damage inspection, a talk with a case guide, and
the public list of support points. Logged in with the demo DigiD login; the clock stands at Monday
19 May 2025, 10:00 (tests/planning/conftest.py), so an applicant can choose from Tuesday 20 May."""

import datetime as dt
import re
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.cases.services import transition
from schadeloket.identity import services as identity_services
from schadeloket.planning import times
from schadeloket.planning.models import AppointmentStatus, BookedBy, GuideAppointment, InspectionAppointment, SlotKind
from schadeloket.planning.services import book_guide_appointment, book_inspection
from schadeloket.planning.views import PAGE_SIZE
from tests.backoffice.conftest import log_in
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory, UserFactory
from tests.identity.factories import CaseFactory, CasePartyFactory

from .conftest import FRI, THU, TUE, WED, at, planned_case
from .factories import SlotFactory, SupportPointFactory

pytestmark = pytest.mark.django_db

BSN = "111222333"
TAKEN = "Deze tijd is net door iemand anders gekozen. Kies een andere tijd."


@pytest.fixture
def applicant():
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


@pytest.fixture
def inspector():
    return UserFactory(roles=["Opnemer"], first_name="Jan")


@pytest.fixture
def logged_in(client, settings, applicant):
    settings.DIGID_DEMO_LOGIN = True
    response = client.post("/inloggen/demo-digid/", {"bsn": BSN})
    assert response.status_code == 302
    return client


def url(case, suffix=""):
    return f"/afspraken/{case.reference}/opname/{suffix}"


def changes():
    """Appointments and audit events other than page views: what a refused request must leave alone."""
    return (
        list(InspectionAppointment.objects.order_by("pk").values_list("pk", "status", "slot_id")),
        list(GuideAppointment.objects.order_by("pk").values_list("pk", "status", "slot_id")),
        AuditEvent.objects.exclude(action=AuditAction.VIEW).count(),
    )


def no_bsn(response):
    assert BSN not in response.text
    assert BSN not in response.get("Location", "")
    return response


def radio_values(html):
    return re.findall(r'name="slot" id="tijd-\d+" value="([0-9a-f-]{36})"', html)


# --- the damage inspection -----------------------------------------------------------------------


def test_login_is_needed_and_comes_back_here(client, case):
    response = client.get(url(case))
    assert response.status_code == 302
    assert response["Location"] == f"/inloggen/?next=/afspraken/{case.reference}/opname/"


def test_the_page_shows_free_times_per_day_as_radio_buttons_and_records_the_view(logged_in, case, applicant, make_slot):
    first, second, third = make_slot(WED, "09:00"), make_slot(WED, "13:00"), make_slot(THU, "09:00")
    response = no_bsn(logged_in.get(url(case)))
    html = response.text
    assert response.status_code == 200
    assert '<fieldset class="utrecht-form-fieldset planning-fieldset"' in html
    assert "<legend" in html and "Woensdag 21 mei" in html and "Donderdag 22 mei" in html
    assert "9.00 tot 11.00 uur" in html and "13.00 tot 15.00 uur" in html
    assert radio_values(html) == [str(first.public_id), str(second.public_id), str(third.public_id)]
    assert "tot en met de werkdag voor de afspraak" in html
    event = AuditEvent.objects.get(action=AuditAction.VIEW, object_id=case.reference)
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert event.reason == "afspraken: schade-opname"


def test_booking_has_a_confirmation_step_then_stores_the_appointment(logged_in, case, applicant, make_slot):
    slot = make_slot(WED, "09:00")
    confirm = no_bsn(logged_in.post(url(case), {"slot": str(slot.public_id), "stap": "kiezen"}))
    assert confirm.status_code == 200
    assert "Klopt deze afspraak?" in confirm.text
    assert "woensdag 21 mei, 9.00 tot 11.00 uur" in confirm.text
    assert "Jan" in confirm.text and str(case.building.address) in confirm.text
    assert "tot en met dinsdag 20 mei" in confirm.text
    assert not InspectionAppointment.objects.exists()

    done = no_bsn(logged_in.post(url(case), {"slot": str(slot.public_id), "stap": "bevestigen"}))
    assert done.status_code == 302 and done["Location"] == url(case)
    appointment = InspectionAppointment.objects.get()
    assert (appointment.case, appointment.slot, appointment.status) == (case, slot, AppointmentStatus.BOOKED)
    assert (appointment.booked_by, appointment.booked_by_person) == (BookedBy.APPLICANT, applicant)
    assert AuditEvent.objects.filter(action="inspection_appointment_booked", object_id=case.reference).count() == 1

    page = no_bsn(logged_in.get(url(case))).text
    assert "Uw afspraak voor de schade-opname staat vast: woensdag 21 mei, 9.00 tot 11.00 uur." in page
    assert "Uw afspraak" in page and "Jan" in page
    assert "U kunt deze afspraak zelf verplaatsen of afzeggen tot en met dinsdag 20 mei." in page
    assert "Afspraak verplaatsen" in page


def test_going_back_from_the_confirmation_keeps_the_choice(logged_in, case, make_slot):
    make_slot(WED, "09:00")
    slot = make_slot(THU, "09:00")
    back = logged_in.post(url(case), {"slot": str(slot.public_id), "stap": "terug"})
    assert back.status_code == 200
    assert f'value="{slot.public_id}" checked' in back.text
    assert not InspectionAppointment.objects.exists()


def test_moving_with_a_reason_frees_the_old_time(logged_in, case, applicant, make_slot):
    old_slot, new_slot = make_slot(WED, "09:00"), make_slot(THU, "13:00")
    booked = book_inspection(case, old_slot, by=applicant)
    page = logged_in.get(url(case)).text
    assert "Waarom verplaatst u de afspraak?" in page
    assert str(old_slot.public_id) not in radio_values(page)

    data = {"slot": str(new_slot.public_id), "reason": "Ik moet werken.", "stap": "kiezen"}
    confirm = logged_in.post(url(case), data)
    assert "In plaats van" in confirm.text and "woensdag 21 mei, 9.00 tot 11.00 uur" in confirm.text
    assert "donderdag 22 mei, 13.00 tot 15.00 uur" in confirm.text and "Ik moet werken." in confirm.text
    done = logged_in.post(url(case), {**data, "stap": "bevestigen"})
    assert done.status_code == 302

    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason, booked.closed_by) == (
        AppointmentStatus.MOVED,
        "Ik moet werken.",
        BookedBy.APPLICANT,
    )
    new = InspectionAppointment.objects.get(status=AppointmentStatus.BOOKED)
    assert (new.slot, new.moved_from) == (new_slot, booked)
    page = logged_in.get(url(case)).text
    assert "Uw afspraak is verplaatst naar donderdag 22 mei, 13.00 tot 15.00 uur." in page
    assert str(old_slot.public_id) in radio_values(page)


def test_cancelling_asks_first_then_frees_the_time(logged_in, case, applicant, make_slot):
    slot = make_slot(WED, "09:00")
    booked = book_inspection(case, slot, by=applicant)
    ask = no_bsn(logged_in.get(url(case, "afzeggen/")))
    assert ask.status_code == 200
    assert "Weet u zeker dat u deze afspraak wilt afzeggen?" in ask.text
    assert "woensdag 21 mei, 9.00 tot 11.00 uur" in ask.text
    booked.refresh_from_db()
    assert booked.status == AppointmentStatus.BOOKED

    done = logged_in.post(url(case, "afzeggen/"), {"reason": "Schade is al hersteld."})
    assert done.status_code == 302 and done["Location"] == url(case)
    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason) == (AppointmentStatus.CANCELLED, "Schade is al hersteld.")
    page = logged_in.get(url(case)).text
    assert "Uw afspraak voor de schade-opname is afgezegd." in page
    assert "Kies een tijd" in page and str(slot.public_id) in radio_values(page)


def test_a_time_taken_meanwhile_gives_the_message_a_fresh_list_and_keeps_the_reason(
    logged_in, case, applicant, handler, make_slot
):
    old_slot, wanted, other = make_slot(WED, "09:00"), make_slot(THU, "09:00"), make_slot(FRI, "09:00")
    book_inspection(case, old_slot, by=applicant)
    data = {"slot": str(wanted.public_id), "reason": "Dan ben ik op vakantie.", "stap": "kiezen"}
    assert logged_in.post(url(case), data).status_code == 200  # the confirmation page

    neighbour = PersonFactory()
    book_inspection(planned_case(handler, neighbour), wanted, by=neighbour)  # someone else is quicker
    before = changes()
    response = no_bsn(logged_in.post(url(case), {**data, "stap": "bevestigen"}))

    assert response.status_code == 409
    assert TAKEN in response.text
    assert 'role="alert"' in response.text
    values = radio_values(response.text)
    assert str(wanted.public_id) not in values and str(other.public_id) in values
    assert "Dan ben ik op vakantie.</textarea>" in response.text
    assert changes() == before


@pytest.mark.parametrize(
    "data, message, status",
    [
        ({}, "Kies een tijd uit de lijst.", 400),
        ({"slot": "12"}, "Deze tijd bestaat niet (meer). Kies een tijd uit de lijst.", 400),
        ({"slot": str(uuid.uuid4())}, "Deze tijd bestaat niet (meer). Kies een tijd uit de lijst.", 400),
    ],
)
@pytest.mark.parametrize("step", ["kiezen", "bevestigen"])
def test_no_time_or_an_unknown_time_gives_a_dutch_message_and_stores_nothing(
    logged_in, case, make_slot, data, message, status, step
):
    make_slot(WED, "09:00")
    before = changes()
    response = no_bsn(logged_in.post(url(case), {**data, "stap": step}))
    assert response.status_code == status
    assert message in response.text
    assert "Er is niets veranderd." in response.text
    assert changes() == before


def test_a_time_that_is_not_free_for_this_case_is_refused(logged_in, case, handler, make_slot, other_region):
    booked_by_other = make_slot(WED, "09:00")
    elsewhere = make_slot(WED, "13:00", region=other_region)
    too_soon = make_slot(dt.date(2025, 5, 19), "15:00")  # today: not before Tuesday
    neighbour = PersonFactory()
    book_inspection(planned_case(handler, neighbour), booked_by_other, by=neighbour)
    guide_slot = SlotFactory(kind=SlotKind.CASE_GUIDE, region=case_region(case), starts_at=at(THU, "09:00"))
    before = changes()
    for slot, message, status in (
        (booked_by_other, TAKEN, 409),
        (elsewhere, "Deze tijd kunt u niet kiezen. Kies een tijd uit de lijst.", 400),
        (too_soon, "Deze tijd kunt u niet kiezen. Kies een tijd uit de lijst.", 400),
        (guide_slot, "Deze tijd bestaat niet (meer). Kies een tijd uit de lijst.", 400),
    ):
        for step in ("kiezen", "bevestigen"):
            response = logged_in.post(url(case), {"slot": str(slot.public_id), "stap": step})
            assert (response.status_code, message in response.text) == (status, True), (slot, step)
    assert changes() == before


def case_region(case):
    from schadeloket.planning.selectors import inspection_region

    return inspection_region(case)


def test_a_reason_that_is_too_long_is_refused(logged_in, case, applicant, make_slot):
    book_inspection(case, make_slot(WED, "09:00"), by=applicant)
    new = make_slot(THU, "09:00")
    before = changes()
    response = logged_in.post(url(case), {"slot": str(new.public_id), "reason": "x" * 501, "stap": "bevestigen"})
    assert response.status_code == 400
    assert "Houd de reden kort: hoogstens 500 tekens (nu 501)." in response.text
    assert changes() == before


def test_another_persons_case_is_404_on_every_page(logged_in, handler, make_slot):
    neighbour = PersonFactory()
    theirs = planned_case(handler, neighbour)
    slot = make_slot(WED, "09:00")
    before = changes()
    assert logged_in.get(url(theirs)).status_code == 404
    assert logged_in.post(url(theirs), {"slot": str(slot.public_id), "stap": "bevestigen"}).status_code == 404
    assert logged_in.get(url(theirs, "afzeggen/")).status_code == 404
    assert logged_in.post(url(theirs, "afzeggen/")).status_code == 404
    assert logged_in.get("/afspraken/IMG-2025-999999/opname/").status_code == 404
    assert changes() == before


def test_without_a_region_the_page_says_call_us(logged_in, handler, applicant):
    address = AddressFactory(municipality="Westerwolde", postcode="9561AA")
    case = planned_case(handler, applicant, building=BuildingFactory(address=address))
    page = logged_in.get(url(case)).text
    assert "Voor uw adres kunnen wij hier nog geen tijden laten zien." in page
    assert f"Bel ons op {settings.SCHADELOKET_PHONE}" in page
    assert 'name="slot"' not in page


def test_the_phone_number_comes_from_the_settings_when_set(logged_in, settings, handler, applicant):
    settings.SCHADELOKET_PHONE = "050 123 45 67"
    address = AddressFactory(municipality="Westerwolde", postcode="9561AA")
    case = planned_case(handler, applicant, building=BuildingFactory(address=address))
    assert "Bel ons op 050 123 45 67" in logged_in.get(url(case)).text


def test_before_the_inspection_is_planned_the_page_says_when_it_will_be_possible(
    logged_in, handler, applicant, make_slot, region
):
    from schadeloket.cases.services import open_case

    case = open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=applicant,
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )
    transition(case, "start", actor=handler, expected_version=case.version)
    slot = make_slot(WED, "09:00")
    page = logged_in.get(url(case)).text
    assert "U kunt nog geen tijd kiezen." in page and "Dan krijgt u bericht." in page
    assert "In behandeling" in page
    assert 'name="slot"' not in page
    before = changes()
    response = logged_in.post(url(case), {"slot": str(slot.public_id), "stap": "bevestigen"})
    assert response.status_code == 302
    assert changes() == before


def test_a_scheme_without_inspection_says_there_is_nothing_to_plan(logged_in, applicant):
    case = CaseFactory(scheme_code="VES", status="in_progress")
    CasePartyFactory(case=case, person=applicant)
    page = logged_in.get(url(case)).text
    assert "Bij deze regeling hoort geen schade-opname." in page


def test_after_the_change_deadline_the_page_says_call_us(logged_in, monkeypatch, case, applicant, make_slot):
    book_inspection(case, make_slot(WED, "09:00"), by=applicant)
    make_slot(THU, "09:00")
    monkeypatch.setattr(times, "now", lambda: at(WED, "07:00"))
    page = logged_in.get(url(case)).text
    assert "U kunt deze afspraak niet meer zelf verplaatsen of afzeggen. Dat kon tot en met dinsdag 20 mei." in page
    assert f"Bel ons op {settings.SCHADELOKET_PHONE}" in page
    assert 'name="slot"' not in page
    cancel = logged_in.get(url(case, "afzeggen/")).text
    assert "U kunt deze afspraak niet meer zelf afzeggen." in cancel
    before = changes()
    refused = logged_in.post(url(case, "afzeggen/"))
    assert refused.status_code == 400
    assert "U kunt deze afspraak niet meer zelf wijzigen." in refused.text
    assert changes() == before


def test_more_times_pages_by_whole_days(logged_in, case, make_slot):
    days = [TUE, WED, THU, FRI, dt.date(2025, 5, 26), dt.date(2025, 5, 27)]
    for day in days:
        for clock in ("08:00", "10:00", "13:00"):
            make_slot(day, clock)
    page = logged_in.get(url(case)).text
    assert len(radio_values(page)) <= PAGE_SIZE
    assert "Dinsdag 20 mei" in page and "Dinsdag 27 mei" not in page
    match = re.search(r'href="(/afspraken/[^"]+\?vanaf=([0-9-]+)#tijden)"', page)
    assert match and "Meer tijden" in page
    later = logged_in.get(match.group(1).replace("&amp;", "&")).text
    first_later_day = dt.date.fromisoformat(match.group(2))
    assert first_later_day > TUE
    assert "Dinsdag 27 mei" in later and "Dinsdag 20 mei" not in later
    assert "Naar de eerste tijden" in later
    shown = set(radio_values(page)) | set(radio_values(later))
    assert len(shown) == len(set(radio_values(page))) + len(set(radio_values(later)))
    assert len(shown) == 3 * len(days)  # no time is skipped between the pages
    assert logged_in.get(url(case) + "?vanaf=gisteren").status_code == 200


def test_the_overview_lists_the_inspection_per_case_and_the_guide_talk(logged_in, case, applicant, make_slot):
    book_inspection(case, make_slot(WED, "09:00"), by=applicant)
    other = CaseFactory(scheme_code="VES")
    CasePartyFactory(case=other, person=applicant)
    page = no_bsn(logged_in.get("/afspraken/")).text
    assert case.reference in page and "woensdag 21 mei, 9.00 tot 11.00 uur" in page
    assert other.reference not in page  # no inspection in that scheme
    assert "Afspraak maken met een zaakbegeleider" in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, reason="afspraken: overzicht").count() == 1


def test_a_case_guide_acting_for_the_applicant_books_in_their_own_name(client, case, applicant, guide, make_slot):
    slot = make_slot(WED, "09:00")
    today = timezone.localdate()
    authorisation = identity_services.record_authorisation(
        case_guide=guide,
        person=applicant,
        consent_given_on=today,
        consent_method="in_person",
        valid_until=today + dt.timedelta(days=30),
        recorded_by=guide,
    )
    log_in(client, guide)
    client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    assert client.post(url(case), {"slot": str(slot.public_id), "stap": "bevestigen"}).status_code == 302
    appointment = InspectionAppointment.objects.get()
    assert (appointment.booked_by, appointment.booked_by_user) == (BookedBy.STAFF, guide)
    assert AuditEvent.objects.get(action="inspection_appointment_booked").actor_id == guide.pk


# --- support points and a talk with a case guide -------------------------------------------------


def test_the_support_points_page_is_public_with_opening_hours_per_weekday(client, support_point):
    mobile = SupportPointFactory(
        code="mobiel", name="Mobiel steunpunt", is_mobile=True, street="", house_number="", postcode="", place=""
    )
    mobile.opening_hours.create(
        weekday=0, opens_at=dt.time(10), closes_at=dt.time(15), location="Garrelsweer, bij het dorpshuis"
    )
    response = client.get("/steunpunten/")
    html = response.text
    assert response.status_code == 200
    assert "Steunpunt Loppersum" in html and "Kerkstraat 1, 9919 AA Loppersum" in html
    assert "<caption>Openingstijden: Steunpunt Loppersum</caption>" in html
    assert '<th class="utrecht-table__header-cell" scope="row">Dinsdag</th>' in html
    assert "9.00 tot 12.30 uur, 13.00 tot 17.00 uur" in html
    assert "Gesloten" in html
    assert "Het mobiele steunpunt" in html and "Garrelsweer, bij het dorpshuis" in html
    assert "10.00 tot 15.00 uur" in html
    assert 'href="/steunpunten/afspraak/"' in html


def test_the_guide_page_needs_a_login(client):
    response = client.get("/steunpunten/afspraak/")
    assert response.status_code == 302 and response["Location"] == "/inloggen/?next=/steunpunten/afspraak/"


def test_booking_moving_and_cancelling_a_talk_at_a_support_point(logged_in, applicant, support_point, make_guide_slot):
    first, second = make_guide_slot(WED, "09:00"), make_guide_slot(THU, "13:00")
    page = no_bsn(logged_in.get(f"/steunpunten/afspraak/?waar={support_point.public_id}"))
    assert page.status_code == 200
    assert "Vrije tijden: Steunpunt Loppersum, Kerkstraat 1, 9919 AA Loppersum" in page.text
    assert radio_values(page.text) == [str(first.public_id), str(second.public_id)]

    data = {"waar": str(support_point.public_id), "slot": str(first.public_id), "topic": "Vragen over mijn besluit"}
    confirm = logged_in.post("/steunpunten/afspraak/", {**data, "stap": "kiezen"})
    assert confirm.status_code == 200 and "Klopt deze afspraak?" in confirm.text
    assert "woensdag 21 mei, 9.00 tot 10.00 uur" in confirm.text and "Vragen over mijn besluit" in confirm.text
    assert not GuideAppointment.objects.exists()
    assert logged_in.post("/steunpunten/afspraak/", {**data, "stap": "bevestigen"}).status_code == 302
    booked = GuideAppointment.objects.get()
    assert (booked.person, booked.slot, booked.topic, booked.visit_address) == (
        applicant,
        first,
        "Vragen over mijn besluit",
        None,
    )
    page = logged_in.get("/steunpunten/afspraak/").text
    assert "Uw afspraak met een zaakbegeleider staat vast: woensdag 21 mei, 9.00 tot 10.00 uur." in page
    assert "Steunpunt Loppersum, Kerkstraat 1" in page

    move = {"waar": str(support_point.public_id), "slot": str(second.public_id), "reason": "Ziek"}
    assert logged_in.post("/steunpunten/afspraak/", {**move, "stap": "bevestigen"}).status_code == 302
    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason) == (AppointmentStatus.MOVED, "Ziek")
    moved = GuideAppointment.objects.get(status=AppointmentStatus.BOOKED)
    assert moved.slot == second and moved.topic == "Vragen over mijn besluit"

    assert "Weet u zeker" in logged_in.get("/steunpunten/afspraak/afzeggen/").text
    assert logged_in.post("/steunpunten/afspraak/afzeggen/", {"reason": ""}).status_code == 302
    moved.refresh_from_db()
    assert moved.status == AppointmentStatus.CANCELLED
    assert AuditEvent.objects.filter(action__startswith="guide_appointment_").count() == 3


def test_a_talk_at_home_goes_to_the_applicants_own_address(logged_in, applicant, guide, region, support_point):
    home = AddressFactory(street="Stationsweg", municipality="Eemsdelta")
    BuildingRelationFactory(person=applicant, building=BuildingFactory(address=home))
    at_home = SlotFactory(kind=SlotKind.CASE_GUIDE, staff=guide, region=region, starts_at=at(THU, "10:00"))
    page = logged_in.get("/steunpunten/afspraak/?waar=thuis").text
    assert "Bij mij thuis: Stationsweg" in page
    assert radio_values(page) == [str(at_home.public_id)]
    data = {"waar": "thuis", "slot": str(at_home.public_id)}
    confirm = logged_in.post("/steunpunten/afspraak/", {**data, "stap": "kiezen"}).text
    assert "Bij u thuis: Stationsweg" in confirm
    assert logged_in.post("/steunpunten/afspraak/", {**data, "stap": "bevestigen"}).status_code == 302
    assert GuideAppointment.objects.get().visit_address == home


def test_guide_bad_input_gives_a_dutch_message_and_stores_nothing(logged_in, applicant, support_point, make_guide_slot):
    slot = make_guide_slot(WED, "09:00")
    other_point = SupportPointFactory(hours=[(2, "09:00", "17:00")])
    elsewhere = make_guide_slot(WED, "10:00", support_point=other_point)
    taken = make_guide_slot(WED, "11:00")
    book_guide_appointment(PersonFactory(), taken, by=UserFactory(roles=["Zaakbegeleider"]))
    before = changes()
    point = str(support_point.public_id)
    for data, message, status in (
        ({"waar": point}, "Kies een tijd uit de lijst.", 400),
        ({"waar": point, "slot": str(uuid.uuid4())}, "Deze tijd bestaat niet (meer).", 400),
        ({"waar": point, "slot": str(elsewhere.public_id)}, "Deze tijd kunt u niet kiezen.", 400),
        ({"waar": point, "slot": str(taken.public_id)}, TAKEN, 409),
        ({"waar": point, "slot": str(slot.public_id), "topic": "x" * 201}, "hoogstens 200 tekens", 400),
        ({"waar": point, "slot": str(slot.public_id), "case": "IMG-2025-999999"}, "Kies een van uw zaken", 400),
    ):
        response = no_bsn(logged_in.post("/steunpunten/afspraak/", {**data, "stap": "bevestigen"}))
        assert (response.status_code, message in response.text) == (status, True), data
    assert changes() == before
    wrong_place = logged_in.get("/steunpunten/afspraak/?waar=nergens")
    assert wrong_place.status_code == 400
    assert "Kies een steunpunt uit de lijst, of bij u thuis." in wrong_place.text


def test_an_applicant_not_in_the_register_is_asked_to_call(client, settings):
    settings.DIGID_DEMO_LOGIN = True
    client.post("/inloggen/demo-digid/", {"bsn": "123456782"})
    page = client.get("/steunpunten/afspraak/").text
    assert "Wij kennen u nog niet uit ons register." in page and settings.SCHADELOKET_PHONE in page
    assert "Wij kennen u nog niet uit ons register." in client.get("/afspraken/").text
    assert "123456782" not in page
