"""Validation of Dutch postcodes, house numbers and BAG identifiers, with messages in Dutch."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})\s*$")
# SA, SD and SS are not used in Dutch postcodes.
_UNUSED_LETTERS = {"SA", "SD", "SS"}
_BAG_ID = re.compile(r"^[0-9]{16}$")


def normalize_postcode(value: str) -> str:
    """Return a postcode as `1234AB`, or raise ValidationError saying what to fix."""
    match = _POSTCODE.match(str(value or ""))
    if not match:
        raise ValidationError(
            _("Vul een postcode in als 1234 AB: vier cijfers (niet beginnend met 0) en twee letters."),
            code="postcode",
        )
    digits, letters = match.group(1), match.group(2).upper()
    if letters in _UNUSED_LETTERS:
        raise ValidationError(
            _("Postcodes met de letters %(letters)s bestaan niet.") % {"letters": letters}, code="postcode"
        )
    return digits + letters


def format_postcode(postcode: str) -> str:
    """`1234AB` → `1234 AB`, the way people write it."""
    return f"{postcode[:4]} {postcode[4:]}" if len(postcode) == 6 else postcode


def validate_house_number(value) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Het huisnummer moet een heel getal zijn, zoals 12."), code="house_number")
    if not 1 <= number <= 99999:
        raise ValidationError(_("Het huisnummer moet tussen 1 en 99999 liggen."), code="house_number")
    return number


def validate_bag_id(value: str) -> None:
    if not _BAG_ID.match(str(value or "")):
        raise ValidationError(_("Een BAG-identificatie bestaat uit precies 16 cijfers."), code="bag_id")
