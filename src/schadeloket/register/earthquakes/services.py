"""Writes for earthquakes: importing the KNMI catalogue of induced earthquakes.

Why this shape: the catalogue is the basis for ground-velocity checks per address, so an import
must be all-or-nothing. Every line is validated first; one bad line means nothing is stored and
the user gets every problem with its line number, in plain Dutch. Importing the same file again
adds nothing (`knmi_key` is built from origin time and epicentre).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import numpy as np
from django.db import transaction
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.register.addresses.coordinates import wgs84_to_rd

from .models import Earthquake
from .selectors import invalidate_catalogue_cache
from .signals import earthquakes_imported

EXPECTED_HEADER = ["YYMMDD", "TIME", "LOCATION", "LAT", "LON", "DEPTH", "MAG", "EVALMODE"]
SOURCE = "KNMI aardbevingscatalogus"
BATCH_SIZE = 1000
MAX_ERRORS_REPORTED = 50


class CatalogueImportError(Exception):
    """The file could not be imported; `messages` are Dutch, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class ImportReport:
    read: int = 0
    created: int = 0
    existing: int = 0
    duplicates_in_file: int = 0

    def summary(self) -> str:
        text = _("%(read)d aardbevingen gelezen, %(created)d nieuw, %(existing)d al aanwezig") % {
            "read": self.read,
            "created": self.created,
            "existing": self.existing,
        }
        if self.duplicates_in_file:
            text += _(" (%(n)d dubbel in het bestand)") % {"n": self.duplicates_in_file}
        return text


@dataclass
class _Row:
    line: int
    origin_time: datetime
    location: str
    latitude: float
    longitude: float
    depth_km: float
    magnitude: Decimal
    evaluation_mode: str
    key: str = field(default="")


def make_knmi_key(date_text: str, time_text: str, latitude: float, longitude: float) -> str:
    """Stable key of an event: origin date and time as KNMI writes them, plus the epicentre."""
    return f"{date_text}T{time_text}@{latitude:.4f},{longitude:.4f}"


def _read_text(path_or_file) -> tuple[str, str]:
    """Return (text, name) from a path or an open file (text or binary)."""
    if hasattr(path_or_file, "read"):
        data = path_or_file.read()
        name = getattr(path_or_file, "name", "upload")
    else:
        path = Path(path_or_file)
        if not path.exists():
            raise CatalogueImportError([_("Het bestand '%(path)s' bestaat niet.") % {"path": path}])
        if not path.is_file():
            raise CatalogueImportError([_("'%(path)s' is geen bestand.") % {"path": path}])
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CatalogueImportError(
                [
                    _("Het bestand '%(path)s' kan niet gelezen worden: %(reason)s")
                    % {"path": path, "reason": exc.strerror}
                ]
            ) from exc
        name = path.name
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CatalogueImportError(
                [_("Het bestand is geen tekstbestand in UTF-8 (fout bij byte %(pos)d).") % {"pos": exc.start}]
            ) from exc
    return data.lstrip("\ufeff"), str(name)


def _parse_float(value: str, line: int, label: str, low: float, high: float, errors: list[str]) -> float | None:
    try:
        number = float(value)
    except ValueError:
        errors.append(
            _("Regel %(line)d: %(label)s '%(value)s' is geen getal") % {"line": line, "label": label, "value": value}
        )
        return None
    if not (low <= number <= high):
        errors.append(
            _("Regel %(line)d: %(label)s '%(value)s' ligt niet tussen %(low)s en %(high)s")
            % {"line": line, "label": label, "value": value, "low": low, "high": high}
        )
        return None
    return number


def _parse_line(line: int, fields: list[str], errors: list[str]) -> _Row | None:
    if len(fields) != len(EXPECTED_HEADER):
        errors.append(
            _("Regel %(line)d: %(found)d kolommen gevonden, %(expected)d verwacht")
            % {"line": line, "found": len(fields), "expected": len(EXPECTED_HEADER)}
        )
        return None
    date_text, time_text, location, lat_text, lon_text, depth_text, mag_text, mode = (f.strip() for f in fields)
    problems_before = len(errors)

    day = None
    if len(date_text) != 8 or not date_text.isdigit():
        errors.append(
            _("Regel %(line)d: de datum '%(value)s' heeft niet de vorm jjjjmmdd") % {"line": line, "value": date_text}
        )
    else:
        try:
            day = datetime.strptime(date_text, "%Y%m%d").date()
        except ValueError:
            errors.append(
                _("Regel %(line)d: de datum '%(value)s' bestaat niet (verwacht jjjjmmdd)")
                % {"line": line, "value": date_text}
            )

    clock = None
    whole, _dot, fraction = time_text.partition(".")
    if len(whole) != 6 or not whole.isdigit() or (fraction and not fraction.isdigit()) or len(fraction) > 6:
        errors.append(
            _("Regel %(line)d: de tijd '%(value)s' heeft niet de vorm uummss.ss") % {"line": line, "value": time_text}
        )
    else:
        hour, minute, second = int(whole[:2]), int(whole[2:4]), int(whole[4:6])
        if hour > 23 or minute > 59 or second > 59:
            errors.append(_("Regel %(line)d: de tijd '%(value)s' bestaat niet") % {"line": line, "value": time_text})
        else:
            clock = (hour, minute, second, int((fraction or "0").ljust(6, "0")))

    if not location:
        errors.append(_("Regel %(line)d: de locatie ontbreekt") % {"line": line})
    elif len(location) > 80:
        errors.append(_("Regel %(line)d: de locatie is langer dan 80 tekens") % {"line": line})

    latitude = _parse_float(lat_text, line, _("de breedtegraad"), -90.0, 90.0, errors)
    longitude = _parse_float(lon_text, line, _("de lengtegraad"), -180.0, 180.0, errors)
    depth = _parse_float(depth_text, line, _("de diepte"), 0.0, 100.0, errors)

    magnitude = None
    try:
        magnitude = Decimal(mag_text)
        if not magnitude.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        errors.append(_("Regel %(line)d: de kracht '%(value)s' is geen getal") % {"line": line, "value": mag_text})
        magnitude = None
    if magnitude is not None:
        if magnitude != magnitude.quantize(Decimal("0.1")) or not (Decimal("-9.9") <= magnitude <= Decimal("9.9")):
            errors.append(
                _("Regel %(line)d: de kracht '%(value)s' moet tussen -9,9 en 9,9 liggen, met hooguit 1 decimaal")
                % {"line": line, "value": mag_text}
            )
            magnitude = None
        else:
            magnitude = magnitude.quantize(Decimal("0.1"))

    if len(mode) > 20:
        errors.append(_("Regel %(line)d: de evaluatie '%(value)s' is te lang") % {"line": line, "value": mode})

    if len(errors) > problems_before:
        return None
    origin = datetime(day.year, day.month, day.day, *clock, tzinfo=UTC)
    row = _Row(line, origin, location, latitude, longitude, depth, magnitude, mode)
    row.key = make_knmi_key(date_text, time_text, latitude, longitude)
    return row


def parse_catalogue(text: str) -> list[_Row]:
    """Validate every line and return the rows; raise CatalogueImportError listing all problems."""
    lines = text.splitlines()  # handles CRLF, LF and CR
    if not lines or not lines[0].strip():
        raise CatalogueImportError([_("Het bestand is leeg.")])
    header = [h.strip().upper() for h in lines[0].split(",")]
    if header != EXPECTED_HEADER:
        raise CatalogueImportError(
            [
                _("Regel 1: de kopregel is '%(found)s', verwacht '%(expected)s'")
                % {"found": lines[0].strip(), "expected": ",".join(EXPECTED_HEADER)}
            ]
        )
    errors: list[str] = []
    rows: list[_Row] = []
    for number, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        row = _parse_line(number, raw.split(","), errors)
        if row is not None:
            rows.append(row)
    if errors:
        shown = errors[:MAX_ERRORS_REPORTED]
        if len(errors) > MAX_ERRORS_REPORTED:
            shown.append(_("… en nog %(n)d fouten.") % {"n": len(errors) - MAX_ERRORS_REPORTED})
        shown.append(_("Er is niets ingelezen. Verbeter het bestand en probeer het opnieuw."))
        raise CatalogueImportError(shown)
    if not rows:
        raise CatalogueImportError([_("Het bestand bevat geen aardbevingen.")])
    return rows


def import_catalogue(path_or_file, *, actor=None) -> ImportReport:
    """Import a KNMI catalogue CSV: all lines or none. Returns counts; raises CatalogueImportError."""
    text, name = _read_text(path_or_file)
    rows = parse_catalogue(text)
    report = ImportReport(read=len(rows))

    unique: dict[str, _Row] = {}
    for row in rows:
        if row.key in unique:
            report.duplicates_in_file += 1
        else:
            unique[row.key] = row

    latitudes = np.array([r.latitude for r in unique.values()], dtype=float)
    longitudes = np.array([r.longitude for r in unique.values()], dtype=float)
    xs, ys = wgs84_to_rd(latitudes, longitudes)

    with transaction.atomic():
        existing_keys = set()
        keys = list(unique)
        for start in range(0, len(keys), BATCH_SIZE):
            existing_keys.update(
                Earthquake.objects.filter(knmi_key__in=keys[start : start + BATCH_SIZE]).values_list(
                    "knmi_key", flat=True
                )
            )
        new = [
            Earthquake(
                knmi_key=row.key,
                origin_time=row.origin_time,
                location_name=row.location,
                latitude=row.latitude,
                longitude=row.longitude,
                rd_x=round(float(x), 2),
                rd_y=round(float(y), 2),
                depth_km=row.depth_km,
                magnitude=row.magnitude,
                evaluation_mode=row.evaluation_mode,
                source=SOURCE,
            )
            for row, x, y in zip(unique.values(), xs, ys, strict=True)
            if row.key not in existing_keys
        ]
        Earthquake.objects.bulk_create(new, batch_size=BATCH_SIZE)
        report.created = len(new)
        report.existing = len(unique) - len(new) + report.duplicates_in_file
        record_event(
            actor=actor,
            action="import",
            obj=("earthquakes.earthquake", "catalogue"),
            changed_fields=["knmi_key", "origin_time", "magnitude"] if new else [],
            reason=f"KNMI catalogue {name}: {report.read} read, {report.created} new, {report.existing} present",
        )
        transaction.on_commit(invalidate_catalogue_cache)
        if new:  # e.g. outreach lists the addresses a new event reached (outreach.receivers)
            transaction.on_commit(lambda: earthquakes_imported.send(sender=Earthquake, events=new))
    invalidate_catalogue_cache()
    return report


def import_catalogue_text(text: str, *, actor=None) -> ImportReport:
    """Convenience for tests and uploads: import from a string."""
    return import_catalogue(io.StringIO(text), actor=actor)
