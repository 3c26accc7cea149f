"""Staff manage regions, support points and availability in the admin (audited); slots and
appointments are read-only there apart from the actions that call the services."""

import pytest

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.planning.models import Availability, OpeningHours, Slot, SupportPoint
from tests.backoffice.conftest import log_in
from tests.factories import UserFactory

from .conftest import WED
from .factories import AvailabilityFactory

pytestmark = pytest.mark.django_db

POINT = {
    "code": "winsum",
    "name": "Steunpunt Winsum",
    "street": "Hoofdstraat",
    "house_number": "1",
    "postcode": "9951AA",
    "place": "Winsum",
    "municipality": "Het Hogeland",
    "is_active": "on",
    "opening_hours-INITIAL_FORMS": "0",
    "opening_hours-MIN_NUM_FORMS": "0",
    "opening_hours-MAX_NUM_FORMS": "1000",
}


@pytest.fixture
def admin_client(client):
    return log_in(client, UserFactory(username="beheer", is_superuser=True))


def hours(*rows):
    data = {"opening_hours-TOTAL_FORMS": str(len(rows))}
    for n, (weekday, opens, closes) in enumerate(rows):
        data.update(
            {
                f"opening_hours-{n}-weekday": str(weekday),
                f"opening_hours-{n}-opens_at": opens,
                f"opening_hours-{n}-closes_at": closes,
            }
        )
    return data


@pytest.mark.parametrize(
    "model", ["region", "supportpoint", "availability", "slot", "inspectionappointment", "guideappointment"]
)
def test_every_planning_page_opens(admin_client, model, slot):
    assert admin_client.get(f"/admin/planning/{model}/").status_code == 200
    if model in {"region", "supportpoint", "availability"}:
        assert admin_client.get(f"/admin/planning/{model}/add/").status_code == 200


def test_a_support_point_with_its_opening_hours_is_added_and_audited(admin_client):
    response = admin_client.post(
        "/admin/planning/supportpoint/add/", {**POINT, **hours((1, "09:00", "12:30"), (1, "13:00", "17:00"))}
    )
    assert response.status_code == 302, response.text
    point = SupportPoint.objects.get(code="winsum")
    assert point.opening_hours.count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(point.public_id)).exists()


def test_overlapping_or_reversed_opening_hours_are_refused_in_dutch(admin_client):
    response = admin_client.post(
        "/admin/planning/supportpoint/add/", {**POINT, **hours((1, "09:00", "12:30"), (1, "12:00", "17:00"))}
    )
    assert "Twee openingstijden op dezelfde dag overlappen" in response.text
    response = admin_client.post("/admin/planning/supportpoint/add/", {**POINT, **hours((2, "17:00", "09:00"))})
    assert "De sluitingstijd moet later zijn dan de openingstijd" in response.text
    assert not SupportPoint.objects.exists() and not OpeningHours.objects.exists()


def test_availability_for_someone_without_the_role_is_refused(admin_client, guide, region):
    response = admin_client.post(
        "/admin/planning/availability/add/",
        {
            "kind": "inspection",
            "staff": guide.pk,
            "weekday": "2",
            "start_time": "08:30",
            "end_time": "16:30",
            "slot_minutes": "120",
            "region": region.pk,
            "valid_from": "2025-05-01",
        },
    )
    assert response.status_code == 200
    assert "niet de rol opnemer" in response.text
    assert not Availability.objects.exists()


def test_the_admin_makes_slots_for_the_next_weeks_and_takes_them_out(admin_client, inspector, region):
    availability = AvailabilityFactory(staff=inspector, region=region, weekday=2, max_per_day=2)
    response = admin_client.post(
        "/admin/planning/availability/",
        {"action": "make_slots", "_selected_action": [availability.pk]},
        follow=True,
    )
    assert "16 nieuw" in response.text  # eight Wednesdays, two a day
    assert Slot.objects.count() == 16
    first = Slot.objects.order_by("starts_at").first()
    assert first.starts_at.date() == WED
    response = admin_client.post(
        "/admin/planning/slot/", {"action": "close", "_selected_action": [first.pk]}, follow=True
    )
    assert "1 tijden worden niet meer aangeboden" in response.text
    first.refresh_from_db()
    assert not first.is_open
