"""The demo DigiD login: a BSN POSTed into the session, 11-test checked, only when DIGID_DEMO_LOGIN is on."""

import logging

import pytest
from django.urls import reverse

from schadeloket.audit.models import AuditEvent
from schadeloket.identity import session
from schadeloket.register.persons.bsn import hash_bsn

from .conftest import BSN

pytestmark = pytest.mark.django_db

DEMO_URL = "/inloggen/demo-digid/"


def test_demo_login_is_not_there_when_the_setting_is_off(client):
    assert client.get(DEMO_URL).status_code == 404
    assert client.post(DEMO_URL, {"bsn": BSN}).status_code == 404
    assert "demo-DigiD" not in client.get("/inloggen/").text


def test_login_page_offers_the_demo_login_when_on(client, demo_login_on):
    page = client.get("/inloggen/?next=/mijn/")
    assert page.status_code == 200
    assert "Inloggen met demo-DigiD" in page.text
    assert 'href="/inloggen/demo-digid/?next=/mijn/"' in page.text


def test_happy_path_returns_to_the_page_that_asked_for_login(client, demo_login_on, applicant, own_case):
    protected = client.get("/mijn/")
    assert protected.status_code == 302
    assert protected["Location"] == "/inloggen/?next=/mijn/"

    form = client.get(DEMO_URL + "?next=/mijn/")
    assert form.status_code == 200
    assert 'name="next" value="/mijn/"' in form.text

    response = client.post(DEMO_URL, {"bsn": BSN, "next": "/mijn/"}, follow=True)
    assert response.redirect_chain == [("/mijn/", 302)]
    assert "Welkom, Anna Dijkstra." in response.text
    assert own_case.reference in response.text
    assert client.session[session.SESSION_KEY]["via"] == "demo"
    assert client.session[session.SESSION_KEY]["hash"] == hash_bsn(BSN)
    event = AuditEvent.objects.get(action=session.ACTION_LOGIN)
    assert (event.actor_label, event.reason) == (f"applicant:{applicant.public_id}", "via demo")


def test_spaces_and_dots_typed_in_the_bsn_are_fine(client, demo_login_on, applicant):
    response = client.post(DEMO_URL, {"bsn": " 1112.22.333 "})
    assert response.status_code == 302
    assert client.session[session.SESSION_KEY]["hash"] == hash_bsn(BSN)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("111222334", "Dit BSN bestaat niet: de controle (elfproef) klopt niet. Controleer de cijfers."),
        ("12345", "Een BSN heeft 9 cijfers. Controleer het nummer."),
        ("11122233a", "Een BSN bestaat alleen uit cijfers. Controleer het nummer."),
        ("", "Vul uw burgerservicenummer (BSN) in."),
    ],
)
def test_bad_bsn_gives_a_dutch_message_and_keeps_what_was_typed(client, demo_login_on, typed, message):
    response = client.post(DEMO_URL, {"bsn": typed, "next": "/mijn/"})
    assert response.status_code == 400
    assert message in response.text
    assert f'value="{typed}"' in response.text or typed == ""
    assert 'aria-invalid="true"' in response.text
    assert 'aria-describedby="id_bsn_helptext id_bsn_error"' in response.text
    assert session.SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action=session.ACTION_LOGIN).exists()


def test_the_bsn_never_appears_in_a_url(client, demo_login_on, applicant):
    response = client.post(DEMO_URL, {"bsn": BSN, "next": "/mijn/"}, follow=True)
    urls = [url for url, _status in response.redirect_chain] + [response.request["PATH_INFO"]]
    assert urls and all(BSN not in url for url in urls)
    assert BSN not in response.request.get("QUERY_STRING", "")


def test_a_next_url_that_carries_a_bsn_is_not_followed(client, demo_login_on, applicant):
    response = client.post(DEMO_URL, {"bsn": BSN, "next": f"/mijn/?bsn={BSN}"})
    assert response["Location"] == "/mijn/"


def test_a_next_url_to_another_site_is_not_followed(client, demo_login_on, applicant):
    response = client.post(DEMO_URL, {"bsn": BSN, "next": "https://evil.example/"})
    assert response["Location"] == "/mijn/"


def test_the_bsn_never_appears_in_a_log_line(client, demo_login_on, applicant, caplog):
    caplog.set_level(logging.DEBUG)
    client.post(DEMO_URL, {"bsn": "111222334"})  # a wrong one first
    client.post(DEMO_URL, {"bsn": BSN, "next": "/mijn/"}, follow=True)
    client.post("/uitloggen/")
    assert caplog.records, "login and logout should log something"
    for record in caplog.records:
        assert BSN not in record.getMessage()
        assert "111222334" not in record.getMessage()


def test_the_bsn_is_not_readable_in_the_session_store(client, demo_login_on, applicant):
    client.post(DEMO_URL, {"bsn": BSN})
    from django.contrib.sessions.models import Session

    stored = Session.objects.get(session_key=client.session.session_key)
    assert BSN not in stored.session_data
    assert BSN not in str(stored.get_decoded())


def test_a_new_session_key_after_login(client, demo_login_on, applicant):
    client.get(DEMO_URL)
    client.session.save()
    before = client.session.session_key
    client.post(DEMO_URL, {"bsn": BSN})
    assert client.session.session_key != before


def test_someone_not_in_the_register_may_log_in(client, demo_login_on):
    response = client.post(DEMO_URL, {"bsn": BSN}, follow=True)
    assert "Wij kennen u nog niet uit ons register." in response.text
    event = AuditEvent.objects.get(action=session.ACTION_LOGIN)
    assert event.actor_label.startswith("applicant:unregistered:")
    assert BSN not in event.actor_label


def test_logout_asks_first_and_logs_out_on_post(client, demo_login_on, applicant):
    client.post(DEMO_URL, {"bsn": BSN})
    page = client.get(reverse("identity:logout"))
    assert page.status_code == 200
    assert session.SESSION_KEY in client.session  # a GET changes nothing
    response = client.post(reverse("identity:logout"), follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert "U bent uitgelogd." in response.text
    assert session.SESSION_KEY not in client.session
    assert client.get("/mijn/").status_code == 302
    assert AuditEvent.objects.filter(action=session.ACTION_LOGOUT, reason="via demo; logout").count() == 1
