"""Writes for prior payments: importing what NAM, CVW, TCMG and IMG paid before, from a CSV file.

Why this module exists: the schemes subtract or count earlier payments, so these must be complete
and correct. The import is all-or-nothing: every row is checked first and, if any row is wrong,
nothing is stored and the report says per row and field what to fix (in plain Dutch). It is
idempotent by (payer, reference): a row that is already present is counted, not stored twice; a
reference that exists with other content is an error, never a silent overwrite.

Row numbers in messages are the row numbers a spreadsheet shows: the header is row 1.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.money import parse_euro
from schadeloket.register.addresses.models import Address
from schadeloket.register.addresses.validators import normalize_postcode, validate_house_number
from schadeloket.register.buildings.models import BuildingKind

from .models import Payer, PaymentKind, PriorPayment

COLUMNS = [
    "reference",
    "payer",
    "paid_on",
    "amount",
    "scheme",
    "kind",
    "postcode",
    "house_number",
    "house_letter",
    "house_number_addition",
    "building_kind",
]
REQUIRED_COLUMNS = [c for c in COLUMNS if c not in ("house_letter", "house_number_addition", "building_kind", "kind")]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOOKUP_CHUNK = 500


def _field_label(name: str) -> str:
    """The Dutch word for a column, as the report shows it."""
    labels = {
        "reference": _("kenmerk"),
        "payer": _("betaler"),
        "paid_on": _("betaaldatum"),
        "amount": _("bedrag"),
        "scheme": _("regeling"),
        "kind": _("soort betaling"),
        "postcode": _("postcode"),
        "house_number": _("huisnummer"),
        "house_letter": _("huisletter"),
        "house_number_addition": _("toevoeging"),
        "building_kind": _("soort gebouw"),
        "address": _("adres"),
        "file": _("bestand"),
    }
    return labels.get(name, name)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        if self.row <= 0:
            return _("%(field)s: %(reason)s") % {"field": _field_label(self.field), "reason": self.reason}
        return _("Rij %(row)s, %(field)s: %(reason)s") % {
            "row": self.row,
            "field": _field_label(self.field),
            "reason": self.reason,
        }


@dataclass
class ImportReport:
    """What an import did: rows read, stored as new, already present, and the errors found."""

    read: int = 0
    new: int = 0
    already_present: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def lines(self) -> list[str]:
        """The report as Dutch lines, for the command and the logs (no personal data in it)."""
        if self.errors:
            header = _(
                "Er is niets ingelezen: %(n)s fout(en) gevonden in %(read)s rij(en). "
                "Verbeter het bestand en probeer het opnieuw."
            ) % {
                "n": len(self.errors),
                "read": self.read,
            }
            return [header, *(str(error) for error in self.errors)]
        return [
            _("Gelezen: %(n)s rij(en).") % {"n": self.read},
            _("Nieuw opgeslagen: %(n)s betaling(en).") % {"n": self.new},
            _("Stond er al: %(n)s betaling(en).") % {"n": self.already_present},
        ]


def parse_amount(raw: str) -> Decimal:
    """A prior payment's amount: any amount `schadeloket.money.parse_euro` reads, and more than 0.

    Raises ValueError with a Dutch explanation when it is not such an amount.
    """
    amount = parse_euro(raw)
    if amount <= 0:
        raise ValueError(_("het bedrag moet groter zijn dan 0."))
    return amount


def _parse_date(raw: str) -> date:
    text = str(raw or "").strip()
    if not _DATE.match(text):
        raise ValueError(
            _("'%(value)s' is geen datum. Schrijf de datum als jjjj-mm-dd, zoals 2023-05-31.") % {"value": raw}
        )
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("'%(value)s' is geen bestaande datum.") % {"value": raw})
    if day > date.today():
        raise ValueError(_("de datum %(value)s ligt in de toekomst.") % {"value": text})
    if day.year < 1986:
        raise ValueError(_("de datum %(value)s ligt voor 1986; dat kan niet kloppen.") % {"value": text})
    return day


@dataclass
class _Row:
    row: int
    reference: str
    payer: str
    paid_on: date
    amount: Decimal
    scheme: str
    kind: str
    postal_key: tuple[str, int, str, str]
    building_kind: str
    building_id: int | None = None


def _open_text(file) -> io.TextIOBase:
    if isinstance(file, (str, Path)):
        return open(file, encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed by the caller)
    if isinstance(file, (bytes, bytearray)):
        return io.StringIO(bytes(file).decode("utf-8-sig"), newline="")
    content = file.read()
    if isinstance(content, bytes):
        content = content.decode("utf-8-sig")
    return io.StringIO(content.lstrip("\ufeff"), newline="")


def _reader(handle) -> csv.DictReader:
    first_line = handle.readline()
    handle.seek(0)
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return csv.DictReader(handle, delimiter=delimiter)


def _check_row(number: int, raw: dict, errors: list[RowError]) -> _Row | None:
    """Check the fields of one row on their own (no database); None when something is wrong."""
    found: list[RowError] = []

    def value(name: str) -> str:
        return (raw.get(name) or "").strip()

    reference = value("reference")
    if not reference:
        found.append(RowError(number, "reference", _("vul het kenmerk van de betaler in.")))
    elif len(reference) > 40:
        found.append(RowError(number, "reference", _("het kenmerk is langer dan 40 tekens.")))

    payer = value("payer").upper()
    if payer not in Payer.values:
        found.append(
            RowError(
                number,
                "payer",
                _("'%(value)s' is geen bekende betaler. Kies uit: %(choices)s.")
                % {"value": value("payer"), "choices": ", ".join(Payer.values)},
            )
        )

    paid_on = amount = None
    try:
        paid_on = _parse_date(value("paid_on"))
    except ValueError as error:
        found.append(RowError(number, "paid_on", str(error)))
    try:
        amount = parse_amount(value("amount"))
    except ValueError as error:
        found.append(RowError(number, "amount", str(error)))

    scheme = value("scheme")
    if not scheme:
        found.append(RowError(number, "scheme", _("vul de regeling in, zoals 'fysieke schade'.")))
    elif len(scheme) > 40:
        found.append(RowError(number, "scheme", _("de naam van de regeling is langer dan 40 tekens.")))

    kind = value("kind").lower() or PaymentKind.DAMAGE
    if kind not in PaymentKind.values:
        found.append(
            RowError(
                number,
                "kind",
                _("'%(value)s' is geen soort betaling. Kies uit: %(choices)s.")
                % {"value": value("kind"), "choices": ", ".join(PaymentKind.values)},
            )
        )

    postcode = house_number = None
    try:
        postcode = normalize_postcode(value("postcode"))
    except ValidationError as error:
        found.append(RowError(number, "postcode", error.messages[0]))
    try:
        house_number = validate_house_number(value("house_number"))
    except ValidationError as error:
        found.append(RowError(number, "house_number", error.messages[0]))
    house_letter = value("house_letter").upper()
    if house_letter and not (len(house_letter) == 1 and house_letter.isalpha()):
        found.append(RowError(number, "house_letter", _("een huisletter is één letter, zoals A.")))
    addition = value("house_number_addition").upper()
    if len(addition) > 4:
        found.append(RowError(number, "house_number_addition", _("een toevoeging heeft hooguit 4 tekens.")))

    building_kind = value("building_kind").lower()
    if building_kind and building_kind not in BuildingKind.values:
        found.append(
            RowError(
                number,
                "building_kind",
                _("'%(value)s' is geen soort gebouw. Kies uit: %(choices)s.")
                % {"value": value("building_kind"), "choices": ", ".join(BuildingKind.values)},
            )
        )

    if found:
        errors.extend(found)
        return None
    return _Row(
        row=number,
        reference=reference,
        payer=payer,
        paid_on=paid_on,
        amount=amount,
        scheme=scheme,
        kind=kind,
        postal_key=(postcode, house_number, house_letter, addition),
        building_kind=building_kind,
    )


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _resolve_buildings(rows: list[_Row], errors: list[RowError]) -> None:
    """Find the building for every row, in batches; add an error for each row without one."""
    postcodes = sorted({row.postal_key[0] for row in rows})
    addresses: dict[tuple, Address] = {}
    for chunk in _chunks(postcodes, _LOOKUP_CHUNK):
        for address in Address.objects.filter(postcode__in=chunk).prefetch_related("buildings"):
            key = (
                address.postcode,
                address.house_number,
                address.house_letter.upper(),
                address.house_number_addition.upper(),
            )
            addresses[key] = address
    for row in rows:
        address = addresses.get(row.postal_key)
        if address is None:
            postcode, number, letter, addition = row.postal_key
            shown = f"{postcode[:4]} {postcode[4:]} {number}{letter}" + (f"-{addition}" if addition else "")
            errors.append(
                RowError(
                    row.row, "address", _("het adres %(address)s staat niet in het register.") % {"address": shown}
                )
            )
            continue
        buildings = sorted(address.buildings.all(), key=lambda b: b.pk)
        if row.building_kind:
            matching = [b for b in buildings if b.kind == row.building_kind]
            if len(matching) == 1:
                row.building_id = matching[0].pk
            elif not matching:
                errors.append(
                    RowError(
                        row.row,
                        "building_kind",
                        _("op dit adres staat geen gebouw van de soort '%(kind)s'.") % {"kind": row.building_kind},
                    )
                )
            else:
                errors.append(
                    RowError(
                        row.row,
                        "building_kind",
                        _(
                            "op dit adres staan %(n)s gebouwen van de soort '%(kind)s'. "
                            "Dan kan het bestand niet kiezen; voer deze betaling met de hand in."
                        )
                        % {"n": len(matching), "kind": row.building_kind},
                    )
                )
            continue
        homes = [b for b in buildings if b.kind == BuildingKind.HOME]
        if len(buildings) == 1:
            row.building_id = buildings[0].pk
        elif len(homes) == 1:
            row.building_id = homes[0].pk
        elif not buildings:
            errors.append(RowError(row.row, "address", _("op dit adres staat nog geen gebouw in het register.")))
        else:
            errors.append(
                RowError(
                    row.row,
                    "building_kind",
                    _("op dit adres staan meerdere gebouwen. Vul de soort gebouw in (%(choices)s).")
                    % {"choices": ", ".join(BuildingKind.values)},
                )
            )


def _content(row_or_payment) -> tuple:
    return (
        row_or_payment.paid_on,
        Decimal(row_or_payment.amount).quantize(Decimal("0.01")),
        row_or_payment.scheme,
        row_or_payment.kind,
        row_or_payment.building_id,
    )


def import_payments(file, *, actor=None) -> ImportReport:
    """Validate and import a CSV of prior payments (path, bytes or file object); all or nothing.

    Returns an ImportReport; when `report.errors` is not empty nothing was stored.
    """
    report = ImportReport()
    errors = report.errors
    handle = _open_text(file)
    try:
        reader = _reader(handle)
        header = [name.strip() for name in (reader.fieldnames or [])]
        reader.fieldnames = header
        missing = [name for name in REQUIRED_COLUMNS if name not in header]
        if missing:
            errors.append(
                RowError(
                    1,
                    "file",
                    _("deze kolommen ontbreken: %(columns)s. De eerste rij moet de kolomnamen bevatten: %(all)s.")
                    % {
                        "columns": ", ".join(missing),
                        "all": ",".join(COLUMNS),
                    },
                )
            )
            return report
        rows: list[_Row] = []
        for number, raw in enumerate(reader, start=2):
            if not any((v or "").strip() for k, v in raw.items() if k is not None):
                continue  # an empty line is no row
            report.read += 1
            if None in raw:
                errors.append(RowError(number, "file", _("deze rij heeft meer kolommen dan de eerste rij.")))
                continue
            checked = _check_row(number, raw, errors)
            if checked is not None:
                rows.append(checked)
    finally:
        if isinstance(file, (str, Path)):
            handle.close()

    if report.read == 0 and not errors:
        errors.append(RowError(0, "file", _("het bestand bevat geen betalingen.")))
        return report

    _resolve_buildings(rows, errors)
    rows = [row for row in rows if row.building_id is not None]

    # Duplicates inside the file, then against what is already stored.
    seen: dict[tuple[str, str], _Row] = {}
    unique_rows: list[_Row] = []
    for row in rows:
        key = (row.payer, row.reference)
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = row
            unique_rows.append(row)
        elif _content(earlier) == _content(row):
            report.already_present += 1
        else:
            errors.append(
                RowError(
                    row.row,
                    "reference",
                    _("kenmerk %(reference)s van %(payer)s staat ook in rij %(other)s, maar met andere gegevens.")
                    % {"reference": row.reference, "payer": row.payer, "other": earlier.row},
                )
            )

    existing: dict[tuple[str, str], PriorPayment] = {}
    by_payer: dict[str, list[str]] = {}
    for payer, reference in seen:
        by_payer.setdefault(payer, []).append(reference)
    for payer, references in by_payer.items():
        for chunk in _chunks(references, _LOOKUP_CHUNK):
            for payment in PriorPayment.objects.filter(payer=payer, reference__in=chunk):
                existing[(payment.payer, payment.reference)] = payment

    to_create: list[PriorPayment] = []
    for row in unique_rows:
        stored = existing.get((row.payer, row.reference))
        if stored is None:
            to_create.append(
                PriorPayment(
                    reference=row.reference,
                    payer=row.payer,
                    paid_on=row.paid_on,
                    amount=row.amount,
                    scheme=row.scheme,
                    kind=row.kind,
                    building_id=row.building_id,
                )
            )
        elif _content(stored) == _content(row):
            report.already_present += 1
        else:
            errors.append(
                RowError(
                    row.row,
                    "reference",
                    _(
                        "kenmerk %(reference)s van %(payer)s staat al in het register, maar met andere gegevens. "
                        "Controleer de rij; wijzigen kan niet via een import."
                    )
                    % {"reference": row.reference, "payer": row.payer},
                )
            )

    if errors:
        errors.sort(key=lambda e: (e.row, COLUMNS.index(e.field) if e.field in COLUMNS else len(COLUMNS)))
        return report

    with transaction.atomic():
        PriorPayment.objects.bulk_create(to_create, batch_size=2000)
        record_event(
            actor=actor,
            action="import",
            obj=("payments.priorpayment", "import"),
            changed_fields=["reference", "payer", "paid_on", "amount", "scheme", "kind", "building"],
            reason=_("Eerdere betalingen ingelezen: %(read)s gelezen, %(new)s nieuw, %(present)s stonden er al.")
            % {"read": report.read, "new": len(to_create), "present": report.already_present},
        )
    report.new = len(to_create)
    return report
