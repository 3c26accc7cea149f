"""Money as people type it: one parser for every euro amount entered on a page or in a file.

Accepted: "1234", "1234,56", "1234.56", "1.234", "1.234,56", "1,234.56", with or without "€" and
spaces. Refused with a Dutch message that says how to write it: anything else, more than two
decimals, and text that could mean two different amounts ("10,555": ten euros and a bit, or ten
thousand?). Amounts are Decimal with two places, never float.
"""

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # 12 digits with 2 decimals: every amount column holds this

_PLAIN = re.compile(r"^\d+([.,]\d{1,2})?$")  # 1234 / 1234.56 / 1234,56
_DUTCH = re.compile(r"^\d{1,3}(\.\d{3})+(,\d{1,2})?$")  # 1.234 / 1.234,56
_ENGLISH = re.compile(r"^\d{1,3}(,\d{3})+(\.\d{1,2})?$")  # 1,234 / 1,234.56


def parse_euro(raw) -> Decimal:
    """The amount in `raw` (text, int or Decimal) as Decimal with two places, 0 or more.

    Raises ValueError with a Dutch message that says what to fix.
    """
    if isinstance(raw, bool | float) or raw is None:
        raise ValueError(_("Vul een bedrag in euro's in, zoals 1234 of 1234,56."))
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    else:
        text = str(raw).strip().replace("€", "").replace("\u00a0", "").replace(" ", "")
        if not text:
            raise ValueError(_("Vul een bedrag in euro's in, zoals 1234 of 1234,56."))
        if text.startswith("-"):
            raise ValueError(_("Een bedrag kan niet negatief zijn. Vul 0 of meer in."))
        both = _DUTCH.match(text) and _ENGLISH.match(text)
        if _ENGLISH.match(text) and "," in text and "." not in text:
            both = True  # "10,555": thousands or decimals? Ask rather than guess.
        if both:
            raise ValueError(
                _("'%(value)s' kan twee bedragen betekenen. Schrijf het zonder punten, zoals 10555 of 10,55.")
                % {"value": raw}
            )
        if _DUTCH.match(text):
            text = text.replace(".", "").replace(",", ".")
        elif _ENGLISH.match(text):
            text = text.replace(",", "")
        elif _PLAIN.match(text):
            text = text.replace(",", ".")
        else:
            raise ValueError(_("'%(value)s' is geen bedrag. Schrijf het als 1234 of 1234,56.") % {"value": raw})
        value = Decimal(text)
    try:
        if not value.is_finite() or value != value.quantize(CENT):
            raise ValueError(_("Een bedrag heeft hoogstens twee cijfers achter de komma."))
    except InvalidOperation:
        raise ValueError(_("'%(value)s' is geen bedrag. Schrijf het als 1234 of 1234,56.") % {"value": raw}) from None
    if value < 0:
        raise ValueError(_("Een bedrag kan niet negatief zijn. Vul 0 of meer in."))
    if value > MAX_AMOUNT:
        raise ValueError(_("Dat bedrag is te hoog. Controleer het bedrag."))
    return value.quantize(CENT)
