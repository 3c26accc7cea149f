"""A resident's intake in Debian's Chromium, by keyboard: demo DigiD login, the address of a home they
own (from the register), who they are, what happened (one photo), the questions, the comparison,
AVV as the choice, the confirmation, and the receipt with the case number. Every page is checked
with axe-core (no serious or critical violations); the BSN never shows in the address bar or a page."""

from urllib.parse import urlparse

import pytest

from schadeloket.cases.models import Case
from tests.e2e.conftest import (
    checked,
    tab_to,
    wait_for_path,
)
from tests.e2e.test_journeys import SCREENSHOTS
from tests.intake.conftest import BSN, address_of, home, jpeg, loppersum, media_root, owned_home, resident  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def next_step(page, path: str):
    tab_to(page, "button[value=next]", limit=80)
    page.keyboard.press("Enter")
    wait_for_path(page, path)


def test_resident_applies_for_avv_by_keyboard(page, settings, resident, owned_home, tmp_path):  # noqa: F811
    settings.DIGID_DEMO_LOGIN = True
    photo = tmp_path / "scheur.jpg"
    photo.write_bytes(jpeg((320, 240)))

    # Not logged in: to the login page, which knows where to come back to.
    page.goto("/aanvragen/")
    assert page.url.endswith("/inloggen/?next=/aanvragen/")
    checked(page, "inloggen", BSN)
    tab_to(page, "a[href^='/inloggen/demo-digid/']")
    page.keyboard.press("Enter")
    wait_for_path(page, "/inloggen/demo-digid/")
    checked(page, "demo-DigiD", BSN)
    tab_to(page, "input[name=bsn]")
    page.keyboard.type(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, "/aanvragen/")
    checked(page, "start", BSN)

    tab_to(page, "button[type=submit].utrecht-button--primary-action")
    page.keyboard.press("Enter")
    wait_for_path(page, "/aanvragen/stap/adres/")
    checked(page, "stap 1", BSN)
    assert page.locator("[aria-current=step]").inner_text() == "1. Adres"

    # Nothing typed: told what to fix, still accessible.
    tab_to(page, "input[name=postcode]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#fouten")
    assert "Vul uw postcode in." in page.inner_text("#fouten")
    checked(page, "stap 1, fouten", BSN)

    typed = address_of(owned_home)
    tab_to(page, "input[name=postcode]")
    page.keyboard.type(typed["postcode"])
    page.keyboard.press("Tab")
    page.keyboard.type(typed["house_number"])
    page.keyboard.press("Enter")
    wait_for_path(page, "/aanvragen/stap/relatie/")
    checked(page, "stap 2", BSN)
    assert "In ons register staat u als eigenaar van dit gebouw." in page.content()

    tab_to(page, "input[name=relation]")
    page.keyboard.press("Space")  # the first option: Eigenaar
    tab_to(page, "input[name=co_owners]")
    page.keyboard.press("Space")  # the first option: Nee, ik ben de enige eigenaar
    assert page.is_checked("input[name=relation][value=owner]")
    assert page.is_checked("input[name=co_owners][value=no]")
    next_step(page, "/aanvragen/stap/schade/")
    checked(page, "stap 3", BSN)

    tab_to(page, "textarea[name=description]")
    page.keyboard.type("Scheur in de muur van de woonkamer, boven de deur.")
    page.set_input_files("input[name=photos]", str(photo))
    next_step(page, "/aanvragen/stap/vragen/")
    checked(page, "stap 4", BSN)

    next_step(page, "/aanvragen/stap/vergelijken/")
    checked(page, "stap 5", BSN)
    assert page.get_by_role("heading", name="Aanvullende vaste vergoeding").is_visible()
    page.screenshot(path=SCREENSHOTS / "intake-compare.png", full_page=True)

    next_step(page, "/aanvragen/stap/keuze/")
    checked(page, "stap 6", BSN)
    tab_to(page, "input[name=scheme]")
    page.keyboard.press("Space")  # AVV comes first: open, € 10.000, alphabetically before VES
    assert page.is_checked("input[name=scheme][value=AVV]")
    next_step(page, "/aanvragen/stap/controleren/")
    checked(page, "stap 7", BSN)
    assert "scheur.jpg" in page.content()

    tab_to(page, "button[type=submit].utrecht-button--primary-action", limit=80)
    page.keyboard.press("Enter")  # without the tick: told, nothing sent
    page.wait_for_selector("#fouten")
    assert not Case.objects.exists()
    checked(page, "stap 7, fouten", BSN)
    tab_to(page, "input[name=truthful]", limit=80)
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit].utrecht-button--primary-action", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path.startswith("/aanvragen/ontvangen/"))
    checked(page, "ontvangstbewijs", BSN)

    case = Case.objects.get()
    assert case.scheme_code == "AVV" and case.building == owned_home
    assert page.locator("#zaaknummer").inner_text() == case.reference
    assert case.documents.count() == 1
    assert page.get_by_role("link", name="Naar Mijn Dossier").get_attribute("href") == f"/mijn/{case.reference}/"
    page.screenshot(path=SCREENSHOTS / "intake-receipt.png", full_page=True)

    # The new case in Mijn Dossier: by keyboard from the receipt, with its status and decision date.
    tab_to(page, f"a[href='/mijn/{case.reference}/']", limit=80)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == f"/mijn/{case.reference}/")
    assert case.reference in page.content()
    assert case.deadline.strftime("%Y") in page.content()  # the expected decision date is shown
    checked(page, "mijn dossier, nieuwe zaak", BSN)
    page.goto("/mijn/")
    assert case.reference in page.content()
    checked(page, "mijn dossier, overzicht", BSN)
