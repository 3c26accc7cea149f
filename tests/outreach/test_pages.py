"""The staff pages under /medewerkers/campagnes/: who may see what, what a view of names leaves in the
audit trail, letters sent and the conversion afterwards, the mail-house file and the letter PDF, and
bad input told in Dutch."""

import csv
import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from django.test import Client
from django.utils import timezone

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.cases.services import open_case
from schadeloket.outreach import services
from schadeloket.outreach.models import Campaign, CampaignStatus
from schadeloket.outreach.selectors import conversion
from tests.dossier.conftest import log_in_applicant
from tests.factories import PersonFactory
from tests.outreach.conftest import ON, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def campaign(register, outreach_user, django_capture_on_commit_callbacks) -> Campaign:
    with django_capture_on_commit_callbacks(execute=True):
        made = services.create_silent_campaign(
            scheme_code="AVV", pc4_from="9900", pc4_to="9999", actor=outreach_user, on_date=ON
        )
    made.refresh_from_db()
    assert made.status == CampaignStatus.READY
    return made


def url(campaign, suffix=""):
    return f"/medewerkers/campagnes/{campaign.public_id}/{suffix}"


def views_of(campaign):
    return AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="outreach.campaign", object_id=str(campaign.public_id)
    )


# --- access -------------------------------------------------------------------------------------


def test_anonymous_is_sent_to_the_login(campaign):
    for path in ("/medewerkers/campagnes/", url(campaign), url(campaign, "adressen/")):
        response = Client().get(path)
        assert response.status_code == 302 and response["Location"].startswith("/medewerkers/inloggen/")


def test_a_resident_logged_in_with_digid_never_gets_in(campaign, settings):
    settings.DIGID_DEMO_LOGIN = True
    PersonFactory(bsn="111222333", surname="Visser")
    client = log_in_applicant(Client(), "111222333")
    for path in ("/medewerkers/campagnes/", url(campaign, "adressen/"), url(campaign, "adressen.csv")):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/medewerkers/inloggen/")
    assert not views_of(campaign).exists()


@pytest.mark.parametrize("role", ["Behandelaar", "Zaakbegeleider", "Toetser", "Bezwaarjurist", "Opnemer", "Aannemer"])
def test_other_roles_are_refused(campaign, role):
    client, _user = client_for(role)
    for path in (
        "/medewerkers/campagnes/",
        "/medewerkers/campagnes/nieuw/",
        "/medewerkers/campagnes/na-beving/",
        url(campaign),
        url(campaign, "adressen/"),
        url(campaign, "adressen.csv"),
        url(campaign, "brief/1/"),
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(url(campaign, "verstuurd/"), {"sent_on": "2025-11-02"}).status_code == 403
    assert not views_of(campaign).exists()


def test_a_manager_sees_the_figures_but_no_names(campaign):
    client, _user = client_for("Manager")
    page = client.get(url(campaign))
    assert page.status_code == 200
    assert "Visser" not in page.text
    assert "De namen en adressen ziet alleen het team Communicatie" in page.text
    assert client.get(url(campaign, "adressen/")).status_code == 403
    assert client.get(url(campaign, "adressen.csv")).status_code == 403
    assert client.get("/medewerkers/campagnes/nieuw/").status_code == 403
    assert client.post(url(campaign, "verstuurd/"), {"sent_on": "2025-11-02"}).status_code == 403
    assert not views_of(campaign).exists()


def test_the_staff_home_links_to_the_campaigns_for_outreach_and_managers_only(outreach_client):
    assert "/medewerkers/campagnes/" in outreach_client.get("/medewerkers/").text
    manager, _user = client_for("Manager")
    assert "/medewerkers/campagnes/" in manager.get("/medewerkers/").text
    handler, _user = client_for("Behandelaar")
    assert "/medewerkers/campagnes/" not in handler.get("/medewerkers/").text


def test_an_unknown_campaign_is_404(outreach_client, db):
    assert outreach_client.get("/medewerkers/campagnes/00000000-0000-4000-8000-000000000000/").status_code == 404


# --- the list with names, and its audit trail ---------------------------------------------------


def test_the_list_shows_names_core_area_first_and_each_view_is_audited(campaign, outreach_client, outreach_user):
    page = outreach_client.get(url(campaign, "adressen/"))
    assert page.status_code == 200
    text = page.text
    assert text.index("Bakker") < text.index("Visser")  # the core area (Bakker) first
    assert "Mulder" not in text  # applied already
    assert "Smit (bewoner)" in text
    events = list(views_of(campaign))
    assert len(events) == 1
    assert events[0].actor_id == outreach_user.pk
    assert events[0].reason == "outreach list: list page 1"
    assert "Visser" not in events[0].reason and "Bakker" not in events[0].reason
    outreach_client.get(url(campaign, "adressen/"))
    assert views_of(campaign).count() == 2


def test_the_figures_page_shows_no_names_and_is_not_a_view_of_personal_data(campaign, outreach_client):
    page = outreach_client.get(url(campaign))
    assert page.status_code == 200
    assert "Visser" not in page.text
    assert re.search(r'<span class="schadeloket-figure">4</span>\s*adressen', page.text)
    assert not views_of(campaign).exists()


def test_the_mail_house_file(campaign, outreach_client):
    response = outreach_client.get(url(campaign, "adressen.csv"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode()), delimiter=";"))
    assert rows[0][:3] == ["kenmerk", "volgnummer", "naam"]
    assert [row[1] for row in rows[1:]] == ["1", "2", "3", "4"]
    names = [row[2] for row in rows[1:]]
    assert names[0].endswith("Bakker") and names[1].endswith("Visser")
    assert names[3].endswith("Smit")
    assert all(row[9] == "Aanvullende vaste vergoeding" for row in rows[1:])
    assert views_of(campaign).get().reason == "outreach list: CSV for the mail house"


def test_a_formula_in_a_name_is_neutralised_in_the_file(campaign, outreach_client, register):
    owner = register["plain"].relations.get().person
    owner.surname = "=HYPERLINK(1)"
    owner.first_names = ""
    owner.initials = ""
    owner.save()
    rows = list(
        csv.reader(
            io.StringIO(b"".join(outreach_client.get(url(campaign, "adressen.csv")).streaming_content).decode()),
            delimiter=";",
        )
    )
    assert "'=HYPERLINK(1)" in [row[2] for row in rows]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_the_letter_pdf(campaign, outreach_client, tmp_path):
    response = outreach_client.get(url(campaign, "brief/2/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "brief.pdf"
    path.write_bytes(response.content)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout)  # noqa: S603,S607
    assert "U kunt misschien Aanvullende vaste vergoeding krijgen" in text
    assert "Visser" in text
    assert f"{campaign.reference}-2" in text
    assert views_of(campaign).get().reason == "outreach list: letter 2"
    assert outreach_client.get(url(campaign, "brief/99/")).status_code == 404


# --- letters sent and the conversion ------------------------------------------------------------


def test_letters_sent_and_the_conversion_counts_cases_received_on_or_after_that_day(
    campaign, outreach_client, register, staff
):
    response = outreach_client.post(url(campaign, "verstuurd/"), {"sent_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    campaign.refresh_from_db()
    sent = campaign.letter_sent_on
    assert sent == timezone.localdate()
    assert conversion(campaign).applied == 0

    plain, core = register["plain"], register["core"]
    open_case(scheme_code="AVV", building=plain, applicant=plain.relations.get().person, received_on=sent, actor=staff)
    # Not counted: another scheme, and a case received before the letter went out.
    open_case(scheme_code="VES", building=core, applicant=core.relations.get().person, received_on=sent, actor=staff)
    other = register["other_case"]
    open_case(
        scheme_code="AVV",
        building=other,
        applicant=other.relations.get().person,
        received_on=sent - dt.timedelta(days=1),
        actor=staff,
    )

    result = conversion(campaign)
    assert (result.letters, result.applied) == (4, 1)
    assert result.rate_text == "25,0%"
    page = outreach_client.get(url(campaign))
    assert "25,0%" in page.text
    overview = outreach_client.get("/medewerkers/campagnes/")
    assert "25,0%" in overview.text
    listing = outreach_client.get(url(campaign, "adressen/"))
    assert listing.text.count('<td class="utrecht-table__cell">ja</td>') == 1


def test_letters_sent_is_audited(campaign, outreach_client, outreach_user):
    outreach_client.post(url(campaign, "verstuurd/"), {"sent_on": timezone.localdate().isoformat()})
    event = AuditEvent.objects.filter(object_id=str(campaign.public_id), action="update").last()
    assert event.changed_fields == ["letter_sent_on"] and event.actor_id == outreach_user.pk


def test_a_letter_date_in_the_future_is_refused(campaign, outreach_client):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = outreach_client.post(url(campaign, "verstuurd/"), {"sent_on": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "ligt in de toekomst" in response.text
    assert f'value="{tomorrow.isoformat()}"' in response.text  # what was typed stays
    campaign.refresh_from_db()
    assert campaign.letter_sent_on is None


def test_a_letter_date_that_is_no_date_is_refused(campaign, outreach_client):
    response = outreach_client.post(url(campaign, "verstuurd/"), {"sent_on": "morgen"})
    assert response.status_code == 400
    assert "Schrijf de datum als 2026-03-31." in response.text


def test_letters_are_recorded_once(campaign, outreach_client):
    today = timezone.localdate().isoformat()
    outreach_client.post(url(campaign, "verstuurd/"), {"sent_on": today})
    with pytest.raises(services.OutreachError) as info:
        services.record_letters_sent(campaign, sent_on=timezone.localdate(), actor="test")
    assert "zijn al verstuurd op" in info.value.messages[0]


def test_a_campaign_without_addresses_has_no_letters(register, outreach_user, outreach_client):
    with_nothing = services.create_silent_campaign(
        scheme_code="MESTKELDER", pc4_from="9900", pc4_to="9999", actor=outreach_user, on_date=ON
    )
    services.build_campaign(with_nothing.pk)
    with_nothing.refresh_from_db()
    assert with_nothing.status == CampaignStatus.EMPTY
    response = outreach_client.post(url(with_nothing, "verstuurd/"), {"sent_on": timezone.localdate().isoformat()})
    assert response.status_code == 400
    assert "Deze campagne heeft geen adressen. Er zijn geen brieven te versturen." in response.text
    listing = outreach_client.get(url(with_nothing, "adressen/"), follow=True)
    assert "Deze campagne heeft geen adressen" in listing.text
    assert outreach_client.get(url(with_nothing, "adressen.csv")).status_code == 302
    with_nothing.refresh_from_db()
    assert with_nothing.letter_sent_on is None
    assert not views_of(with_nothing).exists()


# --- making campaigns through the pages -----------------------------------------------------------


def test_making_a_campaign_through_the_page(register, outreach_client, django_capture_on_commit_callbacks):
    form = outreach_client.get("/medewerkers/campagnes/nieuw/")
    assert form.status_code == 200
    assert "Waardedaling" in form.text and "Eemsdelta" in form.text
    with django_capture_on_commit_callbacks(execute=True):
        response = outreach_client.post(
            "/medewerkers/campagnes/nieuw/", {"scheme": "AVV", "municipality": "Eemsdelta", "core_only": "on"}
        )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url(campaign)
    assert campaign.status == CampaignStatus.READY and campaign.entry_count == 1
    assert campaign.name == "Aanvullende vaste vergoeding: Eemsdelta, alleen kerngebied"


@pytest.mark.parametrize(
    "data, message",
    [
        ({"scheme": "ONBEKEND", "municipality": "Eemsdelta"}, "Kies een regeling uit de lijst."),
        ({"scheme": "AVV"}, "Kies een gebied: een gemeente, postcodes of het kerngebied."),
        ({"scheme": "AVV", "pc4_from": "1000", "pc4_to": "1010"}, "In dit gebied staan geen adressen in het register"),
        ({"scheme": "AVV", "pc4_from": "99A1"}, "is geen postcode van 4 cijfers"),
    ],
)
def test_bad_input_on_the_page_is_told_in_dutch(register, outreach_client, data, message):
    response = outreach_client.post("/medewerkers/campagnes/nieuw/", data)
    assert response.status_code == 400
    assert message in response.text
    if "pc4_from" in data:
        assert f'value="{data["pc4_from"]}"' in response.text  # nothing typed is lost
    assert not Campaign.objects.exists()


def test_starting_an_after_earthquake_list_through_the_page(
    real_region, outreach_client, django_capture_on_commit_callbacks
):
    from tests.outreach.conftest import home_at, quake

    huizinge = quake("Huizinge", "20120816")
    home_at(huizinge.rd_x + 2000, huizinge.rd_y, pc4="9919", owner="Bakker", resident="Huurder")
    page = outreach_client.get("/medewerkers/campagnes/na-beving/")
    assert page.status_code == 200 and "Huizinge" in page.text

    with django_capture_on_commit_callbacks(execute=True):
        response = outreach_client.post("/medewerkers/campagnes/na-beving/", {"earthquake": huizinge.pk})

    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == url(campaign)
    detail = outreach_client.get(url(campaign))
    assert campaign.status == CampaignStatus.READY
    assert 'id="municipality-table"' in detail.text
    assert re.search(r'scope="row">Eemsdelta</th>\s*<td[^>]*>1</td>\s*<td[^>]*>2</td>', detail.text)


@pytest.mark.parametrize(
    "place, day, message",
    [
        ("Roswinkel", "19970219", "lag buiten het gebied van het IMG"),
        ("Eppenhuizen", "20240211", "was te zwak"),
    ],
)
def test_an_unusable_event_is_told_on_the_page(real_region, outreach_client, place, day, message):
    from tests.outreach.conftest import quake

    response = outreach_client.post("/medewerkers/campagnes/na-beving/", {"earthquake": quake(place, day).pk})
    assert response.status_code == 400
    assert message in response.text
    assert not Campaign.objects.exists()


def test_an_event_that_is_not_in_the_catalogue_is_refused(real_region, outreach_client):
    response = outreach_client.post("/medewerkers/campagnes/na-beving/", {"earthquake": "999999"})
    assert response.status_code == 400
    assert "Deze aardbeving staat niet in de catalogus" in response.text
