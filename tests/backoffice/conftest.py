"""A test client logged in the real way: password plus a TOTP code from the user's device."""

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory


def log_in(client, user):
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    response = client.post(
        "/medewerkers/inloggen/",
        {"username": user.username, "password": "een-lang-wachtwoord-123", "otp_token": f"{generator.token():06d}"},
    )
    assert response.status_code == 302, response.text
    return client


@pytest.fixture
def handler(db):
    return UserFactory(username="behandelaar", roles=["Behandelaar"])


@pytest.fixture
def handler_client(client, handler):
    return log_in(client, handler)


@pytest.fixture
def contractor_client(client, db):
    return log_in(client, UserFactory(username="aannemer", roles=["Aannemer"]))
