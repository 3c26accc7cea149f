"""The objection journey in Debian's Chromium: a resident objects in Mijn Dossier (demo DigiD, by
keyboard); an objection lawyer (password and TOTP) takes it from the work list, records the intake
call, plans a hearing, and decides: well-founded, with a higher amount; the resident then reads the
decision. Every page is checked with axe-core; the BSN never shows in the address bar or the page."""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.objections.models import Objection, Revision
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    BSN,
    applicant,
    decided_case,
    eligible,
    handler,
    media_root,
    no_sampling,
    own_case,
)
from tests.e2e.conftest import accessible, checked, press, staff_login_with_keyboard, tab_to, wait_for_path
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def resident_logs_in(page):
    page.goto("/mijn/")
    press(page, "a[href^='/inloggen/demo-digid/']")
    page.wait_for_selector("input[name=bsn]")
    tab_to(page, "input[name=bsn]")
    page.keyboard.type(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, "/mijn/")


def submit(page, step: str) -> None:
    page.click(f"form[action$='/{step}/'] button[type=submit]")


def test_objection_from_mijn_dossier_to_decision(page, browser, live_server, settings, applicant, decided_case):  # noqa: F811
    settings.DIGID_DEMO_LOGIN = True
    lawyer = UserFactory(username="jurist", first_name="Ellen", last_name="de Vries", roles=["Bezwaarjurist"])
    device = TOTPDevice.objects.create(user=lawyer, name="telefoon", confirmed=True)
    reference = decided_case.reference

    # The resident objects, by keyboard.
    resident_logs_in(page)
    page.goto(f"/mijn/{reference}/")
    press(page, f"a[href='/mijn/{reference}/bezwaar/']")
    wait_for_path(page, f"/mijn/{reference}/bezwaar/")
    checked(page, "bezwaar maken", BSN)
    tab_to(page, "textarea[name=grounds]", limit=80)
    page.keyboard.type("Het bedrag is te laag: de gevel moet helemaal opnieuw.")
    press(page, "button[type=submit].utrecht-button--primary-action")
    page.wait_for_selector("text=Wij hebben uw bezwaar ontvangen")
    objection = Objection.objects.get()
    assert page.locator("#bezwaar-status").inner_text() == "Ontvangen"
    checked(page, "uw bezwaar, ontvangen", BSN)

    # The lawyer, in a browser of their own.
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    staff.set_default_timeout(10_000)
    staff_login_with_keyboard(staff, lawyer, device, next_path="/behandeling/bezwaren/")
    assert staff.get_by_role("heading", level=1).inner_text() == "Werkvoorraad bezwaren"
    accessible(staff, "werkvoorraad bezwaren")
    press(staff, f"a[href='/behandeling/bezwaren/{objection.public_id}/']")
    wait_for_path(staff, f"/behandeling/bezwaren/{objection.public_id}/")
    accessible(staff, "bezwaarpagina")
    assert BSN not in staff.content()

    # The letter entry page (for objections that come by post) is there and accessible too.
    staff.goto("/behandeling/bezwaren/nieuw/")
    accessible(staff, "bezwaarbrief invoeren")
    staff.fill("#id_reference", reference)
    staff.click("button[type=submit].utrecht-button--primary-action")
    staff.wait_for_selector("select[name=objector]")
    accessible(staff, "bezwaarbrief invoeren, stap 2")
    staff.goto(f"/behandeling/bezwaren/{objection.public_id}/")

    # Take it, by keyboard.
    press(staff, "button[name=to_me]")
    staff.wait_for_selector("text=De bezwaarjurist is vastgelegd.")
    assert staff.locator("#eigenaar-naam").inner_text() == "Ellen de Vries"
    accessible(staff, "bezwaarpagina, genomen")

    # The intake call (the contact form is open while there is no contact yet).
    staff.fill("#contact-contacted_on", timezone.localdate().isoformat())
    staff.select_option("#contact-channel", "phone")
    staff.select_option("#contact-outcome", "hearing_wanted")
    staff.fill("#contact-note", "Wil de schade aan de gevel laten zien.")
    submit(staff, "contact")
    staff.wait_for_selector("text=Het contact is vastgelegd.")
    assert "telefoon: indiener wil gehoord worden" in staff.locator("#contact ~ ul").first.inner_text()
    accessible(staff, "bezwaarpagina, contact")

    # Plan the hearing: first without an address for the office (a Dutch message, input kept).
    day = timezone.localdate() + dt.timedelta(days=14)
    staff.click("summary:has-text('Hoorzitting plannen')")
    staff.select_option("#hoorzitting-location_kind", "img_office")
    staff.fill("#hoorzitting-day", day.isoformat())
    staff.fill("#hoorzitting-time", "10:30")
    submit(staff, "hoorzitting")
    staff.wait_for_selector("text=Schrijf het adres van het kantoor op")
    assert staff.input_value("#hoorzitting-day") == day.isoformat()
    accessible(staff, "bezwaarpagina, fout bij hoorzitting")
    staff.fill("#hoorzitting-location_detail", "Groningen, zaal 2")
    submit(staff, "hoorzitting")
    staff.wait_for_selector("text=De hoorzitting is gepland.")
    accessible(staff, "bezwaarpagina, hoorzitting gepland")

    # The resident sees the hearing.
    page.reload()
    assert page.locator("#bezwaar-status").inner_text() == "Hoorzitting gepland"
    assert page.locator("#bezwaar-eigenaar").inner_text() == "Ellen (bezwaarjurist)"
    assert "10:30 uur" in page.locator("#hoorzitting-wanneer").inner_text()
    assert page.locator("#hoorzitting-waar").inner_text() == "Kantoor van het IMG, Groningen, zaal 2"
    checked(page, "uw bezwaar, hoorzitting", BSN)

    # Decide: well-founded, fully granted, so the hearing is no longer needed.
    staff.click("summary:has-text('Beslissen op het bezwaar')")
    staff.select_option("#beslissen-outcome", "well_founded")
    staff.fill("#beslissen-reasons", "De gevel moet helemaal worden hersteld. Daarom krijgt u meer.")
    staff.fill("#beslissen-new_amount", "14.500")
    staff.select_option("#beslissen-no_hearing_reason", "fully_granted")
    submit(staff, "beslissen")
    staff.wait_for_selector("text=De beslissing op bezwaar is genomen.")
    assert staff.locator("#uitkomst").inner_text() == "gegrond"
    staff.screenshot(path=SCREENSHOTS / "objection-staff.png", full_page=True)
    accessible(staff, "bezwaarpagina, beslist")
    revision = Revision.objects.get()
    assert str(revision.difference) == "4500.00" and revision.case.status == "received"
    context.close()

    # The resident reads the decision.
    page.reload()
    assert page.locator("#bezwaar-uitkomst").inner_text() == "Uw bezwaar is gegrond. Dat betekent: u heeft gelijk."
    assert "U krijgt nu in totaal € 14.500. Dat is € 4.500 meer." in page.content()
    page.screenshot(path=SCREENSHOTS / "objection-resident.png", full_page=True)
    checked(page, "uw bezwaar, beslist", BSN)
    with page.expect_download() as download:
        page.click("text=Lees de brief met onze beslissing (PDF)")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    page.goto(f"/mijn/{reference}/")
    assert "Stand van uw bezwaar: beslist." in page.locator("#bezwaar-stand-kort").inner_text()
    checked(page, "zaakpagina met beslissing op bezwaar", BSN)

    # An objection to a case that is not theirs is explained, not dropped.
    page.goto("/mijn/IMG-2025-999999/bezwaar/")
    assert page.get_by_role("heading", level=1).inner_text() == "Bezwaar maken kan hier niet"
    checked(page, "bezwaar tegen een andere zaak", BSN)
