"""Writes for gas fields and areas: loading outlines, (re)building the evidence-presumption area,
and loading configurable areas (core, reinforcement, deep subsidence).

Why here: every area decides eligibility for schemes, so each write is validated completely
first, done in one transaction (nothing stored half) and written to the audit trail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import shapely
from django.db import transaction
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event

from . import geometry as geo
from .models import Area, AreaKind, GasField

BUFFER_M = 6000.0
EVIDENCE_PRESUMPTION_NAME = "Effectgebied bewijsvermoeden (art. 10oa Besluit Twg)"
EVIDENCE_PRESUMPTION_SOURCE = "Besluit Twg art. 10oa (Stb. 2023, 389)"
EVIDENCE_PRESUMPTION_URL = "https://zoek.officielebekendmakingen.nl/stb-2023-389.html"
EVIDENCE_PRESUMPTION_FIELDS = ("GRO", "NOR", "GRK")  # Groningenveld, Norg, Grijpskerk
PGV_THRESHOLD_MM_S = "2.00"
CONFIGURABLE_KINDS = (AreaKind.CORE, AreaKind.REINFORCEMENT, AreaKind.DEEP_SUBSIDENCE)
POSTCODE_RE = re.compile(r"^[1-9][0-9]{3}$")


class AreaValidationError(Exception):
    """Input that cannot be stored; `messages` are Dutch, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass
class GasFieldReport:
    created: int = 0
    updated: int = 0

    def summary(self) -> str:
        return _("%(created)d gasvelden nieuw, %(updated)d bijgewerkt") % {
            "created": self.created,
            "updated": self.updated,
        }


def _invalidate_caches() -> None:
    from .selectors import invalidate_geometry_cache

    invalidate_geometry_cache()
    transaction.on_commit(invalidate_geometry_cache)


def load_gas_fields(path_or_file, *, actor=None) -> GasFieldReport:
    """Load gas-field outlines from GeoJSON (properties field_name, field_code, source).

    Idempotent by `field_code`: loading again updates the outline instead of adding a field.
    """
    try:
        document = geo.read_geojson(path_or_file)
        features = geo.features_of(document)
    except geo.GeometryError as exc:
        raise AreaValidationError([str(exc)]) from exc
    errors: list[str] = []
    parsed: list[tuple[str, str, str, str]] = []
    seen: set[str] = set()
    for number, feature in enumerate(features, start=1):
        props = feature.get("properties") or {}
        code = str(props.get("field_code") or "").strip()
        name = str(props.get("field_name") or "").strip()
        source = str(props.get("source") or "").strip()
        if not code or len(code) > 10:
            errors.append(_("Vlak %(n)d: 'field_code' ontbreekt of is langer dan 10 tekens.") % {"n": number})
        elif code in seen:
            errors.append(_("Vlak %(n)d: de code '%(code)s' komt twee keer voor.") % {"n": number, "code": code})
        seen.add(code)
        if not name:
            errors.append(_("Vlak %(n)d: 'field_name' ontbreekt.") % {"n": number})
        try:
            rd = geo.wgs84_geometry_to_rd(geo.polygon_from_feature(feature, number))
        except geo.GeometryError as exc:
            errors.append(str(exc))
            continue
        parsed.append((code, name, source or "GeoJSON", geo.to_wkt(rd)))
    if errors:
        raise AreaValidationError([*errors, _("Er is niets opgeslagen.")])

    report = GasFieldReport()
    with transaction.atomic():
        for code, name, source, wkt in parsed:
            _field, created = GasField.objects.update_or_create(
                code=code, defaults={"name": name, "source": source[:200], "geometry_rd_wkt": wkt}
            )
            report.created += int(created)
            report.updated += int(not created)
        record_event(
            actor=actor,
            action="import",
            obj=("areas.gasfield", ",".join(c for c, *_rest in parsed)),
            changed_fields=["name", "source", "geometry_rd_wkt"],
            reason=f"gas fields loaded: {report.created} new, {report.updated} updated",
        )
        _invalidate_caches()
    return report


def rebuild_evidence_presumption_area(*, actor=None) -> Area:
    """(Re)build the evidence-presumption area of art. 10oa Besluit Twg.

    Geometry: the Groningenveld, Norg and Grijpskerk outlines buffered by 6 km (RD New metres).
    PGV criterion: also every address where a catalogued quake reached 2 mm/s at 1% exceedance
    (checked per address by the selectors, not stored as a shape).
    """
    fields = list(GasField.objects.filter(code__in=EVIDENCE_PRESUMPTION_FIELDS).order_by("code"))
    if not fields:
        raise AreaValidationError(
            [_("Er zijn nog geen gasvelden (Groningenveld, Norg, Grijpskerk). Laad eerst de gasvelden in.")]
        )
    union = shapely.union_all([geo.from_wkt(f.geometry_rd_wkt) for f in fields])
    zone = union.buffer(BUFFER_M, quad_segs=16)
    missing = sorted(set(EVIDENCE_PRESUMPTION_FIELDS) - {f.code for f in fields})
    note = (
        "Art. 10oa Besluit Twg: the presumption applies at least (a) where a vibration of 2 mm/s with a 1% "
        "exceedance probability is calculated, or (b) within 6 km of the boundary of the Groningenveld, Norg or "
        "Grijpskerk. Geometry = those outlines buffered by 6 km; (a) is checked per address with the ground-motion "
        "model (docs/ground-motion.md). The date of entry into force (set by royal decree) is not known to us: "
        "valid_from is left empty."
    )
    if missing:
        note += f" Missing gas fields when built: {', '.join(missing)}."
    with transaction.atomic():
        area = Area.objects.filter(
            kind=AreaKind.EVIDENCE_PRESUMPTION, name=EVIDENCE_PRESUMPTION_NAME, valid_from=None
        ).first()
        created = area is None
        if created:
            area = Area(kind=AreaKind.EVIDENCE_PRESUMPTION, name=EVIDENCE_PRESUMPTION_NAME, valid_from=None)
        area.geometry_rd_wkt = geo.to_wkt(zone)
        area.postcodes = []
        area.pgv_threshold_mm_s = PGV_THRESHOLD_MM_S
        area.source = EVIDENCE_PRESUMPTION_SOURCE
        area.source_url = EVIDENCE_PRESUMPTION_URL
        area.valid_until = None
        area.note = note
        area.save()
        record_event(
            actor=actor,
            action="create" if created else "update",
            obj=area,
            changed_fields=["geometry_rd_wkt", "pgv_threshold_mm_s", "note"],
            reason="evidence-presumption area rebuilt from gas fields " + ",".join(f.code for f in fields),
        )
        _invalidate_caches()
    area.refresh_from_db()
    return area


def parse_postcodes(value) -> tuple[list[str], list[str]]:
    """Accept '9919,9921 9922' or a list; return (sorted unique pc4 codes, Dutch errors)."""
    items = re.split(r"[\s,;]+", value) if isinstance(value, str) else list(value or [])
    codes, errors = set(), []
    for item in items:
        item = str(item).strip().upper()
        if not item:
            continue
        if not POSTCODE_RE.match(item):
            errors.append(
                _("De postcode '%(value)s' is niet geldig: gebruik 4 cijfers, niet met 0 vooraan (bijvoorbeeld 9919).")
                % {"value": item}
            )
        else:
            codes.add(item)
    return sorted(codes), errors


def load_area(
    *,
    kind: str,
    name: str,
    source: str,
    postcodes=None,
    geojson=None,
    valid_from: date | None = None,
    valid_until: date | None = None,
    source_url: str = "",
    note: str = "",
    actor=None,
) -> Area:
    """Create or replace a configurable area (core, reinforcement, deep subsidence).

    One version per (kind, name, valid_from): loading again with the same three replaces it.
    A new valid_from makes a new version; close the old one with its own valid_until.
    """
    errors: list[str] = []
    if kind not in CONFIGURABLE_KINDS:
        errors.append(
            _("Onbekende soort gebied '%(kind)s'. Kies uit: %(choices)s.")
            % {"kind": kind, "choices": ", ".join(str(k.value) for k in CONFIGURABLE_KINDS)}
        )
    name = (name or "").strip()
    if not name:
        errors.append(_("Geef het gebied een naam."))
    elif len(name) > 120:
        errors.append(_("De naam is langer dan 120 tekens."))
    source = (source or "").strip()
    if not source:
        errors.append(_("Vermeld de bron van het gebied."))
    codes, postcode_errors = parse_postcodes(postcodes)
    errors.extend(postcode_errors)
    wkt = ""
    if geojson is not None:
        try:
            wkt = geo.to_wkt(geo.geojson_to_rd_union(geojson))
        except geo.GeometryError as exc:
            errors.append(str(exc))
    if not codes and geojson is None and not postcode_errors:
        errors.append(_("Geef postcodes of een GeoJSON-bestand op."))
    if valid_from and valid_until and valid_until < valid_from:
        errors.append(
            _("De einddatum %(until)s ligt voor de begindatum %(start)s.")
            % {"until": valid_until.isoformat(), "start": valid_from.isoformat()}
        )
    if errors:
        raise AreaValidationError([*errors, _("Er is niets opgeslagen.")])

    with transaction.atomic():
        area = Area.objects.filter(kind=kind, name=name, valid_from=valid_from).first()
        created = area is None
        if created:
            area = Area(kind=kind, name=name, valid_from=valid_from)
        area.geometry_rd_wkt = wkt
        area.postcodes = codes
        area.valid_until = valid_until
        area.source = source[:300]
        area.source_url = source_url
        area.note = note
        area.pgv_threshold_mm_s = None
        area.save()
        record_event(
            actor=actor,
            action="create" if created else "update",
            obj=area,
            changed_fields=["geometry_rd_wkt", "postcodes", "valid_from", "valid_until", "source"],
            reason=f"area loaded: {kind}",
        )
        _invalidate_caches()
    return area
