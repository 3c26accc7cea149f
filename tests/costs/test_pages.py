"""Recording time on a case and the cost overview: what staff see, what is refused, who may."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.costs.models import TimeEntry
from tests.casework.conftest import client_for
from tests.factories import HourlyRateFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db


def _post(client, case, **changes):
    data = {"role": "case_handler", "activity": "decision", "minutes": "45", "worked_on": case.received_on.isoformat()}
    data.update(changes)
    return client.post(f"/behandeling/{case.reference}/tijd/", data)


def test_the_case_page_links_to_recording_time(handler_client, make_case):
    case = make_case()
    response = handler_client.get(f"/behandeling/{case.reference}/")
    assert f'href="/behandeling/{case.reference}/tijd/"' in response.text


def test_a_handler_records_time_and_it_is_audited(handler_client, handler, make_case):
    case = make_case()
    response = _post(handler_client, case)
    assert response.status_code == 302
    entry = TimeEntry.objects.get(case=case)
    assert (entry.staff, entry.role, entry.activity, entry.minutes, entry.scheme_code) == (
        handler, "case_handler", "decision", 45, "VES"
    )  # fmt: skip
    event = AuditEvent.objects.filter(action="time_recorded", object_id=case.reference).get()
    assert event.actor_id == handler.pk and "45 minuten" in event.reason

    page = handler_client.get(f"/behandeling/{case.reference}/tijd/")
    assert "De tijd is vastgelegd." in page.text
    assert "In totaal 0,75 uur" in page.text
    assert "Bea Jansen" in page.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "0"}, "Vul minstens 1 minuut in."),
        ({"minutes": "601"}, "Vul hoogstens 600 minuten in (10 uur)."),
        ({"minutes": "een uur"}, "Vul een heel aantal minuten in, zoals 45."),
        ({"minutes": ""}, "Vul het aantal minuten in."),
        ({"activity": "koffie"}, "Kies een activiteit uit de lijst."),
        ({"role": "manager"}, "Kies een rol die u hebt."),
        ({"worked_on": "31-02-2025"}, "Vul een geldige datum in, zoals 31-01-2025."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(handler_client, make_case, changes, message):
    case = make_case()
    response = _post(handler_client, case, **changes)
    assert response.status_code == 400
    assert message in response.text
    assert not TimeEntry.objects.exists()
    assert not AuditEvent.objects.filter(action="time_recorded").exists()


def test_a_date_in_the_future_is_refused(handler_client, make_case):
    case = make_case()
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _post(handler_client, case, worked_on=tomorrow.isoformat())
    assert response.status_code == 400
    assert "De datum ligt in de toekomst." in response.text
    assert not TimeEntry.objects.exists()


def test_a_date_before_the_application_is_refused_and_the_input_kept(handler_client, make_case):
    case = make_case()
    response = _post(handler_client, case, worked_on="2024-12-31", minutes="77")
    assert response.status_code == 400
    assert "De datum ligt voor de aanvraag (03-03-2025)." in response.text
    assert 'value="77"' in response.text
    assert not TimeEntry.objects.exists()


def test_contractors_and_staff_without_a_role_may_not_record(make_case):
    case = make_case()
    for roles in (("Aannemer",), ()):
        client, _user = client_for(*roles)
        assert client.get(f"/behandeling/{case.reference}/tijd/").status_code == 403
        assert _post(client, case).status_code == 403
    assert not TimeEntry.objects.exists()


def test_anonymous_is_sent_to_the_login_and_an_unknown_case_is_404(handler_client, make_case):
    case = make_case()
    response = Client().get(f"/behandeling/{case.reference}/tijd/")
    assert response.status_code == 302 and "/medewerkers/inloggen/" in response["Location"]
    assert handler_client.get("/behandeling/IMG-1999-000001/tijd/").status_code == 404


def test_a_user_with_two_roles_chooses_the_role(make_case):
    case = make_case()
    client, user = client_for("Behandelaar", "Toetser", username="twee-rollen")
    assert _post(client, case, role="reviewer").status_code == 302
    assert TimeEntry.objects.get().role == "reviewer"


# --- the cost overview --------------------------------------------------------------------------


def test_only_managers_and_admins_see_the_cost_overview():
    for roles, status in ((("Manager",), 200), (("Beheerder",), 200), (("Behandelaar",), 403), (("Aannemer",), 403)):
        client, _user = client_for(*roles, username=f"u-{'-'.join(roles)}")
        assert client.get("/medewerkers/kosten/").status_code == status, roles
    response = Client().get("/medewerkers/kosten/")
    assert response.status_code == 302


def test_the_overview_shows_hours_cost_and_cases_per_scheme(make_case, handler):
    HourlyRateFactory(role="case_handler", valid_from=dt.date(2025, 1, 1), euros_per_hour="60.00")
    HourlyRateFactory(role="case_handler", valid_from=dt.date(2025, 3, 5), euros_per_hour="90.00")
    first, second = make_case("VES"), make_case("VES")
    TimeEntryFactory(case=first, staff=handler, minutes=60, worked_on=dt.date(2025, 3, 3))
    TimeEntryFactory(case=second, staff=handler, minutes=60, worked_on=dt.date(2025, 3, 6))
    client, _user = client_for("Manager")

    response = client.get("/medewerkers/kosten/", {"start": "2025-03-01", "end": "2025-03-31"})

    assert response.status_code == 200
    row = response.text.split("VES – ")[1].split("</tr>")[0]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")[:-1]]
    assert cells == ["2,00", "€ 150", "2", "€ 75"]
    assert "240.300.000" in response.text  # the yearly reference, as context
    assert "demowaarde" not in response.text.lower()  # every role used has a configured rate


def test_the_overview_names_demo_rates(make_case, handler):
    TimeEntryFactory(case=make_case("VES"), staff=handler, minutes=60, worked_on=dt.date(2025, 3, 3))
    client, _user = client_for("Manager")
    response = client.get("/medewerkers/kosten/", {"start": "2025-03-01", "end": "2025-03-31"})
    assert "DEMOWAARDE" in response.text
    assert "Behandelaar: € 75 per uur" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"start": "2025-04-01", "end": "2025-03-01"}, "De einddatum ligt voor de begindatum."),
        ({"start": "gisteren"}, "Vul een geldige datum in, zoals 31-01-2025."),
        ({"start": "2015-01-01", "end": "2025-01-01"}, "Kies een periode van hoogstens drie jaar."),
    ],
)
def test_a_bad_period_is_told_in_dutch(query, message):
    client, _user = client_for("Manager")
    response = client.get("/medewerkers/kosten/", query)
    assert response.status_code == 400
    assert message in response.text
    assert "kosten-per-regeling" not in response.text


def test_the_admin_role_keeps_the_hourly_rates_in_the_admin_and_it_is_audited():
    client, _user = client_for("Beheerder", username="beheerder")
    assert client.get("/admin/costs/hourlyrate/").status_code == 200
    response = client.post(
        "/admin/costs/hourlyrate/add/",
        {"role": "case_handler", "valid_from": "2025-01-01", "euros_per_hour": "82.50", "note": "cao 2025"},
    )
    assert response.status_code == 302, response.text[:3000]
    from schadeloket.costs.models import HourlyRate

    rate = HourlyRate.objects.get()
    assert (rate.role, str(rate.euros_per_hour)) == ("case_handler", "82.50")
    assert AuditEvent.objects.filter(object_type="costs.hourlyrate", action="create").exists()
    refused = client.post(
        "/admin/costs/hourlyrate/add/", {"role": "koffiejuf", "valid_from": "2025-01-01", "euros_per_hour": "1"}
    )
    assert refused.status_code == 200 and HourlyRate.objects.count() == 1


def test_a_manager_cannot_change_rates_in_the_admin():
    client, _user = client_for("Manager", username="manager")
    assert client.get("/admin/costs/hourlyrate/").status_code in (302, 403)
