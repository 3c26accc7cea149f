"""Browser fixtures: one Debian Chromium per session (never a downloaded browser), axe-core checks."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django_otp.oath import TOTP

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test itself
# (creating users, reading audit events) are still synchronous and safe here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# The password every UserFactory user gets (tests/factories.py).
PASSWORD = "een-lang-wachtwoord-123"
CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium (/usr/bin/chromium) is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_accessibility_violations(page) -> list[str]:
    """Run axe-core on the current page; return the serious and critical violations, readable."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (node_modules/axe-core)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"])
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def wait_for_path(page, path: str) -> None:
    """Wait until the page is at `path`. A glob such as "**/mijn/" would already match the login
    page's "?next=/mijn/", before the browser has gone anywhere."""
    page.wait_for_url(lambda url: urlsplit(url).path == path)


def tab_to(page, selector: str, limit: int = 120) -> int:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would.

    Returns the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
    raise AssertionError(f"{selector} never received the focus with Tab")


def press(page, selector: str) -> None:
    """Tab to the element and press Enter."""
    tab_to(page, selector)
    page.keyboard.press("Enter")


def accessible(page, name: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    violations = serious_accessibility_violations(page)
    assert violations == [], f"{name}: {violations}"


def checked(page, name: str, secret: str) -> None:
    """Accessible, and `secret` (a BSN) is neither in the address bar nor on the page."""
    accessible(page, name)
    assert secret not in page.url
    assert secret not in page.content()


def token(device, offset: int = 0) -> str:
    """The code the staff member's phone shows now for this TOTPDevice; `offset` makes a wrong one."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{(generator.token() + offset) % 1_000_000:06d}"


def staff_login_with_keyboard(
    page, user_or_username, device, *, next_path: str | None = "/medewerkers/", expect_path: str | None = None
) -> None:
    """Log a staff member in as a keyboard user would: Tab to the username, type it, Tab to the
    password, Tab to the code from the phone, Enter. Waits until the browser is at `expect_path`
    (by default `next_path`, or the staff home when there is no `next_path`)."""
    username = getattr(user_or_username, "username", user_or_username)
    page.goto("/medewerkers/inloggen/" + (f"?next={next_path}" if next_path else ""))
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(token(device))
    page.keyboard.press("Enter")
    wait_for_path(page, expect_path or next_path or "/medewerkers/")
