"""Correcting recorded time in Debian's Chromium, keyboard only, each page checked with axe-core:
a handler opens the time page of a case, follows "Corrigeren" on their own entry, types more minutes
than the entry had (refused in Dutch, what was typed stays), then the right figure, and sees the
history (original, replacement, reason) and the corrected total."""

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.costs.models import EntryKind, TimeEntry
from tests.casework.conftest import (  # noqa: F401  (fixtures)
    applicant,
    eligible,
    handler,
    make_case,
    media_root,
    no_sampling,
)
from tests.e2e.conftest import accessible, press, tab_to, wait_for_path
from tests.e2e.test_forecasts import log_in_staff
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import TimeEntryFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SUBMIT = "form[action$='/corrigeren/'] button[type=submit]"


def test_a_handler_corrects_their_own_time_by_keyboard(page, make_case, handler):  # noqa: F811
    case = make_case("VES")
    entry = TimeEntryFactory(case=case, staff=handler, recorded_by=handler, minutes=45, worked_on=case.received_on)
    time_page = f"/behandeling/{case.reference}/tijd/"
    correction_page = f"{time_page}{entry.public_id}/corrigeren/"

    log_in_staff(page, handler, time_page)
    accessible(page, "tijd met een regel")
    press(page, f"a[href='{correction_page}']")
    wait_for_path(page, correction_page)
    assert "45" in page.locator("#te-corrigeren").inner_text()
    accessible(page, "tijd corrigeren")

    # Replace, with more minutes than the entry had: refused in Dutch, what was typed stays.
    tab_to(page, "#id_action_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    tab_to(page, "#id_reason")
    page.keyboard.type("45 getypt, het was 15")
    press(page, SUBMIT)
    page.wait_for_selector("text=Vul hoogstens 45 minuten in")
    assert page.locator("#id_minutes").input_value() == "50"
    assert page.locator("#id_reason").input_value() == "45 getypt, het was 15"
    assert page.locator("#id_action_0").is_checked()
    accessible(page, "tijd corrigeren, fout")
    assert TimeEntry.objects.count() == 1

    tab_to(page, "#id_minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("15")
    press(page, SUBMIT)
    wait_for_path(page, time_page)
    page.wait_for_selector("text=De correctie is vastgelegd.")
    assert "In totaal 0,25 uur" in page.locator("#tijd-totaal").inner_text()
    replacement = TimeEntry.objects.get(kind=EntryKind.REPLACEMENT)
    row = page.locator(f"#regel-{replacement.public_id}").inner_text()
    assert "Vervangt de regel van" in row and "Reden: 45 getypt, het was 15" in row
    assert "Gecorrigeerd: telt niet meer mee." in page.locator(f"#regel-{entry.public_id}").inner_text()
    page.screenshot(path=SCREENSHOTS / "time-correction.png", full_page=True)
    accessible(page, "tijd gecorrigeerd")
    assert TimeEntry.objects.filter(corrects=entry).count() == 2
    assert AuditEvent.objects.filter(action="time_corrected", object_id=case.reference).count() == 1
