"""A handler's journey through the case work pages in Debian's Chromium, by keyboard where a person
would: log in with TOTP, register an application by BSN at the counter, start it, let the rules
decide, finalize (the letter appears), order the payment, export the SEPA file and mark it paid.
Every page visited is checked with axe-core; the BSN never shows in the address bar or the page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.cases.models import Case
from schadeloket.decisions.models import DecisionKind
from schadeloket.payment_orders.models import PaymentStatus
from tests.choice_help.conftest import loppersum  # noqa: F401  (fixture)
from tests.e2e.conftest import (
    accessible,
    staff_login_with_keyboard,
    tab_to,
)
from tests.e2e.test_journeys import SCREENSHOTS
from tests.factories import BuildingFactory, BuildingRelationFactory, PersonFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

BSN = "111222333"
IBAN = "NL91ABNA0417164300"


@pytest.fixture
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def no_review_needed():
    from schadeloket.sampling.models import SamplingPolicy

    SamplingPolicy.objects.update(
        new_handler_count=0, random_share=Decimal("0"), amount_threshold=Decimal("1000000000"), review_deviations=False
    )


def check_no_bsn(page):
    assert BSN not in page.url
    assert BSN not in page.content()


def test_handler_journey_from_new_case_to_paid_decision(page, loppersum, private_media):  # noqa: F811
    no_review_needed()
    user = UserFactory(username="behandelaar", first_name="Bea", last_name="Jansen", roles=["Behandelaar"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    person = PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")
    building = BuildingFactory(construction_year=1930, floor_area_m2=120)
    BuildingRelationFactory(person=person, building=building, valid_from=dt.date(1995, 1, 1))

    # Log in with the keyboard: password and a code from the phone.
    staff_login_with_keyboard(page, user, device, next_path="/behandeling/")
    assert page.get_by_role("heading", level=1).inner_text() == "Werkvoorraad"
    accessible(page, "werkvoorraad")

    # A new application at the counter: the BSN is POSTed, never in the URL.
    tab_to(page, "a[href='/behandeling/nieuw/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/behandeling/nieuw/")
    accessible(page, "nieuwe aanvraag")
    tab_to(page, "input[name=bsn]")
    page.keyboard.type("111 222 333")
    page.keyboard.press("Enter")
    page.wait_for_selector("input[name=building]")
    check_no_bsn(page)
    assert "*****2333" in page.content()
    accessible(page, "nieuwe aanvraag, stap 2")
    tab_to(page, "input[name=building]")
    page.keyboard.press("Space")
    page.select_option("select[name=scheme]", "VES")
    tab_to(page, "button[type=submit].utrecht-button--primary-action")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Aanvraag geregistreerd als zaak")
    case = Case.objects.get()
    assert page.url.endswith(f"/behandeling/{case.reference}/")
    check_no_bsn(page)
    assert page.locator("#zaakstatus").inner_text() == "Ontvangen"
    accessible(page, "zaakpagina, nieuw")

    # Start: "In behandeling nemen".
    page.get_by_role("button", name="In behandeling nemen").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De stap is gezet.")
    assert page.locator("#zaakstatus").inner_text() == "In behandeling"

    # The rules decide; the draft shows its explanation and trace.
    page.get_by_role("button", name="Besluit volgens de regels maken").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Het ontwerpbesluit is gemaakt volgens de regels.")
    assert "Uitleg voor de aanvrager" in page.content()
    page.wait_for_selector("text=Ontvangen → In behandeling")  # the timeline came in after the page
    page.screenshot(path=SCREENSHOTS / "casework-case-draft.png", full_page=True)
    accessible(page, "zaakpagina, ontwerpbesluit")

    page.get_by_role("button", name="Besluit definitief maken").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Het besluit is genomen.")
    assert page.locator("#zaakstatus").inner_text() == "Besluit genomen"
    assert page.locator("#brieven + ul a").count() == 1  # the letter appears
    final = case.decisions.get(kind=DecisionKind.FINAL)
    assert final.granted and final.amount > 0
    accessible(page, "zaakpagina, besluit")

    # The payment order: a wrong IBAN first, told in Dutch, the input kept.
    page.fill("input[name=iban]", "NL00ABNA0417164300")
    page.focus("input[name=iban]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".utrecht-form-field-error-message")
    assert page.input_value("input[name=iban]") == "NL00ABNA0417164300"
    accessible(page, "zaakpagina, fout IBAN")
    page.fill("input[name=iban]", IBAN)
    page.focus("input[name=iban]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=De betaalopdracht is gemaakt.")
    assert "klaar om te betalen" in page.content()

    # Export the SEPA batch and mark it paid.
    page.goto("/behandeling/betalingen/")
    assert case.reference in page.content()
    accessible(page, "betalingen")
    page.get_by_role("button", name="Betaalbestand maken").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Betaalbestand")
    batch = final.payment_orders.get().batch
    assert batch is not None
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Bestand {batch.message_id} downloaden (pain.001)").click()
    assert download.value.suggested_filename == f"{batch.message_id}.xml"
    page.get_by_role("button", name=f"Markeer {batch.message_id} als betaald").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("text=zaken staan nu op Betaald")
    accessible(page, "betalingen, betaald")
    assert final.payment_orders.get().status == PaymentStatus.PAID

    page.goto(f"/behandeling/{case.reference}/")
    assert page.locator("#zaakstatus").inner_text() == "Betaald"
    page.screenshot(path=SCREENSHOTS / "casework-case-paid.png", full_page=True)
    accessible(page, "zaakpagina, betaald")

    page.goto("/behandeling/")
    page.screenshot(path=SCREENSHOTS / "casework-work-list.png", full_page=True)
    check_no_bsn(page)
    assert timezone.localdate()  # the case is paid, so it stays on the list until closed
    assert case.reference in page.content()
