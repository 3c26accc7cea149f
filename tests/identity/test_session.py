"""The session API and DigiD's idle timeout: 15 minutes without activity ends the applicant part only."""

import datetime as dt

import pytest
from django.test import RequestFactory
from freezegun import freeze_time

from schadeloket.audit.models import AuditEvent
from schadeloket.identity import session

from .conftest import BSN

pytestmark = pytest.mark.django_db

START = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)


def demo_login(client):
    response = client.post("/inloggen/demo-digid/", {"bsn": BSN})
    assert response.status_code == 302


@pytest.fixture
def logged_in(client, demo_login_on, applicant):
    with freeze_time(START) as frozen:
        demo_login(client)
        yield client, frozen


def test_activity_within_fifteen_minutes_keeps_the_applicant_logged_in(logged_in):
    client, frozen = logged_in
    for _ in range(3):
        frozen.tick(dt.timedelta(minutes=14))
        assert client.get("/mijn/").status_code == 200


def test_fifteen_idle_minutes_end_the_session_with_a_dutch_message(logged_in):
    client, frozen = logged_in
    frozen.tick(dt.timedelta(minutes=15, seconds=1))
    response = client.get("/mijn/", follow=True)
    assert response.redirect_chain == [("/inloggen/?next=/mijn/", 302)]
    assert "U was 15 minuten niet actief. Daarom bent u uitgelogd." in response.text
    assert session.SESSION_KEY not in client.session
    event = AuditEvent.objects.get(action=session.ACTION_LOGOUT)
    assert event.reason == "via demo; idle timeout"


def test_keep_alive_refreshes_the_session(logged_in):
    client, frozen = logged_in
    frozen.tick(dt.timedelta(minutes=13))
    response = client.post("/sessie/verlengen/", HTTP_ACCEPT="application/json")
    assert response.json() == {"expired": False, "seconds_left": 900}
    frozen.tick(dt.timedelta(minutes=14))
    assert client.get("/mijn/").status_code == 200


def test_keep_alive_without_javascript_returns_to_the_page(logged_in):
    client, frozen = logged_in
    response = client.post("/sessie/verlengen/", {"next": "/mijn/"})
    assert response.status_code == 302
    assert response["Location"] == "/mijn/"


def test_keep_alive_after_the_end_says_expired(logged_in):
    client, frozen = logged_in
    frozen.tick(dt.timedelta(minutes=16))
    response = client.post("/sessie/verlengen/", HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["expired"] is True


def test_keep_alive_needs_post(logged_in):
    client, _frozen = logged_in
    assert client.get("/sessie/verlengen/").status_code == 405


def test_applicant_pages_carry_the_accessible_warning(logged_in):
    client, frozen = logged_in
    frozen.tick(dt.timedelta(minutes=5))
    page = client.get("/mijn/").text
    assert 'data-seconds-left="900"' in page
    assert 'data-warning="180"' in page
    assert 'aria-live="assertive"' in page
    assert "Over 3 minuten wordt u uitgelogd" in page
    assert 'action="/sessie/verlengen/"' in page
    assert "identity/session-timeout.js" in page


def test_the_timeout_never_touches_a_staff_login(case_guide_client, applicant, demo_login_on):
    """A staff member who also used the demo login keeps their staff session after the applicant part ends."""
    with freeze_time(START) as frozen:
        demo_login(case_guide_client)
        frozen.tick(dt.timedelta(minutes=20))
        assert case_guide_client.get("/mijn/").status_code == 302
        assert case_guide_client.get("/medewerkers/").status_code == 200


def test_applicant_required_sends_to_login_with_next_only(client):
    response = client.get("/mijn/?tab=2")
    assert response.status_code == 302
    assert response["Location"] == "/inloggen/?next=/mijn/%3Ftab%3D2"


def test_api_without_an_applicant():
    request = RequestFactory().get("/")
    request.session = {}
    assert session.is_applicant(request) is False
    assert session.applicant_bsn(request) is None
    assert session.current_applicant(request) is None
    assert session.acting_authorisation(request) is None
    assert session.seconds_left(request) == 0


def test_api_after_login(logged_in, applicant):
    client, _frozen = logged_in
    request = RequestFactory().get("/")
    request.session = client.session
    assert session.is_applicant(request)
    assert session.applicant_bsn(request) == BSN
    assert session.current_applicant(request) == applicant
    assert session.login_method(request) == "demo"


def test_login_applicant_refuses_an_unknown_method(client, applicant):
    request = RequestFactory().get("/")
    request.session = client.session
    with pytest.raises(ValueError):
        session.login_applicant(request, BSN, via="query-string")


def test_asking_how_long_is_left_is_not_activity(logged_in):
    client, frozen = logged_in
    frozen.tick(dt.timedelta(minutes=10))
    assert client.get("/sessie/status/").json() == {"expired": False, "seconds_left": 300}
    frozen.tick(dt.timedelta(minutes=4))
    assert client.get("/sessie/status/").json() == {"expired": False, "seconds_left": 60}
    frozen.tick(dt.timedelta(minutes=1))
    assert client.get("/sessie/status/").json() == {"expired": True, "seconds_left": 0}
    assert session.SESSION_KEY not in client.session
