"""The staff home page groups the links by task and shows each one only to who may open it.

Per role: which groups and links a user sees (and which not), that every link shown opens for this
user (status 200, followed with the test client), and that staff without a role are told whom to ask.
"""

import re

import pytest
from django.test import Client

from schadeloket.backoffice.navigation import navigation_for
from tests.factories import UserFactory

from .conftest import log_in

pytestmark = pytest.mark.django_db

HOME = "/medewerkers/"

WORK_LIST = "/behandeling/"
NEW_CASE = "/behandeling/nieuw/"
REVIEW = "/behandeling/toetsing/"
INSPECTIONS = "/behandeling/opname/"
PAYMENTS = "/behandeling/betalingen/"
OBJECTIONS = "/behandeling/bezwaren/"
CODING = "/behandeling/gronden/"
AUTHORISATIONS = "/medewerkers/machtigingen/"
REPORT = "/medewerkers/rapportage/"
FORECAST = "/medewerkers/prognose/"
COSTS = "/medewerkers/kosten/"
GROUNDS_REPORT = "/medewerkers/gronden/"
STATISTICS = "/behandeling/toetsing/statistiek/"
SIMULATION = "/medewerkers/simulatie/"
CAMPAIGNS = "/medewerkers/campagnes/"
DASHBOARD = "/dashboard/"
ALGORITHMS = "/algoritmes/"
ADMIN = "/admin/"
ADMIN_USERS = "/admin/accounts/user/"
ADMIN_PLANNING = "/admin/planning/"
ADMIN_AUDIT = "/admin/audit/auditevent/"

PUBLIC = {DASHBOARD, ALGORITHMS}
MANAGEMENT = {REPORT, FORECAST, COSTS, GROUNDS_REPORT}
ADMIN_LINKS = {ADMIN, ADMIN_USERS, ADMIN_PLANNING, ADMIN_AUDIT}
EVERY_LINK = (
    {WORK_LIST, NEW_CASE, REVIEW, INSPECTIONS, PAYMENTS, OBJECTIONS, CODING, AUTHORISATIONS}
    | MANAGEMENT
    | {STATISTICS, SIMULATION, CAMPAIGNS}
    | PUBLIC
    | ADMIN_LINKS
)

#: Per role group (accounts.roles): the links on the home page, exactly.
EXPECTED = {
    "Behandelaar": {WORK_LIST, NEW_CASE, INSPECTIONS, PAYMENTS} | PUBLIC,
    "Zaakbegeleider": {WORK_LIST, NEW_CASE, INSPECTIONS, AUTHORISATIONS} | PUBLIC,
    "Toetser": {WORK_LIST, REVIEW, CODING, STATISTICS} | PUBLIC,
    "Bezwaarjurist": {WORK_LIST, OBJECTIONS, CODING, GROUNDS_REPORT} | PUBLIC,
    "Opnemer": {WORK_LIST, INSPECTIONS} | PUBLIC,
    "Aannemer": PUBLIC,
    "Manager": {WORK_LIST, REVIEW, INSPECTIONS, PAYMENTS, STATISTICS, SIMULATION, CAMPAIGNS} | MANAGEMENT | PUBLIC,
    "Communicatie": {CAMPAIGNS} | PUBLIC,
    "Beheerder": EVERY_LINK - {AUTHORISATIONS, CAMPAIGNS, CODING},
}

#: Per role group: the headings of the groups on the home page, in order.
HEADINGS = {
    "Behandelaar": ["Mijn werk", "Register", "Wat bewoners zien"],
    "Aannemer": ["Register", "Wat bewoners zien"],
    "Manager": ["Mijn werk", "Sturen en verantwoorden", "Bewoners bereiken", "Register", "Wat bewoners zien"],
    "Communicatie": ["Bewoners bereiken", "Register", "Wat bewoners zien"],
    "Beheerder": ["Mijn werk", "Sturen en verantwoorden", "Register", "Wat bewoners zien", "Beheer"],
}


def client_for(*roles, superuser=False):
    user = UserFactory(roles=list(roles), is_superuser=superuser)
    return log_in(Client(), user), user


def links_on(html: str) -> set[str]:
    """The hrefs of the task links (not the header, footer or forms)."""
    blocks = re.findall(r'<ul class="schadeloket-task-links">(.*?)</ul>', html, re.S)
    return {href for block in blocks for href in re.findall(r'href="([^"]+)"', block)}


def headings_on(html: str) -> list[str]:
    return re.findall(r'<h2 class="utrecht-heading-2" id="groep-[^"]+">([^<]+)</h2>', html)


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_links(role):
    client, user = client_for(role)
    response = client.get(HOME)
    assert response.status_code == 200
    assert links_on(response.text) == EXPECTED[role]
    assert {link.url for group in navigation_for(user) for link in group.links} == EXPECTED[role]


@pytest.mark.parametrize("role", sorted(HEADINGS))
def test_each_role_sees_its_groups_in_order(role):
    client, _user = client_for(role)
    assert headings_on(client.get(HOME).text) == HEADINGS[role]


@pytest.mark.parametrize("role", [*sorted(EXPECTED), "superuser"])
def test_every_link_shown_opens_for_this_user(role):
    client, _user = client_for(superuser=True) if role == "superuser" else client_for(role)
    links = links_on(client.get(HOME).text)
    assert links
    failures = {url: client.get(url).status_code for url in sorted(links)}
    assert {url: status for url, status in failures.items() if status != 200} == {}


def test_a_superuser_sees_every_link():
    client, _user = client_for(superuser=True)
    assert links_on(client.get(HOME).text) == EVERY_LINK


def test_a_handler_does_not_see_the_weekly_report_and_a_manager_does():
    handler, _user = client_for("Behandelaar")
    page = handler.get(HOME).text
    assert "Werkvoorraad zaken" in page
    assert "Alle open zaken. De zaak met de eerste termijn staat bovenaan." in page
    assert "Weekrapportage" not in page and "Sturen en verantwoorden" not in page

    manager, _user = client_for("Manager")
    page = manager.get(HOME).text
    assert "Weekrapportage" in page
    assert "Instroom, voorraad, doorlooptijd en bedragen per regeling, per week." in page
    assert "Naar het beheer" not in page


def test_communication_sees_the_campaigns_and_no_case_work():
    client, _user = client_for("Communicatie")
    page = client.get(HOME).text
    assert "Campagnes" in page and "Bewoners bereiken" in page
    assert "Werkvoorraad zaken" not in page and "Persoon zoeken" not in page


def test_an_administrator_sees_the_admin_group():
    client, _user = client_for("Beheerder")
    page = client.get(HOME).text
    assert "Naar het beheer" in page and "Medewerkers en rollen" in page


def test_staff_without_a_role_are_told_whom_to_ask():
    client, _user = client_for()
    response = client.get(HOME)
    assert response.status_code == 200
    assert "U heeft nog geen rol in het Schadeloket." in response.text
    assert "Vraag uw leidinggevende om een rol." in response.text
    assert links_on(response.text) == set()
    assert headings_on(response.text) == ["Register"]
    assert "Persoon zoeken" not in response.text


def test_staff_with_a_role_do_not_get_the_no_role_message(handler_client):
    assert "U heeft nog geen rol" not in handler_client.get(HOME).text


def test_the_register_counts_and_person_search_stay(handler_client):
    page = handler_client.get(HOME).text
    assert "Persoon zoeken" in page and 'action="/medewerkers/personen/zoeken/"' in page
    assert "Wat er in het register staat" in page and "aardbevingen" in page


def test_a_wrong_bsn_keeps_the_links_on_the_page(handler_client):
    response = handler_client.post("/medewerkers/personen/zoeken/", {"bsn": "123"})
    assert response.status_code == 400
    assert links_on(response.text) == EXPECTED["Behandelaar"]
