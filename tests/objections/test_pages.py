"""The pages: the lawyers' work list, the letter entry, the objection page with its forms (only for
objection lawyers and administrators, every view audited, bad input answered in Dutch with what was
typed kept), and what the resident sees in Mijn Dossier."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import Decision
from schadeloket.objections.models import Objection
from schadeloket.objections.services import (
    assign_owner,
    decide_objection,
    plan_hearing,
    register_letter_objection,
    request_repair,
    submit_objection,
)
from tests.backoffice.conftest import log_in
from tests.dossier.conftest import BSN, applicant_request
from tests.factories import UserFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


@pytest.fixture
def lawyer_client(lawyer):
    return log_in(Client(), lawyer)


def objection_url(objection, step=""):
    return f"/behandeling/bezwaren/{objection.public_id}/" + (f"{step}/" if step else "")


# --- access -----------------------------------------------------------------------------------------


def test_only_objection_lawyers_and_admins_see_the_pages(objection, handler, client):
    urls = ("/behandeling/bezwaren/", objection_url(objection))
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/medewerkers/inloggen/")
    log_in(client, handler)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(objection_url(objection, "contact"), {"version": 1}).status_code == 403
    admin = log_in(Client(), UserFactory(username="beheer", roles=["Beheerder"]))
    assert admin.get(objection_url(objection)).status_code == 200
    assert admin.get("/behandeling/bezwaren/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_every_view_of_an_objection_is_audited(objection, lawyer, lawyer_client, applicant):
    html = page(lawyer_client, objection_url(objection))
    assert "Anna Dijkstra" in html and "U bekijkt persoonsgegevens" in html
    assert BSN not in html
    event = AuditEvent.objects.filter(action="view", object_type="objections.objection").get()
    assert event.object_id == str(objection.public_id) and event.actor_label == "jurist"
    assert event.reason == "bezwaarpagina"


# --- the work list ----------------------------------------------------------------------------------


def test_the_work_list_is_ordered_by_deadline_and_filters_mine(lawyer, lawyer_client, final, applicant, other_person):
    from schadeloket.cases.models import CaseParty, PartyRole

    first = submit_objection(final, grounds="Te laag.", request=applicant_request())
    CaseParty.objects.create(case=final.case, person=other_person, role=PartyRole.CO_APPLICANT)
    # A letter received 20 days ago after the term had ended: its decision term ends first.
    received_on = timezone.localdate() - dt.timedelta(days=20)
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=received_on - dt.timedelta(days=1))
    final.refresh_from_db()
    second = register_letter_objection(
        final, grounds="Ook te laag.", objector=other_person, received_on=received_on, user=lawyer
    )
    assert second.deadline < first.deadline
    html = page(lawyer_client, "/behandeling/bezwaren/")
    assert html.index(str(second.public_id)) < html.index(str(first.public_id))
    assert "2 bezwaren" in html and "te laat" in html
    assign_owner(first, lawyer, actor=lawyer, expected_version=first.version)
    mine = page(lawyer_client, "/behandeling/bezwaren/?wie=mine")
    assert str(first.public_id) in mine and str(second.public_id) not in mine
    unassigned = page(lawyer_client, "/behandeling/bezwaren/?wie=unassigned")
    assert str(second.public_id) in unassigned and str(first.public_id) not in unassigned


# --- the letter entry ---------------------------------------------------------------------------------


def test_a_letter_is_entered_in_two_steps_with_its_scan(lawyer_client, final, applicant):
    html = page(lawyer_client, "/behandeling/bezwaren/nieuw/")
    assert "zaaknummer" in html.lower()
    response = lawyer_client.post("/behandeling/bezwaren/nieuw/", {"reference": "IMG-1999-000001"})
    assert response.status_code == 400 and "Er is geen zaak met dit nummer" in response.content.decode()
    assert 'value="IMG-1999-000001"' in response.content.decode()  # what was typed stays
    response = lawyer_client.post("/behandeling/bezwaren/nieuw/", {"reference": final.case.reference.lower()})
    html = response.content.decode()
    assert response.status_code == 200 and "Anna Dijkstra (aanvrager)" in html
    assert "Iemand anders (geen partij bij de zaak)" in html

    data = {
        "reference": final.case.reference,
        "objector": "other",
        "received_on": timezone.localdate().isoformat(),
        "grounds": "De buurman schrijft.",
    }
    response = lawyer_client.post("/behandeling/bezwaren/nieuw/", data)
    html = response.content.decode()
    assert response.status_code == 400 and "geen partij bij zaak" in html and "De buurman schrijft." in html
    assert not Objection.objects.exists()

    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    data.update(objector=str(applicant.public_id), grounds="Het bedrag is te laag.", attachment=pdf)
    response = lawyer_client.post("/behandeling/bezwaren/nieuw/", data)
    objection = Objection.objects.get()
    assert response.status_code == 302 and response["Location"] == objection_url(objection)
    assert objection.channel == "letter" and objection.attachments.get().document.kind == "letter"


def test_a_letter_for_a_case_without_a_decision_is_explained(lawyer_client, own_case):
    response = lawyer_client.post("/behandeling/bezwaren/nieuw/", {"reference": own_case.reference})
    assert response.status_code == 400 and "nog geen besluit genomen" in response.content.decode()


# --- the objection page's forms -------------------------------------------------------------------------


def test_taking_the_objection_and_recording_an_intake_contact(objection, lawyer, lawyer_client):
    response = lawyer_client.post(objection_url(objection, "eigenaar"), {"version": objection.version, "to_me": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#eigenaar")
    objection = fresh(objection)
    assert objection.owner == lawyer
    # Bad input: a Dutch message at the field, what was typed kept, nothing stored.
    response = lawyer_client.post(
        objection_url(objection, "contact"),
        {
            "version": objection.version,
            "contacted_on": "31-02-2026",
            "channel": "phone",
            "outcome": "clarified",
            "note": "Gebeld over de scheuren.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Vul een geldige datum in" in html and "Gebeld over de scheuren." in html
    assert not objection.contacts.exists()
    response = lawyer_client.post(
        objection_url(objection, "contact"),
        {
            "version": objection.version,
            "contacted_on": timezone.localdate().isoformat(),
            "channel": "phone",
            "outcome": "clarified",
            "note": "Gebeld over de scheuren.",
        },
    )
    assert response.status_code == 302 and objection.contacts.get().note == "Gebeld over de scheuren."


def test_a_stale_form_is_refused_and_keeps_its_text(owned, lawyer, lawyer_client):
    stale = owned.version
    assign_owner(owned, UserFactory(roles=["Bezwaarjurist"]), actor=lawyer, expected_version=owned.version)
    assign_owner(fresh(owned), lawyer, actor=lawyer, expected_version=fresh(owned).version)
    response = lawyer_client.post(
        objection_url(owned, "beslissen"),
        {"version": stale, "outcome": "unfounded", "reasons": "Mijn lange motivering.", "no_hearing_reason": "waived"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "Iemand anders heeft dit bezwaar net gewijzigd" in html
    assert "Mijn lange motivering." in html and f'value="{fresh(owned).version}"' in html
    assert fresh(owned).outcome == ""


def test_deciding_through_the_page(owned, lawyer_client):
    response = lawyer_client.post(
        objection_url(owned, "beslissen"),
        {
            "version": owned.version,
            "outcome": "well_founded",
            "reasons": "U heeft gelijk.",
            "new_amount": "€ 12.000",
            "no_hearing_reason": "fully_granted",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("#beslissing")
    html = page(lawyer_client, objection_url(owned))
    assert "gegrond" in html and "Brief met de beslissing op bezwaar (PDF)" in html
    assert "Vervolgzaak" in html and "€ 2.000" in html
    assert "<strong>Beslissing op bezwaar</strong>" in html  # the history shows the audit events


def test_planning_a_hearing_with_a_wrong_place_keeps_what_was_typed(owned, lawyer_client):
    day = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    response = lawyer_client.post(
        objection_url(owned, "hoorzitting"),
        {"version": owned.version, "location_kind": "img_office", "location_detail": "", "day": day, "time": "10:30"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "adres van het kantoor" in html and f'value="{day}"' in html
    response = lawyer_client.post(
        objection_url(owned, "hoorzitting"),
        {
            "version": owned.version,
            "location_kind": "img_office",
            "location_detail": "Groningen, zaal 2",
            "day": day,
            "time": "10:30",
        },
    )
    assert response.status_code == 302 and owned.hearings.get().location_detail == "Groningen, zaal 2"


def test_an_unknown_step_is_404(owned, lawyer_client):
    assert lawyer_client.post(objection_url(owned, "weggooien"), {"version": owned.version}).status_code == 404


# --- Mijn Dossier -----------------------------------------------------------------------------------------


def test_the_resident_sees_status_owner_hearing_and_decision(applicant_client, owned, lawyer, final):
    url = f"/mijn/{final.case.reference}/bezwaar/{owned.public_id}/"
    html = page(applicant_client, url)
    assert "In behandeling" in html and "Ellen (bezwaarjurist)" in html and "de Vries" not in html
    assert "Wij beslissen uiterlijk op" in html
    starts = (timezone.localtime() + dt.timedelta(days=9)).replace(hour=14, minute=0, second=0, microsecond=0)
    plan_hearing(owned, location_kind="video", starts_at=starts, actor=lawyer, expected_version=owned.version)
    html = page(applicant_client, url)
    assert "Hoorzitting gepland" in html and "14:00 uur" in html and "Beeldbellen (video)" in html
    case_html = page(applicant_client, f"/mijn/{final.case.reference}/")
    assert "Stand van uw bezwaar: hoorzitting gepland." in case_html and "14:00 uur" in case_html

    decide_objection(
        fresh(owned),
        outcome="well_founded",
        new_amount="15000",
        reasons="U heeft gelijk.",
        no_hearing_reason="fully_granted",
        actor=lawyer,
        expected_version=fresh(owned).version,
    )
    html = page(applicant_client, url)
    assert "Uw bezwaar is gegrond. Dat betekent: u heeft gelijk." in html
    assert "U krijgt nu in totaal € 15.000. Dat is € 5.000 meer." in html
    assert "Lees de brief met onze beslissing (PDF)" in html and "Rechtbank Noord-Nederland" in html
    letter = fresh(owned).decision_letter
    response = applicant_client.get(f"/mijn/{final.case.reference}/documenten/{letter.public_id}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_resident_sends_the_grounds_of_a_pro_forma_objection(applicant_client, applicant, final, lawyer):
    objection = submit_objection(final, grounds="", request=applicant_request())
    assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    request_repair(
        fresh(objection),
        kind="grounds",
        description="Schrijf waarom u het niet eens bent.",
        actor=lawyer,
        expected_version=fresh(objection).version,
    )
    case_html = page(applicant_client, f"/mijn/{final.case.reference}/")
    assert "Wij hebben iets nodig voor uw bezwaar" in case_html
    url = f"/mijn/{final.case.reference}/bezwaar/{objection.public_id}/"
    html = page(applicant_client, url)
    assert "Wij hebben iets van u nodig" in html and "Schrijf waarom u het niet eens bent." in html
    response = applicant_client.post(url + "gronden/", {"grounds": ""})
    assert response.status_code == 400 and "Schrijf eerst uw redenen." in response.content.decode()
    response = applicant_client.post(url + "gronden/", {"grounds": "De scheur is nieuw."})
    assert response.status_code == 302
    assert fresh(objection).grounds == "De scheur is nieuw." and fresh(objection).status == "in_progress"
    assert "Wij hebben iets nodig voor uw bezwaar" not in page(applicant_client, f"/mijn/{final.case.reference}/")


def test_an_objection_to_someone_elses_case_is_explained_not_dropped(applicant_client, others_case):
    for reference in (others_case.reference, "IMG-2025-999999"):
        response = applicant_client.get(f"/mijn/{reference}/bezwaar/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "alleen bezwaar maken tegen een besluit over uw eigen zaak" in html and "Postbus 40009" in html
        assert applicant_client.post(f"/mijn/{reference}/bezwaar/", {"grounds": "x"}).status_code == 404
    assert not Objection.objects.exists()


def test_the_portal_objection_takes_an_attachment(applicant_client, final):
    pdf = SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    response = applicant_client.post(
        f"/mijn/{final.case.reference}/bezwaar/", {"grounds": "Zie bijlage.", "attachment": pdf}
    )
    assert response.status_code == 302
    assert Objection.objects.get().attachments.get().document.original_filename == "foto.pdf"
    bad = SimpleUploadedFile("x.exe", b"MZ not a pdf")
    Objection.objects.all().delete()
    response = applicant_client.post(
        f"/mijn/{final.case.reference}/bezwaar/", {"grounds": "Mijn tekst.", "attachment": bad}
    )
    assert response.status_code == 400 and "Mijn tekst." in response.content.decode()
    assert not Objection.objects.exists()


def test_the_staff_home_page_links_the_work_list_for_lawyers_only(lawyer_client, handler):
    assert "/behandeling/bezwaren/" in page(lawyer_client, "/medewerkers/")
    assert "/behandeling/bezwaren/" not in page(log_in(Client(), handler), "/medewerkers/")
