"""Roles as groups, and the staff login: password plus a valid TOTP code, staff only, audited."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.accounts.roles import ROLES
from schadeloket.audit.models import AuditAction, AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-123"
LOGIN_URL = "/medewerkers/inloggen/"


def current_token(device: TOTPDevice) -> str:
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{generator.token():06d}"


def credentials(token: str, password: str = PASSWORD) -> dict:
    return {"username": "behandelaar", "password": password, "otp_token": token}


@pytest.fixture
def staff_with_device():
    user = UserFactory(username="behandelaar", roles=["Behandelaar"])
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    return user, device


def test_every_role_exists_as_a_group_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {role.group_name for role in ROLES}


def test_case_handler_may_view_persons_and_contractor_may_not():
    handler = UserFactory(roles=["Behandelaar"])
    contractor = UserFactory(roles=["Aannemer"])
    assert handler.has_perm("persons.view_person")
    assert not contractor.has_perm("persons.view_person")
    assert contractor.has_perm("buildings.view_building")


def test_login_page_is_in_dutch(client):
    response = client.get(LOGIN_URL)
    assert response.status_code == 200
    assert "Code uit uw authenticator-app" in response.text


def test_password_and_valid_code_log_in_and_verify(client, staff_with_device):
    user, device = staff_with_device
    response = client.post(LOGIN_URL, credentials(current_token(device)))
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:home")
    home = client.get(reverse("backoffice:home"))
    assert home.status_code == 200
    assert "Welkom" in home.text


def test_login_writes_an_audit_event(client, staff_with_device):
    user, device = staff_with_device
    client.post(LOGIN_URL, credentials(current_token(device)))
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor_id=user.pk).count() == 1


def test_wrong_code_gives_the_dutch_error_and_no_login(client, staff_with_device):
    user, device = staff_with_device
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    response = client.post(LOGIN_URL, {"username": "behandelaar", "password": PASSWORD, "otp_token": wrong})
    assert response.status_code == 200
    assert "De code klopt niet of is verlopen." in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("backoffice:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.LOGIN).exists()


def test_missing_code_is_asked_for(client, staff_with_device):
    response = client.post(LOGIN_URL, {"username": "behandelaar", "password": PASSWORD, "otp_token": ""})
    assert "Vul de code uit uw authenticator-app in." in response.text
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_the_dutch_error(client, staff_with_device):
    _user, device = staff_with_device
    response = client.post(LOGIN_URL, credentials(current_token(device), password="fout"))
    assert "De gebruikersnaam of het wachtwoord klopt niet." in response.text
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_device_cannot_log_in(client):
    UserFactory(username="zonder-app")
    response = client.post(LOGIN_URL, {"username": "zonder-app", "password": PASSWORD, "otp_token": "123456"})
    assert "De code klopt niet" in response.text
    assert "_auth_user_id" not in client.session


def test_non_staff_is_refused(client):
    user = UserFactory(username="inwoner", is_staff=False)
    device = TOTPDevice.objects.create(user=user, name="telefoon", confirmed=True)
    response = client.post(LOGIN_URL, {"username": "inwoner", "password": PASSWORD, "otp_token": current_token(device)})
    assert "Dit account is geen medewerkersaccount." in response.text
    assert "_auth_user_id" not in client.session


def test_staff_area_redirects_anonymous_users_to_the_login(client):
    response = client.get("/medewerkers/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_staff_area_redirects_a_logged_in_but_unverified_user(client, staff_with_device):
    user, _device = staff_with_device
    client.force_login(user)  # password only: no second factor in this session
    response = client.get("/medewerkers/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)


def test_logout_is_audited(client, staff_with_device):
    user, device = staff_with_device
    client.post(LOGIN_URL, credentials(current_token(device)))
    response = client.post("/medewerkers/uitloggen/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor_id=user.pk).exists()
    assert client.get("/medewerkers/").status_code == 302


def test_a_code_typed_during_the_lock_after_a_wrong_one_is_explained(client, staff_with_device):
    _user, device = staff_with_device
    wrong = f"{(int(current_token(device)) + 1) % 1_000_000:06d}"
    client.post(LOGIN_URL, {"username": "behandelaar", "password": PASSWORD, "otp_token": wrong})
    device.refresh_from_db()
    if device.verify_is_allowed()[0]:
        pytest.skip("the lock after a wrong code was already over")
    response = client.post(LOGIN_URL, credentials(current_token(device)))
    assert "Er zijn te veel verkeerde codes ingevuld." in response.text
    assert "_auth_user_id" not in client.session
