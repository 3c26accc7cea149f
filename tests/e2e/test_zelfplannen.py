"""Zelfplannen in Debian's Chromium, by keyboard only: log in with the demo DigiD login, plan the damage
inspection, then move it; look at the overview, the cancel page, the support points and the page
for a talk with a case guide. Every page is checked with axe-core; the BSN never shows."""

import datetime as dt

import pytest

from schadeloket.cases.services import open_case, transition
from schadeloket.cases.terms import is_working_day
from schadeloket.planning import times
from schadeloket.planning.models import AppointmentStatus, InspectionAppointment, SlotKind
from tests.e2e.conftest import (
    checked,
    press,
    tab_to,
    wait_for_path,
)
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import BuildingFactory, PersonFactory, UserFactory
from tests.planning.factories import RegionFactory, SlotFactory, SupportPointFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BSN = "111222333"


def working_days(start: dt.date, count: int) -> list[dt.date]:
    days, day = [], start
    while len(days) < count:
        if is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@pytest.fixture
def planned(db):
    """A maatwerk case at 'Schade-opname gepland' in region Noord, with free times of inspector Jan."""
    handler = UserFactory(roles=["Behandelaar"])
    applicant = PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")
    region = RegionFactory(code="noord", name="Noord", municipalities=["Eemsdelta"])
    case = open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=applicant,
        received_on=times.today() - dt.timedelta(days=30),
        actor=handler,
    )
    transition(case, "start", actor=handler, expected_version=case.version)
    transition(case, "plan_inspection", actor=handler, expected_version=case.version)
    inspector = UserFactory(roles=["Opnemer"], first_name="Jan")
    first, second = working_days(times.first_self_service_day() + dt.timedelta(days=1), 2)
    slots = [
        SlotFactory(staff=inspector, region=region, starts_at=times.at(day, dt.time(hour)))
        for day in (first, second)
        for hour in (9, 13)
    ]
    point = SupportPointFactory(
        code="loppersum",
        name="Steunpunt Loppersum",
        hours=[(weekday, "09:00", "17:00") for weekday in range(5)],
    )
    guide = UserFactory(roles=["Zaakbegeleider"], first_name="Zoë")
    SlotFactory(
        kind=SlotKind.CASE_GUIDE,
        staff=guide,
        region=None,
        support_point=point,
        starts_at=times.at(first, dt.time(10)),
        ends_at=times.at(first, dt.time(11)),
    )
    return case, slots


def test_resident_plans_and_moves_the_inspection_by_keyboard(page, settings, planned):
    settings.DIGID_DEMO_LOGIN = True
    case, slots = planned
    inspection_url = f"/afspraken/{case.reference}/opname/"

    # Log in with the demo DigiD, by keyboard; the way back travels as ?next=.
    page.goto(inspection_url)
    assert page.url.endswith(f"/inloggen/?next={inspection_url}")
    checked(page, "inloggen", BSN)
    press(page, "a[href^='/inloggen/demo-digid/']")
    page.wait_for_selector("input[name=bsn]")
    checked(page, "demo-DigiD", BSN)
    tab_to(page, "input[name=bsn]")
    page.keyboard.type(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, inspection_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Afspraak voor de schade-opname"
    assert page.get_by_role("group", name="Kies een tijd").is_visible()
    page.screenshot(path=SCREENSHOTS / "zelfplannen-kiezen.png", full_page=True)
    checked(page, "tijd kiezen", BSN)

    # Choose the first free time: Tab into the radio group, Space ticks it, Enter goes on.
    tab_to(page, "input[name=slot]", limit=120)
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Klopt deze afspraak?")
    page.screenshot(path=SCREENSHOTS / "zelfplannen-bevestigen.png", full_page=True)
    checked(page, "bevestigen", BSN)
    assert not InspectionAppointment.objects.exists()
    press(page, "button[value=bevestigen]")
    page.wait_for_selector("text=Uw afspraak voor de schade-opname staat vast")
    booked = InspectionAppointment.objects.get(status=AppointmentStatus.BOOKED)
    assert booked.slot == slots[0]
    assert page.get_by_text("Jan", exact=True).is_visible()
    page.screenshot(path=SCREENSHOTS / "zelfplannen-afspraak.png", full_page=True)
    checked(page, "afspraak staat vast", BSN)

    # Move it: into the radio group, arrow down to the next time, a reason, Verder, confirm.
    tab_to(page, "input[name=slot]", limit=120)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert page.evaluate("document.activeElement.checked")
    tab_to(page, "textarea[name=reason]", limit=20)
    page.keyboard.type("Dan moet ik werken.")
    press(page, "button[value=kiezen]")
    page.wait_for_selector("text=In plaats van")
    checked(page, "verplaatsen bevestigen", BSN)
    press(page, "button[value=bevestigen]")
    page.wait_for_selector("text=Uw afspraak is verplaatst naar")
    booked.refresh_from_db()
    assert (booked.status, booked.cancel_reason) == (AppointmentStatus.MOVED, "Dan moet ik werken.")
    moved = InspectionAppointment.objects.get(status=AppointmentStatus.BOOKED)
    assert str(moved.slot.public_id) == chosen and moved.moved_from == booked
    checked(page, "verplaatst", BSN)

    # The cancel page asks first (not used here), then back to the overview of appointments.
    press(page, f"a[href='{inspection_url}afzeggen/']")
    page.wait_for_selector("text=Weet u zeker dat u deze afspraak wilt afzeggen?")
    checked(page, "afzeggen", BSN)
    press(page, f"a[href='{inspection_url}']")
    wait_for_path(page, inspection_url)
    press(page, "a[href='/afspraken/']")
    wait_for_path(page, "/afspraken/")
    assert case.reference in page.content()
    checked(page, "mijn afspraken", BSN)

    # A talk with a case guide: the page with the nearest support point's free times.
    press(page, "a[href='/steunpunten/afspraak/']")
    wait_for_path(page, "/steunpunten/afspraak/")
    assert page.get_by_role(
        "heading", name="Vrije tijden: Steunpunt Loppersum, Kerkstraat 1, 9919 AA Loppersum"
    ).is_visible()
    page.screenshot(path=SCREENSHOTS / "gesprek-zaakbegeleider.png", full_page=True)
    checked(page, "gesprek zaakbegeleider", BSN)
    press(page, "a[href='/steunpunten/']")
    wait_for_path(page, "/steunpunten/")
    assert page.get_by_role("table", name="Openingstijden: Steunpunt Loppersum").is_visible()
    page.screenshot(path=SCREENSHOTS / "steunpunten.png", full_page=True)
    checked(page, "steunpunten", BSN)
    assert InspectionAppointment.objects.filter(status=AppointmentStatus.BOOKED).count() == 1
