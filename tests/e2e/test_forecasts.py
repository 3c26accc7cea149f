"""Forecasts and costs in Debian's Chromium, by keyboard, each page checked with axe-core:

- a manager logs in, opens the forecast page from the staff home, reads the chart's table, changes
  the AVV capacity (a 0 is refused in Dutch, what was typed stays), and sees the queue follow;
- a resident sees their place in the queue next to the legal date on Mijn Dossier;
- a handler records time on a case, and the manager reads the cost page.
"""

import datetime as dt

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.costs.models import TimeEntry
from schadeloket.forecasts.models import QueuePosition, WeeklyCapacity
from schadeloket.forecasts.selectors import monday_of
from schadeloket.forecasts.services import refresh_queue_positions
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    BSN,
    applicant,
    eligible,
    handler,
    media_root,
    no_sampling,
    own_case,
)
from tests.e2e.conftest import accessible, checked, press, staff_login_with_keyboard, tab_to, wait_for_path
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import QueueCaseFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _tasks_inline(tasks_inline):
    """The capacity form recomputes the queue through a task: run it inline (see tests/conftest.py)."""


def log_in_staff(page, user, next_path: str) -> None:
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    staff_login_with_keyboard(page, user, device, next_path=next_path)


def test_a_manager_reads_the_forecast_and_changes_a_capacity(page):
    for day in range(5):
        QueueCaseFactory(received_on=dt.date(2025, 3, 3) + dt.timedelta(days=day))
    manager = UserFactory(username="manager", first_name="Mira", last_name="de Vries", roles=["Manager"])

    log_in_staff(page, manager, "/medewerkers/")
    press(page, "a[href='/medewerkers/prognose/']")
    wait_for_path(page, "/medewerkers/prognose/")
    assert page.get_by_role("heading", level=1).inner_text() == "Prognose: voorraad, rij en herstel"
    assert page.get_by_role("img", name="Verwachte voorraad AVV per week").is_visible()
    accessible(page, "prognose")

    # The table behind the chart opens with the keyboard.
    press(page, "details.forecast-details > summary")
    assert page.locator("#prognose-tabel").is_visible()
    page.screenshot(path=SCREENSHOTS / "forecast-page.png", full_page=True)

    # A capacity of 0 is refused in Dutch; the note typed stays.
    tab_to(page, "#capaciteit-decisions_per_week")
    page.keyboard.press("Control+A")
    page.keyboard.type("0")
    tab_to(page, "#capaciteit-note")
    page.keyboard.type("extra team")
    page.keyboard.press("Enter")
    wait_for_path(page, "/medewerkers/prognose/capaciteit/")
    assert page.get_by_text("De capaciteit moet minstens 1 besluit per week zijn.").is_visible()
    assert page.locator("#capaciteit-note").input_value() == "extra team"
    accessible(page, "prognose, capaciteit fout")
    assert not WeeklyCapacity.objects.exists()

    # Two a week: the five AVV cases now spread over three weeks.
    tab_to(page, "#capaciteit-decisions_per_week")
    page.keyboard.press("Control+A")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    wait_for_path(page, "/medewerkers/prognose/")
    assert page.get_by_text("De capaciteit is opgeslagen.").is_visible()
    row = page.locator("#prognose-overzicht tr", has_text="Aanvullende vaste vergoeding")
    assert "2" in row.locator("td").nth(3).inner_text()
    accessible(page, "prognose na wijziging")
    monday = monday_of(timezone.localdate())
    weeks = sorted(QueuePosition.objects.values_list("expected_week", flat=True))
    assert weeks == [monday, monday, monday + dt.timedelta(weeks=1), monday + dt.timedelta(weeks=1),
                     monday + dt.timedelta(weeks=2)]  # fmt: skip


def test_a_resident_sees_their_place_in_the_queue(page, settings, own_case):  # noqa: F811
    settings.DIGID_DEMO_LOGIN = True
    QueueCaseFactory(scheme_code="VES", received_on=own_case.received_on - dt.timedelta(days=3))
    refresh_queue_positions()

    page.goto("/inloggen/demo-digid/?next=/mijn/")
    tab_to(page, "input[name=bsn]")
    page.keyboard.type(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, "/mijn/")
    press(page, f"a[href='/mijn/{own_case.reference}/'].dossier-more")
    wait_for_path(page, f"/mijn/{own_case.reference}/")
    text = page.locator("#besluitdatum").inner_text()
    assert text.startswith("Uiterlijk op")
    assert "U bent nummer 2 in de rij voor deze regeling. Dit is een schatting." in text
    press(page, "details.dossier-forecast-help > summary")
    assert page.get_by_text("Het nummer is uw plaats in de rij").is_visible()
    page.screenshot(path=SCREENSHOTS / "dossier-queue-position.png", full_page=True)
    checked(page, "mijn dossier met plaats in de rij", BSN)


def test_a_handler_records_time_and_the_manager_reads_the_costs(page, own_case, handler):  # noqa: F811
    log_in_staff(page, handler, f"/behandeling/{own_case.reference}/")
    press(page, f"a[href='/behandeling/{own_case.reference}/tijd/']")
    wait_for_path(page, f"/behandeling/{own_case.reference}/tijd/")
    accessible(page, "tijd vastleggen")
    tab_to(page, "#id_activity")
    page.keyboard.press("Tab")
    page.keyboard.type("90")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De tijd is vastgelegd.")
    assert "In totaal 1,50 uur" in page.locator("#tijd-totaal").inner_text()
    accessible(page, "tijd vastgelegd")
    assert TimeEntry.objects.get().minutes == 90

    page.context.clear_cookies()
    manager = UserFactory(username="manager", roles=["Manager"])
    log_in_staff(page, manager, "/medewerkers/kosten/")
    row = page.locator("#kosten-per-regeling tbody tr", has_text="VES")
    assert row.locator("td").nth(0).inner_text() == "1,50"
    assert page.get_by_text("DEMOWAARDE", exact=False).first.is_visible()
    accessible(page, "behandelkosten")
