"""Demo staff accounts: one per role, a known password and a deterministic TOTP device.

Why deterministic: the TOTP key is derived from SECRET_KEY and the username, so running
`create_demo_accounts` again (or on a rebuilt database) keeps the same key and an authenticator
app set up once keeps working. Only for DEMO_MODE; every entry point checks that.
"""

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from schadeloket.accounts.models import User
from schadeloket.accounts.roles import ROLES, Role

DEMO_PASSWORD = "schadeloket-demo"  # noqa: S105  (published on purpose: demo only)
DEVICE_NAME = "demo"
SUPERUSER_ROLE = "admin"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    is_superuser: bool


def require_demo_mode() -> None:
    if not settings.DEMO_MODE:
        raise ImproperlyConfigured(
            _("Dit kan alleen in een demo-omgeving. Zet DEMO_MODE aan; doe dat nooit in productie.")
        )


def demo_accounts() -> list[DemoAccount]:
    """One account per role: `demo-behandelaar`, `demo-beheerder` (superuser), and so on."""
    return [DemoAccount(f"demo-{role.group_name.lower()}", role, role.code == SUPERUSER_ROLE) for role in ROLES]


def demo_totp_key(username: str) -> str:
    """The device key (40 hex digits, 160 bits) for this username, derived from SECRET_KEY."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"demo-totp:{username}".encode(), hashlib.sha256).digest()
    return digest[:20].hex()


@transaction.atomic
def create_demo_accounts() -> list[DemoAccount]:
    """Create or bring up to date every demo account; safe to run again."""
    require_demo_mode()
    accounts = demo_accounts()
    for account in accounts:
        user, _created = User.objects.get_or_create(username=account.username)
        user.first_name = "Demo"
        user.last_name = str(account.role.label)
        user.is_staff = True
        user.is_active = True
        user.is_superuser = account.is_superuser
        user.set_password(DEMO_PASSWORD)
        user.save()
        group, _created = Group.objects.get_or_create(name=account.role.group_name)
        user.groups.set([group])
        device, _created = TOTPDevice.objects.get_or_create(
            user=user, name=DEVICE_NAME, defaults={"key": demo_totp_key(user.username)}
        )
        device.key = demo_totp_key(user.username)
        device.confirmed = True
        device.save()
    return accounts


def demo_device(username: str) -> TOTPDevice:
    require_demo_mode()
    device = TOTPDevice.objects.filter(user__username=username, name=DEVICE_NAME).first()
    if device is None:
        raise LookupError(
            _("Er is geen demo-account '%(username)s'. Maak de accounts met: python manage.py create_demo_accounts")
            % {"username": username}
        )
    return device


def current_code(device: TOTPDevice, at: float | None = None) -> str:
    """The six-digit code the authenticator app shows now (or at the given Unix time)."""
    generator = TOTP(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    generator.time = time.time() if at is None else at
    code = generator.token()
    return f"{code:0{device.digits}d}"


def base32_secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def otpauth_url(device: TOTPDevice) -> str:
    """The URL an authenticator app reads (usually as a QR code) to add this account."""
    issuer = getattr(settings, "OTP_TOTP_ISSUER", "Schadeloket")
    label = quote(f"{issuer}:{device.user.get_username()}")
    return (
        f"otpauth://totp/{label}?secret={base32_secret(device)}&issuer={quote(issuer)}"
        f"&digits={device.digits}&period={device.step}&algorithm=SHA1"
    )
