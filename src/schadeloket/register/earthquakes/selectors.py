"""Reads for earthquakes: catalogue summary and modelled ground velocity (PGV) per address.

Why: eligibility rules ask "did a quake reach 2 mm/s (1% exceedance) here, after year X?"; the
answer must be quick for one address and cheap for all addresses of the region at once.
"""

import threading
from dataclasses import dataclass
from datetime import date, datetime, time

import numpy as np
from django.db.models import Count, Max, Min
from django.utils import timezone

from . import ground_motion
from .models import Earthquake


def catalogue_summary() -> dict:
    """Count, first and last date and the strongest event: for the public start page."""
    stats = Earthquake.objects.aggregate(count=Count("id"), first=Min("origin_time"), last=Max("origin_time"))
    strongest = Earthquake.objects.order_by("-magnitude", "origin_time").first() if stats["count"] else None
    return {"strongest": strongest, **stats}


# --- Ground velocity per address -------------------------------------------------------------
#
# The catalogue (a few thousand events) is held in-process as numpy arrays, so that one address
# costs a few microseconds and 500,000 addresses can be checked in bulk. The cache is keyed on
# (count, highest id) of the table; the import service also clears it explicitly.


@dataclass(frozen=True)
class CatalogueArrays:
    key: tuple
    ids: np.ndarray
    origin_epoch_s: np.ndarray  # float seconds since 1970-01-01 UTC
    rd_x: np.ndarray
    rd_y: np.ndarray
    depth_km: np.ndarray
    magnitude: np.ndarray  # float, for the ground-motion model only


@dataclass(frozen=True)
class EventAtSite:
    """An earthquake with the modelled PGV (mm/s) it caused at one site."""

    earthquake: Earthquake
    pgv_mm_s: float


_cache: dict[str, CatalogueArrays] = {}
_cache_lock = threading.Lock()


def invalidate_catalogue_cache(*args, **kwargs) -> None:
    """Drop the cached arrays; also connected to post_save/post_delete of Earthquake."""
    with _cache_lock:
        _cache.clear()


def _catalogue_key() -> tuple:
    stats = Earthquake.objects.aggregate(n=Count("id"), first=Min("id"), last=Max("id"), latest=Max("origin_time"))
    return (stats["n"], stats["first"], stats["last"], stats["latest"])


def catalogue_arrays() -> CatalogueArrays:
    """The whole catalogue as numpy arrays, rebuilt only when the table changed."""
    key = _catalogue_key()
    cached = _cache.get("catalogue")
    if cached is not None and cached.key == key:
        return cached
    rows = list(
        Earthquake.objects.order_by("id").values_list("id", "origin_time", "rd_x", "rd_y", "depth_km", "magnitude")
    )
    n = len(rows)
    arrays = CatalogueArrays(
        key=key,
        ids=np.fromiter((r[0] for r in rows), dtype=np.int64, count=n),
        origin_epoch_s=np.fromiter((r[1].timestamp() for r in rows), dtype=float, count=n),
        rd_x=np.fromiter((r[2] for r in rows), dtype=float, count=n),
        rd_y=np.fromiter((r[3] for r in rows), dtype=float, count=n),
        depth_km=np.fromiter((r[4] for r in rows), dtype=float, count=n),
        magnitude=np.fromiter((float(r[5]) for r in rows), dtype=float, count=n),
    )
    with _cache_lock:
        _cache["catalogue"] = arrays
    return arrays


def _as_aware_datetime(moment, *, end_of_day: bool = False) -> datetime | None:
    """A date means the start (or the end) of that day in Dutch time; a datetime is used as is."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment if timezone.is_aware(moment) else timezone.make_aware(moment)
    if isinstance(moment, date):
        clock = time.max if end_of_day else time.min
        return timezone.make_aware(datetime.combine(moment, clock))
    raise TypeError(f"expected date or datetime, got {type(moment).__name__}")


def _time_mask(cat: CatalogueArrays, since, until) -> np.ndarray:
    mask = np.ones(cat.ids.shape, dtype=bool)
    since_dt = _as_aware_datetime(since)
    until_dt = _as_aware_datetime(until, end_of_day=True)
    if since_dt is not None:
        mask &= cat.origin_epoch_s >= since_dt.timestamp()
    if until_dt is not None:
        mask &= cat.origin_epoch_s <= until_dt.timestamp()
    return mask


def _site_xy(address_or_xy) -> tuple[float, float]:
    if isinstance(address_or_xy, tuple):
        return float(address_or_xy[0]), float(address_or_xy[1])
    return float(address_or_xy.rd_x), float(address_or_xy.rd_y)


def pgv_at_site(address_or_xy, exceedance: str = "p99", since=None, until=None) -> tuple[np.ndarray, np.ndarray]:
    """(event ids, PGV mm/s) for every catalogued event in the period, at an address or (rd_x, rd_y)."""
    cat = catalogue_arrays()
    x, y = _site_xy(address_or_xy)
    mask = _time_mask(cat, since, until)
    epicentral_km = np.hypot(cat.rd_x[mask] - x, cat.rd_y[mask] - y) / 1000.0
    pgv = ground_motion.pgv_mm_s(cat.magnitude[mask], epicentral_km, cat.depth_km[mask], exceedance=exceedance)
    return cat.ids[mask], pgv


def events_above(address, mm_s=2, since=None, exceedance: str = "p99", until=None) -> list[EventAtSite]:
    """Events whose modelled PGV at the address reached at least `mm_s`, oldest first.

    `exceedance`: "p99" (value exceeded with 1% probability, as art. 10oa Besluit Twg asks) or
    "median" (50%). `since`/`until`: date or datetime; origin_time >= since and <= until.
    """
    ids, pgv = pgv_at_site(address, exceedance=exceedance, since=since, until=until)
    hit = pgv >= float(mm_s)
    pgv_by_id = dict(zip(ids[hit].tolist(), pgv[hit].tolist(), strict=True))
    if not pgv_by_id:
        return []
    quakes = Earthquake.objects.filter(id__in=list(pgv_by_id)).order_by("origin_time", "id")
    return [EventAtSite(q, pgv_by_id[q.id]) for q in quakes]


def strongest_event_at(address, exceedance: str = "p99", since=None, until=None) -> EventAtSite | None:
    """The event with the highest modelled PGV at the address, or None for an empty catalogue."""
    ids, pgv = pgv_at_site(address, exceedance=exceedance, since=since, until=until)
    if not len(ids):
        return None
    i = int(np.argmax(pgv))
    return EventAtSite(Earthquake.objects.get(id=int(ids[i])), float(pgv[i]))


def max_pgv_at(address, exceedance: str = "p99", since=None, until=None) -> float:
    """Highest modelled PGV (mm/s) any catalogued event caused at the address; 0.0 if none."""
    _ids, pgv = pgv_at_site(address, exceedance=exceedance, since=since, until=until)
    return float(pgv.max()) if len(pgv) else 0.0


def count_events_above_bulk(
    rd_x_array, rd_y_array, mm_s=2, since=None, exceedance: str = "p99", until=None, chunk_size: int = 20_000
) -> np.ndarray:
    """For many sites at once: how many events reached at least `mm_s` at each (int array).

    Each event's reach radius is computed once (the model is inverted exactly), events that
    cannot reach the threshold anywhere are dropped, and sites are handled in chunks so memory
    stays at about chunk_size x relevant events x 8 bytes.
    """
    xs = np.asarray(rd_x_array, dtype=float).ravel()
    ys = np.asarray(rd_y_array, dtype=float).ravel()
    if xs.shape != ys.shape:
        raise ValueError("rd_x_array and rd_y_array must have the same length")
    counts = np.zeros(xs.shape, dtype=np.int32)
    cat = catalogue_arrays()
    mask = _time_mask(cat, since, until)
    radius_km = ground_motion.max_epicentral_km_for(
        float(mm_s), cat.magnitude[mask], cat.depth_km[mask], exceedance=exceedance
    )
    reach = radius_km >= 0
    ex, ey = cat.rd_x[mask][reach], cat.rd_y[mask][reach]
    radius_sq_m = (radius_km[reach] * 1000.0) ** 2
    if not len(ex) or not len(xs):
        return counts
    for start in range(0, len(xs), chunk_size):
        cx = xs[start : start + chunk_size, None]
        cy = ys[start : start + chunk_size, None]
        d2 = (cx - ex) ** 2 + (cy - ey) ** 2
        counts[start : start + chunk_size] = np.count_nonzero(d2 <= radius_sq_m, axis=1)
    return counts
