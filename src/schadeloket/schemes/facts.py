"""Facts: everything a scheme may ask about one applicant, building and date, in one flat record.

Why one record: the DMN tables name their inputs by these field names, the choice help and the
intake fill it from the register, and the policy simulation fills it for every address at once.
A value the register cannot know (a co-owner's consent, say) is None: the scheme then reports
the condition as "to be asked" instead of guessing.

`gather_facts` builds one record from the register; `gather_facts_bulk` builds them for many
buildings at once with a bounded number of queries (for simulation).
"""

import dataclasses
import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import shapely
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from schadeloket.db import any_of
from schadeloket.register.areas.models import AreaKind, GasField
from schadeloket.register.areas.selectors import SIX_KM, areas_of, areas_valid_on, within_6km_of_gas_field
from schadeloket.register.buildings.models import Building, BuildingRelation, RelationKind
from schadeloket.register.earthquakes import ground_motion
from schadeloket.register.earthquakes.selectors import catalogue_arrays, count_events_above_bulk, max_pgv_at
from schadeloket.register.payments.models import PriorPayment

HUIZINGE_DATE = dt.date(2012, 8, 16)


@dataclass(frozen=True)
class Facts:
    reference_date: dt.date

    # The applicant
    applicant_is_natural_person: bool | None = True
    applicant_is_owner: bool | None = None  # owner of the building on reference_date
    applicant_is_former_owner: bool | None = None
    applicant_owner_on_huizinge_date: bool | None = None  # owner on 16 August 2012 (value loss, non-homes)
    applicant_is_resident: bool | None = None
    co_owners_consent: bool | None = None
    applicant_age_years: int | None = None
    pre_registered_avv: bool = False

    # The building
    building_kind: str = "home"
    cultuurcode: int | None = None
    floor_area_m2: int | None = None
    woz_value: Decimal | None = None
    construction_year: int | None = None
    has_manure_cellar: bool = False
    manure_cellar_volume_m3: int | None = None
    is_monument: bool = False

    # The location
    pc4: str = ""
    municipality: str = ""
    within_6km: bool = False
    in_effect_area: bool = False  # evidence-presumption area (6 km or 2 mm/s at 1%)
    in_deep_subsidence_area: bool = False
    in_reinforcement_area: bool = False
    in_core_area: bool = False
    max_pgv_p99_mm_s: float = 0.0
    events_2mms_since_construction: int = 0  # at 1% exceedance, after the construction year
    events_10mms_p99: int = 0  # manure cellars
    events_2_9mms_median: int = 0  # value loss: 2.9 mm/s at more than 50% exceedance

    # History
    earlier_ves_or_repair_applications: int = 0
    first_application_at_address: bool = True
    prior_damage_total: Decimal = Decimal("0.00")  # NAM, CVW, TCMG, IMG; no incidental costs or interest
    prior_total_received: Decimal = Decimal("0.00")  # everything ever paid for this building
    prior_payment_count: int = 0
    chose_maatwerk_after_ves_offer: bool = False

    def as_context(self) -> dict:
        """The facts as DMN input names → values (a shallow copy: the values are immutable)."""
        return dict(self.__dict__)


# --- Gathering from the register ---------------------------------------------------------------

#: Which free-text `PriorPayment.scheme` values count as an earlier VES or repair application for
#: VES condition 6 ("fewer than three earlier applications for VES or repair", domain facts §1.1).
#: The scheme is free text from the payers' files, so it is normalised (lower case, runs of spaces
#: and punctuation collapsed) and then searched for these whole words or phrases. Exclusions win:
#: the AVV is a top-up, not a VES application, and duurzaam herstel is started by the institute,
#: not applied for (§1.6). Maatwerk ("fysieke schade", "schadevergoeding op maat") is neither.
VES_OR_REPAIR_SCHEME_PHRASES: dict[str, tuple[str, ...]] = {
    "ves": ("ves", "vaste vergoeding", "vaste eenmalige vergoeding", "eenmalige vergoeding"),
    "repair": (
        "herstel",
        "daadwerkelijk herstel",
        "herstel met eigen aannemer",
        "herstel eigen aannemer",
        "herstel in natura",
        "herstel door aannemer instituut",
        "hea",
        "hin",
        "hai",
    ),
}
NOT_VES_OR_REPAIR_SCHEME_PHRASES: tuple[str, ...] = (
    "avv",
    "aanvullende vaste vergoeding",
    "duurzaam herstel",
)

#: Payers whose damage payments count as "earlier payments" for AVV (domain facts §1.2).
COUNTED_PAYERS: tuple[str, ...] = ("NAM", "CVW", "TCMG", "IMG")
DAMAGE_KIND = "damage"

VES_THRESHOLD_MM_S = 2.0  # §1.1, §2: at 1% exceedance (p99)
MANURE_CELLAR_THRESHOLD_MM_S = 10.0  # §1.11: at 1% exceedance (p99)
VALUE_LOSS_THRESHOLD_MM_S = 2.9  # §1.8: at more than 50% exceedance (median)

_NON_WORD = re.compile(r"[^0-9a-zà-ÿ]+")


def _phrase_pattern(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:^| )(?:{alternatives})(?: |$)")


_VES_OR_REPAIR = _phrase_pattern(p for group in VES_OR_REPAIR_SCHEME_PHRASES.values() for p in group)
_NOT_VES_OR_REPAIR = _phrase_pattern(NOT_VES_OR_REPAIR_SCHEME_PHRASES)


@functools.lru_cache(maxsize=4096)
def is_ves_or_repair_scheme(scheme: str) -> bool:
    """True when a payment's free-text scheme names a VES or repair scheme (see the constants)."""
    text = " ".join(_NON_WORD.split((scheme or "").lower())).strip()
    return bool(text) and not _NOT_VES_OR_REPAIR.search(text) and bool(_VES_OR_REPAIR.search(text))


def age_on(date_of_birth: dt.date | None, on_date: dt.date) -> int | None:
    """Completed years on `on_date`; None when the date of birth is not known."""
    if date_of_birth is None:
        return None
    return on_date.year - date_of_birth.year - ((on_date.month, on_date.day) < (date_of_birth.month, date_of_birth.day))


def _valid_on(valid_from: dt.date, valid_until: dt.date | None, day: dt.date) -> bool:
    return valid_from <= day and (valid_until is None or day <= valid_until)


def _construction_year_start(construction_year: int | None) -> dt.date | None:
    """From when quakes count for "after the construction year" (VES/AVV, §1.1-§1.2).

    We count from 1 January of the construction year itself: a building going up in that year
    can already be damaged, and the institute handles claims generously (art. 10 Twg). With an
    unknown construction year we count every catalogued event: the register cannot rule any
    quake out, and a case handler checks the year when the outcome depends on it. Both choices
    are listed in the report to the lead; change them here only.
    """
    return dt.date(construction_year, 1, 1) if construction_year else None


def _applicant_facts(relations, person_dob, on_date: dt.date, *, has_person: bool) -> dict:
    """Applicant fields from the person's (kind, valid_from, valid_until) relations with the building.

    No person: nothing about the applicant is known, so every applicant field is None (the
    scheme then asks). A person without any relation to the building is simply not its owner.
    """
    if not has_person:
        return {
            "applicant_is_natural_person": None,
            "applicant_is_owner": None,
            "applicant_is_former_owner": None,
            "applicant_owner_on_huizinge_date": None,
            "applicant_is_resident": None,
            "applicant_age_years": None,
        }
    owner_periods = [(f, u) for kind, f, u in relations if kind == RelationKind.OWNER]
    is_owner = any(_valid_on(f, u, on_date) for f, u in owner_periods)
    return {
        # The register's Person holds natural persons only; companies never get one.
        "applicant_is_natural_person": True,
        "applicant_is_owner": is_owner,
        "applicant_is_former_owner": not is_owner and any(u is not None and u < on_date for _f, u in owner_periods),
        "applicant_owner_on_huizinge_date": any(_valid_on(f, u, HUIZINGE_DATE) for f, u in owner_periods),
        "applicant_is_resident": any(
            _valid_on(f, u, on_date) for kind, f, u in relations if kind == RelationKind.RESIDENT
        ),
        "applicant_age_years": age_on(person_dob, on_date),
    }


def _consent_of_co_owners(owners_on_date: set) -> bool | None:
    """A sole owner needs nobody's consent (True); with co-owners the register cannot know (None)."""
    return True if len(owners_on_date) == 1 else None


def _building_facts(row: dict) -> dict:
    return {
        "building_kind": row["kind"],
        "cultuurcode": row["cultuurcode"],
        "floor_area_m2": row["floor_area_m2"],
        "woz_value": row["woz_value"],
        "construction_year": row["construction_year"],
        "has_manure_cellar": row["has_manure_cellar"],
        "manure_cellar_volume_m3": row["manure_cellar_volume_m3"],
        "is_monument": row["is_monument"],
    }


_BUILDING_FIELDS = (
    "kind",
    "cultuurcode",
    "floor_area_m2",
    "woz_value",
    "construction_year",
    "has_manure_cellar",
    "manure_cellar_volume_m3",
    "is_monument",
)


def owner_on(building, on_date: dt.date):
    """The owner `gather_facts_bulk` takes as the applicant: of the owners on the date, the lowest id.

    Why: a simulation asks "what if the owner applied today?"; with co-owners any one of them
    gives the same building facts, and the lowest id makes the choice repeatable.
    """
    relation = (
        BuildingRelation.objects.filter(building=building, kind=RelationKind.OWNER, valid_from__lte=on_date)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
        .select_related("person")
        .order_by("person_id")
        .first()
    )
    return relation.person if relation else None


def gather_facts(*, building, person=None, on_date: dt.date, pre_registered_avv: bool = False) -> Facts:
    """The facts for one applicant (or none), building and date, read from the register.

    Uses the register's own selectors (areas_of, within_6km_of_gas_field, max_pgv_at,
    count_events_above_bulk) so that it answers as the rest of the application does; the bulk
    version below must give the same record and is tested against this one.
    """
    address = building.address
    relations = []
    if person is not None:
        relations = list(
            BuildingRelation.objects.filter(building=building, person=person).values_list(
                "kind", "valid_from", "valid_until"
            )
        )
    applicant = _applicant_facts(
        relations, getattr(person, "date_of_birth", None), on_date, has_person=person is not None
    )
    if applicant["applicant_is_owner"]:
        owners = {
            person_id
            for person_id, valid_from, valid_until in BuildingRelation.objects.filter(
                building=building, kind=RelationKind.OWNER
            ).values_list("person_id", "valid_from", "valid_until")
            if _valid_on(valid_from, valid_until, on_date)
        }
        applicant["co_owners_consent"] = _consent_of_co_owners(owners)

    kinds = {area.kind for area in areas_of(address, on_date)}
    site = ([address.rd_x], [address.rd_y])
    since = _construction_year_start(building.construction_year)

    payments = list(
        PriorPayment.objects.filter(building=building, paid_on__lte=on_date).values_list(
            "payer", "kind", "amount", "scheme"
        )
    )
    damage_total = sum(
        (a for payer, kind, a, _s in payments if kind == DAMAGE_KIND and payer in COUNTED_PAYERS), Decimal("0")
    )
    earlier_address_payment = PriorPayment.objects.filter(
        building__address_id=building.address_id, paid_on__lte=on_date
    ).exists()

    return Facts(
        reference_date=on_date,
        **applicant,
        pre_registered_avv=pre_registered_avv,
        **_building_facts({name: getattr(building, name) for name in _BUILDING_FIELDS}),
        pc4=address.pc4 or "",
        municipality=address.municipality,
        within_6km=within_6km_of_gas_field(address),
        in_effect_area=AreaKind.EVIDENCE_PRESUMPTION in kinds,
        in_deep_subsidence_area=AreaKind.DEEP_SUBSIDENCE in kinds,
        in_reinforcement_area=AreaKind.REINFORCEMENT in kinds,
        in_core_area=AreaKind.CORE in kinds,
        max_pgv_p99_mm_s=max_pgv_at(address, exceedance="p99", until=on_date),
        events_2mms_since_construction=int(
            count_events_above_bulk(*site, VES_THRESHOLD_MM_S, since=since, until=on_date, exceedance="p99")[0]
        ),
        events_10mms_p99=int(
            count_events_above_bulk(*site, MANURE_CELLAR_THRESHOLD_MM_S, until=on_date, exceedance="p99")[0]
        ),
        events_2_9mms_median=int(
            count_events_above_bulk(*site, VALUE_LOSS_THRESHOLD_MM_S, until=on_date, exceedance="median")[0]
        ),
        earlier_ves_or_repair_applications=sum(
            1 for _p, kind, _a, scheme in payments if kind == DAMAGE_KIND and is_ves_or_repair_scheme(scheme)
        ),
        first_application_at_address=not earlier_address_payment,
        prior_damage_total=_cents(damage_total),
        prior_total_received=_cents(sum((a for _p, _k, a, _s in payments), Decimal("0"))),
        prior_payment_count=len(payments),
    )


def _cents(amount) -> Decimal:
    return Decimal(amount or 0).quantize(CENT)


CENT = Decimal("0.01")


# --- Bulk ---------------------------------------------------------------------------------------
#
# Per chunk of buildings: one query for buildings with their addresses, one for the owner and
# resident relations, one GROUP BY for the payments per building and scheme, one for the
# addresses that had any payment. Areas, gas fields and the earthquake catalogue are read once
# per call. Everything else is numpy and shapely on arrays.


def _aware_epoch(day: dt.date, *, end_of_day: bool = False) -> float:
    """A date as seconds since the epoch, start or end of that day in Dutch time.

    The same reading of a date as earthquakes.selectors uses for `since` and `until`.
    """
    clock = dt.time.max if end_of_day else dt.time.min
    return timezone.make_aware(dt.datetime.combine(day, clock)).timestamp()


@dataclass(frozen=True)
class _Catalogue:
    """The catalogue up to the reference date, with each event's reach radius (squared, m²) per threshold."""

    x: np.ndarray
    y: np.ndarray
    depth_km: np.ndarray
    magnitude: np.ndarray
    origin_epoch_s: np.ndarray
    reach_2_p99: np.ndarray
    reach_10_p99: np.ndarray
    reach_2_9_median: np.ndarray
    _pgv_ladder: tuple[np.ndarray, ...]  # reach (m², -1: never) at 2, 0.5 and 0.1 mm/s p99

    @classmethod
    def up_to(cls, on_date: dt.date) -> "_Catalogue":
        cat = catalogue_arrays()
        keep = cat.origin_epoch_s <= _aware_epoch(on_date, end_of_day=True)
        magnitude, depth = cat.magnitude[keep], cat.depth_km[keep]

        def reach_sq_m(mm_s: float, exceedance: str) -> np.ndarray:
            # As count_events_above_bulk: an event that cannot reach the threshold never counts.
            radius_km = ground_motion.max_epicentral_km_for(mm_s, magnitude, depth, exceedance=exceedance)
            return np.where(radius_km >= 0, (radius_km * 1000.0) ** 2, -1.0)

        return cls(
            x=cat.rd_x[keep],
            y=cat.rd_y[keep],
            depth_km=depth,
            magnitude=magnitude,
            origin_epoch_s=cat.origin_epoch_s[keep],
            reach_2_p99=reach_sq_m(VES_THRESHOLD_MM_S, "p99"),
            reach_10_p99=reach_sq_m(MANURE_CELLAR_THRESHOLD_MM_S, "p99"),
            reach_2_9_median=reach_sq_m(VALUE_LOSS_THRESHOLD_MM_S, "median"),
            _pgv_ladder=tuple(reach_sq_m(mm_s, "p99") for mm_s in (2.0, 0.5, 0.1)),
        )

    def _pgv(self, site_x: np.ndarray, site_y: np.ndarray, events: np.ndarray) -> np.ndarray:
        """p99 PGV for (site, event) pairs, with the operations of earthquakes.selectors.pgv_at_site.

        Same inputs, same numpy functions, same order: the same float as the one-address path.
        """
        epicentral_km = np.hypot(self.x[events] - site_x, self.y[events] - site_y) / 1000.0
        return ground_motion.pgv_mm_s(self.magnitude[events], epicentral_km, self.depth_km[events], exceedance="p99")

    def _max_pgv(self, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
        """Highest p99 PGV per site over every event, evaluating few (site, event) pairs.

        PGV falls with distance, so an event reaches `t` mm/s at a site exactly when the site lies
        within that event's reach radius for `t`. If some event reaches `t` at a site, the maximum
        is at least `t` and only events that reach `t` can hold it: evaluate just those pairs.
        Thresholds step down (2, 0.5, 0.1 mm/s); sites no event reaches even then get all events.
        """
        best = np.zeros(len(xs))
        todo = np.arange(len(xs))
        for reach in self._pgv_ladder:
            if not len(todo):
                return best
            strong = np.flatnonzero(reach >= 0)
            if not len(strong):
                continue
            d2 = (xs[todo, None] - self.x[strong]) ** 2 + (ys[todo, None] - self.y[strong]) ** 2
            rows, cols = np.nonzero(d2 <= reach[strong])
            if not len(rows):
                continue
            pgv = self._pgv(xs[todo[rows]], ys[todo[rows]], strong[cols])
            hit_rows = np.unique(rows)
            starts = np.searchsorted(rows, hit_rows)  # np.nonzero returns rows in order
            best[todo[hit_rows]] = np.maximum.reduceat(pgv, starts)
            todo = np.delete(todo, hit_rows)
        if len(todo):
            events = np.arange(len(self.x))
            pgv = self._pgv(xs[todo, None], ys[todo, None], events[None, :])
            best[todo] = pgv.max(axis=1)
        return best

    def site_figures(self, xs: np.ndarray, ys: np.ndarray, since_epoch: np.ndarray, block: int = 2048) -> dict:
        """Max p99 PGV and the three event counts per site; `since_epoch` per site (-inf: all events).

        The counts use the reach radii exactly as count_events_above_bulk does; only events that
        reach 2 mm/s at 1% somewhere can count for any of the three (the other two are stricter).
        """
        n = len(xs)
        out = {
            "max_pgv": np.zeros(n),
            "n2": np.zeros(n, dtype=np.int64),
            "n10": np.zeros(n, dtype=np.int64),
            "n29": np.zeros(n, dtype=np.int64),
        }
        if not len(self.x) or not n:
            return out
        strong = np.flatnonzero(self.reach_2_p99 >= 0)
        ex, ey, t = self.x[strong], self.y[strong], self.origin_epoch_s[strong]
        r2, r10, r29 = self.reach_2_p99[strong], self.reach_10_p99[strong], self.reach_2_9_median[strong]
        for start in range(0, n, block):
            part = slice(start, start + block)
            d2 = (xs[part, None] - ex) ** 2 + (ys[part, None] - ey) ** 2
            out["n2"][part] = np.count_nonzero((d2 <= r2) & (t >= since_epoch[part, None]), axis=1)
            out["n10"][part] = np.count_nonzero(d2 <= r10, axis=1)
            out["n29"][part] = np.count_nonzero(d2 <= r29, axis=1)
            out["max_pgv"][part] = self._max_pgv(xs[part], ys[part])
        return out


@dataclass(frozen=True)
class _AreaShape:
    kind: str
    geometry: object | None  # prepared shapely geometry
    postcodes: tuple[str, ...]
    pgv_threshold: float | None


def _load_area_shapes(on_date: dt.date) -> list[_AreaShape]:
    shapes = []
    for area in areas_valid_on(on_date):
        geometry = None
        if area.geometry_rd_wkt:
            geometry = shapely.from_wkt(area.geometry_rd_wkt)
            shapely.prepare(geometry)
        shapes.append(
            _AreaShape(
                kind=area.kind,
                geometry=geometry,
                postcodes=tuple(str(p) for p in (area.postcodes or [])),
                pgv_threshold=None if area.pgv_threshold_mm_s is None else float(area.pgv_threshold_mm_s),
            )
        )
    return shapes


def _load_gas_fields() -> list:
    fields = []
    for wkt in GasField.objects.values_list("geometry_rd_wkt", flat=True):
        geometry = shapely.from_wkt(wkt)
        shapely.prepare(geometry)
        fields.append(geometry)
    return fields


def _within_6km(fields: list, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Vectorised within_6km_of_gas_field: distance to some field's boundary (0 inside) at most 6 km.

    Only points near a field get an exact GEOS distance: inside is distance 0, and a point more
    than 6 km (plus a metre) from a field's bounding box is farther than 6 km from the field.
    """
    result = np.zeros(len(xs), dtype=bool)
    margin = SIX_KM * 1000.0 + 1.0
    for geometry in fields:
        todo = ~result
        inside = todo & shapely.contains_xy(geometry, xs, ys)
        result |= inside
        minx, miny, maxx, maxy = geometry.bounds
        near = (~result) & (xs >= minx - margin) & (xs <= maxx + margin) & (ys >= miny - margin) & (ys <= maxy + margin)
        if near.any():
            distance_km = shapely.distance(geometry, shapely.points(xs[near], ys[near])) / 1000.0
            result[np.flatnonzero(near)[distance_km <= SIX_KM]] = True
    return result


def _area_flags(shapes: list[_AreaShape], xs, ys, pc4s: np.ndarray, max_pgv: np.ndarray) -> dict[str, np.ndarray]:
    """Per area kind: does the site lie in some valid area of that kind (as areas_of decides)."""
    flags = {kind: np.zeros(len(xs), dtype=bool) for kind in AreaKind.values}
    for shape in shapes:
        hit = np.zeros(len(xs), dtype=bool)
        if shape.geometry is not None:
            hit |= shapely.contains_xy(shape.geometry, xs, ys)
        if shape.postcodes:
            # A set look-up per site: np.isin on an object array sorts and compares Python strings.
            wanted = set(shape.postcodes)
            hit |= (pc4s != "") & np.fromiter((pc4 in wanted for pc4 in pc4s), dtype=bool, count=len(pc4s))
        if shape.pgv_threshold is not None:
            hit |= max_pgv >= shape.pgv_threshold
        flags.setdefault(shape.kind, np.zeros(len(xs), dtype=bool))
        flags[shape.kind] |= hit
    return flags


_BULK_VALUES = (
    "id",
    *_BUILDING_FIELDS,
    "address_id",
    "address__pc4",
    "address__municipality",
    "address__rd_x",
    "address__rd_y",
)
# Positions in a row of _BULK_VALUES (rows are tuples: values_list, not a dict per building).
_ADDRESS, _PC4, _MUNICIPALITY, _RD_X, _RD_Y = (_BULK_VALUES.index(name) for name in _BULK_VALUES[-5:])
_CONSTRUCTION_YEAR = _BULK_VALUES.index("construction_year")
# (Facts field, position) for the building's own fields, named as `_building_facts` names them.
_BUILDING_POSITIONS = tuple(
    (fact, _BULK_VALUES.index(column)) for fact, column in _building_facts({c: c for c in _BUILDING_FIELDS}).items()
)


def _chunks_of_rows(buildings, chunk_size: int) -> Iterator[list[tuple]]:
    """Building rows (tuples of _BULK_VALUES, with address fields) in id order, `chunk_size` per query.

    A queryset is paged by id (keyset), so it is never materialised whole; ids or Building
    objects (or a sliced queryset, read as ids first) are sorted, deduplicated and fetched per
    chunk with `id IN (...)`.
    """
    if isinstance(buildings, QuerySet) and buildings.query.is_sliced:
        buildings = list(buildings.values_list("id", flat=True))  # a slice cannot be filtered further
    if isinstance(buildings, QuerySet):
        last = 0
        while True:
            rows = list(buildings.filter(id__gt=last).order_by("id").values_list(*_BULK_VALUES)[:chunk_size])
            if not rows:
                return
            yield rows
            last = rows[-1][0]
    else:
        ids = sorted({getattr(b, "pk", b) for b in buildings})
        for start in range(0, len(ids), chunk_size):
            part = ids[start : start + chunk_size]
            wanted = set(part)
            rows = Building.objects.filter(_ids_filter("id", part)).order_by("id").values_list(*_BULK_VALUES)
            yield [row for row in rows if row[0] in wanted]


def _facts_template() -> dict | None:
    """Every Facts field with its default (None for `reference_date`), in field order; None when a
    Facts cannot be made by filling its `__dict__` (see `_new_facts`)."""
    fields = dataclasses.fields(Facts)
    plain = (
        not hasattr(Facts, "__post_init__")
        and all(f.init and f.default_factory is dataclasses.MISSING for f in fields)
        and all(f.default is not dataclasses.MISSING for f in fields if f.name != "reference_date")
    )
    return {f.name: (None if f.default is dataclasses.MISSING else f.default) for f in fields} if plain else None


_FACTS_TEMPLATE = _facts_template()


def _new_facts(state: dict) -> Facts:
    """The Facts `Facts(**state)` makes, in a tenth of the time; `state` is a copy of _FACTS_TEMPLATE
    with the values filled in (so every field is there, in field order).

    Facts is a frozen dataclass of plain values without `__post_init__` or default factories; its
    generated `__init__` (about 8 µs for 38 fields, a fifth of a simulated building's facts) only
    stores each value. Should that ever change, _FACTS_TEMPLATE is None and this is `Facts(**state)`.
    """
    if _FACTS_TEMPLATE is None or len(state) != len(_FACTS_TEMPLATE):  # a key that is no field: as __init__ would
        return Facts(**state)
    facts = object.__new__(Facts)
    object.__setattr__(facts, "__dict__", state)  # frozen: __setattr__ refuses, as it does after __init__
    return facts


def facts_with(facts: Facts, **changes) -> Facts:
    """`dataclasses.replace(facts, **changes)`, without the generated `__init__` (see `_new_facts`):
    bulk decisions change the applicant's fields of every building's record."""
    state = dict(facts.__dict__)
    if not changes.keys() <= state.keys():
        raise TypeError(f"Facts has no field(s) {sorted(changes.keys() - state.keys())}")
    state.update(changes)
    return _new_facts(state)


_NO_APPLICANT = _applicant_facts([], None, HUIZINGE_DATE, has_person=False)  # the same for every date


def _owner_as_applicant(relations: list[tuple], on_date: dt.date) -> dict | None:
    """The applicant fields (and co-owners' consent) with the owner `owner_on` picks as the applicant;
    None when the building has no owner on the date.

    One pass over the building's (person, kind, from, until, date of birth) relations, giving what
    `_applicant_facts` gives for the chosen person's own relations, plus `co_owners_consent` as
    gather_facts sets it: the chosen person owns the building on the date (so is no former
    owner), and is its only owner or has co-owners. Tests hold bulk and single records equal.
    """
    owners = set()
    for person_id, kind, valid_from, valid_until, _dob in relations:
        if kind == RelationKind.OWNER and valid_from <= on_date and (valid_until is None or on_date <= valid_until):
            owners.add(person_id)
    if not owners:
        return None
    chosen = min(owners)
    dob = None
    found = huizinge = resident = False
    for person_id, kind, valid_from, valid_until, person_dob in relations:
        if person_id != chosen:
            continue
        if not found:
            dob, found = person_dob, True
        if kind == RelationKind.OWNER:
            huizinge = huizinge or _valid_on(valid_from, valid_until, HUIZINGE_DATE)
        elif kind == RelationKind.RESIDENT:
            resident = resident or _valid_on(valid_from, valid_until, on_date)
    return {
        "applicant_is_natural_person": True,
        "applicant_is_owner": True,
        "applicant_is_former_owner": False,
        "applicant_owner_on_huizinge_date": huizinge,
        "applicant_is_resident": resident,
        "applicant_age_years": age_on(dob, on_date),
        "co_owners_consent": _consent_of_co_owners(owners),
    }


def gather_facts_bulk(
    buildings, on_date: dt.date, chunk_size: int = 20_000, *, applicant: str = "owner", assume_consent: bool = False
) -> Iterator[tuple[int, Facts]]:
    """(building id, Facts) for many buildings, in id order, with a bounded number of queries.

    `buildings`: a Building queryset, or building ids or Building objects. `applicant`:
    "owner" takes the owner on `on_date` as the applicant (the lowest person id among co-owners,
    see `owner_on`; no owner: no applicant), "none" leaves every applicant field unknown.
    The record for a building equals `gather_facts(building=b, person=owner_on(b, on_date), ...)`
    (or `person=None` for "none"). `assume_consent=True` sets `co_owners_consent` to True where it
    would be None (the register cannot know it): the policy simulation's one assumption, made
    here so that no record has to be copied to change one field.

    Queries: 4 per chunk (buildings with addresses, relations, payments per building and scheme,
    the chunk's addresses with a payment), plus 3 or 4 once (areas, gas fields, the catalogue
    key and, when it changed, its rows) and 1 to end the paging.
    """
    if applicant not in ("owner", "none"):
        raise ValueError(f"unknown applicant {applicant!r}; use 'owner' or 'none'")
    shapes = _load_area_shapes(on_date)
    fields = _load_gas_fields()
    catalogue = _Catalogue.up_to(on_date)
    year_epoch: dict[int, float] = {}
    no_applicant = dict(_NO_APPLICANT, co_owners_consent=True) if assume_consent else _NO_APPLICANT
    zero = _cents(0)
    template = dict(_FACTS_TEMPLATE or {}, reference_date=on_date)

    for rows in _chunks_of_rows(buildings, chunk_size):
        n = len(rows)
        ids = [r[0] for r in rows]
        relations = _relations_by_building(ids) if applicant == "owner" else {}
        payments = _payments_by_building(ids, on_date)
        paid_addresses = _paid_addresses(sorted({r[_ADDRESS] for r in rows}), on_date)

        xs = np.fromiter((r[_RD_X] for r in rows), dtype=float, count=n)
        ys = np.fromiter((r[_RD_Y] for r in rows), dtype=float, count=n)
        pc4s = np.array([(r[_PC4] or "").upper() for r in rows], dtype=object)
        since = np.empty(n)
        for i, r in enumerate(rows):
            start = _construction_year_start(r[_CONSTRUCTION_YEAR])
            if start is None:
                since[i] = -np.inf
            else:
                if start.year not in year_epoch:
                    year_epoch[start.year] = _aware_epoch(start)
                since[i] = year_epoch[start.year]
        figures = catalogue.site_figures(xs, ys, since)
        flags = _area_flags(shapes, xs, ys, pc4s, figures["max_pgv"])
        # Python values once per chunk (tolist gives the bool, int and float the loop would make).
        within = _within_6km(fields, xs, ys).tolist()
        effect = flags[AreaKind.EVIDENCE_PRESUMPTION].tolist()
        subsidence = flags[AreaKind.DEEP_SUBSIDENCE].tolist()
        reinforcement = flags[AreaKind.REINFORCEMENT].tolist()
        core = flags[AreaKind.CORE].tolist()
        max_pgv = figures["max_pgv"].tolist()
        n2, n10, n29 = figures["n2"].tolist(), figures["n10"].tolist(), figures["n29"].tolist()

        for i, r in enumerate(rows):
            building_id = r[0]
            state = template.copy()
            building_relations = relations.get(building_id)
            owner = _owner_as_applicant(building_relations, on_date) if building_relations else None
            if owner is None:
                state.update(no_applicant)
            else:
                if owner["co_owners_consent"] is None and assume_consent:
                    owner["co_owners_consent"] = True
                state.update(owner)
            for name, position in _BUILDING_POSITIONS:
                state[name] = r[position]
            state["pc4"] = r[_PC4] or ""
            state["municipality"] = r[_MUNICIPALITY]
            state["within_6km"] = within[i]
            state["in_effect_area"] = effect[i]
            state["in_deep_subsidence_area"] = subsidence[i]
            state["in_reinforcement_area"] = reinforcement[i]
            state["in_core_area"] = core[i]
            state["max_pgv_p99_mm_s"] = max_pgv[i]
            state["events_2mms_since_construction"] = n2[i]
            state["events_10mms_p99"] = n10[i]
            state["events_2_9mms_median"] = n29[i]
            state["first_application_at_address"] = r[_ADDRESS] not in paid_addresses
            paid = payments.get(building_id)
            if paid is None:
                state["prior_damage_total"] = state["prior_total_received"] = zero
                state["earlier_ves_or_repair_applications"] = state["prior_payment_count"] = 0
            else:
                state["earlier_ves_or_repair_applications"] = paid.ves_or_repair
                state["prior_damage_total"] = _cents(paid.damage)
                state["prior_total_received"] = _cents(paid.total)
                state["prior_payment_count"] = paid.count
            yield building_id, _new_facts(state)


def _ids_filter(field: str, ids: list[int]):
    """`field IN ids` (`db.any_of`), or a range when the ids are dense (a chunk of an id-ordered paging).

    A range is far cheaper for the database than an IN list of 20,000 values; callers look their
    rows up by id, so rows of buildings outside the chunk that a range also returns are ignored.
    """
    if ids and ids[-1] - ids[0] < 2 * len(ids):
        return Q(**{f"{field}__gte": ids[0], f"{field}__lte": ids[-1]})
    return any_of(field, ids)


def _relations_by_building(ids: list[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = defaultdict(list)
    for building_id, person_id, kind, valid_from, valid_until, dob in BuildingRelation.objects.filter(
        _ids_filter("building_id", ids)
    ).values_list("building_id", "person_id", "kind", "valid_from", "valid_until", "person__date_of_birth"):
        found[building_id].append((person_id, kind, valid_from, valid_until, dob))
    return found


@dataclass
class _Paid:
    damage: Decimal = Decimal("0")
    total: Decimal = Decimal("0")
    count: int = 0
    ves_or_repair: int = 0


def _fetch_plain(query: QuerySet) -> list[tuple]:
    """The rows of a values_list query. On PostgreSQL straight from the driver, which already gives
    Decimal for numeric sums and int for counts: Django's per-value converters (which make those
    same types from what SQLite returns) cost more than the query for a chunk of payments."""
    if connection.vendor != "postgresql":
        return list(query)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _payments_by_building(ids: list[int], on_date: dt.date) -> dict[int, _Paid]:
    """One GROUP BY (building, scheme): sums and counts; the scheme names are classified in Python."""
    found: dict[int, _Paid] = {}
    rows = (
        PriorPayment.objects.filter(_ids_filter("building_id", ids), paid_on__lte=on_date)
        .values("building_id", "scheme")
        .annotate(
            damage=Sum("amount", filter=Q(kind=DAMAGE_KIND, payer__in=COUNTED_PAYERS)),
            total=Sum("amount"),
            n=Count("id"),
            n_damage=Count("id", filter=Q(kind=DAMAGE_KIND)),
        )
        .order_by()
    )
    for building_id, scheme, damage, total, n, n_damage in _fetch_plain(
        rows.values_list("building_id", "scheme", "damage", "total", "n", "n_damage")
    ):
        paid = found.get(building_id)
        if paid is None:
            paid = found[building_id] = _Paid()
        paid.damage += damage or 0
        paid.total += total or 0
        paid.count += n
        if is_ves_or_repair_scheme(scheme):
            paid.ves_or_repair += n_damage
    return found


def _paid_addresses(address_ids: list[int], on_date: dt.date) -> set[int]:
    """Of these addresses, the ones where some building had a payment up to the date.

    Asked per building of those addresses (EXISTS: an index look-up each), not by joining every
    payment to its building first: that reads the whole payments table for each chunk.
    """
    if not address_ids:
        return set()
    paid = PriorPayment.objects.filter(building_id=OuterRef("pk"), paid_on__lte=on_date)
    return set(
        Building.objects.filter(_ids_filter("address_id", address_ids))
        .filter(Exists(paid))
        .values_list("address_id", flat=True)
    )
