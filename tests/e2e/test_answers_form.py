"""The answers form in Debian's Chromium: a handler fills HEA's questions and a damage row with the
keyboard, a wrong amount is told in Dutch next to its field with the input kept, and the draft
follows from the rules. axe-core finds no serious or critical violation on the form, also with errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.cases.services import open_case, transition
from schadeloket.decisions.models import Decision
from schadeloket.schemes.facts import Facts
from tests.e2e.conftest import (
    accessible,
    staff_login_with_keyboard,
    tab_to,
)
from tests.e2e.test_casework_journey import no_review_needed, private_media  # noqa: F401
from tests.factories import BuildingFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_handler_answers_the_schemes_questions_by_keyboard(page, private_media, monkeypatch):  # noqa: F811
    no_review_needed()
    monkeypatch.setattr(  # the register's answer for this owner (the live server runs in this process)
        "schadeloket.decisions.services.gather_facts",
        lambda *, building, person=None, on_date, pre_registered_avv=False: Facts(
            reference_date=on_date, applicant_is_owner=True
        ),
    )
    user = UserFactory(username="behandelaar", roles=["Behandelaar"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    case = open_case(
        scheme_code="HEA",
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=dt.date(2025, 11, 3),
        actor=user,
    )
    transition(case, "start", actor=user, expected_version=case.version)

    staff_login_with_keyboard(page, user, device, next_path=f"/behandeling/{case.reference}/")
    page.wait_for_selector("text=Vragen voor de regels")
    accessible(page, "zaakpagina met vragen")

    # The first damage row and the quote, by keyboard; the amount mistyped first.
    tab_to(page, "input[name='damage_items-1-description']", limit=200)
    page.keyboard.type("Scheur boven de deur")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # soort schade: the first type (scheur)
    page.keyboard.press("Tab")
    page.keyboard.type("keuken")
    page.keyboard.press("Tab")
    page.keyboard.type("twaalfhonderd")
    page.select_option("select[name=quote_approved]", "yes")
    page.select_option("select[name=contractor_meets_requirements]", "yes")
    tab_to(page, "button[value=draft]", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_selector(".utrecht-form-field-error-message")
    assert "geen bedrag" in page.content()
    assert page.input_value("input[name='damage_items-1-description']") == "Scheur boven de deur"
    assert page.input_value("input[name='damage_items-1-amount']") == "twaalfhonderd"
    accessible(page, "zaakpagina, fout in de vragen")
    assert not Decision.objects.exists()

    page.fill("input[name='damage_items-1-amount']", "1.250,00")
    page.fill("input[name=quote_amount]", "1250")
    page.focus("input[name=quote_amount]")
    page.keyboard.press("Enter")  # Enter submits with the form's first button: save and draft
    page.wait_for_selector("text=Het ontwerpbesluit is gemaakt volgens de regels.")
    draft = Decision.objects.get(case=case)
    assert draft.granted and draft.amount == Decimal("1250.00")
    accessible(page, "zaakpagina, ontwerpbesluit uit de vragen")
