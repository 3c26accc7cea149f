"""A manager's journey through the weekly report in Debian's Chromium, by keyboard: log in with TOTP,
open the report, change the period, download the CSV; and the public dashboard, without login.
Every page is checked with axe-core (no serious or critical violation)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.e2e.conftest import accessible, staff_login_with_keyboard, tab_to
from tests.factories import UserFactory
from tests.reporting.conftest import applicant, fresh_cache, handler, history  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def type_date(page, selector: str, day: dt.date) -> None:
    """Type a date into a date field with the keyboard. Chromium orders the field's parts by its own
    locale (day-month-year or month-day-year), whatever the page's language: type it the Dutch way,
    and the other way round if the field did not take it."""
    for pattern in ("%d%m%Y", "%m%d%Y"):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            while page.evaluate("(s) => document.activeElement.matches(s)", selector):
                page.keyboard.press("Shift+Tab")  # leave the field backwards, to enter it at its first part
            page.keyboard.press("Tab")
        else:
            tab_to(page, selector)
        page.keyboard.type(day.strftime(pattern))
        if page.eval_on_selector(selector, "el => el.value") == day.isoformat():
            return
    raise AssertionError(f"{selector} did not take {day}")


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@pytest.fixture
def recent_cases(history):  # noqa: F811
    """Six VES applications three weeks ago, decided last week; one AVV application still open."""
    today = timezone.localdate()
    received = monday(today) - dt.timedelta(weeks=3)
    for _ in range(6):
        history("VES", received, decide=received + dt.timedelta(weeks=2), amount="10000.00")
    history("AVV", received + dt.timedelta(days=1))
    return received


def test_manager_changes_the_period_by_keyboard_and_downloads_csv(page, recent_cases):
    manager = UserFactory(username="manager", roles=["Manager"])
    device = TOTPDevice.objects.create(user=manager, name="telefoon", confirmed=True)

    staff_login_with_keyboard(page, manager, device, next_path="/medewerkers/rapportage/")
    assert page.get_by_role("heading", level=1).inner_text() == "Weekrapportage"
    assert page.locator("svg[role=img]").count() >= 5
    accessible(page, "weekrapportage")

    # Only the week of receipt: type the dates into the date fields, then submit with Enter.
    start = recent_cases
    end = start + dt.timedelta(days=6)
    type_date(page, "input[name=van]", start)
    type_date(page, "input[name=tot]", end)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: f"van={start:%Y-%m-%d}" in url and f"tot={end:%Y-%m-%d}" in url)
    heading = f"Van maandag {start:%d-%m-%Y} tot en met zondag {end:%d-%m-%Y}"
    assert page.get_by_role("heading", name=heading).is_visible()
    accessible(page, "weekrapportage, andere periode")

    # The table behind the first chart opens with the keyboard and has the week's figures.
    tab_to(page, "figure[aria-labelledby='instroom-caption'] summary")
    page.keyboard.press("Enter")
    table = page.locator("figure[aria-labelledby='instroom-caption'] table")
    assert table.is_visible()
    assert table.locator("tbody tr").count() == 1
    assert table.locator("tbody td").first.inner_text() == "7"
    accessible(page, "weekrapportage, tabel open")

    tab_to(page, "a[href^='/medewerkers/rapportage/export.csv']")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    download = download_info.value
    assert download.suggested_filename == f"weekrapport-{start:%Y%m%d}-{end:%Y%m%d}.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    total = next(row for row in rows if row["regeling"] == "TOTAAL")
    ves = next(row for row in rows if row["regeling"] == "VES")
    assert (total["ingediend"], ves["ingediend"], total["voorraad"]) == ("7", "6", "7")


def test_public_dashboard_is_accessible_without_login(page, recent_cases):
    page.goto("/dashboard/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Dashboard")
    assert "Bijgewerkt op" in page.content()
    assert page.locator("svg[role=img]").count() >= 2  # all schemes, and VES (AVV's one case is suppressed)
    accessible(page, "dashboard")
    page.locator("figure[aria-labelledby='regeling-avv-caption'] summary").click()
    assert "minder dan 5" in page.locator("figure[aria-labelledby='regeling-avv-caption'] table").inner_text()
    accessible(page, "dashboard, tabel open")
