"""After a new earthquake: the addresses it reached and what that opens for the people there.

"Reached" is the rule of art. 10oa Besluit Twg and of VES/AVV: a modelled peak ground velocity of
at least 2 mm/s with a 1% exceedance probability, from the repository's ground-motion model
(`register.earthquakes.ground_motion`, docs/ground-motion.md). PGV falls monotonically with
distance, so the model is inverted once to the event's reach radius; an address is reached when
its epicentral distance is at most that radius (squared distances in numpy; a bounding box in SQL
first), exactly as the register's bulk counts do.

For each building at a reached address the list says:

- the event's PGV there;
- whether a new damage report is possible because of it: the building was settled for good before
  the event (a fixed payment, VES, or another final settlement) and such a settlement only leaves
  room for new damage from a new quake (domain facts §1.1);
- which outreach schemes the event newly opens: the schemes' own decisions with the register's facts
  on the event's day, against the day before (the catalogue up to then, without this event);
- whether someone there already has an open case.

Dates: "reached" is physics and has no date; "newly open" and "settled before" are judged on the
event's day (Europe/Amsterdam); the people to write to and the open cases are as of the list's
reference date (today), because that is when the letters go out.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from django.db.models import Exists, OuterRef
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from schadeloket.cases.models import Case
from schadeloket.db import any_of
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.register.addresses.models import Address
from schadeloket.register.areas.models import AreaKind, GasField
from schadeloket.register.areas.selectors import areas_valid_on
from schadeloket.register.areas.services import BUFFER_M, EVIDENCE_PRESUMPTION_FIELDS, PGV_THRESHOLD_MM_S
from schadeloket.register.buildings.models import Building
from schadeloket.register.earthquakes import ground_motion
from schadeloket.register.payments.models import PaymentKind, PriorPayment
from schadeloket.schemes.facts import VES_OR_REPAIR_SCHEME_PHRASES, gather_facts_bulk

from .eligibility import OUTREACH_SCHEMES, deciders
from .lists import CHUNK, ListRow, address_details

#: The threshold of art. 10oa Besluit Twg (and of VES/AVV): 2 mm/s ...
THRESHOLD_MM_S = float(PGV_THRESHOLD_MM_S)
#: ... with a 1% probability of being exceeded.
EXCEEDANCE = "p99"

#: The import hook makes a list only for events at most this many days old when they are imported:
#: loading the historic catalogue must not write to anyone. Older events: a member of staff starts
#: the list by hand (`/medewerkers/campagnes/na-beving/`). A policy choice, see docs/open-questions.md.
AUTO_MAX_AGE_DAYS = 30

#: A case with one of these statuses is no longer open for the resident (decided, paid or ended).
NOT_OPEN_STATUSES = ("decided", "paid", "closed", "withdrawn")

#: Earlier payments that settled a building's damage for good, so that only new damage from a new
#: quake can be reported after them (domain facts §1.1: the fixed payment "covers all damage"). The
#: payers' scheme names are free text: matched as whole words after lower-casing, like
#: schemes.facts does for VES. The VES names are the register's own (`VES_OR_REPAIR_SCHEME_PHRASES`);
#: the other final settlements are a policy choice (docs/open-questions.md): a settlement agreement
#: with final discharge, and the Stuwmeerregeling's fixed amount (§1.16).
FINAL_SETTLEMENT_PHRASES: tuple[str, ...] = (
    *VES_OR_REPAIR_SCHEME_PHRASES["ves"],
    "vaststellingsovereenkomst",
    "finale kwijting",
    "finale afwikkeling",
    "stuwmeerregeling",
)
NOT_FINAL_PHRASES: tuple[str, ...] = ("avv", "aanvullende vaste vergoeding")

_NON_WORD = re.compile(r"[^0-9a-zà-ÿ]+")


def _pattern(phrases) -> re.Pattern:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?:^| )(?:{alternatives})(?: |$)")


_FINAL = _pattern(FINAL_SETTLEMENT_PHRASES)
_NOT_FINAL = _pattern(NOT_FINAL_PHRASES)


@functools.lru_cache(maxsize=4096)
def is_final_settlement(scheme: str) -> bool:
    """True when a payment's free-text scheme names a final settlement (see FINAL_SETTLEMENT_PHRASES)."""
    text = " ".join(_NON_WORD.split((scheme or "").lower())).strip()
    return bool(text) and not _NOT_FINAL.search(text) and bool(_FINAL.search(text))


class EventError(ValueError):
    """No list can be made for this earthquake; the message is Dutch and says why."""


def event_date(earthquake) -> dt.date:
    """The day of the event in the Netherlands (KNMI gives UTC)."""
    return timezone.localtime(earthquake.origin_time).date()


def describe(earthquake) -> str:
    """The event in words, as "Huizinge, 16 augustus 2012, kracht 3,6" (a Dutch decimal comma)."""
    day = formats.date_format(event_date(earthquake), "j F Y")
    magnitude = str(earthquake.magnitude).replace(".", ",")
    return _("%(place)s, %(day)s, kracht %(magnitude)s") % {
        "place": earthquake.location_name,
        "day": day,
        "magnitude": magnitude,
    }


def reach_km(earthquake) -> float:
    """Largest epicentral distance (km) where the event reached 2 mm/s at 1%; -1 when nowhere."""
    radius = ground_motion.max_epicentral_km_for(
        THRESHOLD_MM_S, float(earthquake.magnitude), float(earthquake.depth_km), exceedance=EXCEEDANCE
    )
    return float(radius)


def region(on_date: dt.date):
    """The institute's region: the evidence-presumption area's shape (6 km around the Groningenveld,
    Norg and Grijpskerk); when that was never built, the same zone from the gas fields. None when
    neither is known."""
    shapes = [
        shapely.from_wkt(area.geometry_rd_wkt)
        for area in areas_valid_on(on_date)
        if area.kind == AreaKind.EVIDENCE_PRESUMPTION and area.geometry_rd_wkt
    ]
    if not shapes:
        fields = GasField.objects.filter(code__in=EVIDENCE_PRESUMPTION_FIELDS).values_list("geometry_rd_wkt", flat=True)
        shapes = [shapely.from_wkt(wkt).buffer(BUFFER_M) for wkt in fields]
    return shapely.union_all(shapes) if shapes else None


def check_event(earthquake, *, today: dt.date | None = None) -> float:
    """The event's reach radius (km), when a list can be made; EventError (Dutch) when not.

    Refused: an epicentre outside the institute's region (other fields go to the Commissie
    Mijnbouwschade), an event too weak to reach 2 mm/s anywhere, and an event whose reach holds
    no address of the register.
    """
    zone = region(today or timezone.localdate())
    if zone is None:
        raise EventError(
            _("Het gebied van het IMG is nog niet bekend. Laad eerst de gasvelden in (manage.py load_gas_fields).")
        )
    if not shapely.contains_xy(zone, float(earthquake.rd_x), float(earthquake.rd_y)):
        raise EventError(
            _(
                "De aardbeving bij %(event)s lag buiten het gebied van het IMG: niet boven het Groningenveld, Norg "
                "of Grijpskerk en niet binnen 6 km daarvan. Schade door andere velden handelt de Commissie "
                "Mijnbouwschade af. Er is geen lijst gemaakt."
            )
            % {"event": describe(earthquake)}
        )
    radius = reach_km(earthquake)
    if radius < 0:
        raise EventError(
            _(
                "De aardbeving bij %(event)s was te zwak: volgens het rekenmodel bereikte zij nergens 2 mm/s "
                "(bij 1%% overschrijdingskans). Er is geen lijst gemaakt."
            )
            % {"event": describe(earthquake)}
        )
    if not any(len(ids) for ids, _pgv in addresses_reached(earthquake, radius)):
        raise EventError(
            _(
                "De aardbeving bij %(event)s bereikte 2 mm/s tot %(km)s km van het epicentrum, maar daar staan geen "
                "adressen in het register. Er is geen lijst gemaakt."
            )
            % {"event": describe(earthquake), "km": f"{radius:.1f}".replace(".", ",")}
        )
    return radius


def addresses_reached(earthquake, radius_km: float, chunk: int = 50_000) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(address ids, PGV mm/s at 1%) per chunk of the register, for the addresses within the reach.

    A bounding box in SQL, paged by id, then the exact circle in numpy: the same comparison of
    squared distances as `count_events_above_bulk`, so "reached" here and in the register agree.
    """
    if radius_km < 0:
        return
    x0, y0 = float(earthquake.rd_x), float(earthquake.rd_y)
    radius_m = radius_km * 1000.0
    box = Address.objects.filter(
        rd_x__gte=x0 - radius_m, rd_x__lte=x0 + radius_m, rd_y__gte=y0 - radius_m, rd_y__lte=y0 + radius_m
    )
    last = 0
    while True:
        rows = list(box.filter(id__gt=last).order_by("id").values_list("id", "rd_x", "rd_y")[:chunk])
        if not rows:
            return
        last = rows[-1][0]
        data = np.array(rows, dtype=float)
        d2 = (data[:, 1] - x0) ** 2 + (data[:, 2] - y0) ** 2
        inside = d2 <= radius_m**2
        if inside.any():
            epicentral_km = np.sqrt(d2[inside]) / 1000.0
            pgv = ground_motion.pgv_mm_s(
                float(earthquake.magnitude), epicentral_km, float(earthquake.depth_km), exceedance=EXCEEDANCE
            )
            yield data[inside, 0].astype(np.int64), np.atleast_1d(pgv)


@dataclass(frozen=True)
class _Building:
    address_id: int
    pgv: float


def _buildings_reached(earthquake, radius_km: float) -> dict[int, _Building]:
    """building id -> its address and the event's PGV there, for every building at a reached address."""
    found: dict[int, _Building] = {}
    for address_ids, pgv in addresses_reached(earthquake, radius_km):
        pgv_of = dict(zip(address_ids.tolist(), pgv.tolist(), strict=True))
        ids = sorted(pgv_of)
        for start in range(0, len(ids), CHUNK):
            for building_id, address_id in Building.objects.filter(
                any_of("address_id", ids[start : start + CHUNK])
            ).values_list("id", "address_id"):
                found[building_id] = _Building(address_id, pgv_of[address_id])
    return found


def _open_schemes(building_ids, on_date: dt.date, schemes) -> dict[int, tuple]:
    """building id -> (codes the schemes do not refuse, in core area, municipality), one facts pass."""
    result = {}
    for building_id, facts in gather_facts_bulk(building_ids, on_date, applicant="owner", assume_consent=True):
        codes = tuple(code for code, decide in schemes if decide(facts).open is not False)
        result[building_id] = (codes, facts.in_core_area, facts.municipality)
    return result


def _settled_before(building_ids: list[int], day: dt.date) -> set[int]:
    """Buildings with a final settlement before `day`: a payment named so, or a granted VES decision."""
    start_of_day = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    settled: set[int] = set()
    for start in range(0, len(building_ids), CHUNK):
        part = building_ids[start : start + CHUNK]
        payments = (
            PriorPayment.objects.filter(any_of("building_id", part), paid_on__lt=day, kind=PaymentKind.DAMAGE)
            .values_list("building_id", "scheme")
            .distinct()
        )
        settled.update(building_id for building_id, scheme in payments if is_final_settlement(scheme))
        granted_ves = Decision.objects.filter(
            case=OuterRef("pk"), kind=DecisionKind.FINAL, granted=True, decided_at__lt=start_of_day
        )
        settled.update(
            Case.objects.filter(any_of("building_id", part), scheme_code="VES")
            .filter(Exists(granted_ves))
            .values_list("building_id", flat=True)
        )
    return settled


def _with_open_case(building_ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(building_ids), CHUNK):
        found.update(
            Case.objects.filter(any_of("building_id", building_ids[start : start + CHUNK]))
            .exclude(status__in=NOT_OPEN_STATUSES)
            .values_list("building_id", flat=True)
        )
    return found


def find_reached(earthquake, radius_km: float) -> list[ListRow]:
    """The rows of an after-earthquake list, unsorted; `sort_key`: core area first, then the
    strongest shaking, then postcode and house number."""
    reached = _buildings_reached(earthquake, radius_km)
    if not reached:
        return []
    ids = sorted(reached)
    day = event_date(earthquake)
    schemes = deciders(OUTREACH_SCHEMES)
    after = _open_schemes(ids, day, schemes)
    # Only a scheme open with the event can be newly open: decide the day before for those alone.
    maybe_new = [building_id for building_id in ids if after[building_id][0]]
    before = {}
    if maybe_new:
        by_code = dict(schemes)
        wanted = sorted({code for building_id in maybe_new for code in after[building_id][0]})
        before = _open_schemes(maybe_new, day - dt.timedelta(days=1), [(c, by_code[c]) for c in wanted])
    settled = _settled_before(ids, day)
    open_case = _with_open_case(ids)
    details = address_details(b.address_id for b in reached.values())

    rows = []
    for building_id in ids:
        building = reached[building_id]
        codes, core, municipality = after[building_id]
        was_open = set(before.get(building_id, ((),))[0])
        newly = [code for code in codes if code not in was_open]
        postcode, number, letter, addition, _municipality = details[building.address_id]
        rows.append(
            ListRow(
                building_id=building_id,
                address_id=building.address_id,
                municipality=municipality,
                in_core_area=core,
                pgv_mm_s=round(building.pgv, 2),
                has_open_case=building_id in open_case,
                new_report_possible=building_id in settled,
                newly_eligible=",".join(newly),
                sort_key=(not core, -building.pgv, postcode, number, letter, addition, building_id),
            )
        )
    return rows
