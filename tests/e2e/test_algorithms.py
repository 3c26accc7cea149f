"""The public algorithm register in the browser: no serious accessibility violation (axe-core), and a
keyboard user reaches an algorithm and the legal-basis links inside its decision tables with Tab."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.e2e.conftest import (
    serious_accessibility_violations,
    tab_to,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOT_DIR", tempfile.gettempdir()))


def test_algorithm_list_is_accessible(page):
    page.goto("/algoritmes/")
    assert page.get_by_role("heading", level=1).inner_text() == "Algoritmes van het Schadeloket"
    assert page.get_by_role("link", name="Vaste vergoeding", exact=True).is_visible()
    page.screenshot(path=SCREENSHOTS / "schadeloket-algoritmes.png", full_page=True)
    assert serious_accessibility_violations(page) == []


def test_ves_page_is_accessible(page):
    page.goto("/algoritmes/VES/")
    assert page.get_by_role("heading", level=1).inner_text() == "Vaste vergoeding"
    assert page.get_by_role("table", name="Beslistabel: Vaste vergoeding: bedrag").is_visible()
    page.screenshot(path=SCREENSHOTS / "schadeloket-algoritme-ves.png", full_page=True)
    assert serious_accessibility_violations(page) == []


def test_keyboard_user_reaches_ves_and_the_legal_basis_links_in_its_tables(page):
    page.goto("/algoritmes/")
    tab_to(page, "a[href='/algoritmes/VES/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/algoritmes/VES/")

    # Tab on until the focus is on a legal-basis link inside the first decision table.
    tab_to(page, "table.utrecht-table td a.utrecht-link")
    focused = page.evaluate(
        "() => ({text: document.activeElement.textContent, href: document.activeElement.href,"
        " caption: document.activeElement.closest('table').caption.textContent})"
    )
    assert focused["caption"] == "Beslistabel: Vaste vergoeding: voorwaarden waaraan niet is voldaan"
    assert focused["href"].startswith("https://www.schadedoormijnbouw.nl/")
    assert focused["text"]
    # The focus is visible: our theme draws an outline on :focus-visible.
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
