"""Reads for areas: which areas an address lies in on a date, and its distance to the gas fields.

Why: eligibility for VES, AVV and other schemes depends on the areas of an address. Parsing a
large WKT polygon is slow, so parsed and prepared shapely geometries are cached per process,
keyed by the row and its WKT, and dropped when a service changes an area or a gas field.
"""

from __future__ import annotations

import threading
from datetime import date

import shapely
from django.db.models import Q
from django.utils import timezone
from shapely.geometry import Point

from schadeloket.register.earthquakes.selectors import max_pgv_at

from . import geometry as geo
from .models import Area, GasField

SIX_KM = 6.0

_geometry_cache: dict[tuple, object] = {}
_lock = threading.Lock()


def invalidate_geometry_cache() -> None:
    with _lock:
        _geometry_cache.clear()


def _prepared(kind: str, pk: int, wkt: str):
    """Parsed and prepared geometry for a row; WKT is part of the key so a change is never missed."""
    key = (kind, pk, hash(wkt))
    geom = _geometry_cache.get(key)
    if geom is None:
        geom = geo.from_wkt(wkt)
        shapely.prepare(geom)
        with _lock:
            _geometry_cache[key] = geom
    return geom


def _point(address) -> Point:
    return Point(float(address.rd_x), float(address.rd_y))


def areas_valid_on(on_date: date | None = None):
    """Areas in force on the date (today when None); empty dates mean open-ended."""
    day = on_date or timezone.localdate()
    return Area.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day), Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    ).order_by("kind", "name", "id")


def areas_of(address, on_date: date | None = None) -> list[Area]:
    """Every area valid on `on_date` that contains the address.

    An address is in an area by geometry (point in polygon), by its 4-digit postcode, or, for an
    area with `pgv_threshold_mm_s`, because a catalogued quake up to that date reached the
    threshold at 1% exceedance there. Each returned Area has `matched_by` set to "geometry",
    "postcode" or "pgv" (the first criterion that held).
    """
    day = on_date or timezone.localdate()
    point = _point(address)
    pc4 = (getattr(address, "pc4", None) or str(getattr(address, "postcode", ""))[:4]).upper()
    found: list[Area] = []
    max_pgv: float | None = None
    for area in areas_valid_on(day):
        matched_by = ""
        if area.geometry_rd_wkt and _prepared("area", area.pk, area.geometry_rd_wkt).contains(point):
            matched_by = "geometry"
        elif pc4 and pc4 in (area.postcodes or []):
            matched_by = "postcode"
        elif area.pgv_threshold_mm_s is not None:
            if max_pgv is None:
                max_pgv = max_pgv_at(address, exceedance="p99", until=day)
            if max_pgv >= float(area.pgv_threshold_mm_s):
                matched_by = "pgv"
        if matched_by:
            area.matched_by = matched_by
            found.append(area)
    return found


def gas_field_distances_km(address) -> dict[str, float]:
    """Distance (km) from the address to each gas field's boundary; 0.0 when inside."""
    point = _point(address)
    return {
        field.code: _prepared("gasfield", field.pk, field.geometry_rd_wkt).distance(point) / 1000.0
        for field in GasField.objects.all().only("id", "code", "geometry_rd_wkt")
    }


def nearest_gas_field_distance_km(address) -> float | None:
    """Distance (km) to the nearest gas field, or None when no gas fields are loaded."""
    distances = gas_field_distances_km(address)
    return min(distances.values()) if distances else None


def within_6km_of_gas_field(address) -> bool:
    """True when the address lies in a gas field or within 6 km of its boundary."""
    distance = nearest_gas_field_distance_km(address)
    return distance is not None and distance <= SIX_KM
