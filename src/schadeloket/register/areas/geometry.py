"""Geometry helpers for areas: GeoJSON (WGS84) in, WKT in RD New out, with shapely and pyproj.

Why a module of its own: services (writing) and selectors (reading) both need the conversion and
the parsing, and both must give the same Dutch message for a file that cannot be used.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from django.utils.translation import gettext as _
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from schadeloket.register.addresses.coordinates import wgs84_to_rd

WKT_DECIMALS = 2  # centimetres in RD New


class GeometryError(Exception):
    """A geometry or GeoJSON file that cannot be used; the message is Dutch."""


def _lonlat_to_rd(coords: np.ndarray) -> np.ndarray:
    x, y = wgs84_to_rd(coords[:, 1], coords[:, 0])
    return np.column_stack([x, y])


def wgs84_geometry_to_rd(geometry: BaseGeometry) -> BaseGeometry:
    """Reproject a shapely geometry with (lon, lat) coordinates to RD New metres."""
    return shapely.transform(geometry, _lonlat_to_rd)


def to_wkt(geometry: BaseGeometry) -> str:
    return shapely.to_wkt(geometry, rounding_precision=WKT_DECIMALS, trim=True)


def from_wkt(text: str) -> BaseGeometry:
    return shapely.from_wkt(text)


def read_geojson(path_or_file) -> dict:
    """Load a GeoJSON document from a path or an open file; Dutch GeometryError when unusable."""
    try:
        if hasattr(path_or_file, "read"):
            data = path_or_file.read()
        else:
            path = Path(path_or_file)
            if not path.is_file():
                raise GeometryError(_("Het bestand '%(path)s' bestaat niet.") % {"path": path})
            data = path.read_bytes()
        if isinstance(data, bytes):
            data = data.decode("utf-8-sig")
        document = json.loads(data)
    except GeometryError:
        raise
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GeometryError(_("Het GeoJSON-bestand kan niet gelezen worden: %(reason)s") % {"reason": exc}) from exc
    if not isinstance(document, dict) or "type" not in document:
        raise GeometryError(_("Het bestand is geen GeoJSON: het veld 'type' ontbreekt."))
    return document


def features_of(document: dict) -> list[dict]:
    """The features of a FeatureCollection, Feature or bare geometry, as a list of Features."""
    kind = document.get("type")
    if kind == "FeatureCollection":
        features = document.get("features")
        if not isinstance(features, list) or not features:
            raise GeometryError(_("Het GeoJSON-bestand bevat geen vlakken."))
        return features
    if kind == "Feature":
        return [document]
    return [{"type": "Feature", "properties": {}, "geometry": document}]


def polygon_from_feature(feature: dict, number: int) -> BaseGeometry:
    """A valid (Multi)Polygon in WGS84 from one feature; Dutch GeometryError otherwise."""
    try:
        geometry = shape(feature.get("geometry") or {})
    except Exception as exc:  # shapely raises several types for bad input
        raise GeometryError(
            _("Vlak %(n)d: de geometrie kan niet gelezen worden (%(reason)s).") % {"n": number, "reason": exc}
        ) from exc
    if geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        raise GeometryError(
            _("Vlak %(n)d: verwacht een vlak (Polygon of MultiPolygon), gevonden '%(kind)s'.")
            % {"n": number, "kind": geometry.geom_type}
        )
    minx, miny, maxx, maxy = geometry.bounds
    if not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
        raise GeometryError(_("Vlak %(n)d: de coördinaten zijn geen lengte- en breedtegraden (WGS84).") % {"n": number})
    if not geometry.is_valid:
        geometry = shapely.make_valid(geometry)
    return geometry


def geojson_to_rd_union(path_or_file) -> BaseGeometry:
    """All polygons of a GeoJSON file merged into one geometry in RD New."""
    document = read_geojson(path_or_file)
    parts = [polygon_from_feature(f, i) for i, f in enumerate(features_of(document), start=1)]
    return wgs84_geometry_to_rd(shapely.union_all(parts))
