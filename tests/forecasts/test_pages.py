"""The forecast page: who may see it, what it shows, capacity changes, and bad input."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.forecasts.models import QueuePosition, WeeklyCapacity
from schadeloket.forecasts.selectors import monday_of
from schadeloket.payment_orders.models import PayeeKind, PaymentOrder
from tests.casework.conftest import client_for
from tests.factories import QueueCaseFactory, UserFactory, final_decision_for

pytestmark = pytest.mark.django_db

URL = "/medewerkers/prognose/"


@pytest.fixture
def manager_client():
    client, _user = client_for("Manager", username="manager")
    return client


def test_only_managers_and_admins_see_the_forecasts():
    for roles, status in ((("Manager",), 200), (("Beheerder",), 200), (("Behandelaar",), 403), (("Aannemer",), 403)):
        client, _user = client_for(*roles, username=f"u-{'-'.join(roles)}")
        assert client.get(URL).status_code == status, roles
        if status == 403:
            assert client.post(f"{URL}capaciteit/", {"scheme": "AVV", "decisions_per_week": "5"}).status_code == 403
            assert client.post(f"{URL}rij/").status_code == 403
    assert Client().get(URL).status_code == 302
    assert not WeeklyCapacity.objects.exists() and not QueuePosition.objects.exists()


def test_the_page_shows_every_scheme_and_the_chosen_one_with_a_chart_and_its_table(manager_client):
    for _n in range(3):
        QueueCaseFactory(received_on=dt.date(2025, 1, 6))

    response = manager_client.get(URL, {"scheme": "AVV", "weeks": "10"})

    assert response.status_code == 200
    text = response.text
    overview = text.split('id="prognose-overzicht"')[1].split("</table>")[0]
    avv_row = overview.split("AVV</a>")[1].split("</tr>")[0]
    assert ">3<" in avv_row and ">1000<" in avv_row
    assert "VES</a>" in overview and "(tijdelijke waarde)" in overview
    assert '<svg role="img" id="voorraad"' in text
    assert '<title id="voorraad-titel">Verwachte voorraad AVV per week</title>' in text
    table = text.split('id="prognose-tabel"')[1].split("</table>")[0]
    assert table.count("<tr") == 11  # header and 10 weeks
    assert "De rij is leeg." not in text.split('id="regeling-samenvatting"')[1].split("</p>")[0]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"scheme": "XYZ"}, "De regeling &#x27;XYZ&#x27; bestaat niet. Kies een regeling uit de lijst."),
        ({"weeks": "0"}, "Kies een horizon van 1 tot en met 104 weken."),
        ({"weeks": "-3"}, "Kies een horizon van 1 tot en met 104 weken."),
        ({"weeks": "500"}, "Kies een horizon van 1 tot en met 104 weken."),
        ({"weeks": "veel"}, "Vul een heel aantal weken in, zoals 26."),
    ],
)
def test_bad_input_gives_a_dutch_message_and_no_chart(manager_client, query, message):
    response = manager_client.get(URL, query)
    assert response.status_code == 400
    assert message in response.text
    assert "<svg" not in response.text


def test_a_manager_changes_a_capacity_and_the_queue_follows(manager_client):
    for n in range(3):
        QueueCaseFactory(reference=f"Q{n}", scheme_code="VES", received_on=dt.date(2025, 1, 6 + n))
    today = timezone.localdate()

    response = manager_client.post(
        f"{URL}capaciteit/",
        {"scheme": "VES", "decisions_per_week": "1", "valid_from": today.isoformat(), "note": "test"},
    )

    assert response.status_code == 302 and response["Location"].endswith("?scheme=VES#capaciteit")
    capacity = WeeklyCapacity.objects.get()
    assert (capacity.scheme_code, capacity.decisions_per_week, capacity.set_by.username) == ("VES", 1, "manager")
    assert AuditEvent.objects.filter(object_type="forecasts.weeklycapacity", action="create").count() == 1
    weeks = list(QueuePosition.objects.order_by("position").values_list("expected_week", flat=True))
    assert weeks == [monday_of(today) + dt.timedelta(weeks=n) for n in range(3)]
    page = manager_client.get(response["Location"])
    assert "De capaciteit is opgeslagen." in page.text
    history = page.text.split('id="capaciteit-historie"')[1].split("</table>")[0]
    assert ">1<" in history and "test" in history


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"decisions_per_week": "0"}, "De capaciteit moet minstens 1 besluit per week zijn."),
        ({"decisions_per_week": "-5"}, "De capaciteit moet minstens 1 besluit per week zijn."),
        ({"decisions_per_week": "tien"}, "Vul een heel aantal besluiten per week in, zoals 1000."),
        ({"decisions_per_week": ""}, "Vul het aantal besluiten per week in."),
        ({"scheme": "XYZ"}, "De regeling &#x27;XYZ&#x27; bestaat niet. Kies een regeling uit de lijst."),
        ({"valid_from": "morgen"}, "Vul een geldige datum in, zoals 31-01-2025."),
    ],
)
def test_a_bad_capacity_is_refused_in_dutch_stores_nothing_and_keeps_the_input(manager_client, data, message):
    form = {"scheme": "AVV", "decisions_per_week": "500", "valid_from": "2025-06-02", "note": "mijn toelichting"}
    form.update(data)
    response = manager_client.post(f"{URL}capaciteit/", form)
    assert response.status_code == 400
    assert message in response.text
    assert 'value="mijn toelichting"' in response.text
    assert not WeeklyCapacity.objects.exists()


def test_the_refresh_button_numbers_the_queue(manager_client):
    QueueCaseFactory(reference="KNOP")
    response = manager_client.post(f"{URL}rij/")
    assert response.status_code == 302
    assert QueuePosition.objects.get().position == 1
    page = manager_client.get(URL)
    assert "De plaatsen in de rij worden opnieuw berekend." in page.text
    assert "1 open aanvragen" in page.text


def test_the_contractors_workload_from_granted_and_open_hin_cases(manager_client):
    today = timezone.localdate()
    this_monday = monday_of(today)
    staff = UserFactory(roles=["Behandelaar"])
    granted = QueueCaseFactory(scheme_code="HIN", status="decided", term_days=182)
    final_decision_for(granted, staff, amount="12000.00")
    named = QueueCaseFactory(scheme_code="HIN", status="decided", term_days=182)
    decision = final_decision_for(named, staff, amount="8000.00")
    PaymentOrder.objects.create(
        idempotency_key="test-hin-1", decision=decision, payee_kind=PayeeKind.CONTRACTOR, payee_name="Vriesbouw",
        iban="NL91ABNA0417164300", amount=Decimal("8000.00"), remittance="herstel",
    )  # fmt: skip
    for _n in range(2):
        QueueCaseFactory(scheme_code="HIN", term_days=182, received_on=dt.date(2025, 1, 6))
    manager_client.post(f"{URL}rij/")

    response = manager_client.get(URL, {"weeks": "4"})

    table = response.text.split('id="aannemers-tabel"')[1].split("</table>")[0]
    first_week = table.split(f"{this_monday.day}-{this_monday.month}-{this_monday.year}")[1].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in first_week.split("</td>")[:-1]]
    assert cells == ["2", "2", "4", "Vriesbouw: 1; nog niet bekend: 1"]
    assert table.count("<tr") == 5
    assert "Herstelklussen die naar verwachting beginnen, per week" in response.text


def test_the_admin_role_keeps_capacity_in_the_admin_for_known_schemes_only():
    client, _user = client_for("Beheerder", username="beheerder")
    response = client.post(
        "/admin/forecasts/weeklycapacity/add/",
        {"scheme_code": "VES", "valid_from": "2025-01-01", "decisions_per_week": "250"},
    )
    assert response.status_code == 302
    assert WeeklyCapacity.objects.get().set_by.username == "beheerder"
    for data in ({"scheme_code": "XYZ", "decisions_per_week": "5"}, {"scheme_code": "AVV", "decisions_per_week": "0"}):
        refused = client.post("/admin/forecasts/weeklycapacity/add/", {"valid_from": "2025-02-01", **data})
        assert refused.status_code == 200
    assert WeeklyCapacity.objects.count() == 1


def test_the_staff_home_links_to_the_forecasts_and_costs_for_managers_only():
    manager, _user = client_for("Manager", username="manager")
    html = manager.get("/medewerkers/").text
    assert 'href="/medewerkers/prognose/"' in html and 'href="/medewerkers/kosten/"' in html
    handler, _user = client_for("Behandelaar", username="behandelaar2")
    html = handler.get("/medewerkers/").text
    assert 'href="/medewerkers/prognose/"' not in html and 'href="/medewerkers/kosten/"' not in html
