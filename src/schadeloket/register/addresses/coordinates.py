"""Conversion between RD New (EPSG:28992, metres) and WGS84 (EPSG:4326, degrees) with pyproj.

Distances for the 6 km rule and for ground motion are computed in RD New, where a metre is a
metre; maps and the KNMI catalogue speak WGS84.
"""

from functools import lru_cache

import numpy as np
from pyproj import Transformer

RD_NEW = "EPSG:28992"
WGS84 = "EPSG:4326"


@lru_cache(maxsize=1)
def _to_rd() -> Transformer:
    return Transformer.from_crs(WGS84, RD_NEW, always_xy=True)


@lru_cache(maxsize=1)
def _to_wgs84() -> Transformer:
    return Transformer.from_crs(RD_NEW, WGS84, always_xy=True)


def wgs84_to_rd(latitude, longitude):
    """Return (x, y) in RD New metres. Accepts scalars or numpy arrays."""
    x, y = _to_rd().transform(longitude, latitude)
    return x, y


def rd_to_wgs84(x, y):
    """Return (latitude, longitude) in degrees. Accepts scalars or numpy arrays."""
    lon, lat = _to_wgs84().transform(x, y)
    return lat, lon


def rd_distance_km(x1, y1, x2, y2):
    """Planar distance in km between RD New points (exact enough within the Netherlands)."""
    return np.hypot(np.asarray(x1) - x2, np.asarray(y1) - y2) / 1000.0
