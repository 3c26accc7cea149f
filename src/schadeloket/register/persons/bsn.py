"""The BSN (burgerservicenummer): validation, encryption, keyed hashing and masking.

Why this module exists: a BSN must never be readable from the database, a URL, a log line or an
error page. It is validated with python-stdnum (the 11-test), encrypted with Fernet (keys from
settings, rotatable with MultiFernet), and found again through an HMAC-SHA256 of the digits, so an
equality lookup needs no decryption and the hash is useless without the key.
"""

import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.nl import bsn as stdnum_bsn

# What people type between the digits; everything else makes the input invalid.
_SEPARATORS = re.compile(r"[\s.\-]")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def normalize_bsn(value: str) -> str:
    """Return the nine digits of a valid BSN, or raise ValidationError saying what to fix.

    Spaces, dots and dashes are accepted (people type them); an 8-digit number gets its leading
    zero back, as the BSN standard allows.
    """
    raw = str(value or "").strip()
    if not raw:
        raise ValidationError(_("Vul een burgerservicenummer (BSN) in."), code="required")
    digits = _SEPARATORS.sub("", raw)
    # Only ASCII digits: str.isdigit() (used by stdnum) also accepts '²' or Arabic-Indic digits.
    if not _ASCII_DIGITS.fullmatch(digits):
        raise ValidationError(_("Een BSN bestaat alleen uit cijfers. Controleer het nummer."), code="format")
    # stdnum pads any short number with zeros ('0' would become the "valid" 000000000); the
    # standard only allows restoring one leading zero.
    if len(digits) not in (8, 9):
        raise ValidationError(_("Een BSN heeft 9 cijfers. Controleer het nummer."), code="length")
    digits = digits.zfill(9)
    try:
        if int(digits) == 0:
            raise InvalidChecksum()
        return stdnum_bsn.validate(digits)
    except InvalidChecksum:
        raise ValidationError(
            _("Dit BSN bestaat niet: de controle (elfproef) klopt niet. Controleer de cijfers."),
            code="checksum",
        )


def is_valid_bsn(value: str) -> bool:
    try:
        normalize_bsn(value)
    except ValidationError:
        return False
    return True


def mask_bsn(bsn: str) -> str:
    """Show only the last four digits: `*****1234`."""
    return "*****" + bsn[-4:]


@lru_cache(maxsize=1)
def _fernet() -> MultiFernet:
    keys = settings.BSN_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("BSN_ENCRYPTION_KEYS is empty: set it in the environment.")
    return MultiFernet([Fernet(key) for key in keys])


@lru_cache(maxsize=1)
def _hash_key() -> bytes:
    if not settings.BSN_HASH_KEY:
        raise ImproperlyConfigured("BSN_HASH_KEY is empty: set it in the environment.")
    return settings.BSN_HASH_KEY.encode()


def encrypt_bsn(bsn: str) -> str:
    return _fernet().encrypt(bsn.encode()).decode()


def decrypt_bsn(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def hash_bsn(bsn: str) -> str:
    """Keyed hash of a normalised BSN, for lookups and uniqueness."""
    return hmac.new(_hash_key(), bsn.encode(), hashlib.sha256).hexdigest()


def clear_key_cache() -> None:
    """Forget cached keys (tests that change the settings call this)."""
    _fernet.cache_clear()
    _hash_key.cache_clear()
