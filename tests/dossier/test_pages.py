"""Mijn Dossier pages with the Django client: access, what a resident sees, and every action.

Object-level access everywhere (another person's case is a 404 like a missing one), a view event
for every page with personal data, the BSN never in a URL or a page, and a form with an error
comes back with a Dutch message, what was typed, and nothing stored.
"""

import datetime as dt
import io
import os

import pytest
from django.utils import timezone
from PIL import Image

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.services import transition
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.documents.models import Document
from schadeloket.messaging.models import Message
from schadeloket.messaging.services import reply_from_staff
from schadeloket.objections.models import Objection
from schadeloket.satisfaction.models import SatisfactionResponse

from .conftest import BSN, events

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:2000]
    html = response.content.decode()
    assert BSN not in html
    return html


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def upload(name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


# --- access ---------------------------------------------------------------------------------------


def test_without_login_every_page_goes_to_the_login_with_the_way_back(client, own_case):
    for url in ("/mijn/", f"/mijn/{own_case.reference}/", f"/mijn/{own_case.reference}/bezwaar/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/inloggen/?next={url}"


def test_another_persons_case_is_404_like_a_missing_one(applicant_client, own_case, others_case):
    ref = others_case.reference
    for url in (
        f"/mijn/{ref}/",
        f"/mijn/{ref}/zienswijze/",
        f"/mijn/{ref}/bezwaar/",
        f"/mijn/{ref}/tevredenheid/",
        "/mijn/IMG-2025-999999/",
    ):
        assert applicant_client.get(url).status_code == 404, url
    assert applicant_client.post(f"/mijn/{ref}/berichten/", {"text": "hallo"}).status_code == 404
    assert not Message.objects.exists()


def test_the_overview_lists_only_own_cases_and_records_the_view(applicant_client, applicant, own_case, others_case):
    html = page(applicant_client, "/mijn/")
    assert own_case.reference in html and others_case.reference not in html
    assert "Welkom, Anna Dijkstra." in html
    assert "Uiterlijk op" in html
    event = AuditEvent.objects.filter(action="view", object_type="persons.person").latest("sequence")
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert event.object_id == str(applicant.public_id) and event.reason == "mijn dossier: overzicht"


def test_a_resident_not_in_the_register_is_welcomed(client, demo_login_on):
    from .conftest import log_in_applicant

    log_in_applicant(client)  # nobody with this BSN in the register
    html = page(client, "/mijn/")
    assert "Wij kennen u nog niet uit ons register." in html


# --- the case page --------------------------------------------------------------------------------


def test_the_case_page_tells_status_date_and_story_and_records_the_view(applicant_client, applicant, own_case):
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "In behandeling" in html
    assert "Een behandelaar werkt aan uw aanvraag." in html
    day = own_case.deadline
    assert f"Uiterlijk op {day.day} " in html
    assert "Een behandelaar is met uw aanvraag begonnen." in html and "Wij hebben uw aanvraag ontvangen." in html
    assert "Wij hebben volgens de wet 8 weken om te beslissen." in html
    event = events(own_case, "view").latest("sequence")
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert event.reason == "mijn dossier: zaakpagina"


def test_quality_review_shows_as_in_progress(applicant_client, own_case, handler):
    transition(own_case, "send_to_review", actor=handler, expected_version=own_case.version)
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "Wordt getoetst" not in html and "toets" not in html.lower()
    assert "In behandeling" in html


def test_while_waiting_for_the_resident_the_term_stands_still(applicant_client, own_case, handler):
    transition(own_case, "ask_applicant", actor=handler, expected_version=own_case.version, reason="foto's nodig")
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "staat de termijn stil" in html
    assert "Wij wachten op informatie van u." in html
    assert "foto&#x27;s nodig" not in html and "foto's nodig" not in html


def test_an_overdue_case_says_sorry(applicant_client, handler, applicant):
    from .conftest import new_case

    case = new_case(handler, applicant, received_on=dt.date(2020, 1, 6))
    html = page(applicant_client, f"/mijn/{case.reference}/")
    assert "Dat is niet gelukt. Dat spijt ons." in html


# --- decisions, letters, documents ----------------------------------------------------------------


def test_a_decided_case_shows_the_decision_its_explanation_and_the_letter(applicant_client, decided_case):
    final = Decision.objects.get(case=decided_case, kind=DecisionKind.FINAL)
    html = page(applicant_client, f"/mijn/{decided_case.reference}/")
    assert "Het besluit" in html and "U krijgt € 10.000." in html
    assert "Dat komt zo:" in html
    assert "Bezwaar maken" in html and f"{final.objection_period_ends.year}" in html
    letter = Letter.objects.get(decision=final)
    assert f"/mijn/{decided_case.reference}/brieven/{letter.pk}/" in html
    assert "Geef een cijfer" in html


def test_the_letter_downloads_as_pdf_and_is_recorded(applicant_client, decided_case):
    letter = Letter.objects.get(decision__case=decided_case)
    response = applicant_client.get(f"/mijn/{decided_case.reference}/brieven/{letter.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert events(decided_case, "view").latest("sequence").reason == f"mijn dossier: brief {letter.pk} gedownload"


def test_a_letter_of_another_case_is_404_even_with_an_own_reference(applicant_client, own_case, handler, other_person):
    from .conftest import draft_case_for

    foreign = draft_case_for(handler, other_person)
    letter = Letter.objects.get(decision__case=foreign)
    assert applicant_client.get(f"/mijn/{own_case.reference}/brieven/{letter.pk}/").status_code == 404


def test_a_letter_that_does_not_match_its_checksum_is_not_handed_out(applicant_client, decided_case):
    letter = Letter.objects.get(decision__case=decided_case)
    with open(letter.pdf.path, "ab") as handle:
        handle.write(b"tampered")
    response = applicant_client.get(f"/mijn/{decided_case.reference}/brieven/{letter.pk}/")
    assert response.status_code == 503
    assert "Deze brief kunnen wij nu niet laten zien" in response.content.decode()


def test_the_resident_adds_a_photo_and_can_open_it(applicant_client, applicant, own_case):
    response = applicant_client.post(
        f"/mijn/{own_case.reference}/documenten/", {"kind": "photo", "file": upload("gevel.png", png_bytes())}
    )
    assert response.status_code == 302 and response["Location"].endswith("#documenten")
    document = Document.objects.get(case=own_case)
    assert document.kind == "photo" and document.uploaded_by is None
    added = events(own_case, "document_added").get()
    assert added.actor_label == f"applicant:{applicant.public_id}"
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "gevel.png" in html and "Er is een document bij uw dossier gekomen." in html
    opened = applicant_client.get(f"/mijn/{own_case.reference}/documenten/{document.public_id}/")
    assert opened.status_code == 200 and opened["Content-Type"] == "image/png"


def test_a_refused_file_is_told_in_dutch_and_nothing_is_stored(applicant_client, own_case):
    response = applicant_client.post(
        f"/mijn/{own_case.reference}/documenten/", {"kind": "photo", "file": upload("x.zip", b"PK\x03\x04rest")}
    )
    assert response.status_code == 400
    assert "Dit is een ingepakt bestand" in response.content.decode()
    response = applicant_client.post(f"/mijn/{own_case.reference}/documenten/", {"kind": "photo"})
    assert response.status_code == 400 and "Kies een bestand." in response.content.decode()
    response = applicant_client.post(
        f"/mijn/{own_case.reference}/documenten/", {"kind": "letter", "file": upload("a.png", png_bytes())}
    )
    assert response.status_code == 400 and "Kies wat voor document dit is." in response.content.decode()
    assert not Document.objects.exists() and not events(own_case, "document_added").exists()


# --- messages -------------------------------------------------------------------------------------


def test_the_resident_sends_a_message(applicant_client, applicant, own_case):
    response = applicant_client.post(f"/mijn/{own_case.reference}/berichten/", {"text": "  Wanneer komt de opname?  "})
    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    message = Message.objects.get()
    assert message.from_applicant and message.text == "Wanneer komt de opname?"
    assert message.author_person == applicant and message.author_label == "Anna Dijkstra"
    event = events(own_case, "message_from_applicant").get()
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert "opname" not in event.reason  # the text never goes into the audit trail
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "Wanneer komt de opname?" in html and "U heeft ons een bericht gestuurd." in html


def test_an_empty_or_too_long_message_is_refused_and_kept(applicant_client, own_case):
    response = applicant_client.post(f"/mijn/{own_case.reference}/berichten/", {"text": "   "})
    assert response.status_code == 400 and "Schrijf eerst uw bericht." in response.content.decode()
    long_text = "a" * 5001
    response = applicant_client.post(f"/mijn/{own_case.reference}/berichten/", {"text": long_text})
    html = response.content.decode()
    assert response.status_code == 400 and "Uw bericht is te lang" in html and long_text in html
    assert not Message.objects.exists()


def test_a_reply_is_new_until_the_resident_has_seen_it(applicant_client, own_case, handler):
    reply_from_staff(own_case, "De opname is volgende week.", user=handler)
    overview = page(applicant_client, "/mijn/")
    assert "U heeft 1 nieuw bericht." in overview
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "De opname is volgende week." in html and "Bea Jansen (behandelaar)" in html and "nieuw" in html
    assert Message.objects.get().read_at is not None
    event = events(own_case, "view").latest("sequence")
    assert event.changed_fields == ["messages.read_at"] and "1 bericht(en) gelezen" in event.reason
    assert "nieuw bericht" not in page(applicant_client, "/mijn/")


# --- zienswijze -----------------------------------------------------------------------------------


def test_the_resident_reacts_on_the_draft(applicant_client, applicant, draft_case):
    url = f"/mijn/{draft_case.reference}/zienswijze/"
    html = page(applicant_client, url)
    assert "Reactie versturen" in html and "Lees de brief over het ontwerpbesluit (PDF)" in html
    response = applicant_client.post(url, {"text": ""})
    assert response.status_code == 400 and "Schrijf eerst uw reactie." in response.content.decode()
    response = applicant_client.post(url, {"text": "De scheur in de keuken ontbreekt."})
    assert response.status_code == 302
    draft = Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT)
    assert draft.view_text == "De scheur in de keuken ontbreekt." and draft.view_received_at is not None
    assert events(draft_case, "view_received").get().actor_label == f"applicant:{applicant.public_id}"
    html = page(applicant_client, url)
    assert "Wij hebben uw reactie al ontvangen" in html and "Reactie versturen" not in html
    again = applicant_client.post(url, {"text": "Nog iets."})
    assert again.status_code == 400 and "al ontvangen" in again.content.decode()
    assert Decision.objects.get(pk=draft.pk).view_text == "De scheur in de keuken ontbreekt."


def test_after_the_reaction_period_the_resident_is_told_what_still_can(applicant_client, handler, applicant):
    from .conftest import draft_case_for

    case = draft_case_for(handler, applicant, on=timezone.localdate() - dt.timedelta(days=60))
    url = f"/mijn/{case.reference}/zienswijze/"
    assert "Die tijd is voorbij." in page(applicant_client, url)
    response = applicant_client.post(url, {"text": "Te laat?"})
    assert response.status_code == 400 and "Stuur dan een bericht" in response.content.decode()
    assert Decision.objects.get(case=case, kind=DecisionKind.DRAFT).view_received_at is None


def test_a_draft_of_a_process_without_zienswijze_is_not_shown(applicant_client, own_case, handler):
    from schadeloket.decisions.services import draft_from_rules

    draft_from_rules(own_case, actor=handler)
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "ontwerpbesluit" not in html.lower()
    assert "Er is nu geen ontwerpbesluit" in page(applicant_client, f"/mijn/{own_case.reference}/zienswijze/")


# --- bezwaar --------------------------------------------------------------------------------------


def test_an_objection_in_time_gets_a_receipt(applicant_client, applicant, decided_case):
    url = f"/mijn/{decided_case.reference}/bezwaar/"
    html = page(applicant_client, url)
    assert "U kunt bezwaar maken tot en met" in html and "pro-formabezwaar" in html
    response = applicant_client.post(url, {"grounds": "Het bedrag is te laag."})
    objection = Objection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mijn/{decided_case.reference}/bezwaar/{objection.public_id}/"
    assert objection.received_in_time and objection.objector == applicant and objection.channel == "portal"
    receipt = page(applicant_client, response["Location"])
    assert "Wij hebben uw bezwaar ontvangen" in receipt and "Uw bezwaar kwam op tijd binnen." in receipt
    assert "Het bedrag is te laag." in receipt
    event = events(decided_case, "objection_received").get()
    assert "te laag" not in event.reason and event.actor_label == f"applicant:{applicant.public_id}"
    # A second visit to the form goes to the receipt; the case page links it.
    assert applicant_client.get(url)["Location"] == response["Location"]
    assert "Bekijk de ontvangstbevestiging" in page(applicant_client, f"/mijn/{decided_case.reference}/")


def test_a_pro_forma_objection_is_received_too(applicant_client, decided_case):
    response = applicant_client.post(f"/mijn/{decided_case.reference}/bezwaar/", {"grounds": ""})
    assert response.status_code == 302
    assert Objection.objects.get().pro_forma
    assert "U heeft nog geen redenen gegeven." in page(applicant_client, response["Location"])


def test_after_the_term_the_page_explains_and_a_late_objection_is_still_received(applicant_client, decided_case):
    final = Decision.objects.get(case=decided_case, kind=DecisionKind.FINAL)
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=dt.date(2025, 1, 10))
    url = f"/mijn/{decided_case.reference}/bezwaar/"
    html = page(applicant_client, url)
    assert "De termijn om bezwaar te maken is voorbij." in html
    assert "niet-ontvankelijk" in html and "artikel 6:11" in html
    assert "Lees wat u nog kunt doen" in page(applicant_client, f"/mijn/{decided_case.reference}/")
    response = applicant_client.post(url, {"grounds": "Ik lag in het ziekenhuis."})
    objection = Objection.objects.get()
    assert not objection.received_in_time and objection.term_ends == dt.date(2025, 1, 10)
    assert "Uw bezwaar kwam binnen na de termijn." in page(applicant_client, response["Location"])


def test_no_objection_to_a_draft(applicant_client, draft_case):
    url = f"/mijn/{draft_case.reference}/bezwaar/"
    assert "Bezwaar maken kan pas als er een besluit is." in page(applicant_client, url)
    assert applicant_client.post(url, {"grounds": "x"}).status_code == 400
    assert not Objection.objects.exists()


def test_someone_elses_receipt_is_404(applicant_client, decided_case, other_person):
    from schadeloket.cases.models import CaseParty, PartyRole
    from schadeloket.objections.services import register_letter_objection
    from tests.factories import UserFactory

    CaseParty.objects.create(case=decided_case, person=other_person, role=PartyRole.CO_APPLICANT)
    final = Decision.objects.get(case=decided_case, kind=DecisionKind.FINAL)
    theirs = register_letter_objection(
        final,
        grounds="x",
        objector=other_person,
        received_on=timezone.localdate(),
        user=UserFactory(roles=["Bezwaarjurist"]),
    )
    assert applicant_client.get(f"/mijn/{decided_case.reference}/bezwaar/{theirs.public_id}/").status_code == 404


# --- tevredenheid ---------------------------------------------------------------------------------


def test_the_satisfaction_question_only_after_a_decision(applicant_client, own_case):
    assert applicant_client.get(f"/mijn/{own_case.reference}/tevredenheid/").status_code == 404


def test_the_resident_gives_a_score_once(applicant_client, applicant, decided_case):
    url = f"/mijn/{decided_case.reference}/tevredenheid/"
    assert "Welk cijfer geeft u ons?" in page(applicant_client, url)
    response = applicant_client.post(url, {"score": "11", "comment": "Snel geholpen"})
    html = response.content.decode()
    assert response.status_code == 400 and "Kies een cijfer van 1 tot en met 10." in html and "Snel geholpen" in html
    assert not SatisfactionResponse.objects.exists()
    response = applicant_client.post(url, {"score": "8", "comment": "Snel geholpen"})
    assert response.status_code == 302
    answer = SatisfactionResponse.objects.get()
    assert (answer.score, answer.comment, answer.person, answer.scheme_code) == (8, "Snel geholpen", applicant, "VES")
    assert "U gaf ons een 8." in page(applicant_client, url)
    assert "Geef een cijfer" not in page(applicant_client, f"/mijn/{decided_case.reference}/")
    again = applicant_client.post(url, {"score": "3"})
    assert again.status_code == 400 and SatisfactionResponse.objects.get().score == 8


def test_a_letter_whose_file_is_missing_gets_the_same_explanation_not_a_server_error(applicant_client, decided_case):
    letter = Letter.objects.get(decision__case=decided_case)
    os.remove(letter.pdf.path)
    response = applicant_client.get(f"/mijn/{decided_case.reference}/brieven/{letter.pk}/")
    assert response.status_code == 503
    assert "Deze brief kunnen wij nu niet laten zien" in response.content.decode()
