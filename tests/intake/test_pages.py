"""The intake pages with the Django client: each step keeps what was typed when something is wrong,
photos are checked by content, a resident comes back at the same step, a double submit is one case."""

import datetime as dt
import re

import pytest
from freezegun import freeze_time

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.intake.models import ApplicationDraft, DraftPhoto
from schadeloket.register.buildings.models import BuildingKind
from tests.factories import BuildingFactory, PersonFactory

from .conftest import BSN, address_of, jpeg, log_in
from .helpers import polyglot_png, script_as_jpg, upload

pytestmark = pytest.mark.django_db

STEP = "/aanvragen/stap/{}/"


def step(name: str) -> str:
    return STEP.format(name)


def no_bsn(response):
    assert BSN not in response.text
    assert BSN not in response.get("Location", "")


def start(client):
    response = client.post("/aanvragen/")
    assert response.status_code == 302 and response["Location"] == step("adres")


def through(client, building, until: str, *, relation="owner", scheme="AVV", photos=()):
    """Walk the steps with valid answers up to (not including) `until`."""
    start(client)
    order = ["adres", "relatie", "schade", "vragen", "vergelijken", "keuze", "controleren"]
    posts = {
        "adres": {**address_of(building), "action": "next"},
        "relatie": {"relation": relation, "co_owners": "no", "action": "next"},
        "schade": {"description": "Scheur in de muur", "noticed_on": "14-3-2024", "action": "next",
                   "photos": list(photos)},
        "vragen": {"action": "next"},
        "vergelijken": {"action": "next"},
        "keuze": {"scheme": scheme, "action": "next"},
    }  # fmt: skip
    for name in order[: order.index(until)]:
        response = client.post(step(name), posts[name])
        assert response.status_code == 302, (name, response.status_code, response.text[-2000:])
    return client


def confirm_token(client) -> str:
    page = client.get(step("controleren"))
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.text).group(1)


# --- access --------------------------------------------------------------------------------------------


def test_the_intake_needs_a_login_and_comes_back_after_it(client, demo_login_on, resident):
    response = client.get("/aanvragen/stap/schade/")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/aanvragen/stap/schade/"


def test_a_resident_not_in_the_register_gets_a_way_forward(client, demo_login_on, db):
    log_in(client, "123456782")
    response = client.get("/aanvragen/")
    assert response.status_code == 200
    assert "wij kennen u nog niet uit ons register" in response.text
    assert "/keuzehulp/" in response.text
    assert client.post("/aanvragen/").status_code == 200
    assert not ApplicationDraft.objects.exists()


def test_a_later_step_cannot_be_opened_before_the_earlier_ones(applicant_client, owned_home):
    start(applicant_client)
    response = applicant_client.get(step("keuze"))
    assert response.status_code == 302 and response["Location"] == step("adres")
    assert applicant_client.get("/aanvragen/stap/bestaat-niet/").status_code == 404


def test_the_step_list_shows_where_you_are(applicant_client, owned_home):
    through(applicant_client, owned_home, "schade")
    page = applicant_client.get(step("schade"))
    assert page.text.count('aria-current="step"') == 1
    assert re.search(r'<span aria-current="step">3\. Wat is er gebeurd\?</span>', page.text)
    assert f'href="{step("adres")}"' in page.text and f'href="{step("vragen")}"' not in page.text
    assert "<title>Stap 3 van 7: Wat is er gebeurd? – Aanvragen – Schadeloket</title>" in page.text


# --- the whole way -----------------------------------------------------------------------------------------


def test_the_whole_intake_ends_with_a_receipt(applicant_client, owned_home, resident):
    client = through(applicant_client, owned_home, "controleren", photos=[upload("scheur.jpg", jpeg())])
    page = client.get(step("controleren"))
    assert "Aanvullende vaste vergoeding" in page.text and "scheur.jpg" in page.text
    assert page.text.count(">Wijzigen<") == 5
    response = client.post("/aanvragen/versturen/", {"token": confirm_token(client), "truthful": "on"})
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    case = Case.objects.get()
    assert receipt.status_code == 200
    assert case.reference in receipt.text
    assert case.deadline.strftime("%Y") in receipt.text
    assert "Wat gebeurt er nu?" in receipt.text
    assert "8 weken" in receipt.text
    assert f'href="/mijn/{case.reference}/"' in receipt.text
    assert client.get(f"/mijn/{case.reference}/").status_code == 200  # Mijn Dossier knows the new case
    assert case.documents.count() == 1
    no_bsn(receipt)
    # Every write was the resident's, by their public id.
    labels = set(AuditEvent.objects.filter(action__startswith="intake_").values_list("actor_label", flat=True))
    assert labels == {f"applicant:{resident.public_id}"}
    # The start page now offers a new application.
    assert "Begin met uw aanvraag" in client.get("/aanvragen/").text


def test_no_page_shows_the_bsn(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    for name in ["adres", "relatie", "schade", "vragen", "vergelijken", "keuze", "controleren"]:
        page = applicant_client.get(step(name))
        assert page.status_code == 200
        no_bsn(page)


# --- bad input keeps what was typed -------------------------------------------------------------------------


def test_address_a_wrong_postcode_says_what_to_fix_and_keeps_the_input(applicant_client, owned_home):
    start(applicant_client)
    response = applicant_client.post(step("adres"), {"postcode": "0123 A", "house_number": "12b", "action": "next"})
    assert response.status_code == 400
    assert "Vul een postcode in als 1234 AB" in response.text
    assert "Het huisnummer moet een heel getal zijn" in response.text
    assert 'value="0123 A"' in response.text and 'value="12b"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert ApplicationDraft.objects.get().address is None


def test_address_not_in_the_register_keeps_the_input(applicant_client, owned_home):
    start(applicant_client)
    response = applicant_client.post(step("adres"), {"postcode": "9999 ZZ", "house_number": "7", "action": "next"})
    assert response.status_code == 400
    assert "We vinden dit adres niet in ons register" in response.text
    assert 'value="9999 ZZ"' in response.text


def test_an_address_with_several_buildings_asks_which(applicant_client, owned_home):
    shed = BuildingFactory(address=owned_home.address, kind=BuildingKind.SMALL_OBJECT, description="Schuur")
    start(applicant_client)
    data = {**address_of(owned_home), "action": "next"}
    first = applicant_client.post(step("adres"), data)
    assert first.status_code == 200
    assert "staat meer dan één gebouw of object" in first.text
    assert "Schuur" in first.text
    shown = re.search(r'name="buildings_shown" value="(\d+)"', first.text).group(1)
    missing = applicant_client.post(step("adres"), {**data, "buildings_shown": shown})
    assert missing.status_code == 400 and "Kies om welk gebouw het gaat." in missing.text
    chosen = applicant_client.post(step("adres"), {**data, "buildings_shown": shown, "building": str(shed.pk)})
    assert chosen.status_code == 302
    assert ApplicationDraft.objects.get().building == shed


def test_relation_nothing_chosen_or_owner_without_co_owners(applicant_client, owned_home):
    through(applicant_client, owned_home, "relatie")
    nothing = applicant_client.post(step("relatie"), {"action": "next"})
    assert nothing.status_code == 400 and "Kies wat u bent van dit gebouw." in nothing.text
    half = applicant_client.post(step("relatie"), {"relation": "owner", "action": "next"})
    assert half.status_code == 400
    assert "Zeg of er nog andere eigenaren zijn" in half.text
    assert re.search(r'value="owner"[^>]*checked', half.text)
    assert 'href="#id_co_owners_0"' in half.text  # the summary links to the group


def test_relation_that_the_register_does_not_know_goes_on_with_a_note(applicant_client, home):
    through(applicant_client, home, "relatie")
    page = applicant_client.get(step("relatie"))
    assert "In ons register staat u (nog) niet bij dit gebouw." in page.text
    response = applicant_client.post(step("relatie"), {"relation": "owner", "co_owners": "no"}, follow=True)
    assert response.redirect_chain[-1][0] == step("schade")
    assert "U zegt iets anders dan ons register" in response.text
    assert ApplicationDraft.objects.get().needs_register_check


def test_damage_without_a_description_or_with_a_wrong_date_keeps_the_input(applicant_client, owned_home):
    through(applicant_client, owned_home, "schade")
    response = applicant_client.post(step("schade"), {"description": "", "noticed_on": "31-02-2024", "action": "next"})
    assert response.status_code == 400
    assert "Beschrijf kort wat er is gebeurd." in response.text
    assert "Vul een datum in als dag-maand-jaar" in response.text
    assert 'value="31-02-2024"' in response.text
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d-%m-%Y")
    response = applicant_client.post(step("schade"), {"description": "Scheur", "noticed_on": future})
    assert response.status_code == 400 and "in de toekomst" in response.text
    assert "Scheur</textarea>" in response.text


@pytest.mark.parametrize(("make", "says"), [(script_as_jpg, "programmacode"), (polyglot_png, "ander bestand verstopt")])
def test_a_wrong_photo_is_refused_and_the_rest_of_the_step_stays(applicant_client, owned_home, make, says):
    through(applicant_client, owned_home, "schade")
    bad = make()
    response = applicant_client.post(
        step("schade"),
        {
            "description": "Scheur boven de deur",
            "noticed_on": "14-3-2024",
            "photos": [upload("goed.jpg", jpeg()), bad],
            "action": "next",
        },
    )
    assert response.status_code == 400
    assert f"{bad.name}: " in response.text and says in response.text
    assert 'href="#id_photos"' in response.text
    assert "Scheur boven de deur</textarea>" in response.text
    assert 'value="14-03-2024"' in response.text or 'value="14-3-2024"' in response.text
    assert list(DraftPhoto.objects.values_list("original_filename", flat=True)) == ["goed.jpg"]
    assert "goed.jpg" in response.text  # the good one is kept and shown
    draft = ApplicationDraft.objects.get()
    assert draft.answers["damage"]["description"] == "Scheur boven de deur"
    assert draft.step == "schade"


def test_photos_can_be_added_removed_and_seen_only_by_their_owner(applicant_client, owned_home, client):
    through(applicant_client, owned_home, "schade")
    added = applicant_client.post(
        step("schade"), {"description": "Scheur", "photos": [upload("a.jpg", jpeg())], "action": "upload"}, follow=True
    )
    assert added.redirect_chain[-1][0] == step("schade")
    assert "1 foto toegevoegd. Die is gecontroleerd" in added.text
    photo = DraftPhoto.objects.get()
    image = applicant_client.get(f"/aanvragen/foto/{photo.public_id}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "private" in image["Cache-Control"] and "no-store" in image["Cache-Control"]
    # Someone else, logged in, gets 404.
    other = PersonFactory()
    from django.test import Client

    from schadeloket.register.persons.bsn import decrypt_bsn

    stranger = log_in(Client(), decrypt_bsn(other.bsn_encrypted))
    assert stranger.get(f"/aanvragen/foto/{photo.public_id}/").status_code == 404
    removed = applicant_client.post(step("schade"), {"description": "Scheur", "remove_photo": str(photo.public_id)})
    assert removed.status_code == 302 and removed["Location"] == step("schade")
    assert not DraftPhoto.objects.exists()


def test_questions_a_value_that_is_not_offered_is_refused(applicant_client, owned_home):
    through(applicant_client, owned_home, "vragen")
    page = applicant_client.get(step("vragen"))
    assert "Woonde u op 16 augustus 2012 of later op een adres in het aardbevingsgebied?" in page.text
    response = applicant_client.post(step("vragen"), {"ims_volwassene__lived_in_area_since_huizinge": "misschien"})
    assert response.status_code == 400 and "Kies ja, nee of weet ik niet." in response.text
    ok = applicant_client.post(step("vragen"), {"ims_volwassene__lived_in_area_since_huizinge": "yes"})
    assert ok.status_code == 302
    stored = ApplicationDraft.objects.get().answers["questions"]["IMS_VOLWASSENE"]
    assert stored["lived_in_area_since_huizinge"] is True and stored["unsafe_situation"] is None


def test_the_comparison_shows_amount_effort_term_and_what_it_closes_off(applicant_client, owned_home):
    through(applicant_client, owned_home, "vergelijken")
    page = applicant_client.get(step("vergelijken"))
    assert page.status_code == 200
    for label in ("Bedrag", "Wat u moet doen", "Hoe lang het duurt", "Wat deze keuze afsluit", "Nog niet bekend:"):
        assert label in page.text
    assert "€ 10.000" in page.text
    assert "Regelingen die nu niet voor u zijn" in page.text


def test_choice_nothing_or_a_closed_scheme_is_refused(applicant_client, owned_home):
    through(applicant_client, owned_home, "keuze")
    nothing = applicant_client.post(step("keuze"), {"action": "next"})
    assert nothing.status_code == 400 and "Kies een regeling." in nothing.text
    closed = applicant_client.post(step("keuze"), {"scheme": "MESTKELDER", "action": "next"})
    assert closed.status_code == 400 and "kunt u nu niet kiezen" in closed.text
    page = applicant_client.get(step("keuze"))
    assert 'value="MESTKELDER"' not in page.text and 'value="AVV"' in page.text


def test_confirm_without_the_tick_sends_nothing(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    response = applicant_client.post("/aanvragen/versturen/", {"token": confirm_token(applicant_client)})
    assert response.status_code == 400
    assert "Zet een vinkje als alles klopt." in response.text
    assert not Case.objects.exists()


def test_changing_from_the_confirmation_returns_to_it(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    page = applicant_client.get(step("schade") + "?terug=controleren")
    assert 'name="terug" value="controleren"' in page.text
    response = applicant_client.post(
        step("schade"), {"description": "Twee scheuren", "terug": "controleren", "action": "next"}
    )
    assert response["Location"] == step("controleren")
    assert "Twee scheuren" in applicant_client.get(step("controleren")).text


def test_back_saves_what_is_valid_and_goes_back(applicant_client, owned_home):
    through(applicant_client, owned_home, "schade")
    response = applicant_client.post(step("schade"), {"description": "Scheur in de gang", "action": "back"})
    assert response["Location"] == step("relatie")
    assert ApplicationDraft.objects.get().answers["damage"]["description"] == "Scheur in de gang"
    invalid = applicant_client.post(step("schade"), {"description": "", "action": "back"}, follow=True)
    assert "Het is niet bewaard." in invalid.text


# --- coming back ---------------------------------------------------------------------------------------------


def test_after_logging_out_and_in_the_resident_continues_at_the_same_step(applicant_client, owned_home):
    through(applicant_client, owned_home, "schade")
    applicant_client.post(step("schade"), {"description": "Scheur", "action": "upload"})
    applicant_client.post("/uitloggen/")
    response = applicant_client.get("/aanvragen/")
    assert response["Location"] == "/inloggen/?next=/aanvragen/"
    login = applicant_client.post("/inloggen/demo-digid/", {"bsn": BSN, "next": "/aanvragen/"})
    assert login["Location"] == "/aanvragen/"
    start_page = applicant_client.get("/aanvragen/")
    assert "U gaat verder bij stap 3: Wat is er gebeurd?" in start_page.text
    assert f'href="{step("schade")}"' in start_page.text
    page = applicant_client.get(step("schade"))
    assert "Scheur</textarea>" in page.text


def test_an_expired_session_returns_to_the_same_step_after_logging_in(client, demo_login_on, resident, owned_home):
    with freeze_time("2026-03-02 10:00:00") as frozen:
        log_in(client)
        through(client, owned_home, "vragen")
        frozen.tick(dt.timedelta(minutes=16))
        response = client.post(step("vragen"), {"action": "next"})
        assert response.status_code == 302
        assert response["Location"] == "/inloggen/?next=/aanvragen/stap/vragen/"
        back = client.post("/inloggen/demo-digid/", {"bsn": BSN, "next": "/aanvragen/stap/vragen/"})
        assert back["Location"] == step("vragen")
        assert client.get(step("vragen")).status_code == 200
        assert ApplicationDraft.objects.get().step == "vragen"


def test_starting_again_throws_the_draft_away(applicant_client, owned_home):
    through(applicant_client, owned_home, "schade")
    response = applicant_client.post("/aanvragen/opnieuw/", follow=True)
    assert "Uw aanvraag in uitvoering is weggegooid" in response.text
    assert not ApplicationDraft.objects.exists()


# --- exactly once ----------------------------------------------------------------------------------------------


def test_a_double_submit_makes_one_case_and_shows_the_same_receipt(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    token = confirm_token(applicant_client)
    first = applicant_client.post("/aanvragen/versturen/", {"token": token, "truthful": "on"})
    second = applicant_client.post("/aanvragen/versturen/", {"token": token, "truthful": "on"})
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Case.objects.count() == 1
    assert Case.objects.get().reference in applicant_client.get(second["Location"]).text


def test_a_stale_confirmation_page_is_shown_again(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    token = confirm_token(applicant_client)
    applicant_client.post(step("schade"), {"description": "Nog een scheur", "terug": "controleren"})
    response = applicant_client.post("/aanvragen/versturen/", {"token": token, "truthful": "on"}, follow=True)
    assert response.redirect_chain[-1][0] == step("controleren")
    assert "Uw aanvraag is intussen gewijzigd" in response.text
    assert not Case.objects.exists()


def test_someone_elses_receipt_is_404(applicant_client, owned_home):
    through(applicant_client, owned_home, "controleren")
    response = applicant_client.post(
        "/aanvragen/versturen/", {"token": confirm_token(applicant_client), "truthful": "on"}
    )
    from django.test import Client

    other = PersonFactory(bsn="123456782")
    assert other
    stranger = log_in(Client(), "123456782")
    assert stranger.get(response["Location"]).status_code == 404


# --- a case guide acting for the resident -----------------------------------------------------------------------


def test_a_case_guide_acting_for_the_resident_is_named_in_the_audit_trail(client, resident, owned_home):
    from django.utils import timezone

    from schadeloket.identity import services as identity_services
    from schadeloket.identity.models import ConsentMethod
    from schadeloket.identity.session import parse_on_behalf_of
    from tests.backoffice.conftest import log_in as staff_log_in
    from tests.factories import UserFactory

    guide = UserFactory(username="zaakbegeleider", roles=["Zaakbegeleider"])
    staff_log_in(client, guide)
    authorisation = identity_services.record_authorisation(
        case_guide=guide, person=resident, consent_given_on=timezone.localdate(),
        consent_method=ConsentMethod.IN_PERSON, valid_until=timezone.localdate() + dt.timedelta(days=30),
        recorded_by=guide,
    )  # fmt: skip
    client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    through(client, owned_home, "controleren")
    response = client.post("/aanvragen/versturen/", {"token": confirm_token(client), "truthful": "on"})
    assert response.status_code == 302
    submitted = AuditEvent.objects.get(action="intake_submitted")
    assert submitted.actor_id == guide.pk
    assert parse_on_behalf_of(submitted.reason)["person"] == str(resident.public_id)
    assert AuditEvent.objects.get(action="create", object_type="cases.case").actor_id == guide.pk
