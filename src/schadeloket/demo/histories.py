"""Deterministic, vectorised case histories for the demo: cases, their status changes, decisions,
payment orders, objections and satisfaction responses over the two years before the reference date.

Why: the weekly report, the dashboard and Mijn Dossier need cases that lived through the schemes'
real processes, in the IMG's real shape: steady physical-damage reports, rising over the years
(about twice as many in 2024 as in 2023) with a bump after a felt quake, value-loss waves, AVV in
invitation waves decided in weekly bulk runs (mostly within 56 days) and, under the 2025 design,
only from each municipality's opening day, the immaterial-damage counter closed from April 2023 to
April 2024 and a wave when it reopened, about 7% of physical-damage decisions refusals, maatwerk
decided in a median of about 170 days with about half within 182 (domain facts §1, §3.4). At
`--scale img` the volume is a stress load (about a million cases, several times the IMG's real
two-year volume) in the same shape; at `--scale small` a few thousand, so the demo looks alive.
Dated rules (amounts, openings, closures) come from the schemes' own parameters, so they hold for
any reference date.

How: every case follows its scheme's process (`cases/processes.py`) through a fixed template of
steps (slots); per case a boolean says which slots it takes (waiting for the applicant, a revised
advice, a quality review, an extension, withdrawal) and the days between the slots are drawn as
shares of the case's lead time, so the lead-time distribution is exactly the one given. Cases may
have come in up to a year before the window (the stock the window starts with). Steps on or after
the reference date (the demo's "today": `seed_demo` passes today, tests and benchmarks a fixed
date) are cut off: what is left is the stock.
Staff steps fall on working days (`cases.terms`); AVV bulk decisions on the weekly bulk-run day,
straight from 'received' to 'decided' as `cases.bulk` writes them. Deadlines, suspension and
extension follow `cases.services.transition`; the deadline state is the monitor's judgement on the
reference date (`cases.monitor.judge`).

Applicants are real demo persons who own (or, for immaterial damage and AOS, live in) the building
on the day of receipt. The first persons of the register (`DEMO_RESIDENTS_WITHOUT_CASES`, among
them the resident `create_demo_accounts` prints) get no case, so their printed journey (apply for
their own home, see the new case in Mijn Dossier) starts empty.

Everything is drawn from one numpy generator seeded with (seed, 20), apart from the register's own
stream, so the register stays exactly what it was for a seed.
"""

import csv
import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from schadeloket.cases.monitor import judge
from schadeloket.cases.terms import is_working_day

from . import generator
from .inputs import EARTHQUAKES_FILE

#: Persons 0..N-1 of the demo register (the first BSNs from 900000000 on) never get a case: the
#: demo instructions pick their resident among the first 200 BSNs (identity.demo.demo_applicant_bsn).
DEMO_RESIDENTS_WITHOUT_CASES = 200
HISTORY_YEARS = 2
#: Cases may have come in up to a year before the window: the stock the window starts with.
BACKLOG_DAYS = 365
#: Receipts drawn per case wanted: the backlog cases that ended before the window are dropped, so
#: the count comes out close to the number asked for (measured: within a few per cent).
VOLUME_FACTOR = 0.81
#: Cases per block when their steps are drawn (a block's step matrices are a few tens of MB).
PATH_BLOCK = 100_000
EXTENSION_DAYS = 42  # cases.process.Process.extension_days (Awb 4:14, six weeks)
BULK_WEEKDAY = 1  # Tuesday: the weekly AVV bulk run of the demo (a demo choice, not a rule)

STATUSES = (
    "",
    "received",
    "in_progress",
    "waiting_for_applicant",
    "inspection_planned",
    "expert_advice",
    "draft_decision",
    "review",
    "decided",
    "paid",
    "closed",
    "withdrawn",
)
S = {name: code for code, name in enumerate(STATUSES)}
OPEN_TASKS = {  # cases.processes: task_on_enter (state → (task kind, role))
    S["inspection_planned"]: ("inspection", "inspector"),
    S["expert_advice"]: ("expert_advice", "inspector"),
    S["review"]: ("review", "reviewer"),
}

# --- The process templates -------------------------------------------------------------------
# (target status, weight of the time before it as a share of the lead time). Slot 0 is the
# receipt; the slots up to DECIDED share the time from receipt to decision; later slots have their
# own delays. The order is the order of the steps.
INSPECTION_SLOTS = (
    ("received", 0.0),  # 0
    ("in_progress", 0.03),  # 1 start
    ("waiting_for_applicant", 0.03),  # 2 ask the applicant
    ("in_progress", 0.06),  # 3 the applicant answered (suspension ends)
    ("inspection_planned", 0.08),  # 4
    ("expert_advice", 0.22),  # 5 inspection done
    ("draft_decision", 0.25),  # 6 advice received: the draft, zienswijze
    ("in_progress", 0.08),  # 7 zienswijze processed
    ("inspection_planned", 0.05),  # 8 revised: a second inspection after the zienswijze
    ("expert_advice", 0.10),  # 9
    ("draft_decision", 0.10),  # 10 revised report (facts §1.7: wait for the reaction again)
    ("in_progress", 0.05),  # 11
    ("waiting_for_applicant", 0.02),  # 12 ask again
    ("in_progress", 0.04),  # 13
    ("in_progress", 0.01),  # 14 extension (extend_term: in_progress → in_progress)
    ("review", 0.03),  # 15 quality review
    ("in_progress", 0.02),  # 16 approved or returned
    ("review", 0.02),  # 17 reviewed again after a return
    ("in_progress", 0.02),  # 18
    ("decided", 0.04),  # 19
    ("paid", 0.0),  # 20
    ("closed", 0.0),  # 21
    ("withdrawn", 0.0),  # 22
)
FIXED_SLOTS = (
    ("received", 0.0),  # 0
    ("in_progress", 0.15),  # 1 start (not in an AVV bulk decision)
    ("waiting_for_applicant", 0.10),  # 2
    ("in_progress", 0.15),  # 3
    ("in_progress", 0.02),  # 4 extension
    ("review", 0.12),  # 5
    ("in_progress", 0.10),  # 6
    ("review", 0.05),  # 7
    ("in_progress", 0.05),  # 8
    ("decided", 0.20),  # 9
    ("paid", 0.0),  # 10
    ("closed", 0.0),  # 11
    ("withdrawn", 0.0),  # 12
)


@dataclass(frozen=True)
class Template:
    slots: tuple
    start: int
    wait_a: tuple[int, int]
    wait_b: tuple[int, int] | None
    revised: tuple[int, ...]
    extension: int
    review: tuple[int, int]
    review_again: tuple[int, int]
    decided: int
    paid: int
    closed: int
    withdrawn: int

    @property
    def targets(self) -> np.ndarray:
        return np.array([S[name] for name, _w in self.slots], dtype=np.int8)

    @property
    def weights(self) -> np.ndarray:
        return np.array([w for _n, w in self.slots])


INSPECTION = Template(INSPECTION_SLOTS, 1, (2, 3), (12, 13), (8, 9, 10, 11), 14, (15, 16), (17, 18), 19, 20, 21, 22)
FIXED = Template(FIXED_SLOTS, 1, (2, 3), None, (), 4, (5, 6), (7, 8), 9, 10, 11, 12)


@dataclass(frozen=True)
class Shape:
    """How one scheme's cases look. Shares and probabilities are demo choices shaped on the facts."""

    code: str
    share: float  # of all cases
    template: Template
    pool: str  # who applies: see _pools
    unique: str  # "building", "person" or "" (repeats allowed: new damage, every child)
    intake: str  # receipt profile, see _intake_weights
    lead_median: float  # days from receipt to decision (lognormal)
    lead_sigma: float
    refuse: float  # share refused (AVV: from earlier payments instead)
    withdraw: float
    payee: str  # "applicant", "contractor" or "" (no payment order)
    p_wait: float = 0.25
    p_wait_again: float = 0.0
    p_revised: float = 0.0
    p_review: float = 0.06
    p_objection_granted: float = 0.04
    term_weeks_objection: int = 12


SHAPES = (
    # Physical damage: maatwerk median about 170 days, 53% within 182 (facts §3.4).
    Shape("MAATWERK", 0.27, INSPECTION, "owner_any", "", "physical", 180, 0.85, 0.12, 0.03, "applicant",
          p_wait=0.35, p_wait_again=0.15, p_revised=0.2, p_review=0.25),
    Shape("HEA", 0.07, INSPECTION, "owner_home", "", "physical", 185, 0.7, 0.05, 0.04, "contractor",
          p_wait=0.35, p_wait_again=0.1, p_revised=0.1, p_review=0.2),
    Shape("HIN", 0.035, INSPECTION, "owner_home", "", "physical", 200, 0.7, 0.05, 0.04, "contractor",
          p_wait=0.35, p_wait_again=0.1, p_revised=0.1, p_review=0.2),
    Shape("DUURZAAM_HERSTEL", 0.003, INSPECTION, "owner_pilot", "building", "sustainable", 240, 0.5, 0.10, 0.05,
          "contractor", p_wait=0.3, p_revised=0.2, p_review=0.3),
    Shape("MESTKELDER", 0.002, INSPECTION, "owner_cellar", "building", "manure", 120, 0.5, 0.45, 0.02, "applicant",
          p_wait=0.3, p_review=0.2),
    # VES: decided on average within three weeks (facts §1.1).
    Shape("VES", 0.14, FIXED, "owner_any", "building", "physical", 18, 0.5, 0.03, 0.01, "applicant", p_wait=0.15),
    # AVV: invitation waves, weekly bulk runs, mostly within 56 days (facts §1.2).
    Shape("AVV", 0.16, FIXED, "owner_avv", "building", "avv", 25, 0.45, 0.0, 0.01, "applicant",
          p_wait=0.5, p_review=0.05),
    # Value loss: one in five refused in 2020 (facts §1.8); non-homes open from 2024 (parameter).
    Shape("WAARDEDALING_WONING", 0.06, FIXED, "owner_home", "building", "value_loss", 35, 0.6, 0.20, 0.01,
          "applicant", term_weeks_objection=6, p_objection_granted=0.06),
    Shape("WAARDEDALING_NIET_WONING", 0.008, FIXED, "owner_nonres", "building", "value_loss_non_homes", 60, 0.6,
          0.25, 0.02, "applicant", term_weeks_objection=6),
    # Immaterial damage: closed from 19 April 2023 until the widening opened (facts §1.10).
    Shape("IMS_VOLWASSENE", 0.19, FIXED, "resident_home", "person", "immaterial", 45, 0.6, 0.06, 0.01, "applicant",
          p_objection_granted=0.08, term_weeks_objection=6),
    Shape("IMS_KIND", 0.04, FIXED, "resident_home", "", "immaterial", 35, 0.5, 0.04, 0.01, "applicant",
          p_objection_granted=0.05, term_weeks_objection=6),
    # Assistance with the zienswijze: paid to the adviser, a payee the payment orders do not know yet.
    Shape("BIJSTAND", 0.015, FIXED, "owner_home", "", "physical", 30, 0.5, 0.03, 0.0, "", p_wait=0.1,
          term_weeks_objection=6),
    # AOS: made safe within 48 hours; "granted" means the report was well-founded, no money.
    Shape("AOS", 0.007, FIXED, "resident_home", "", "steady", 1, 0.4, 0.6, 0.0, "", p_wait=0.0, p_review=0.0),
)  # fmt: skip
CODES = tuple(shape.code for shape in SHAPES)

OBJECTION_OUTCOMES = ("well_founded", "partly_well_founded", "unfounded", "withdrawn", "resolved")
#: The outcomes that are a decision on the objection (the others end it without one).
DECISION_OUTCOMES = ("well_founded", "partly_well_founded", "unfounded", "inadmissible")
OBJECTION_OUTCOME_P = (0.20, 0.15, 0.42, 0.13, 0.10)
REFUSED_OBJECTION_RATE = 0.25
SATISFACTION_RATE_GRANTED, SATISFACTION_RATE_REFUSED = 0.20, 0.15


@dataclass
class Histories:
    """All generated rows as aligned numpy arrays. Indexes are 0-based within the demo."""

    first_day: int  # day numbers (days since 1970-01-01)
    today: int
    # cases, in order of receipt
    case_scheme: np.ndarray  # index into CODES
    case_building: np.ndarray
    case_person: np.ndarray
    case_received: np.ndarray
    case_status: np.ndarray  # index into STATUSES
    case_term: np.ndarray
    case_deadline: np.ndarray
    case_deadline_state: np.ndarray  # object: ok, at_risk, overdue, stopped
    case_decided_on: np.ndarray  # -1 = none
    case_closed_on: np.ndarray
    case_suspended_since: np.ndarray
    case_suspended_days: np.ndarray
    case_extended_days: np.ndarray
    case_in_core: np.ndarray
    case_pre_registered: np.ndarray
    case_version: np.ndarray
    case_uuid: bytes
    # status changes, in order of time
    change_case: np.ndarray
    change_from: np.ndarray
    change_to: np.ndarray
    change_day: np.ndarray
    change_slot: np.ndarray  # for the time of day: later steps of one day come later
    # final decisions (one per decided case) and drafts (open cases waiting on a draft)
    decision_case: np.ndarray
    decision_final: np.ndarray  # bool
    decision_granted: np.ndarray
    decision_cents: np.ndarray
    decision_day: np.ndarray
    decision_view_ends: np.ndarray  # -1 = none
    decision_objection_ends: np.ndarray  # -1 = none
    decision_uuid: bytes
    # payment orders
    order_decision: np.ndarray
    order_paid: np.ndarray  # bool
    order_contractor: np.ndarray  # bool: to the contractor, else to the applicant
    # objections
    objection_decision: np.ndarray
    objection_received: np.ndarray
    objection_posted: np.ndarray  # -1 = through the portal
    objection_in_time: np.ndarray
    objection_pro_forma: np.ndarray
    objection_closed: np.ndarray  # -1 = still running
    objection_outcome: np.ndarray  # object: "" while running
    objection_uuid: bytes
    # satisfaction
    satisfaction_decision: np.ndarray
    satisfaction_day: np.ndarray
    satisfaction_score: np.ndarray
    satisfaction_comment: np.ndarray  # index into COMMENTS, -1 = none
    satisfaction_uuid: bytes
    # open tasks of open cases
    task_case: np.ndarray
    task_kind: np.ndarray  # status code whose task it is (OPEN_TASKS)
    task_day: np.ndarray
    counts: dict = field(default_factory=dict)
    calendar: "Calendar | None" = None  # the days the histories were drawn on (for writing them)


# --- Calendar ----------------------------------------------------------------------------------


class Calendar:
    """Day numbers around the history window, with the next working day and bulk day per day.

    Receipts run from `start` (the backlog's first day) to the day before `today`; the report's
    window is `first_day` to the day before `today`.
    """

    def __init__(self, start: int, first_day: int, today: int, after: int = 1500):
        self.base = start - 30
        self.start, self.first_day, self.today = start, first_day, today
        span = today - self.base + after
        days = [generator._EPOCH + dt.timedelta(days=int(self.base + i)) for i in range(span)]
        working = np.array([is_working_day(day) for day in days])
        self.working = working
        nwd = np.arange(span)
        for i in range(span - 2, -1, -1):  # the next working day on or after each day
            if not working[i]:
                nwd[i] = nwd[i + 1]
        self._nwd = nwd + self.base
        weekday = (np.arange(span) + self.base + 3) % 7
        bulk = np.where((weekday == BULK_WEEKDAY) & working, np.arange(span), span - 1)
        self._bulk = np.minimum.accumulate(bulk[::-1])[::-1] + self.base
        self.iso = np.array([day.isoformat() for day in days], dtype=object)
        self.weekday = weekday

    def next_working(self, day: np.ndarray) -> np.ndarray:
        return self._nwd[np.clip(day - self.base, 0, len(self._nwd) - 1)]

    def next_bulk_day(self, day: np.ndarray) -> np.ndarray:
        return self._bulk[np.clip(day - self.base, 0, len(self._bulk) - 1)]

    def window(self) -> np.ndarray:
        """Every day a case can come in: the backlog year and the two years of the window."""
        return np.arange(self.start, self.today)

    def text(self, day: np.ndarray) -> np.ndarray:
        return self.iso[day - self.base]


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def day_date(day: int) -> dt.date:
    return generator._EPOCH + dt.timedelta(days=int(day))


# --- Who applies ---------------------------------------------------------------------------------


def _area_intensity(inputs, n_rows: int, counts_per_row: np.ndarray) -> np.ndarray:
    """Reports per address per PC4 area: the IMG's physical-damage decisions 2023-2024 when known."""
    if inputs.has_img:
        recent = inputs.img_year >= 2023
        rows, weights = inputs.img_row[recent], inputs.img_decisions[recent]
        if not len(rows):
            rows, weights = inputs.img_row, inputs.img_decisions
        per_area = np.bincount(rows, weights=weights, minlength=n_rows)
        per_address = per_area / np.maximum(counts_per_row, 1)
    else:
        per_address = np.where(inputs.core, 3.0, 1.0)
    present = counts_per_row > 0
    floor = 0.02 * (per_address[present].mean() if present.any() else 1.0)
    return np.maximum(per_address, floor)


def _pools(data, inputs, shapes_by_pool: set[str], pilot_pc4: set[int], avv_fits: np.ndarray) -> dict:
    """Per pool: (relation indexes, weights). `avv_fits` per building: earlier payments under the AVV cap
    (the IMG invites those owners, so most AVV applications fit)."""
    kind = data.building_kind
    rel_building = data.relation_building
    rel_kind = data.relation_kind
    b_kind = kind[rel_building]
    address = data.building_address[rel_building]
    pc4_row = data.address_pc4_row[address]
    counts = np.bincount(data.address_pc4_row, minlength=len(inputs.pc4))
    intensity = _area_intensity(inputs, len(inputs.pc4), counts)[pc4_row]
    allowed = data.relation_person >= DEMO_RESIDENTS_WITHOUT_CASES
    owner = (rel_kind == "owner") & allowed
    resident = (rel_kind == "resident") & allowed
    home = b_kind == generator.KIND_HOME
    kind_weight = np.select(
        [home, b_kind == generator.KIND_SMALL, b_kind == generator.KIND_FARM], [1.0, 0.3, 0.5], default=0.5
    )
    masks = {
        "owner_any": (owner, intensity * kind_weight),
        "owner_home": (owner & home, intensity),
        "owner_avv": (
            owner & (home | (b_kind == generator.KIND_SMALL)),
            intensity * np.where(home, 1.0, 0.3) * np.where(avv_fits[rel_building], 1.0, 0.05),
        ),
        "owner_nonres": (owner & (b_kind == generator.KIND_NONRES), intensity),
        "owner_cellar": (owner & data.building_cellar[rel_building], np.ones(len(rel_building))),
        "resident_home": (resident & home, intensity),
    }
    if "owner_pilot" in shapes_by_pool:
        in_pilot = np.isin(inputs.pc4[pc4_row], sorted(pilot_pc4)) if pilot_pc4 else np.zeros(len(pc4_row), bool)
        if not (owner & home & in_pilot).any():
            in_pilot = inputs.core[pc4_row]
        masks["owner_pilot"] = (owner & home & in_pilot, np.ones(len(rel_building)))
    pools = {}
    for name, (mask, weight) in masks.items():
        index = np.flatnonzero(mask)
        pools[name] = (index, weight[index].astype(float))
    return pools


# --- When cases come in ---------------------------------------------------------------------------


def _quakes(data_dir: Path | None, first: int, last: int) -> list[tuple[int, float]]:
    """Felt quakes of the Groningen field in the window (KNMI catalogue), when the file is there."""
    if data_dir is None or not (data_dir / EARTHQUAKES_FILE).is_file():
        return []
    found = []
    with open(data_dir / EARTHQUAKES_FILE, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            try:
                day = generator.day_number(dt.datetime.strptime(row["YYMMDD"].strip(), "%Y%m%d").date())
                magnitude, lat, lon = float(row["MAG"]), float(row["LAT"]), float(row["LON"])
            except (KeyError, ValueError):
                continue
            if first <= day <= last and magnitude >= 1.9 and 53.05 <= lat <= 53.6 and 6.4 <= lon <= 7.2:
                found.append((day, magnitude))
    return found


def _wave(days: np.ndarray, start: int, half_life: float) -> np.ndarray:
    age = days - start
    return np.where(age >= 0, np.exp(-np.log(2) * np.maximum(age, 0) / half_life), 0.0)


def _intake_weights(kind: str, cal: Calendar, params: dict, quakes) -> np.ndarray:
    """Relative receipts per day of the window for one kind of scheme."""
    days = cal.window()
    n = len(days)
    t = np.arange(n) / max(n - 1, 1)
    first = cal.first_day
    if kind == "physical":  # about twice as many reports in 2024 as in 2023 (img-physical-damage-pc4.csv)
        w = 0.65 + 0.7 * t
        for day, magnitude in quakes:
            w = w * (1 + 0.6 * 10 ** (magnitude - 2.0) * _wave(days, day + 1, 5.0))
    elif kind == "avv":
        # The first design (top-up to EUR 5,000): invitation letters in batches, every eight weeks. The
        # 2025 design: nothing until a municipality opens (pre-registration is no application), then
        # a wave per opening (facts §1.2).
        new = params["avv_2025_amounts_from"]
        old = 0.05 + sum(_wave(days, start, 10.0) for start in range(cal.start + 14, min(new, cal.today), 56))
        openings = [day for day in params["avv_openings"].values() if day < cal.today]
        opened = sum(np.where(days >= day, 0.3 + 1.5 * _wave(days, day, 21.0), 0.0) for day in openings)
        w = np.where(days < new, old, opened)
    elif kind == "value_loss":
        w = 0.08 + sum(a * _wave(days, first + s, 21.0) for s, a in ((7, 1.0), (160, 0.8), (400, 0.4)))
    elif kind == "value_loss_non_homes":
        opens = params["value_loss_non_home_opening_date"]
        w = np.where(days >= opens, 0.2 + _wave(days, opens, 30.0), 0.0)
    elif kind == "immaterial":
        closes, opens = generator.day_number(dt.date(2023, 4, 19)), params["ims_non_owner_open_date"]
        w = np.where(days < closes, 0.6, 0.0) + np.where(days >= opens, 0.8 + 3.0 * _wave(days, opens, 45.0), 0.0)
    elif kind == "manure":
        opens = generator.day_number(dt.date(2023, 7, 1))
        w = np.where(days >= opens, 0.3 + _wave(days, opens, 60.0), 0.1)
    elif kind == "sustainable":
        w = np.where(days >= generator.day_number(dt.date(2023, 6, 8)), 1.0, 0.0)
    else:
        w = np.ones(n)
    if not w.any():
        w = np.ones(n)
    # Fewer reports at weekends, on holidays, around Christmas and in the summer.
    weekday = cal.weekday[days - cal.base]
    factor = np.select([weekday == 0, weekday == 5, weekday == 6], [1.3, 0.35, 0.3], default=1.0)
    factor = np.where(cal.working[days - cal.base] | (weekday >= 5), factor, 0.3)
    month_day = np.array([(d.month, d.day) for d in map(day_date, days)])
    christmas = ((month_day[:, 0] == 12) & (month_day[:, 1] >= 22)) | ((month_day[:, 0] == 1) & (month_day[:, 1] <= 2))
    summer = (month_day[:, 0] == 7) & (month_day[:, 1] >= 15) | (month_day[:, 0] == 8) & (month_day[:, 1] <= 20)
    return w * factor * np.where(christmas, 0.5, 1.0) * np.where(summer, 0.85, 1.0)


def _draw_applicants(
    rng, data, pool, days: np.ndarray, unique: str, taken: set, allowed=None
) -> tuple[np.ndarray, ...]:
    """For each receipt day, a relation valid on that day; unique per building or person if asked;
    `allowed(relations, days)` (optional) says which relation may apply on which day.

    Redraws the ones that do not fit a few times; what still does not fit is dropped (the counts
    are a little under the share then). Returns (kept positions, relation indexes).
    """
    index, weight = pool
    n = len(days)
    if not len(index) or not n:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    p = weight / weight.sum()
    chosen = np.full(n, -1, dtype=np.int64)
    todo = np.arange(n)
    key_of = {"building": data.relation_building, "person": data.relation_person}.get(unique)
    used = set(taken)
    for _round in range(6):
        if not len(todo):
            break
        pick = index[rng.choice(len(index), size=len(todo), p=p)]
        valid_from, valid_until = data.relation_from[pick], data.relation_until[pick]
        ok = (valid_from <= days[todo]) & ((valid_until < 0) | (valid_until >= days[todo]))
        if allowed is not None:
            ok &= allowed(pick, days[todo])
        if key_of is not None:
            keys = key_of[pick]
            _values, first_seen = np.unique(keys, return_index=True)
            unique_here = np.zeros(len(todo), dtype=bool)
            unique_here[first_seen] = True
            fresh = np.fromiter((k not in used for k in keys.tolist()), dtype=bool, count=len(keys))
            ok &= unique_here & fresh
            used.update(keys[ok].tolist())
        chosen[todo[ok]] = pick[ok]
        todo = todo[~ok]
    kept = np.flatnonzero(chosen >= 0)
    if key_of is not None:
        taken.update(key_of[chosen[kept]].tolist())
    return kept, chosen[kept]


# --- Amounts --------------------------------------------------------------------------------------


def _lognormal(rng, n: int, mean: float, sigma: float, low: float, high: float) -> np.ndarray:
    mu = np.log(mean) - sigma**2 / 2
    return np.clip(rng.lognormal(mu, sigma, n), low, high)


def _earlier_damage_cents(data, n_buildings: int, before: int) -> np.ndarray:
    """Per building: the damage paid by NAM, CVW, TCMG and IMG before `before` (AVV counts these)."""
    damage = (data.payment_kind == "damage") & (data.payment_day < before)
    return np.bincount(data.payment_building[damage], weights=data.payment_cents[damage], minlength=n_buildings)


def _amounts(rng, code: str, n: int, ctx: dict) -> tuple[np.ndarray, np.ndarray]:
    """(cents, refused) for n cases of one scheme; the amounts follow the scheme's own parameters."""
    p = ctx["params"][code]
    received, lead, building = ctx["received"], ctx["lead"], ctx["building"]
    refused = rng.random(n) < ctx["refuse"]
    euros = np.zeros(n)
    kind = ctx["data"].building_kind[building]
    woz = ctx["data"].building_woz_euros[building].astype(float)
    core = ctx["core"]
    if code == "VES":
        raised = received >= generator.day_number(p["ves_raise_date"])
        small = kind == generator.KIND_SMALL
        euros = np.where(small, float(p["ves_amount_small_object"]), 0.0)
        euros = np.where(~small & raised, float(p["ves_amount"]), euros)
        euros = np.where(~small & ~raised, float(p["ves_amount_before_raise"]), euros)
    elif code == "AVV":
        new_caps = received >= generator.day_number(p["avv_2025_amounts_from"])
        small = kind == generator.KIND_SMALL
        cap = np.where(
            new_caps,
            np.where(small, float(p["avv_cap_small_object"]), float(p["avv_cap_building"])),
            float(p["avv_cap_before_2025"]),
        )
        earlier = ctx["earlier_damage"][building] / 100
        refused = earlier >= cap
        euros = np.maximum(cap - earlier, 0.0)
    elif code == "MAATWERK":
        damage = _lognormal(rng, n, 9500, 1.0, 250, 250_000)
        nuisance = np.where(damage < 10_000, float(p["maatwerk_nuisance_small"]), float(p["maatwerk_nuisance_large"]))
        extra = np.select(
            [lead > 730, lead > 365],
            [float(p["maatwerk_extra_nuisance_after_2_years"]), float(p["maatwerk_extra_nuisance_after_1_year"])],
            default=0.0,
        )
        euros = damage + nuisance + extra
    elif code in ("HEA", "HIN"):
        euros = _lognormal(rng, n, 14_000, 0.8, 500, float(p["repair_cap"]))
    elif code == "DUURZAAM_HERSTEL":
        euros = _lognormal(rng, n, 60_000, 0.5, 15_000, 250_000)
    elif code == "MESTKELDER":
        volume = ctx["data"].building_cellar_m3[building].astype(float)
        euros = volume * float(p["manure_removal_cost_per_m3"])
    elif code == "WAARDEDALING_WONING":
        pct = float(p["value_loss_image_effect_pct"]) + np.where(core, rng.uniform(0, 4, n), rng.uniform(0, 1, n))
        euros = woz * pct / 100
        refused |= woz <= 0
    elif code == "WAARDEDALING_NIET_WONING":
        edge, top = float(p["value_loss_non_home_pct_edge"]), float(p["value_loss_non_home_pct_core"])
        pct = np.where(core, rng.uniform((edge + top) / 2, top, n), rng.uniform(edge, (edge + top) / 2, n))
        euros = woz * pct / 100
        refused |= (woz < 50_000) | (woz > 3_000_000)  # facts §1.9: no value loss there
    elif code in ("IMS_VOLWASSENE", "IMS_KIND"):
        prefix = "ims_adult_amount_" if code == "IMS_VOLWASSENE" else "ims_child_amount_"
        levels = np.array([float(p[f"{prefix}{k}"]) for k in (1, 2, 3)])
        euros = levels[rng.choice(3, size=n, p=[0.55, 0.30, 0.15])]
    elif code == "BIJSTAND":
        euros = rng.integers(4, int(p["bijstand_max_hours"]) + 1, n) * float(p["bijstand_hourly_rate"])
    cents = np.where(refused, 0, np.round(euros * 100)).astype(np.int64)
    if code != "AOS":
        refused |= cents <= 0
    return cents, refused


# --- Paths ----------------------------------------------------------------------------------------


def _paths(rng, shape: Shape, received: np.ndarray, decided: np.ndarray, cal: Calendar, bulk: np.ndarray):
    """Presence (n × slots) and day (n × slots) of every step up to the decision; see the module docstring."""
    tpl = shape.template
    n, k = len(received), len(tpl.slots)
    present = np.zeros((n, k), dtype=bool)
    present[:, 0] = present[:, tpl.start] = present[:, tpl.decided] = True
    if shape.code == "AVV":
        # bulk: received → decided directly; sampled: received → review → in_progress → decided;
        # the rest (the rules could not decide) goes to a handler first.
        present[:, tpl.start] = ~bulk
        sampled = bulk & (rng.random(n) < shape.p_review)
        present[:, tpl.review[0]] = present[:, tpl.review[1]] = sampled
        waits = ~bulk & (rng.random(n) < shape.p_wait)
    else:
        waits = rng.random(n) < shape.p_wait
        reviewed = rng.random(n) < shape.p_review
        present[:, tpl.review[0]] = present[:, tpl.review[1]] = reviewed
        again = reviewed & (rng.random(n) < 0.15)
        present[:, tpl.review_again[0]] = present[:, tpl.review_again[1]] = again
    present[:, tpl.wait_a[0]] = present[:, tpl.wait_a[1]] = waits
    if tpl.wait_b is not None:
        again = rng.random(n) < shape.p_wait_again
        present[:, tpl.wait_b[0]] = present[:, tpl.wait_b[1]] = again
    if tpl is INSPECTION:
        present[:, 4:8] = True
        revised = rng.random(n) < shape.p_revised
        for slot in tpl.revised:
            present[:, slot] = revised
    lead = decided - received
    long_case = lead > (150 if tpl is INSPECTION else 50)
    present[:, tpl.extension] = long_case & (rng.random(n) < (0.5 if tpl is INSPECTION else 0.2))

    gaps = tpl.weights[None, : tpl.decided + 1] * rng.gamma(2.0, 1.0, (n, tpl.decided + 1))
    gaps[:, 0] = 0.0
    gaps *= present[:, : tpl.decided + 1]
    share = np.cumsum(gaps, axis=1) / np.maximum(gaps.sum(axis=1, keepdims=True), 1e-9)
    days = np.zeros((n, k), dtype=np.int64)
    days[:, : tpl.decided + 1] = received[:, None] + np.floor(share * lead[:, None]).astype(np.int64)
    days[:, 1 : tpl.decided + 1] = cal.next_working(days[:, 1 : tpl.decided + 1])
    days[:, tpl.decided] = decided
    days[:, 1 : tpl.decided] = np.minimum(days[:, 1 : tpl.decided], decided[:, None])
    return present, days


def _judge_open(cal: Calendar, deadline, suspended_since, term_running) -> np.ndarray:
    """The deadline monitor's state on the reference date, per open case (cases.monitor)."""
    today = day_date(cal.today)

    @cache
    def running(deadline_day: int, term: int) -> str:
        return str(judge(today, day_date(deadline_day), term))

    @cache
    def suspended(deadline_day: int, since: int, term: int) -> str:
        if since > deadline_day:
            return "overdue"
        effective = int(cal.next_working(np.array([deadline_day + cal.today - since]))[0])
        if cal.today > effective:
            return "overdue"
        return str(judge(day_date(since), day_date(deadline_day), term))

    return np.array(
        [
            running(d, t) if s < 0 else suspended(d, s, t)
            for d, s, t in zip(deadline.tolist(), suspended_since.tolist(), term_running.tolist(), strict=True)
        ],
        dtype=object,
    )


def _uuids(rng, n: int) -> bytes:
    raw = bytearray(rng.bytes(16 * n))
    view = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 16) if n else np.zeros((0, 16), np.uint8)
    view[:, 6] = (view[:, 6] & 0x0F) | 0x40  # version 4
    view[:, 8] = (view[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    return bytes(raw)


def generate_histories(
    data,
    inputs,
    n_cases: int,
    seed: int,
    *,
    params: dict,
    terms: dict[str, int],
    objection_weeks: dict[str, int],
    zienswijze_days: int,
    data_dir: Path | None = None,
    core: np.ndarray | None = None,
    reference: dt.date = generator.REFERENCE_DATE,
) -> Histories:
    """Generate `n_cases` (about) case histories over the two years before `reference`.

    `params` maps scheme code → parameter values (the schemes' own), `terms` the decision term per
    scheme, `objection_weeks` the objection term per scheme; the caller reads them from the apps.
    `core` says per PC4 area whether it is in the demo core area (default: the gas-field core
    municipalities), for `Case.in_core_area`.
    """
    rng = np.random.default_rng([seed, 20])
    today = generator.day_number(reference)
    first_day = generator.day_number(_years_before(reference, HISTORY_YEARS))
    cal = Calendar(first_day - BACKLOG_DAYS, first_day, today)
    window = cal.window()
    volume = VOLUME_FACTOR * len(window) / (today - first_day)
    core_of_building = (inputs.core if core is None else core)[data.address_pc4_row[data.building_address]]
    pilot = {int(x) for x in str(params["DUURZAAM_HERSTEL"].get("sustainable_repair_pilot_pc4s", "")).split(",") if x}
    earlier = _earlier_damage_cents(data, len(data.building_kind), cal.start)
    avv_fits = earlier < float(params["AVV"]["avv_cap_before_2025"]) * 100
    pools = _pools(data, inputs, {s.pool for s in SHAPES}, pilot, avv_fits)
    quakes = _quakes(data_dir, first_day, today - 1)
    intake_params = {
        "value_loss_non_home_opening_date": generator.day_number(
            params["WAARDEDALING_NIET_WONING"]["value_loss_non_home_opening_date"]
        ),
        "ims_non_owner_open_date": generator.day_number(params["IMS_VOLWASSENE"]["ims_non_owner_open_date"]),
        "avv_2025_amounts_from": generator.day_number(params["AVV"]["avv_2025_amounts_from"]),
        "avv_openings": {
            name: _day_or_never(params["AVV"][f"avv_open_from_{key}"])
            for name, key in (("Eemsdelta", "eemsdelta"), ("Groningen", "groningen"), ("", "other_municipalities"))
        },
    }

    # 1. Who applies, when.
    scheme_parts, day_parts, relation_parts = [], [], []
    taken: dict[tuple[str, str], set] = {}
    for number, shape in enumerate(SHAPES):
        wanted = int(round(shape.share * n_cases * volume))
        if wanted <= 0:
            continue
        weights = _intake_weights(shape.intake, cal, intake_params, quakes)
        days = window[rng.choice(len(window), size=wanted, p=weights / weights.sum())]
        pool = pools[shape.pool]
        if shape.code == "IMS_VOLWASSENE" or shape.code == "IMS_KIND":
            # Before the widening (non-owners from the opening date) only owner-occupants applied.
            before = days < intake_params["ims_non_owner_open_date"]
            owners = _owner_occupant(data, pool[0])
            early = (pool[0][owners], pool[1][owners])
            kept_a, rel_a = _draw_applicants(rng, data, early, days[before], shape.unique, taken.setdefault(
                (shape.code, shape.unique), set()))  # fmt: skip
            kept_b, rel_b = _draw_applicants(
                rng, data, pool, days[~before], shape.unique, taken[(shape.code, shape.unique)]
            )
            kept_days = np.concatenate([days[before][kept_a], days[~before][kept_b]])
            relations = np.concatenate([rel_a, rel_b])
        else:
            allowed = _avv_open(data, inputs, intake_params) if shape.code == "AVV" else None
            kept, relations = _draw_applicants(rng, data, pool, days, shape.unique, taken.setdefault(
                (shape.code, shape.unique), set()), allowed)  # fmt: skip
            kept_days = days[kept]
        scheme_parts.append(np.full(len(kept_days), number, dtype=np.int64))
        day_parts.append(kept_days)
        relation_parts.append(relations)
    scheme = np.concatenate(scheme_parts)
    received = np.concatenate(day_parts)
    relation = np.concatenate(relation_parts)
    order = np.lexsort((rng.random(len(received)), received))
    scheme, received, relation = scheme[order], received[order], relation[order]
    n = len(received)
    building = data.relation_building[relation]
    person = data.relation_person[relation]

    # 2. Outcome and lead time per case.
    code_of = np.array(CODES, dtype=object)
    lead = np.zeros(n)
    refuse_p = np.zeros(n)
    withdraw_p = np.zeros(n)
    for number, shape in enumerate(SHAPES):
        mask = scheme == number
        lead[mask] = rng.lognormal(np.log(shape.lead_median), shape.lead_sigma, int(mask.sum()))
        refuse_p[mask], withdraw_p[mask] = shape.refuse, shape.withdraw
    lead = np.maximum(np.round(lead), 1).astype(np.int64)
    avv = code_of[scheme] == "AVV"
    bulk = avv & (rng.random(n) < 0.92)  # the bulk run decides most AVV cases itself
    # Under the 2025 design about a third of the applicants had pre-registered (facts §1.2, Eemsdelta).
    pre_registered = avv & (received >= intake_params["avv_2025_amounts_from"]) & (rng.random(n) < 1 / 3)
    decided = cal.next_working(received + lead)
    decided = np.where(bulk, cal.next_bulk_day(received + lead), decided)
    lead = decided - received
    withdrawn = rng.random(n) < withdraw_p
    withdraw_day = cal.next_working(received + np.floor(rng.uniform(0.1, 0.9, n) * lead).astype(np.int64))

    cents = np.zeros(n, dtype=np.int64)
    refused = np.zeros(n, dtype=bool)
    for number, shape in enumerate(SHAPES):
        mask = np.flatnonzero(scheme == number)
        if not len(mask):
            continue
        ctx = {
            "params": params, "received": received[mask], "lead": lead[mask], "building": building[mask],
            "data": data, "core": core_of_building[building[mask]], "refuse": refuse_p[mask],
            "earlier_damage": earlier,
        }  # fmt: skip
        cents[mask], refused[mask] = _amounts(rng, shape.code, len(mask), ctx)

    # 3. Objections (decided on the decision day) and payments, for the days after the decision.
    objection_weeks_arr = np.array([objection_weeks[c] for c in CODES])[scheme]
    objection_ends = cal.next_working(decided + 7 * objection_weeks_arr)
    payee = np.array([shape.payee for shape in SHAPES], dtype=object)[scheme]
    pays = ~refused & (cents > 0) & (payee != "")
    pay_delay = np.where(payee == "contractor", rng.integers(30, 181, n), rng.integers(3, 13, n))
    paid_day = cal.next_working(decided + pay_delay)
    granted_rate = np.array([shape.p_objection_granted for shape in SHAPES])[scheme]
    objects = ~withdrawn & (rng.random(n) < np.where(refused, REFUSED_OBJECTION_RATE, granted_rate))
    late = rng.random(n) < 0.04
    by_letter = rng.random(n) < 0.3
    objection_received = np.where(
        late,
        objection_ends + rng.integers(1, 31, n),
        decided + np.floor(rng.uniform(0.05, 1.0, n) * (objection_ends - decided)).astype(np.int64),
    )
    objection_received = np.maximum(objection_received, decided + 1)
    posted = np.where(by_letter, np.maximum(objection_received - rng.integers(1, 4, n), decided), -1)
    in_time = (objection_received <= objection_ends) | (
        by_letter & (posted <= objection_ends) & (objection_received <= objection_ends + 7)
    )
    objection_closed = cal.next_working(objection_received + np.round(rng.lognormal(np.log(90), 0.4, n)).astype(int))
    after_decision = np.maximum(np.where(pays, paid_day, decided), objection_ends)
    close_day = cal.next_working(np.where(objects, np.maximum(after_decision, objection_closed), after_decision)
                                 + rng.integers(1, 11, n))  # fmt: skip

    # The backlog: cases that came in before the window and were still open on its first day (or
    # closed in it) stay, with their whole history; the ones that ended before it are not the
    # window's business.
    keep = (received >= first_day) | (np.where(withdrawn, withdraw_day, close_day) >= first_day)
    (scheme, received, building, person, lead, decided, bulk, withdrawn, withdraw_day, cents, refused,
     objection_ends, payee, pays, paid_day, objects, objection_received, posted, in_time, objection_closed,
     close_day, pre_registered) = (
        a[keep] for a in (
            scheme, received, building, person, lead, decided, bulk, withdrawn, withdraw_day, cents, refused,
            objection_ends, payee, pays, paid_day, objects, objection_received, posted, in_time, objection_closed,
            close_day, pre_registered,
        )
    )  # fmt: skip
    n = len(received)

    # 4. The status changes (per scheme, in blocks of cases: the step matrices stay small).
    case_parts, slot_parts, to_parts, day_parts = [], [], [], []
    for tpl in (INSPECTION, FIXED):
        numbers = [i for i, s in enumerate(SHAPES) if s.template is tpl]
        blocks = [
            block
            for number in numbers
            for all_of_scheme in [np.flatnonzero(scheme == number)]
            for block in np.array_split(all_of_scheme, max(1, len(all_of_scheme) // PATH_BLOCK))
        ]
        for idx in blocks:
            if not len(idx):
                continue
            number = int(scheme[idx[0]])
            present, days = _paths(rng, SHAPES[number], received[idx], decided[idx], cal, bulk[idx])
            present[:, tpl.paid] = pays[idx]
            days[:, tpl.paid] = paid_day[idx]
            present[:, tpl.closed] = True
            days[:, tpl.closed] = close_day[idx]
            w = withdrawn[idx]
            if w.any():
                cut = days > withdraw_day[idx][:, None]
                cut[:, 0] = False
                present[w] &= ~cut[w]
                present[w, tpl.decided :] = False
                present[w, tpl.withdrawn] = True
                days[w, tpl.withdrawn] = withdraw_day[idx][w]
            present &= days < today
            rows, slots = np.nonzero(present)
            case_parts.append(idx[rows].astype(np.int32))
            slot_parts.append(slots.astype(np.int8))
            to_parts.append(tpl.targets[slots])
            day_parts.append(days[rows, slots].astype(np.int32))
            del present, days, rows, slots
    change_case = np.concatenate(case_parts)
    change_slot = np.concatenate(slot_parts)
    change_to = np.concatenate(to_parts)
    change_day = np.concatenate(day_parts)
    by_case = np.lexsort((change_slot, change_case))  # in each case's own order first
    change_case, change_slot = change_case[by_case], change_slot[by_case]
    change_to, change_day = change_to[by_case], change_day[by_case]
    del by_case
    first_of_case = np.r_[True, change_case[1:] != change_case[:-1]]
    change_from = np.where(first_of_case, 0, np.r_[0, change_to[:-1]]).astype(np.int8)
    last_of_case = np.r_[change_case[1:] != change_case[:-1], True]

    # 5. The case as it stands on the reference date.
    status = np.zeros(n, dtype=np.int8)
    status[change_case[last_of_case]] = change_to[last_of_case]
    version = np.bincount(change_case, minlength=n)
    reached = {}
    for name in ("decided", "withdrawn", "closed", "paid"):
        mask = np.zeros(n, dtype=bool)
        mask[change_case[change_to == S[name]]] = True
        reached[name] = mask
    decided_on = np.where(reached["decided"], decided, np.where(reached["withdrawn"], withdraw_day, -1))
    closed_on = np.where(reached["withdrawn"], withdraw_day, np.where(reached["closed"], close_day, -1))

    terms_arr = np.array([terms[c] for c in CODES])[scheme]
    # Suspensions: a wait is a pair (waiting_for_applicant, then in_progress); the deadline in force
    # moves on by the days waited when the answer comes (terms.after_suspension), then the extension.
    deadline = cal.next_working(received + terms_arr)
    suspended_days = np.zeros(n, dtype=np.int64)
    extended = np.zeros(n, dtype=np.int64)
    waiting_rows = np.flatnonzero(change_to == S["waiting_for_applicant"])
    answered = waiting_rows[(waiting_rows + 1 < len(change_case))]
    answered = answered[change_case[answered + 1] == change_case[answered]]
    answered = answered[change_to[answered + 1] == S["in_progress"]]
    extension_rows = np.flatnonzero(
        (change_to == S["in_progress"]) & (change_from == S["in_progress"])
    )  # the only in_progress → in_progress step is the extension
    # Each case's events in its own order, applied round by round (a case has at most three).
    events = np.concatenate([answered + 1, extension_rows])
    waited = change_day[answered + 1] - change_day[answered]
    added = np.concatenate([waited, np.full(len(extension_rows), EXTENSION_DAYS, dtype=waited.dtype)])
    order_events = np.argsort(events, kind="stable")  # rows are in (case, step) order here
    events, added = events[order_events], added[order_events]
    event_case = change_case[events]
    is_extension = np.isin(events, extension_rows)
    starts = np.r_[True, event_case[1:] != event_case[:-1]]
    rank = np.arange(len(events)) - np.maximum.accumulate(np.where(starts, np.arange(len(events)), 0))
    for round_ in range(int(rank.max()) + 1 if len(rank) else 0):
        sel = rank == round_
        cases = event_case[sel]
        deadline[cases] = cal.next_working(deadline[cases] + added[sel])
    np.add.at(suspended_days, event_case[~is_extension], added[~is_extension])
    extended[event_case[is_extension]] = EXTENSION_DAYS
    suspended_since = np.full(n, -1, dtype=np.int64)
    waiting_now = status == S["waiting_for_applicant"]
    suspended_since[change_case[last_of_case & (change_to == S["waiting_for_applicant"])]] = change_day[
        last_of_case & (change_to == S["waiting_for_applicant"])
    ]
    deadline_state = np.full(n, "stopped", dtype=object)
    open_case = decided_on < 0
    deadline_state[open_case] = _judge_open(
        cal, deadline[open_case], suspended_since[open_case], (terms_arr + extended)[open_case]
    )
    assert (suspended_since >= 0).sum() == waiting_now.sum()

    # 6. Decisions: the final one of every decided case; a draft for open cases waiting on one.
    final_cases = np.flatnonzero(reached["decided"])
    draft_cases = np.flatnonzero(np.isin(status, [S["draft_decision"], S["review"]]))
    draft_day = np.zeros(len(draft_cases), dtype=np.int64)
    last_rows = np.flatnonzero(last_of_case)
    last_row_of = np.full(n, -1, dtype=np.int64)
    last_row_of[change_case[last_rows]] = last_rows
    draft_day = change_day[last_row_of[draft_cases]]
    inspection_codes = [i for i, s in enumerate(SHAPES) if s.template is INSPECTION]
    view_ends = np.where(
        np.isin(scheme[draft_cases], inspection_codes), cal.next_working(draft_day + zienswijze_days), -1
    )
    decision_case = np.concatenate([final_cases, draft_cases])
    decision_final = np.r_[np.ones(len(final_cases), bool), np.zeros(len(draft_cases), bool)]
    decision_granted = ~refused[decision_case]
    decision_cents = np.where(decision_granted, cents[decision_case], 0)
    decision_day = np.concatenate([decided[final_cases], draft_day])
    decision_view_ends = np.concatenate([np.full(len(final_cases), -1), view_ends])
    decision_objection_ends = np.concatenate([objection_ends[final_cases], np.full(len(draft_cases), -1)])
    by_time = np.lexsort((decision_case, decision_day))
    decision_case, decision_final = decision_case[by_time], decision_final[by_time]
    decision_granted, decision_cents = decision_granted[by_time], decision_cents[by_time]
    decision_day, decision_view_ends = decision_day[by_time], decision_view_ends[by_time]
    decision_objection_ends = decision_objection_ends[by_time]
    final_of_case = np.full(n, -1, dtype=np.int64)
    final_of_case[decision_case[decision_final]] = np.flatnonzero(decision_final)

    # 7. Payment orders for granted final decisions with a payee (paid when the case reached 'paid').
    reached_paid = np.zeros(n, dtype=bool)
    reached_paid[change_case[change_to == S["paid"]]] = True
    order_cases = final_cases[pays[final_cases]]
    order_decision = final_of_case[order_cases]
    order_sort = np.argsort(order_decision, kind="stable")
    order_decision, order_cases = order_decision[order_sort], order_cases[order_sort]

    # 8. Objections received by the reference date, with their outcome when they ended before it.
    obj_cases = final_cases[objects[final_cases] & (objection_received[final_cases] < today)]
    obj_cases = obj_cases[np.argsort(objection_received[obj_cases], kind="stable")]
    closed_obj = objection_closed[obj_cases] < today
    outcome = np.full(len(obj_cases), "", dtype=object)
    drawn = np.array(OBJECTION_OUTCOMES, dtype=object)[
        rng.choice(len(OBJECTION_OUTCOMES), size=len(obj_cases), p=OBJECTION_OUTCOME_P)
    ]
    outcome[closed_obj] = np.where(in_time[obj_cases][closed_obj], drawn[closed_obj], "inadmissible")

    # 9. Satisfaction after the decision (one response per applicant and final decision).
    rate = np.where(refused, SATISFACTION_RATE_REFUSED, SATISFACTION_RATE_GRANTED)
    answers = final_cases[rng.random(len(final_cases)) < rate[final_cases]]
    answer_day = decided[answers] + rng.integers(1, 29, len(answers))
    keep = answer_day < today
    answers, answer_day = answers[keep], answer_day[keep]
    base = np.where(refused[answers], 4.6, np.where(lead[answers] > 182, 6.6, 7.7))
    scores = np.clip(np.round(rng.normal(base, np.where(refused[answers], 2.2, 1.4))), 1, 10).astype(np.int64)
    pick = rng.integers(0, len(COMMENTS_HIGH), len(answers))
    comment = np.where(scores >= 6, pick, len(COMMENTS_HIGH) + pick % len(COMMENTS_LOW))
    comment = np.where(rng.random(len(answers)) < 0.3, comment, -1)
    answer_order = np.argsort(answer_day, kind="stable")
    answers, answer_day = answers[answer_order], answer_day[answer_order]
    scores, comment = scores[answer_order], comment[answer_order]

    # 10. The open task of an open case's current step (cases.processes: task_on_enter).
    task_cases = np.flatnonzero(np.isin(status, list(OPEN_TASKS)))
    task_day = change_day[last_row_of[task_cases]]

    # Status changes in the order they happened (ids follow time, as in production).
    by_time = np.lexsort((change_slot, change_case, change_day))
    change_case, change_from, change_to = change_case[by_time], change_from[by_time], change_to[by_time]
    change_day, change_slot = change_day[by_time], change_slot[by_time]
    del by_time
    histories = Histories(
        first_day=first_day,
        today=today,
        case_scheme=scheme,
        case_building=building,
        case_person=person,
        case_received=received,
        case_status=status,
        case_term=terms_arr,
        case_deadline=deadline,
        case_deadline_state=deadline_state,
        case_decided_on=decided_on,
        case_closed_on=closed_on,
        case_suspended_since=suspended_since,
        case_suspended_days=suspended_days,
        case_extended_days=extended,
        case_in_core=core_of_building[building],
        case_pre_registered=pre_registered,
        case_version=version,
        case_uuid=_uuids(rng, n),
        change_case=change_case,
        change_from=change_from,
        change_to=change_to,
        change_day=change_day,
        change_slot=change_slot,
        decision_case=decision_case,
        decision_final=decision_final,
        decision_granted=decision_granted,
        decision_cents=decision_cents,
        decision_day=decision_day,
        decision_view_ends=decision_view_ends,
        decision_objection_ends=decision_objection_ends,
        decision_uuid=_uuids(rng, len(decision_case)),
        order_decision=order_decision,
        order_paid=reached_paid[order_cases],
        order_contractor=payee[order_cases] == "contractor",
        objection_decision=final_of_case[obj_cases],
        objection_received=objection_received[obj_cases],
        objection_posted=posted[obj_cases],
        objection_in_time=in_time[obj_cases],
        objection_pro_forma=rng.random(len(obj_cases)) < 0.2,
        objection_closed=np.where(closed_obj, objection_closed[obj_cases], -1),
        objection_outcome=outcome,
        objection_uuid=_uuids(rng, len(obj_cases)),
        satisfaction_decision=final_of_case[answers],
        satisfaction_day=answer_day,
        satisfaction_score=scores,
        satisfaction_comment=comment,
        satisfaction_uuid=_uuids(rng, len(answers)),
        task_case=task_cases,
        task_kind=status[task_cases],
        task_day=task_day,
    )
    histories.calendar = cal
    histories.counts = {
        "zaken": n,
        "statuswijzigingen": len(change_case),
        "besluiten": int(decision_final.sum()),
        "ontwerpbesluiten": int((~decision_final).sum()),
        "betaalopdrachten": len(order_decision),
        "bezwaren": len(obj_cases),
        "tevredenheidsreacties": len(answers),
        "open taken": len(task_cases),
    }
    return histories


def _day_or_never(day: dt.date) -> int:
    """A day number; 9999-12-31 ("not yet decided") stays far in the future."""
    return generator.day_number(min(day, dt.date(3000, 1, 1)))


def _avv_open(data, inputs, intake_params: dict):
    """`allowed` for AVV: under the 2025 design an owner may apply from their municipality's opening
    day (`avv_open_from_*`); under the first design anywhere."""
    new = intake_params["avv_2025_amounts_from"]
    openings = intake_params["avv_openings"]
    other = openings[""]
    by_row = np.array([openings.get(name, other) for name in inputs.municipality], dtype=np.int64)
    opening_of_relation = by_row[data.address_pc4_row[data.building_address[data.relation_building]]]

    def allowed(relations: np.ndarray, days: np.ndarray) -> np.ndarray:
        return (days < new) | (days >= opening_of_relation[relations])

    return allowed


def _owner_occupant(data, relation_index: np.ndarray) -> np.ndarray:
    """Which of these resident relations belong to a person who also owns that building."""
    owners = data.relation_kind == "owner"
    width = np.int64(len(data.building_kind) + 1)
    owner_keys = data.relation_person[owners].astype(np.int64) * width + data.relation_building[owners]
    keys = data.relation_person[relation_index].astype(np.int64) * width + data.relation_building[relation_index]
    return np.isin(keys, owner_keys)


# Short comments residents leave with a score (demo texts, B1 Dutch).
COMMENTS_HIGH = (
    "Snel geregeld, dank u wel.",
    "Duidelijke brief. Ik wist waar ik aan toe was.",
    "De zaakbegeleider dacht goed met mij mee.",
    "Het duurde lang, maar het resultaat is goed.",
)
COMMENTS_LOW = (
    "Het duurde veel te lang.",
    "Ik begrijp niet waarom mijn aanvraag is afgewezen.",
    "Ik moest steeds opnieuw mijn verhaal doen.",
    "Het bedrag is te laag voor de schade aan mijn huis.",
)
COMMENTS = COMMENTS_HIGH + COMMENTS_LOW

OBJECTION_GROUNDS = (
    "Het bedrag is te laag. De schade is groter dan in het rapport staat.",
    "Niet alle schade is meegenomen in het besluit.",
    "Ik ben het niet eens met de afwijzing. Mijn huis staat in het effectgebied.",
    "Het IMG ging uit van verkeerde feiten over mijn situatie.",
    "Ik vraag om een schadevergoeding op maat.",
)
