"""Browser journey: a resident uses /keuzehulp/ with the keyboard only; axe-core finds nothing serious."""

import pytest

from tests.choice_help.conftest import loppersum  # noqa: F401 (fixture)
from tests.e2e.conftest import (
    serious_accessibility_violations,
    tab_to,
)
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_choice_help_by_keyboard_and_accessible(page, loppersum):  # noqa: F811
    address = AddressFactory(postcode="9919AB", house_number=12, street="Kerkstraat")
    building = BuildingFactory(address=address, construction_year=1950)
    BuildingRelationFactory(building=building, person=PersonFactory(surname="Zwartsenberg"))

    page.goto("/keuzehulp/")
    assert page.get_by_role("heading", level=1).inner_text() == "Keuzehulp: welke regeling past bij u?"
    assert serious_accessibility_violations(page) == []

    # A wrong postcode first: the message is in Dutch, the typed value stays, still accessible.
    tab_to(page, "input[name=postcode]")
    page.keyboard.type("0919 AB")
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Enter")
    page.wait_for_selector("#form-errors")
    assert "Vul een postcode in als 1234 AB" in page.inner_text("#form-errors")
    assert page.input_value("input[name=postcode]") == "0919 AB"
    assert serious_accessibility_violations(page) == []

    page.fill("input[name=postcode]", "")
    tab_to(page, "input[name=postcode]")
    page.keyboard.type("9919 AB")
    tab_to(page, "button[type=submit].utrecht-button--primary-action")
    page.keyboard.press("Enter")
    page.wait_for_selector("#results")
    text = page.inner_text("#results")
    assert "Vaste vergoeding" in text
    assert "Zwartsenberg" not in page.content()
    assert "postcode=9919" in page.url

    page.screenshot(path=SCREENSHOTS / "schadeloket-keuzehulp.png", full_page=True)

    # The explanation opens with the keyboard.
    tab_to(page, "details summary")
    page.keyboard.press("Enter")
    assert page.locator("details").first.evaluate("d => d.open")
    assert serious_accessibility_violations(page) == []
