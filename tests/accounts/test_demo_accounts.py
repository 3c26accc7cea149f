"""Demo accounts: one per role, only in DEMO_MODE, re-runnable with the same TOTP key."""

import pytest
from django.core.management import CommandError, call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.accounts.models import User
from schadeloket.accounts.roles import ROLES
from schadeloket.demo.accounts import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def test_refused_without_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError) as info:
        call_command("create_demo_accounts")
    assert "demo-omgeving" in str(info.value)
    assert not User.objects.exists()
    with pytest.raises(CommandError):
        call_command("demo_totp", "demo-behandelaar")


def test_creates_one_verified_account_per_role_and_is_idempotent(settings, capsys):
    settings.DEMO_MODE = True
    call_command("create_demo_accounts")
    keys = dict(TOTPDevice.objects.values_list("user__username", "key"))
    call_command("create_demo_accounts")
    output = capsys.readouterr().out
    assert User.objects.count() == len(ROLES)
    assert dict(TOTPDevice.objects.values_list("user__username", "key")) == keys
    handler = User.objects.get(username="demo-behandelaar")
    assert handler.is_staff and not handler.is_superuser
    assert handler.check_password(DEMO_PASSWORD)
    assert handler.groups.get().name == "Behandelaar"
    assert handler.has_perm("persons.view_person")
    assert User.objects.get(username="demo-beheerder").is_superuser
    assert TOTPDevice.objects.filter(confirmed=True).count() == len(ROLES)
    assert "demo-behandelaar" in output and DEMO_PASSWORD in output


def test_demo_totp_prints_a_code_the_login_accepts(settings, capsys, client):
    settings.DEMO_MODE = True
    call_command("create_demo_accounts")
    capsys.readouterr()
    call_command("demo_totp", "demo-behandelaar", "--code-only")
    code = capsys.readouterr().out.strip()
    assert len(code) == 6 and code.isdigit()
    response = client.post(
        "/medewerkers/inloggen/", {"username": "demo-behandelaar", "password": DEMO_PASSWORD, "otp_token": code}
    )
    assert response.status_code == 302
    call_command("demo_totp", "demo-behandelaar")
    assert "otpauth://totp/Schadeloket%3Ademo-behandelaar?secret=" in capsys.readouterr().out
