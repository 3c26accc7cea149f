"""SEPA building blocks: checking an IBAN and a payee name, and writing a pain.001.001.03 message.

Why a module of its own: the bank decides what it accepts, not we. Everything that must match
the bank's rules (IBAN check digits, the SEPA character set, the 70-character name, the 140-character
remittance text, the pain.001.001.03 element order) lives here, away from the database work in
`services.py`, so it can be read against the bank's implementation guide in one place.

The IBAN check is python-stdnum's `stdnum.iban` (ISO 13616 mod-97 check digits plus the country's
BBAN structure from its IBAN registry). python-stdnum has no extra Dutch IBAN module
(`stdnum.nl` covers BSN, BTW, postcode and others, not bank accounts), and the old Dutch
"elfproef" on account numbers is not applied: not every Dutch bank's numbers pass it, so it would
refuse real accounts.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from lxml import etree
from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, ValidationError

PAIN_001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"
NAME_MAX_LENGTH = 70  # SEPA: Nm of Dbtr and Cdtr
REMITTANCE_MAX_LENGTH = 140  # SEPA: one Ustrd
ID_MAX_LENGTH = 35  # MsgId, PmtInfId, EndToEndId

# Countries in the SEPA scheme (EU, EEA, and the non-EU members), by the country code that their
# IBANs begin with. A payment to an IBAN outside this list cannot be a SEPA credit transfer.
SEPA_COUNTRIES = frozenset(
    "AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA"
    .split()
)  # fmt: skip

# The SEPA basic Latin character set (EPC guidance): everything else is transliterated or replaced.
_NOT_SEPA = re.compile(r"[^A-Za-z0-9/\-?:().,'+ ]")
_SPACES = re.compile(r"\s+")
_IBAN_SHAPE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]+$")


class SepaError(ValueError):
    """Input that the bank would refuse, with a Dutch message that says what to fix."""


def normalise_iban(value: str) -> str:
    """The IBAN without spaces, in capitals, once it passes its check; otherwise SepaError (Dutch).

    The messages point at the most likely mistake, because a resident or handler typing an IBAN
    from a bank card needs to know what to look at, not that "validation failed".
    """
    compact = re.sub(r"[\s.\-]", "", value or "").upper()
    if not compact:
        raise SepaError(_("Vul het IBAN in."))
    if not compact.isalnum() or not compact.isascii():
        raise SepaError(_("Een IBAN bestaat alleen uit letters en cijfers. Haal andere tekens weg."))
    if not _IBAN_SHAPE.match(compact):
        raise SepaError(
            _("Een IBAN begint met twee letters voor het land en twee cijfers, zoals NL91 ABNA 0417 1643 00.")
        )
    if compact.startswith("NL") and len(compact) != 18:
        raise SepaError(
            _("Een Nederlands IBAN heeft 18 tekens. U heeft er %(count)s ingevuld. Controleer het nummer.")
            % {"count": len(compact)}
        )
    try:
        stdnum_iban.validate(compact)
    except InvalidChecksum:
        raise SepaError(_("Dit IBAN klopt niet: controleer de letters en cijfers."))
    except ValidationError:
        raise SepaError(_("Dit IBAN heeft niet de goede vorm voor het land waarmee het begint. Controleer het nummer."))
    if compact[:2] not in SEPA_COUNTRIES:
        raise SepaError(
            _("Wij kunnen alleen betalen naar een rekening in een SEPA-land. Dit IBAN hoort bij een ander land.")
        )
    return compact


def normalise_name(value: str) -> str:
    """The payee's name, trimmed; required and at most 70 characters (the SEPA limit for Nm)."""
    name = _SPACES.sub(" ", value or "").strip()
    if not name:
        raise SepaError(_("Vul de naam van de ontvanger in."))
    if len(name) > NAME_MAX_LENGTH:
        raise SepaError(
            _("De naam van de ontvanger is te lang: hoogstens %(max)s tekens, nu %(count)s. Kort de naam in.")
            % {"max": NAME_MAX_LENGTH, "count": len(name)}
        )
    if any(unicodedata.category(char).startswith("C") for char in name):
        raise SepaError(_("De naam van de ontvanger bevat tekens die niet kunnen. Gebruik letters en cijfers."))
    if not sepa_text(name, NAME_MAX_LENGTH):
        raise SepaError(_("Schrijf de naam van de ontvanger met letters zoals op het bankpasje."))
    return name


def normalise_bic(value: str) -> str:
    """A BIC of 8 or 11 characters (bank, country, location, branch); SepaError otherwise."""
    bic = re.sub(r"\s", "", value or "").upper()
    if not re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?", bic):
        raise SepaError(_("Deze BIC klopt niet. Een BIC heeft 8 of 11 tekens, zoals ABNANL2A."))
    return bic


def sepa_text(value: str, max_length: int) -> str:
    """Text the bank accepts: accents dropped (é → e), other characters outside the SEPA set
    replaced by a space, cut to `max_length`. Stored data keep the original spelling; only the
    message to the bank is simplified."""
    decomposed = unicodedata.normalize("NFKD", value)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    plain = plain.replace("&", "+").replace("ß", "ss").replace("Ø", "O").replace("ø", "o")
    plain = _SPACES.sub(" ", _NOT_SEPA.sub(" ", plain)).strip()
    return plain[:max_length].rstrip()


def euro(amount: Decimal) -> str:
    """An amount as the bank wants it: a point and exactly two decimals, never a float."""
    return str(Decimal(amount).quantize(Decimal("0.01")))


@dataclass(frozen=True)
class Debtor:
    name: str
    iban: str
    bic: str


@dataclass(frozen=True)
class Transfer:
    end_to_end_id: str
    amount: Decimal
    creditor_name: str
    creditor_iban: str
    remittance: str


def build_pain_001(
    *, message_id: str, created_at: dt.datetime, execution_date: dt.date, debtor: Debtor, transfers: list[Transfer]
) -> bytes:
    """A pain.001.001.03 Customer Credit Transfer Initiation with one PmtInf (batch booking).

    The element order follows the XSD exactly (a bank's validator rejects any other order). No
    creditor BIC: SEPA payments within the EEA are IBAN-only since 2016.
    """
    total = sum((t.amount for t in transfers), Decimal("0"))
    count = str(len(transfers))
    nsmap = {None: PAIN_001_NAMESPACE}

    def sub(parent, tag, text=None, **attributes):
        element = etree.SubElement(parent, f"{{{PAIN_001_NAMESPACE}}}{tag}", **attributes)
        if text is not None:
            element.text = text
        return element

    document = etree.Element(f"{{{PAIN_001_NAMESPACE}}}Document", nsmap=nsmap)
    initiation = sub(document, "CstmrCdtTrfInitn")

    header = sub(initiation, "GrpHdr")
    sub(header, "MsgId", message_id)
    sub(header, "CreDtTm", created_at.strftime("%Y-%m-%dT%H:%M:%S"))
    sub(header, "NbOfTxs", count)
    sub(header, "CtrlSum", euro(total))
    sub(sub(header, "InitgPty"), "Nm", sepa_text(debtor.name, NAME_MAX_LENGTH))

    payment = sub(initiation, "PmtInf")
    sub(payment, "PmtInfId", f"{message_id}-1"[:ID_MAX_LENGTH])
    sub(payment, "PmtMtd", "TRF")
    sub(payment, "BtchBookg", "true")
    sub(payment, "NbOfTxs", count)
    sub(payment, "CtrlSum", euro(total))
    sub(sub(sub(payment, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA")
    sub(payment, "ReqdExctnDt", execution_date.isoformat())
    sub(sub(payment, "Dbtr"), "Nm", sepa_text(debtor.name, NAME_MAX_LENGTH))
    sub(sub(sub(payment, "DbtrAcct"), "Id"), "IBAN", debtor.iban)
    sub(sub(sub(payment, "DbtrAgt"), "FinInstnId"), "BIC", debtor.bic)
    sub(payment, "ChrgBr", "SLEV")

    for transfer in transfers:
        item = sub(payment, "CdtTrfTxInf")
        sub(sub(item, "PmtId"), "EndToEndId", transfer.end_to_end_id)
        sub(sub(item, "Amt"), "InstdAmt", euro(transfer.amount), Ccy="EUR")
        sub(sub(item, "Cdtr"), "Nm", sepa_text(transfer.creditor_name, NAME_MAX_LENGTH))
        sub(sub(sub(item, "CdtrAcct"), "Id"), "IBAN", transfer.creditor_iban)
        sub(sub(item, "RmtInf"), "Ustrd", sepa_text(transfer.remittance, REMITTANCE_MAX_LENGTH))

    return etree.tostring(document, xml_declaration=True, encoding="UTF-8", pretty_print=True)
