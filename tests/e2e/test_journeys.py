"""Browser journeys: the start page, and a staff member who logs in with the keyboard only and
looks up a person by BSN. Every page visited is checked with axe-core (no serious or critical
violations) and the BSN must never show up in the address bar or in full on the page."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.audit.models import AuditAction, AuditEvent
from tests.e2e.conftest import (
    PASSWORD,
    accessible,
    serious_accessibility_violations,
    staff_login_with_keyboard,
    tab_to,
    token,
    wait_for_path,
)
from tests.factories import BuildingRelationFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BSN = "111222333"
# Screenshots to look at by eye (the system temp folder unless E2E_SCREENSHOT_DIR is set).
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOT_DIR", tempfile.gettempdir()))


def wait_until_device_accepts_codes(device: TOTPDevice) -> None:
    for _ in range(100):
        device.refresh_from_db()
        if device.verify_is_allowed()[0]:
            return
        time.sleep(0.05)
    raise AssertionError("the device stayed locked")


def test_start_page(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.get_by_role("heading", level=1).inner_text() == "Schade door de gaswinning? Wij helpen u."
    # NL Design System CSS is really loaded: the header gets our dark blue background.
    background = page.evaluate("getComputedStyle(document.querySelector('.schadeloket-header')).backgroundColor")
    assert background == "rgb(21, 66, 115)"
    page.screenshot(path=SCREENSHOTS / "schadeloket-start.png", full_page=True)
    assert serious_accessibility_violations(page) == []


def test_staff_logs_in_with_the_keyboard_and_finds_a_person_by_bsn(page):
    user = UserFactory(username="behandelaar", first_name="Bea", last_name="Jansen", roles=["Behandelaar"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    person = PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")
    BuildingRelationFactory(person=person)

    page.goto("/")
    tab_to(page, "a[href='/medewerkers/inloggen/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/medewerkers/inloggen/")

    # First a wrong code: the error is shown in Dutch and the page stays accessible.
    tab_to(page, "input[name=username]")
    page.keyboard.type("behandelaar")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(token(device, offset=1))
    page.keyboard.press("Enter")
    page.wait_for_selector("#login-errors")
    assert "De code klopt niet of is verlopen." in page.inner_text("#login-errors")
    assert serious_accessibility_violations(page) == []

    # Then the right one, once django-otp's short lock after a wrong code is over (as a person
    # retyping would take longer than that anyway).
    wait_until_device_accepts_codes(device)
    tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(token(device))
    page.keyboard.press("Enter")
    page.wait_for_url("**/medewerkers/")
    assert page.get_by_role("heading", level=1).inner_text() == "Welkom, Bea Jansen"
    page.screenshot(path=SCREENSHOTS / "schadeloket-staff-home.png", full_page=True)
    assert serious_accessibility_violations(page) == []
    # The links are grouped by task; a case handler gets no management links.
    assert page.get_by_role("heading", level=2, name="Mijn werk").is_visible()
    assert page.get_by_role("link", name="Weekrapportage").count() == 0

    tab_to(page, "input[name=bsn]")
    page.keyboard.type("111 222 333")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/medewerkers/personen/{person.public_id}/")
    assert BSN not in page.url and "111" not in page.url.replace(str(person.public_id), "")
    assert page.get_by_role("heading", level=1).inner_text() == "Anna Dijkstra"
    content = page.content()
    assert "*****2333" in content
    assert BSN not in content
    page.screenshot(path=SCREENSHOTS / "schadeloket-person.png", full_page=True)
    assert serious_accessibility_violations(page) == []
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, actor_id=user.pk).count() == 1


def test_invalid_bsn_search_is_explained_on_the_page(page):
    user = UserFactory(username="behandelaar2", roles=["Behandelaar"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    page.goto("/medewerkers/inloggen/")
    page.fill("input[name=username]", "behandelaar2")
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=otp_token]", token(device))
    page.keyboard.press("Enter")
    page.wait_for_url("**/medewerkers/")
    page.fill("input[name=bsn]", "123")
    page.keyboard.press("Enter")
    page.wait_for_selector(".utrecht-form-field-error-message")
    assert "Een BSN heeft 9 cijfers." in page.inner_text(".utrecht-form-field-error-message")
    assert serious_accessibility_violations(page) == []


def test_a_manager_finds_the_weekly_report_on_the_staff_home_with_the_keyboard(page):
    """The grouped staff home: headings per task, each link with a line of explanation, no serious
    accessibility problem, and a link reached and followed with Tab and Enter only."""
    manager = UserFactory(username="manager", first_name="Mira", last_name="de Vries", roles=["Manager"])
    device = TOTPDevice.objects.create(user=manager, name="telefoon", confirmed=True)
    staff_login_with_keyboard(page, manager, device, next_path=None)

    headings = page.get_by_role("heading", level=2).all_inner_texts()
    assert headings[:3] == ["Mijn werk", "Sturen en verantwoorden", "Bewoners bereiken"]
    group = page.locator("section", has=page.get_by_role("heading", level=2, name="Sturen en verantwoorden"))
    assert group.get_by_role("link", name="Weekrapportage").is_visible()
    assert "Instroom, voorraad, doorlooptijd en bedragen per regeling, per week." in group.inner_text()
    assert page.get_by_role("link", name="Naar het beheer").count() == 0
    page.screenshot(path=SCREENSHOTS / "schadeloket-staff-home-manager.png", full_page=True)
    accessible(page, "medewerkers: start (manager)")

    tab_to(page, "a[href='/medewerkers/rapportage/']")
    page.keyboard.press("Enter")
    wait_for_path(page, "/medewerkers/rapportage/")
    assert page.get_by_role("heading", level=1).inner_text() == "Weekrapportage"
