"""DigiD before it is configured, and its configuration in the admin: no network, no crash, clear Dutch."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.backoffice.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_without_digid_and_without_demo_says_it_cannot_now(client):
    page = client.get("/inloggen/")
    assert page.status_code == 200
    assert "Inloggen met DigiD kan op dit moment niet." in page.text
    assert "/digid/login/" not in page.text


def test_starting_digid_without_configuration_returns_with_a_message(client):
    response = client.get("/digid/login/?next=/mijn/", follow=True)
    assert response.redirect_chain == [("/inloggen/?next=%2Fmijn%2F", 302)]
    assert "Inloggen met DigiD lukt nu niet. Probeer het later opnieuw." in response.text


def test_acs_without_configuration_returns_with_a_message(client):
    response = client.get("/digid/acs/?SAMLart=AAQAAA%3D%3D", follow=True)
    assert "Inloggen met DigiD lukt nu niet. Probeer het later opnieuw." in response.text


def test_the_library_mock_with_a_bsn_in_the_query_string_is_not_there(client):
    for path in ("/digid/idp/login/", "/digid-mock/login/", "/digid/logout/", "/digid/slo/soap/"):
        assert client.get(path + "?bsn=111222333").status_code == 404


def test_admin_pages_for_the_digid_configuration_open(db):
    admin = UserFactory(username="beheerder", is_superuser=True)
    client = log_in(Client(), admin)
    assert TOTPDevice.objects.filter(user=admin).exists()
    for path in (
        "/admin/digid_eherkenning/digidconfiguration/",
        "/admin/simple_certmanager/certificate/",
        "/admin/simple_certmanager/certificate/add/",
        "/admin/identity/authorisation/",
    ):
        assert client.get(path, follow=True).status_code == 200, path


def test_eherkenning_and_the_mock_users_are_not_in_the_admin(db):
    from digid_eherkenning.models import DigidConfiguration, EherkenningConfiguration
    from digid_eherkenning.models.digid import MockDigidUser
    from django.contrib import admin

    assert admin.site.is_registered(DigidConfiguration)
    assert not admin.site.is_registered(EherkenningConfiguration)
    assert not admin.site.is_registered(MockDigidUser)
