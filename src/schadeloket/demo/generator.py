"""Deterministic, vectorised generation of demo addresses, buildings, persons and prior payments.

Why: `make run` needs a register that looks like Groningen and Drenthe (a few thousand
addresses), and the benchmarks need one at IMG scale (half a million addresses, a million
payments). Everything is drawn with one seeded numpy generator in a fixed order, so the same
seed and inputs give the same rows (only the Fernet ciphertexts differ: Fernet adds a random IV).

The tables are kept as numpy arrays (small even at IMG scale) and turned into row tuples chunk by
chunk when written, so memory stays bounded. Coordinates are approximate demo positions (place
position plus a jitter of up to 1.5 km), not real address positions. BSNs come from the 11-test
valid numbers from 900000000 upwards, in order: clearly synthetic, never random real-looking ones.
"""

from dataclasses import dataclass
from datetime import date

import numpy as np

from schadeloket.register.addresses.coordinates import wgs84_to_rd

from .inputs import DemoInputs, load_word_list

# Letter pairs of postcodes: no F, I, O, Q, U, Y (not used by PostNL), and not SA, SD, SS.
_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"
LETTER_PAIRS = [a + b for a in _LETTERS for b in _LETTERS if a + b not in ("SA", "SD", "SS")]
NUMBERS_PER_POSTCODE = 40
CAPACITY_PER_PC4 = len(LETTER_PAIRS) * NUMBERS_PER_POSTCODE
CORE_FACTOR = 3.0  # addresses (and older payments) are denser in the gas-field core
PAYMENTS_PER_ADDRESS = 2.0
BSN_START = 900_000_000
REFERENCE_DATE = date(2025, 1, 1)  # "today" of the demo, so results do not depend on the clock
_EPOCH = date(1970, 1, 1)
_SURNAME_PREFIXES = ("van der", "van den", "van de", "van", "de", "ter", "ten", "den", "der")

KIND_HOME, KIND_SMALL, KIND_FARM, KIND_NONRES = "home", "small_object", "farm_building", "non_residential"
PAYERS = ("NAM", "CVW", "TCMG", "IMG")
SCHEMES = {
    "NAM": "NAM schadeafhandeling",
    "CVW": "CVW schadeafhandeling",
    "TCMG": "TCMG fysieke schade",
    "IMG": "IMG fysieke schade",
}


def day_number(day: date) -> int:
    return (day - _EPOCH).days


def days_to_iso(days: np.ndarray) -> list[str]:
    """Days since 1970-01-01 → ['yyyy-mm-dd', ...], vectorised."""
    return (np.datetime64("1970-01-01") + days.astype("timedelta64[D]")).astype(str).tolist()


def cents_to_text(cents: np.ndarray) -> list[str]:
    """Integer cents → '1234.56' strings (exact; money never passes through float here)."""
    cents = cents.astype(np.int64)
    return [f"{c // 100}.{c % 100:02d}" for c in cents.tolist()]


def valid_bsns(count: int, start: int = BSN_START) -> np.ndarray:
    """The first `count` nine-digit numbers from `start` on that pass the BSN 11-test."""
    weights = np.array([9, 8, 7, 6, 5, 4, 3, 2, -1], dtype=np.int64)
    found: list[np.ndarray] = []
    total = 0
    candidate = start
    while total < count:
        block = np.arange(candidate, candidate + min(max(12 * (count - total), 1100), 1_000_000), dtype=np.int64)
        candidate = int(block[-1]) + 1
        digits = (block[:, None] // (10 ** np.arange(8, -1, -1, dtype=np.int64))) % 10
        valid = block[(digits @ weights) % 11 == 0]
        found.append(valid)
        total += len(valid)
    return np.concatenate(found)[:count]


@dataclass
class DemoData:
    """All generated tables as aligned numpy arrays (indexes are 0-based within the demo)."""

    # addresses
    address_pc4_row: np.ndarray
    address_postcode: list[str]
    address_number: np.ndarray
    address_street: np.ndarray  # index into streets
    address_lat: np.ndarray
    address_lon: np.ndarray
    address_rd_x: np.ndarray
    address_rd_y: np.ndarray
    # buildings
    building_address: np.ndarray
    building_kind: np.ndarray  # object array of kind strings
    building_year: np.ndarray  # 0 = unknown
    building_area: np.ndarray
    building_woz_euros: np.ndarray  # 0 = none
    building_cultuurcode: np.ndarray  # 0 = none
    building_cellar: np.ndarray  # bool
    building_cellar_m3: np.ndarray  # 0 = none
    building_monument: np.ndarray
    # persons
    person_bsn: np.ndarray
    person_first: np.ndarray  # index into first names
    person_surname: np.ndarray  # index into surnames
    person_birth: np.ndarray  # days since epoch
    person_uuid_bytes: bytes
    # relations
    relation_person: np.ndarray
    relation_building: np.ndarray
    relation_kind: np.ndarray  # object array
    relation_from: np.ndarray
    relation_until: np.ndarray  # -1 = open
    # payments
    payment_building: np.ndarray
    payment_payer: np.ndarray  # index into PAYERS
    payment_kind: np.ndarray  # object array
    payment_day: np.ndarray
    payment_cents: np.ndarray
    # words
    streets: list[str]
    first_names: list[str]
    surnames: list[tuple[str, str]]  # (prefix, name)


def _allocate(rng, weights: np.ndarray, total: int, capacity: int) -> np.ndarray:
    """Spread `total` over areas by weight, at least one each when there are enough, never above capacity."""
    areas = len(weights)
    p = weights / weights.sum()
    if total >= 2 * areas:
        counts = 1 + rng.multinomial(total - areas, p)
    else:
        counts = rng.multinomial(total, p)
    for _round in range(20):
        excess = int(np.clip(counts - capacity, 0, None).sum())
        counts = np.minimum(counts, capacity)
        if not excess:
            break
        room = (counts < capacity) * weights
        counts = counts + rng.multinomial(excess, room / room.sum())
    return counts


def _split_surname(full: str) -> tuple[str, str]:
    for prefix in _SURNAME_PREFIXES:
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


def _lognormal_cents(rng, mean: np.ndarray, sigma: float, low: float, high: float) -> np.ndarray:
    """Amounts with the given mean (euros), right-skewed like real damage payments, as integer cents."""
    mu = np.log(np.maximum(mean, 1.0)) - sigma**2 / 2
    euros = np.clip(rng.lognormal(mu, sigma), low, high)
    return np.round(euros * 100).astype(np.int64)


def generate(inputs: DemoInputs, n_addresses: int, seed: int) -> DemoData:
    """Generate the whole demo register for `n_addresses` addresses."""
    rng = np.random.default_rng(seed)
    streets = load_word_list("streets.txt")
    first_names = load_word_list("first_names.txt")
    surnames = [_split_surname(s) for s in load_word_list("surnames.txt")]

    # --- addresses, grouped by PC4 area -------------------------------------------------------
    area_weight = np.maximum(inputs.inhabitants, 50.0) * np.where(inputs.core, CORE_FACTOR, 1.0)
    counts = _allocate(rng, area_weight, n_addresses, CAPACITY_PER_PC4)
    n = int(counts.sum())
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    pc4_row = np.repeat(np.arange(len(counts)), counts)
    local = np.arange(n) - np.repeat(starts, counts)
    pair = local // NUMBERS_PER_POSTCODE
    number = 1 + 2 * (local % NUMBERS_PER_POSTCODE) + (pair % 2)
    pc4 = inputs.pc4[pc4_row]
    pair_text = np.array(LETTER_PAIRS)[pair]
    postcode = np.char.add(pc4.astype(str), pair_text).tolist()
    street = (pc4 * 7919 + pair * 104729) % len(streets)
    radius = 1500.0 * np.sqrt(rng.random(n))
    angle = rng.random(n) * 2 * np.pi
    base_lat, base_lon = inputs.latitude[pc4_row], inputs.longitude[pc4_row]
    lat = base_lat + radius * np.cos(angle) / 111_320.0
    lon = base_lon + radius * np.sin(angle) / (111_320.0 * np.cos(np.radians(base_lat)))
    rd_x, rd_y = wgs84_to_rd(lat, lon)

    # --- buildings: a main one per address, sometimes a second -------------------------------
    rural = inputs.inhabitants[pc4_row] < 2500
    main_kind = np.where(rng.random(n) < 0.07, KIND_NONRES, KIND_HOME).astype(object)
    has_second = rng.random(n) < 0.30
    second_draw = rng.random(n)
    second_kind = np.where(rural & (second_draw < 0.4), KIND_FARM, KIND_SMALL).astype(object)
    per_address = 1 + has_second
    first_building = np.concatenate([[0], np.cumsum(per_address)[:-1]])
    nb = int(per_address.sum())
    b_address = np.repeat(np.arange(n), per_address)
    is_second = np.zeros(nb, dtype=bool)
    is_second[first_building[has_second] + 1] = True
    kind = np.where(is_second, second_kind[b_address], main_kind[b_address]).astype(object)
    second_of_address = np.full(n, -1, dtype=np.int64)
    second_of_address[has_second] = first_building[has_second] + 1

    era = rng.random(nb)
    year = np.where(
        era < 0.22,
        rng.integers(1850, 1945, nb),
        np.where(era < 0.62, rng.integers(1945, 1981, nb), rng.integers(1981, 2024, nb)),
    )
    is_home, is_small = kind == KIND_HOME, kind == KIND_SMALL
    is_farm = kind == KIND_FARM
    area = np.select(
        [is_home, is_small, is_farm],
        [
            np.clip(rng.lognormal(np.log(115), 0.35, nb), 40, 600),
            rng.integers(6, 30, nb),
            rng.integers(250, 1600, nb),
        ],
        default=np.clip(rng.lognormal(np.log(400), 0.8, nb), 60, 5000),
    ).astype(np.int64)
    city = ~rural[b_address]
    per_m2 = np.where(inputs.core[pc4_row][b_address], 2100.0, 2600.0) * np.where(city, 1.15, 1.0)
    woz = np.select(
        [is_home, is_small, is_farm],
        [area * per_m2 * rng.uniform(0.8, 1.25, nb), rng.uniform(2000, 20000, nb), area * rng.uniform(150, 450, nb)],
        default=area * rng.uniform(600, 1800, nb),
    )
    woz = (np.round(woz / 1000) * 1000).astype(np.int64)
    cultuurcode = np.where(is_small, 18, 0)
    cellar = is_farm & (rng.random(nb) < 0.6)
    cellar_m3 = np.where(cellar, rng.integers(150, 2500, nb), 0)
    year = np.where(is_small & (year < 1950), rng.integers(1950, 2020, nb), year)
    monument = is_home & (year < 1900) & (rng.random(nb) < 0.08)

    # --- persons and their periods ------------------------------------------------------------
    occ = rng.random(n)
    home_main = main_kind == KIND_HOME
    owner_occ = home_main & (occ < 0.60)
    tenant = home_main & (occ >= 0.60) & (occ < 0.85)
    nonres_owner = ~home_main & (occ < 0.30)
    current = owner_occ | tenant | nonres_owner
    built_day = np.array([day_number(date(int(y), 1, 1)) for y in range(1850, 2025)])[year[first_building] - 1850]
    built_day = built_day + rng.integers(0, 365, n)
    latest = day_number(REFERENCE_DATE) - 30
    since = np.maximum(built_day, rng.integers(day_number(date(1970, 1, 1)), latest, n))
    former = owner_occ & (since - built_day > 3 * 365) & (rng.random(n) < 0.25)
    former_since = built_day + (rng.random(n) * np.maximum(since - built_day - 365, 1)).astype(np.int64)

    current_addr = np.flatnonzero(current)
    former_addr = np.flatnonzero(former)
    n_current, n_former = len(current_addr), len(former_addr)
    n_persons = n_current + n_former
    person_of_current = np.full(n, -1, dtype=np.int64)
    person_of_current[current_addr] = np.arange(n_current)
    person_of_former = np.full(n, -1, dtype=np.int64)
    person_of_former[former_addr] = n_current + np.arange(n_former)

    min_birth = day_number(date(REFERENCE_DATE.year - 95, 1, 1))
    age_days = (rng.uniform(22, 55, n_persons) * 365.25).astype(np.int64)
    start_day = np.concatenate([since[current_addr], former_since[former_addr]])
    birth = np.maximum(start_day - age_days, min_birth)
    bsn = valid_bsns(n_persons)
    first = rng.integers(0, len(first_names), n_persons)
    surname = rng.integers(0, len(surnames), n_persons)
    uuid_bytes = rng.bytes(16 * n_persons)

    rel_person, rel_building, rel_kind, rel_from, rel_until = [], [], [], [], []

    def add(person, building, kind_name, start, until):
        rel_person.append(person)
        rel_building.append(building)
        rel_kind.append(np.full(len(person), kind_name, dtype=object))
        rel_from.append(start)
        rel_until.append(until)

    open_end = np.full(n, -1, dtype=np.int64)
    for mask, kinds in ((owner_occ, ("owner", "resident")), (tenant, ("resident",)), (nonres_owner, ("owner",))):
        idx = np.flatnonzero(mask)
        for kind_name in kinds:
            add(person_of_current[idx], first_building[idx], kind_name, since[idx], open_end[idx])
    idx = np.flatnonzero(owner_occ & has_second)
    add(person_of_current[idx], second_of_address[idx], "owner", since[idx], open_end[idx])
    idx = former_addr
    for kind_name in ("owner", "resident"):
        add(person_of_former[idx], first_building[idx], kind_name, former_since[idx], since[idx] - 1)

    # --- prior payments -------------------------------------------------------------------------
    n_payments = int(round(n * PAYMENTS_PER_ADDRESS))
    n_img = int(n_payments * 0.50)
    n_old = int(n_payments * 0.35)
    n_incidental = int(n_payments * 0.12)
    n_interest = n_payments - n_img - n_old - n_incidental
    present = counts > 0
    address_share = np.where(present, counts * np.where(inputs.core, CORE_FACTOR, 1.0), 0.0)
    address_share = address_share / address_share.sum()

    if inputs.has_img:
        w = inputs.img_decisions * present[inputs.img_row]
        w = w * (inputs.img_year >= 2020) * (inputs.img_year <= 2024)
        cell = rng.choice(len(w), size=n_img, p=w / w.sum())
        img_area = inputs.img_row[cell]
        img_year = inputs.img_year[cell]
        img_mean = inputs.img_mean_amount[cell]
        img_area_weight = np.bincount(inputs.img_row, weights=inputs.img_decisions, minlength=len(counts)) * present
        old_weight = 0.7 * img_area_weight / max(img_area_weight.sum(), 1e-9) + 0.3 * address_share
    else:
        img_area = rng.choice(len(counts), size=n_img, p=address_share)
        img_year = rng.integers(2020, 2025, n_img)
        img_mean = np.full(n_img, 7000.0)
        old_weight = address_share
    year_start = np.array([day_number(date(y, 1, 1)) for y in range(2000, 2031)])
    img_first = np.maximum(year_start[img_year - 2000], day_number(date(2020, 7, 1)))
    img_span = np.maximum(year_start[img_year - 2000 + 1] - img_first, 1)
    img_day = np.minimum(img_first + (rng.random(n_img) * img_span).astype(np.int64), latest)
    img_cents = _lognormal_cents(rng, img_mean, 1.0, 150, 400_000)

    old_area = rng.choice(len(counts), size=n_old, p=old_weight / old_weight.sum())
    old_payer = rng.choice(3, size=n_old, p=[0.45, 0.25, 0.30])  # NAM, CVW, TCMG
    windows = np.array(
        [
            [day_number(date(2012, 8, 16)), day_number(date(2016, 3, 31))],
            [day_number(date(2015, 1, 1)), day_number(date(2018, 3, 18))],
            [day_number(date(2018, 3, 19)), day_number(date(2020, 6, 30))],
        ]
    )
    old_day = windows[old_payer, 0] + (rng.random(n_old) * (windows[old_payer, 1] - windows[old_payer, 0])).astype(
        np.int64
    )
    old_cents = _lognormal_cents(rng, np.full(n_old, 4500.0), 1.1, 100, 250_000)

    damage_area = np.concatenate([img_area, old_area])
    damage_address = starts[damage_area] + (rng.random(len(damage_area)) * counts[damage_area]).astype(np.int64)
    damage_building = first_building[damage_address]
    on_second = (second_of_address[damage_address] >= 0) & (rng.random(len(damage_area)) < 0.15)
    damage_building = np.where(on_second, second_of_address[damage_address], damage_building)
    damage_payer = np.concatenate([np.full(n_img, 3), old_payer])
    damage_day = np.concatenate([img_day, old_day])
    damage_cents = np.concatenate([img_cents, old_cents])

    n_damage = len(damage_building)
    inc_of = rng.choice(n_damage, size=n_incidental, replace=n_incidental > n_damage)
    inc_cents = _lognormal_cents(rng, np.full(n_incidental, 650.0), 0.7, 25, 15_000)
    inc_day = np.minimum(damage_day[inc_of] + rng.integers(0, 60, n_incidental), latest)
    int_of = rng.choice(n_img, size=n_interest, replace=n_interest > n_img) if n_img else np.zeros(0, dtype=np.int64)
    int_cents = np.maximum(np.round(damage_cents[int_of] * rng.uniform(0.01, 0.05, n_interest)), 100).astype(np.int64)
    int_day = np.minimum(damage_day[int_of] + rng.integers(0, 30, n_interest), latest)

    payment_building = np.concatenate([damage_building, damage_building[inc_of], damage_building[int_of]])
    payment_payer = np.concatenate([damage_payer, damage_payer[inc_of], damage_payer[int_of]])
    payment_kind = np.concatenate(
        [
            np.full(n_damage, "damage", dtype=object),
            np.full(n_incidental, "incidental_costs", dtype=object),
            np.full(len(int_of), "statutory_interest", dtype=object),
        ]
    )
    payment_day = np.concatenate([damage_day, inc_day, int_day])
    payment_cents = np.concatenate([damage_cents, inc_cents, int_cents])
    order = np.lexsort((payment_building, payment_day))  # by date, then building: reads like a ledger

    return DemoData(
        address_pc4_row=pc4_row,
        address_postcode=postcode,
        address_number=number,
        address_street=street,
        address_lat=lat,
        address_lon=lon,
        address_rd_x=np.asarray(rd_x),
        address_rd_y=np.asarray(rd_y),
        building_address=b_address,
        building_kind=kind,
        building_year=year,
        building_area=area,
        building_woz_euros=woz,
        building_cultuurcode=cultuurcode,
        building_cellar=cellar,
        building_cellar_m3=cellar_m3,
        building_monument=monument,
        person_bsn=bsn,
        person_first=first,
        person_surname=surname,
        person_birth=birth,
        person_uuid_bytes=uuid_bytes,
        relation_person=np.concatenate(rel_person),
        relation_building=np.concatenate(rel_building),
        relation_kind=np.concatenate(rel_kind),
        relation_from=np.concatenate(rel_from),
        relation_until=np.concatenate(rel_until),
        payment_building=payment_building[order],
        payment_payer=payment_payer[order],
        payment_kind=payment_kind[order],
        payment_day=payment_day[order],
        payment_cents=payment_cents[order],
        streets=streets,
        first_names=first_names,
        surnames=surnames,
    )
