"""An objection lawyer codes an objection by keyboard in Debian's Chromium and sees it in the report:
log in with TOTP, open the list of texts to code (oldest first), open her own objection, read the
grounds, tick two categories with the space bar, first forget one (a Dutch error, nothing lost),
save, and find the counts in the report's table behind the chart. Every page passes axe-core."""

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.grounds.models import GroundsCoding
from schadeloket.objections.services import assign_owner, register_letter_objection
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    applicant,
    decided_case,
    eligible,
    handler,
    media_root,
    no_sampling,
    own_case,
)
from tests.e2e.conftest import accessible, staff_login_with_keyboard, tab_to, wait_for_path
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GROUNDS = "De vergoeding is te laag en de opnemer heeft de scheur in de schuur niet bekeken."


def test_objection_lawyer_codes_by_keyboard_and_sees_the_report(page, decided_case, applicant):  # noqa: F811
    lawyer = UserFactory(username="jurist", first_name="Jet", last_name="de Vries", roles=["Bezwaarjurist"])
    device = TOTPDevice.objects.create(user=lawyer, name="telefoon", confirmed=True)
    final = Decision.objects.get(case=decided_case, kind=DecisionKind.FINAL)
    objection = register_letter_objection(
        final, grounds=GROUNDS, objector=applicant, received_on=timezone.localdate(), user=lawyer
    )
    # She takes the objection: only its own objection lawyer codes its grounds.
    objection = assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)

    # Log in with the keyboard: password and a code from the phone.
    staff_login_with_keyboard(page, lawyer, device, next_path="/behandeling/gronden/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gronden coderen"
    assert "Nog te coderen: 1" in page.content()
    accessible(page, "lijst te coderen")

    # Open the objection from the list.
    tab_to(page, "a.grounds-code-link")
    page.keyboard.press("Enter")
    wait_for_path(page, f"/behandeling/gronden/bezwaar/{objection.public_id}/")
    assert GROUNDS in page.locator("blockquote.grounds-text").inner_text()
    accessible(page, "bezwaar coderen")

    # "Anders" without a note: told what to fix, the ticks kept.
    tab_to(page, "input[value=other]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("#fouten")
    assert "Schrijf in de notitie kort waar de gronden over gaan." in page.locator("#fouten").inner_text()
    assert page.locator("input[value=other]").is_checked()
    page.screenshot(path=SCREENSHOTS / "grounds-code-error.png", full_page=True)
    accessible(page, "bezwaar coderen, met fout")
    assert not GroundsCoding.objects.exists()

    # Untick "Anders", tick amount and inspection, save.
    tab_to(page, "input[value=amount]")
    page.keyboard.press("Space")
    tab_to(page, "input[value=inspection]")
    page.keyboard.press("Space")
    tab_to(page, "input[value=other]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    wait_for_path(page, "/behandeling/gronden/")
    assert "De gronden van zaak" in page.content()
    assert "Alles is gecodeerd" in page.content()
    coding = GroundsCoding.objects.get(objection=objection)
    assert sorted(coding.codes.values_list("category", flat=True)) == ["amount", "inspection"]
    accessible(page, "lijst na coderen")

    # The report: the link in the sub-menu, then the table behind the chart.
    tab_to(page, "a[href='/medewerkers/gronden/']")
    page.keyboard.press("Enter")
    wait_for_path(page, "/medewerkers/gronden/")
    table = page.locator("#tabel-categorie")
    amount_row = table.locator("tr", has_text="Hoogte van het bedrag")
    assert amount_row.locator("td").all_inner_texts() == ["1", "0"]
    inspection_row = table.locator("tr", has_text="Schade-opname en advies")
    assert inspection_row.locator("td").all_inner_texts() == ["1", "0"]
    share_row = page.locator("#tabel-aandeel tr", has_text="VES")
    assert share_row.locator("td").all_inner_texts()[:3] == ["1", "1", "100,0%"]
    assert page.locator("svg#grafiek-gronden").get_attribute("role") == "img"
    page.screenshot(path=SCREENSHOTS / "grounds-report.png", full_page=True)
    accessible(page, "rapport gronden")
