"""Outreach in Debian's Chromium, by keyboard only: a member of the Communicatie team logs in with
TOTP, goes from the staff home to the campaigns, opens the list after an earthquake with its table
per municipality, then the silent-victims list with names (core area first), and records the day the
letters went out. Every page is checked with axe-core; viewing the names leaves an audit event."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.outreach import services
from schadeloket.outreach.models import CampaignEntry
from schadeloket.register.earthquakes.models import Earthquake
from tests.e2e.conftest import accessible, press, staff_login_with_keyboard, tab_to, wait_for_path
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import UserFactory
from tests.outreach.conftest import ON, core_area, loppersum, register, staff  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def make_campaigns(user):
    silent = services.create_silent_campaign(
        scheme_code="AVV", pc4_from="9900", pc4_to="9999", actor=user, on_date=ON, name="AVV rond Loppersum"
    )
    services.build_campaign(silent.pk)
    after = services.start_after_earthquake(Earthquake.objects.get(knmi_key="test-huizinge"), actor=user)
    services.build_campaign(after.pk)
    silent.refresh_from_db()
    after.refresh_from_db()
    return silent, after


def test_outreach_journey_by_keyboard(page, register):  # noqa: F811
    user = UserFactory(username="communicatie", first_name="Cor", last_name="Veenstra", roles=["Communicatie"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    silent, after = make_campaigns(user)

    staff_login_with_keyboard(page, user, device)

    press(page, "a[href='/medewerkers/campagnes/']")
    wait_for_path(page, "/medewerkers/campagnes/")
    assert page.get_by_role("heading", level=1).inner_text() == "Campagnes"
    accessible(page, "campagnes")

    # The list after the earthquake, with its table per municipality.
    press(page, f"a[href='/medewerkers/campagnes/{after.public_id}/']")
    wait_for_path(page, f"/medewerkers/campagnes/{after.public_id}/")
    table = page.locator("#municipality-table")
    assert table.locator("caption").inner_text() == "Adressen die de beving bereikte, per gemeente"
    eemsdelta = table.locator("tbody tr", has_text="Eemsdelta")
    in_eemsdelta = CampaignEntry.objects.filter(campaign=after, municipality="Eemsdelta").count()
    assert eemsdelta.locator("td").first.inner_text() == str(in_eemsdelta)
    assert table.locator("tfoot td").first.inner_text() == str(after.address_count) == "7"
    page.screenshot(path=SCREENSHOTS / "outreach-after-earthquake.png", full_page=True)
    accessible(page, "lijst na een beving, per gemeente")

    # Back to all campaigns, then the silent-victims list with names.
    press(page, "a[href='/medewerkers/campagnes/']")
    wait_for_path(page, "/medewerkers/campagnes/")
    press(page, f"a[href='/medewerkers/campagnes/{silent.public_id}/']")
    wait_for_path(page, f"/medewerkers/campagnes/{silent.public_id}/")
    accessible(page, "campagne stille gedupeerden")
    press(page, f"a[href='/medewerkers/campagnes/{silent.public_id}/adressen/']")
    wait_for_path(page, f"/medewerkers/campagnes/{silent.public_id}/adressen/")
    rows = page.locator("#entries-table tbody tr")
    assert rows.count() == 4
    assert "Bakker" in rows.nth(0).inner_text()  # the core area first
    assert "Visser" in rows.nth(1).inner_text()
    page.screenshot(path=SCREENSHOTS / "outreach-list.png", full_page=True)
    accessible(page, "lijst met namen en adressen")
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_id=str(silent.public_id), actor_id=user.pk
    ).exists()

    # Record the day the letters went out (today, already filled in).
    press(page, f"a[href='/medewerkers/campagnes/{silent.public_id}/']")
    wait_for_path(page, f"/medewerkers/campagnes/{silent.public_id}/")
    tab_to(page, "form[action$='/verstuurd/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De verzenddatum is vastgelegd.")
    assert page.locator("#conversion").inner_text() == "0,0%"
    accessible(page, "campagne na verzending")
