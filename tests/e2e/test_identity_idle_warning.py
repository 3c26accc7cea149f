"""In Chromium: demo DigiD login, then the idle-timeout warning: announced, focused, kept with the keyboard.

The timeout is shortened to seconds for this test only; the pages are checked with axe-core.
"""

import pytest

from tests.e2e.conftest import (
    serious_accessibility_violations,
    wait_for_path,
)
from tests.factories import PersonFactory
from tests.identity.conftest import BSN

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_demo_login_and_the_idle_warning_with_the_keyboard(page, settings):
    settings.DIGID_DEMO_LOGIN = True
    settings.APPLICANT_IDLE_TIMEOUT = 8
    settings.APPLICANT_IDLE_WARNING = 6  # the warning comes about 2 seconds after a page loads
    PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")

    page.goto("/mijn/")
    assert page.url.endswith("/inloggen/?next=/mijn/")
    assert serious_accessibility_violations(page) == []
    page.get_by_role("link", name="Inloggen met demo-DigiD").click()
    page.get_by_label("Burgerservicenummer (BSN)").fill("111222334")
    page.get_by_role("button", name="Inloggen").click()
    assert "de controle (elfproef) klopt niet" in page.content()
    assert page.get_by_label("Burgerservicenummer (BSN)").input_value() == "111222334"
    assert serious_accessibility_violations(page) == []
    page.get_by_label("Burgerservicenummer (BSN)").fill(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, "/mijn/")
    assert BSN not in page.url
    assert page.get_by_text("Welkom, Anna Dijkstra.").is_visible()

    warning = page.locator("#sessie-waarschuwing")
    warning.wait_for(state="visible")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Ingelogd blijven"
    page.wait_for_function("document.getElementById('sessie-melding').textContent.includes('niets gedaan')")
    assert serious_accessibility_violations(page) == []

    page.keyboard.press("Enter")  # stay logged in
    warning.wait_for(state="hidden")
    page.wait_for_function("document.getElementById('sessie-melding').textContent === 'U blijft ingelogd.'")

    # Do nothing now: the warning comes back, then says the session has ended and offers a new login.
    page.get_by_role("link", name="Opnieuw inloggen").wait_for(state="visible", timeout=20_000)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Opnieuw inloggen"
    page.reload()
    assert page.url.endswith("/inloggen/?next=/mijn/")
    assert "U was 15 minuten niet actief." in page.content()
