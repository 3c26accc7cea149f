"""The staff pages: who may see them, the list oldest first, the coding form (text shown and audited,
errors in Dutch with the input kept, a stale form, returning to where one came from), and the
template tag the objection page uses."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import Decision
from schadeloket.grounds.models import GroundsCoding
from schadeloket.grounds.services import code_objection
from schadeloket.objections.models import Objection
from schadeloket.schemes.registry import get_scheme
from tests.dossier.conftest import events, log_in_applicant
from tests.factories import UserFactory
from tests.grounds.conftest import client_of, final_of, letter_objection

pytestmark = pytest.mark.django_db

LIST = "/behandeling/gronden/"
REPORT = "/medewerkers/gronden/"


def objection_url(objection) -> str:
    return f"/behandeling/gronden/bezwaar/{objection.public_id}/"


def view_url(draft) -> str:
    return f"/behandeling/gronden/zienswijze/{draft.public_id}/"


# --- access ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "roles, list_status, report_status",
    [
        (["Bezwaarjurist"], 200, 200),
        (["Toetser"], 200, 403),
        (["Manager"], 403, 200),
        (["Beheerder"], 403, 200),
        (["Behandelaar"], 403, 403),
        (["Zaakbegeleider"], 403, 403),
        (["Aannemer"], 403, 403),
    ],
)
def test_who_may_see_which_page(objection, roles, list_status, report_status):
    client = client_of(UserFactory(roles=roles))
    assert client.get(LIST).status_code == list_status
    assert client.get(objection_url(objection)).status_code == list_status
    assert client.get(REPORT).status_code == report_status
    assert client.get(REPORT + "gronden.csv").status_code == report_status


def test_a_case_handler_cannot_code_by_posting(objection, handler):
    response = client_of(handler).post(objection_url(objection), {"categories": ["amount"], "version": "0"})
    assert response.status_code == 403 and not GroundsCoding.objects.exists()


def test_a_resident_is_sent_to_the_staff_login(client, demo_login_on, applicant, objection):
    log_in_applicant(client)
    for url in (LIST, objection_url(objection), REPORT, REPORT + "regelingen.csv"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/medewerkers/inloggen/")
    assert "gevel" not in client.get(objection_url(objection), follow=True).content.decode()


def test_unknown_or_wrong_objects_are_not_found(lawyer, objection, draft_case, decided_case):
    client = client_of(lawyer)
    assert client.get("/behandeling/gronden/bezwaar/00000000-0000-0000-0000-000000000000/").status_code == 404
    # A draft without a zienswijze, and a final decision, are no zienswijze.
    draft = Decision.objects.get(case=draft_case, kind="draft")
    assert client.get(view_url(draft)).status_code == 404
    assert client.get(view_url(final_of(decided_case))).status_code == 404
    assert client.get("/behandeling/gronden/bezwaar/niet-een-id/").status_code == 404


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_the_oldest_first_and_drops_what_is_coded(objection, view_draft, lawyer, applicant):
    # The objection came in by letter three days ago; the zienswijze today.
    Objection.objects.filter(pk=objection.pk).update(received_on=timezone.localdate() - dt.timedelta(days=3))
    client = client_of(lawyer)
    html = client.get(LIST).content.decode()
    assert "Nog te coderen: 2" in html
    assert html.index(objection_url(objection)) < html.index(view_url(view_draft))
    assert "gevel" not in html  # the list shows no texts
    rows = [row for row in html.split("<tr")[1:] if "grounds-code-link" in row]
    for row, case in zip(rows, (objection.decision.case, view_draft.case), strict=True):  # each names its case
        assert case.reference in row and f'cell">{get_scheme(case.scheme_code).name}</td>' in row

    Objection.objects.filter(pk=objection.pk).update(received_on=timezone.localdate() + dt.timedelta(days=1))
    html = client.get(LIST).content.decode()
    assert html.index(view_url(view_draft)) < html.index(objection_url(objection))

    code_objection(objection, categories=["amount"], actor=lawyer)
    html = client.get(LIST).content.decode()
    assert "Nog te coderen: 1" in html and objection_url(objection) + '"' not in html.split("Laatst gecodeerd")[0]
    assert "Laatst gecodeerd" in html and "Hoogte van het bedrag" in html


def test_the_list_filters_by_kind_and_scheme(objection, view_draft, lawyer):
    client = client_of(lawyer)
    html = client.get(LIST, {"soort": "zienswijze"}).content.decode()
    assert view_url(view_draft) in html and objection_url(objection) not in html
    html = client.get(LIST, {"regeling": "VES"}).content.decode()
    assert objection_url(objection) in html and view_url(view_draft) not in html
    response = client.get(LIST, {"regeling": "NEP"})
    assert response.status_code == 400 and "Deze regeling kennen wij niet: NEP" in response.content.decode()


def test_pro_forma_objections_are_counted_not_listed(decided_case, applicant, lawyer):
    pro_forma = letter_objection(final_of(decided_case), applicant, lawyer, grounds="")
    html = client_of(lawyer).get(LIST).content.decode()
    assert "1 pro-formabezwaar wacht nog op de gronden" in html and objection_url(pro_forma) not in html


# --- coding one text ------------------------------------------------------------------------------


def test_the_coding_page_shows_the_text_and_audits_the_view(objection, lawyer):
    before = events(objection.decision.case, "view").count()
    response = client_of(lawyer).get(objection_url(objection))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Het bedrag is te laag. De schade aan de gevel is groter." in html
    assert "Vaste vergoeding (VES)" in html and 'type="checkbox"' in html
    assert "ves_location" not in html or "Vaste vergoeding: locatie van het gebouw, rij 1" in html
    event = events(objection.decision.case, "view").order_by("-sequence").first()
    assert events(objection.decision.case, "view").count() == before + 1
    assert event.actor_label == "jurist" and str(objection.public_id) in event.reason and "gevel" not in event.reason


def test_coding_through_the_page(objection, lawyer):
    client = client_of(lawyer)
    response = client.post(
        objection_url(objection),
        {"categories": ["amount", "inspection"], "rules": ["ves_amount:3"], "note": "", "version": "0"},
    )
    assert response.status_code == 302 and response["Location"] == LIST
    coding = GroundsCoding.objects.get(objection=objection)
    assert sorted(coding.codes.values_list("category", flat=True)) == ["amount", "inspection"]
    assert list(coding.rules.filter(disputed=True).values_list("rule_id", flat=True)) == ["ves_a_building"]
    assert "De gronden van zaak" in client.get(LIST).content.decode()

    # Opening it again shows the coding, ready to change.
    html = client.get(objection_url(objection)).content.decode()
    assert 'value="amount" id="id_categories_0" aria-describedby="id_categories_0-uitleg" checked' in html
    assert "Al gecodeerd door Jet de Vries" in html


def test_the_zienswijze_page_codes_a_zienswijze(view_draft, reviewer):
    client = client_of(reviewer)
    html = client.get(view_url(view_draft)).content.decode()
    assert "De deskundige heeft de scheur in de keuken niet gezien." in html
    response = client.post(view_url(view_draft), {"categories": ["inspection"], "version": "0"})
    assert response.status_code == 302
    assert GroundsCoding.objects.get(draft=view_draft).subject == "view"


def test_errors_are_told_in_dutch_and_the_input_is_kept(objection, lawyer):
    client = client_of(lawyer)
    response = client.post(objection_url(objection), {"categories": [], "note": "Mijn notitie", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Kies minstens één categorie" in html and "Mijn notitie" in html
    assert 'href="#id_categories_0"' in html  # the error summary links to the first checkbox

    response = client.post(objection_url(objection), {"categories": ["other"], "version": "0"})
    assert response.status_code == 400 and "U koos &#x27;Anders&#x27;" in response.content.decode()
    response = client.post(objection_url(objection), {"categories": ["amount", "nep"], "version": "0"})
    assert response.status_code == 400 and "Deze categorie bestaat niet: nep" in response.content.decode()
    response = client.post(objection_url(objection), {"categories": ["amount"], "rules": ["x:1"], "version": "0"})
    assert response.status_code == 400 and "Deze regel hoort niet bij het besluit" in response.content.decode()
    response = client.post(objection_url(objection), {"categories": ["amount"]})
    assert response.status_code == 400 and "Laad de pagina opnieuw" in response.content.decode()
    assert not GroundsCoding.objects.exists()


def test_a_stale_form_shows_the_current_coding_and_can_be_saved_again(objection, lawyer):
    client = client_of(lawyer)
    code_objection(objection, categories=["causality"], actor=lawyer)  # meanwhile, in another tab
    response = client.post(objection_url(objection), {"categories": ["amount"], "note": "mijn", "version": "0"})
    html = response.content.decode()
    assert response.status_code == 400 and "Iemand anders heeft deze gronden net gecodeerd" in html
    assert 'name="version" value="1"' in html and "mijn" in html
    response = client.post(objection_url(objection), {"categories": ["amount"], "note": "mijn", "version": "1"})
    assert response.status_code == 302
    assert list(GroundsCoding.objects.get().codes.values_list("category", flat=True)) == ["amount"]


def test_next_returns_to_a_local_page_only(objection, lawyer):
    client = client_of(lawyer)
    back = f"/behandeling/bezwaren/{objection.public_id}/"
    html = client.get(objection_url(objection), {"next": back}).content.decode()
    assert f'name="next" value="{back}"' in html
    response = client.post(objection_url(objection), {"categories": ["amount"], "version": "0", "next": back})
    assert response["Location"] == back
    response = client.post(
        objection_url(objection), {"categories": ["facts"], "version": "1", "next": "https://example.org/"}
    )
    assert response["Location"] == LIST


def test_a_pro_forma_objection_page_says_to_wait(decided_case, applicant, lawyer):
    pro_forma = letter_objection(final_of(decided_case), applicant, lawyer, grounds="")
    client = client_of(lawyer)
    before = AuditEvent.objects.count()
    html = client.get(objection_url(pro_forma)).content.decode()
    assert "de gronden volgen nog" in html and "Codering opslaan" not in html
    assert AuditEvent.objects.count() == before  # no text was shown
    response = client.post(objection_url(pro_forma), {"categories": ["amount"], "version": "0"})
    assert response.status_code == 400 and not GroundsCoding.objects.exists()


# --- the template tag for the objection page ------------------------------------------------------


def render_tag(obj, user, path="/behandeling/bezwaren/x/"):
    request = RequestFactory().get(path)
    request.user = user
    return Template("{% load grounds %}{% grounds_coding obj %}").render(Context({"obj": obj, "request": request}))


def test_the_tag_shows_the_coding_and_links_to_it(objection, lawyer, handler):
    html = render_tag(objection, lawyer)
    assert "De gronden zijn nog niet gecodeerd." in html
    assert f'href="/behandeling/gronden/bezwaar/{objection.public_id}/?next=%2Fbehandeling%2Fbezwaren%2Fx%2F"' in html
    assert "Gronden coderen" not in render_tag(objection, handler)  # no link for who may not code
    code_objection(objection, categories=["amount", "procedure"], actor=lawyer)
    html = render_tag(objection, lawyer)
    assert "Gecodeerd als: Hoogte van het bedrag, Procedure en termijnen." in html
    assert "Codering van de gronden wijzigen" in html


def test_the_tag_for_a_zienswijze(view_draft, reviewer):
    html = render_tag(view_draft, reviewer)
    assert "Gronden van de zienswijze" in html and f"/behandeling/gronden/zienswijze/{view_draft.public_id}/" in html


def test_the_links_tag(lawyer, manager, handler):
    def links(user):
        request = RequestFactory().get("/")
        request.user = user
        return Template("{% load grounds %}{% grounds_links %}").render(Context({"request": request}))

    assert "Gronden coderen" in links(lawyer) and "cijfers" in links(lawyer)
    assert "Gronden coderen" not in links(manager) and "cijfers" in links(manager)
    assert links(handler).strip() == ""


def test_the_staff_home_links_to_the_pages_one_may_use(lawyer, manager, handler):
    assert 'href="/behandeling/gronden/"' in client_of(lawyer).get("/medewerkers/").content.decode()
    html = client_of(manager).get("/medewerkers/").content.decode()
    assert 'href="/medewerkers/gronden/"' in html and 'href="/behandeling/gronden/"' not in html
    assert "/gronden/" not in client_of(handler).get("/medewerkers/").content.decode()
