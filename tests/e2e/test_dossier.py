"""A resident's journey through Mijn Dossier in Debian's Chromium, by keyboard: log in with the demo
DigiD login, see the case with its timeline, download the letter, react on the draft decision
(zienswijze), send a message; then object to a decided case (receipt) and give a score. Every page
is checked with axe-core; the BSN never shows in the address bar or the page."""

import pytest

from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.messaging.models import Message
from schadeloket.objections.models import Objection
from schadeloket.satisfaction.models import SatisfactionResponse
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    BSN,
    applicant,
    decided_case,
    draft_case_for,
    eligible,
    handler,
    media_root,
    no_sampling,
    own_case,
)
from tests.e2e.conftest import (
    checked,
    press,
    tab_to,
    wait_for_path,
)
from tests.e2e.test_journeys import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_resident_follows_reacts_and_writes_in_mijn_dossier(page, settings, handler, applicant, decided_case):  # noqa: F811
    settings.DIGID_DEMO_LOGIN = True
    draft_case = draft_case_for(handler, applicant)

    # Log in with the demo DigiD, by keyboard; the way back to /mijn/ travels as ?next=.
    page.goto("/mijn/")
    assert page.url.endswith("/inloggen/?next=/mijn/")
    checked(page, "inloggen", BSN)
    press(page, "a[href^='/inloggen/demo-digid/']")
    page.wait_for_selector("input[name=bsn]")
    checked(page, "demo-DigiD", BSN)
    tab_to(page, "input[name=bsn]")
    page.keyboard.type(BSN)
    page.keyboard.press("Enter")
    wait_for_path(page, "/mijn/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn Dossier"
    assert page.get_by_text("Welkom, Anna Dijkstra.").is_visible()
    checked(page, "overzicht", BSN)

    # The case with the draft decision: status, legal date, timeline.
    press(page, f"a[href='/mijn/{draft_case.reference}/'].dossier-more")
    page.wait_for_url(f"**/mijn/{draft_case.reference}/")
    assert page.locator("#status").inner_text() == "Ontwerpbesluit: uw reactie (zienswijze)"
    assert page.locator("#besluitdatum").inner_text().startswith("Uiterlijk op")
    timeline = page.locator(".dossier-timeline").inner_text()
    assert "Wij hebben een ontwerpbesluit gemaakt." in timeline and "Wij hebben uw aanvraag ontvangen." in timeline
    page.screenshot(path=SCREENSHOTS / "dossier-case-draft.png", full_page=True)
    checked(page, "zaakpagina", BSN)

    # Download the letter about the draft.
    letter = Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT).letters.get()
    with page.expect_download() as download:
        press(page, f"a[href='/mijn/{draft_case.reference}/brieven/{letter.pk}/']")
    assert download.value.suggested_filename.startswith(f"{draft_case.reference}-")
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # React on the draft (zienswijze): first empty (a Dutch message), then for real.
    press(page, f"a[href='/mijn/{draft_case.reference}/zienswijze/']")
    page.wait_for_url("**/zienswijze/")
    checked(page, "zienswijze", BSN)
    press(page, "button[type=submit].utrecht-button--primary-action")
    page.wait_for_selector(".utrecht-alert--error")
    assert "Schrijf eerst uw reactie." in page.content()
    checked(page, "zienswijze, fout", BSN)
    tab_to(page, "textarea[name=text]", limit=80)
    page.keyboard.type("De scheur in de keuken staat er niet in.")
    press(page, "button[type=submit].utrecht-button--primary-action")
    page.wait_for_selector("text=Wij hebben uw reactie ontvangen.")
    assert Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT).view_text.startswith("De scheur")
    checked(page, "zaakpagina, na zienswijze", BSN)

    # A message to the case handler.
    tab_to(page, "#bericht-text", limit=120)
    page.keyboard.type("Wanneer hoor ik meer?")
    press(page, f"form[action='/mijn/{draft_case.reference}/berichten/'] button[type=submit]")
    page.wait_for_selector("text=Uw bericht is verstuurd.")
    assert Message.objects.get().text == "Wanneer hoor ik meer?"
    assert "Wanneer hoor ik meer?" in page.locator(".messaging-thread").inner_text()
    checked(page, "zaakpagina, bericht", BSN)

    # The decided case: object (a receipt), then the satisfaction question.
    page.goto(f"/mijn/{decided_case.reference}/")
    checked(page, "zaakpagina, besluit", BSN)
    press(page, f"a[href='/mijn/{decided_case.reference}/bezwaar/']")
    page.wait_for_url("**/bezwaar/")
    checked(page, "bezwaar", BSN)
    tab_to(page, "textarea[name=grounds]", limit=80)
    page.keyboard.type("Het bedrag is te laag voor de schade.")
    press(page, "button[type=submit].utrecht-button--primary-action")
    page.wait_for_selector("text=Wij hebben uw bezwaar ontvangen")
    assert Objection.objects.get().received_in_time
    checked(page, "ontvangstbevestiging", BSN)

    page.goto(f"/mijn/{decided_case.reference}/tevredenheid/")
    checked(page, "tevredenheid", BSN)
    tab_to(page, "input[name=score]", limit=80)
    page.keyboard.press("Space")  # the first score; arrow keys move through the ten
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    press(page, "button[type=submit].utrecht-button--primary-action")
    page.wait_for_selector("text=Dank u wel voor uw cijfer.")
    assert SatisfactionResponse.objects.get().score == 8
    checked(page, "zaakpagina, na cijfer", BSN)
