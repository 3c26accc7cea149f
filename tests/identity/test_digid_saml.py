"""The DigiD SAML flow, tested the library's way: signed metadata, the artifact resolution stubbed, time frozen.

Our stand-in DigiD (tests/identity/saml.py) has its own key; the IdP metadata is signed with it; the
SOAP call to resolve the artifact is answered by `responses` after checking our signature on it;
the Assertion is signed by the IdP. Nothing in the validation chain is patched out.
"""

import base64
import datetime as dt
import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses
from django.urls import reverse
from freezegun import freeze_time
from lxml import etree
from onelogin.saml2.errors import OneLogin_Saml2_ValidationError as Error
from onelogin.saml2.utils import OneLogin_Saml2_Utils

from schadeloket.audit.models import AuditEvent
from schadeloket.identity import session
from schadeloket.register.persons.bsn import hash_bsn

from .conftest import BSN
from .saml import IDP_RESOLVE_URL, IDP_SSO_URL, NS, make_artifact, make_key_pair, signed_idp_metadata

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("digid_config")]

NOW = "2025-06-02T10:00:00Z"


def start_login(client, next_path="/mijn/", *, relay_state="/mijn/") -> str:
    """Step 2: our signed AuthnRequest, to be posted to DigiD. Returns its ID."""
    response = client.get(reverse("digid:login"), {"next": next_path})
    assert response.status_code == 200
    assert response.context["url"] == IDP_SSO_URL
    assert response.context["form"].initial["RelayState"] == relay_state
    request_xml = base64.b64decode(response.context["form"].initial["SAMLRequest"])
    return etree.fromstring(request_xml).get("ID")


def failure_codes(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "schadeloket.identity.digid"]


def return_from_digid(client, fake_digid, *, relay_state="/mijn/"):
    """Steps 5 to 7: DigiD sends the browser back with an artifact; we resolve it over SOAP."""
    responses.add_callback(responses.POST, IDP_RESOLVE_URL, callback=fake_digid.resolve)
    return client.get(reverse("digid:acs"), {"SAMLart": make_artifact(), "RelayState": relay_state})


@freeze_time(NOW)
@responses.activate
def test_signed_metadata_and_signed_authn_request(client, digid_keys, fake_digid):
    metadata = signed_idp_metadata(digid_keys["idp"])
    assert OneLogin_Saml2_Utils.validate_metadata_sign(metadata, digid_keys["idp"].cert_pem)
    response = client.get(reverse("digid:login"), {"next": "/mijn/"})
    request_xml = base64.b64decode(response.context["form"].initial["SAMLRequest"])
    assert OneLogin_Saml2_Utils.validate_sign(
        request_xml, digid_keys["sp"].cert_pem, xpath="/samlp:AuthnRequest/ds:Signature", raise_exceptions=True
    )
    tree = etree.fromstring(request_xml)
    assert tree.get("IssueInstant") == "2025-06-02T10:00:00Z"
    assert tree.get("AssertionConsumerServiceURL") == "https://schadeloket.test/digid/acs/"
    assert "SAMLRequest" in response.text and "digid-doorsturen" in response.text


@freeze_time(NOW)
@responses.activate
def test_full_flow_logs_the_applicant_in_through_the_session_api(client, applicant, fake_digid, caplog):
    caplog.set_level(logging.DEBUG)
    first = client.get("/mijn/")
    assert first.status_code == 302
    assert first["Location"] == "/inloggen/?next=/mijn/"

    fake_digid.authn_request_id = start_login(client)
    fake_digid.bsn = BSN
    response = return_from_digid(client, fake_digid)

    assert response.status_code == 302
    assert response["Location"] == "/mijn/"
    assert len(fake_digid.requests) == 1  # exactly one SOAP call, signed by us (the fake checked it)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Welkom, Anna Dijkstra." in page.text

    stored = client.session[session.SESSION_KEY]
    assert stored["via"] == "digid"
    assert stored["hash"] == hash_bsn(BSN)
    assert BSN not in str(dict(client.session.items()))  # encrypted in the session, not in the clear
    event = AuditEvent.objects.get(action=session.ACTION_LOGIN)
    assert event.reason == "via digid"
    assert event.object_id == str(applicant.public_id)
    assert BSN not in event.actor_label + event.reason + event.object_id

    for record in caplog.records:
        assert BSN not in record.getMessage()
    assert BSN not in response["Location"]


@freeze_time(NOW)
@responses.activate
def test_session_is_short_lived(client, applicant, fake_digid):
    """The middleware ends it after 15 idle minutes (test_session.py); the stored session soon after."""
    fake_digid.authn_request_id = start_login(client)
    fake_digid.bsn = BSN
    return_from_digid(client, fake_digid)
    assert client.session.get_expiry_age() == 30 * 60
    assert session.seconds_left(type("Request", (), {"session": client.session})()) == 15 * 60


@freeze_time(NOW)
@responses.activate
def test_cancelled_login_returns_to_the_login_page_in_dutch(client, fake_digid):
    fake_digid.authn_request_id = start_login(client)
    fake_digid.status = "urn:oasis:names:tc:SAML:2.0:status:Responder"
    fake_digid.sub_status = "urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"
    response = return_from_digid(client, fake_digid)
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/inloggen/"
    assert parse_qs(urlsplit(response["Location"]).query) == {"next": ["/mijn/"]}
    page = client.get(response["Location"])
    assert "U heeft het inloggen met DigiD afgebroken." in page.text
    assert session.SESSION_KEY not in client.session


@freeze_time(NOW)
@responses.activate
def test_an_assertion_signed_with_another_key_is_refused(client, fake_digid, caplog):
    fake_digid.authn_request_id = start_login(client)
    fake_digid.bsn = BSN
    fake_digid.signing_key = make_key_pair("not-digid.test")
    response = return_from_digid(client, fake_digid)
    assert urlsplit(response["Location"]).path == "/inloggen/"
    assert session.SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(action=session.ACTION_LOGIN).exists()
    assert failure_codes(caplog) == [f"DigiD login failed: SAML validation error code {Error.INVALID_SIGNATURE}."]


@responses.activate
def test_an_expired_assertion_is_refused(client, fake_digid, caplog):
    """DigiD's assertion holds for two minutes; one made ten minutes ago is refused."""
    with freeze_time(NOW):
        fake_digid.authn_request_id = start_login(client)
        fake_digid.bsn = BSN
        make_response = fake_digid.artifact_response
        fake_digid.artifact_response = lambda request_id, now: make_response(request_id, now - dt.timedelta(minutes=10))
        response = return_from_digid(client, fake_digid)
    assert urlsplit(response["Location"]).path == "/inloggen/"
    assert session.SESSION_KEY not in client.session
    assert failure_codes(caplog) == [f"DigiD login failed: SAML validation error code {Error.ASSERTION_EXPIRED}."]


@freeze_time(NOW)
@responses.activate
def test_a_response_to_a_request_we_never_sent_is_refused(client, fake_digid, caplog):
    fake_digid.authn_request_id = "ONELOGIN_never_sent_by_us"
    fake_digid.bsn = BSN
    response = return_from_digid(client, fake_digid)
    assert urlsplit(response["Location"]).path == "/inloggen/"
    assert session.SESSION_KEY not in client.session
    assert failure_codes(caplog) == [f"DigiD login failed: SAML validation error code {Error.WRONG_INRESPONSETO}."]


@freeze_time(NOW)
@responses.activate
def test_relay_state_to_another_site_is_ignored(client, applicant, fake_digid):
    fake_digid.authn_request_id = start_login(client, next_path="https://evil.example/", relay_state="/mijn/")
    fake_digid.bsn = BSN
    response = return_from_digid(client, fake_digid, relay_state="https://evil.example/")
    assert response["Location"] == "/mijn/"


def test_login_page_offers_digid_when_configured(client):
    response = client.get("/inloggen/?next=/mijn/")
    assert 'href="/digid/login/?next=/mijn/"' in response.text


@freeze_time(NOW)
def test_service_provider_metadata_is_offered_without_single_logout(client):
    response = client.get(reverse("metadata:digid"))
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    assert tree.get("entityID") == "https://schadeloket.test/digid"
    assert not tree.xpath("//*[local-name()='SingleLogoutService']")
    assert tree.xpath("//ds:Signature", namespaces=NS)


@freeze_time(NOW)
@responses.activate
def test_digid_unreachable_gives_a_dutch_message(client, fake_digid):
    fake_digid.authn_request_id = start_login(client)
    responses.add(responses.POST, IDP_RESOLVE_URL, body=requests.ConnectionError("no route to host"))
    response = client.get(reverse("digid:acs"), {"SAMLart": make_artifact(), "RelayState": "/mijn/"}, follow=True)
    assert "Inloggen met DigiD lukt nu niet. Probeer het later opnieuw." in response.text
    assert session.SESSION_KEY not in client.session
