"""Policy simulation: one scheme, with its current and with changed parameters, over the whole register.

Every building is the subject once, with its owner on the date as the applicant (gather_facts_bulk,
applicant="owner"), and we assume what the register cannot know in the applicant's favour: the
co-owners consent. A building is "eligible" when the scheme says open (True); "depends" when the
scheme still needs an answer (no owner in the register, for instance). The cost is the amount of
every eligible building (the upper end `amount_max` when a scheme only gives a range).

Why this is fast enough for the IMG register: the facts are gathered once (four queries per
50,000 buildings), each building is decided once per parameter set (once in all when nothing is
changed), and every table is one compiled Python function (schemes/engine/compiler.py). The
decisions are made without their explanation (`Scheme.without_explanations`: the same tables and
code, only traces and conditions are not written, since the simulation keeps just the outcome and
the amount), and the
buildings are counted per (municipality, area, outcome) and added up at the end.
With `workers=2` the register is split by building id over two forked processes.
"""

import dataclasses
import datetime as dt
import os
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connections

from schadeloket.register.buildings.models import Building
from schadeloket.schemes.engine.parameters import ParameterError, ParameterSet
from schadeloket.schemes.engine.scheme import Scheme
from schadeloket.schemes.facts import Facts, gather_facts_bulk
from schadeloket.schemes.registry import UnknownSchemeError, get_scheme

__all__ = [
    "AREA_LABELS",
    "Figures",
    "ParameterError",
    "SimulationResult",
    "UnknownSchemeError",
    "parse_overrides",
    "simulate",
]

ZERO = Decimal("0")

#: One area per building, the first that applies in this order (so the rows add up to the total).
AREA_ORDER = ("core", "reinforcement", "effect_area", "deep_subsidence", "none")
AREA_LABELS = {
    "core": "Kerngebied",
    "reinforcement": "Versterkingsgebied",
    "effect_area": "Effectgebied",
    "deep_subsidence": "Diepe bodemdaling",
    "none": "Geen gebied",
}


def area_of(facts: Facts) -> str:
    if facts.in_core_area:
        return "core"
    if facts.in_reinforcement_area:
        return "reinforcement"
    if facts.in_effect_area:
        return "effect_area"
    if facts.in_deep_subsidence_area:
        return "deep_subsidence"
    return "none"


@dataclass
class Figures:
    buildings: int = 0
    eligible: int = 0
    depends: int = 0
    cost: Decimal = ZERO

    def add(self, other: "Figures") -> None:
        self.buildings += other.buildings
        self.eligible += other.eligible
        self.depends += other.depends
        self.cost += other.cost

    def as_dict(self) -> dict:
        return {"buildings": self.buildings, "eligible": self.eligible, "depends": self.depends, "cost": str(self.cost)}


@dataclass
class Run:
    """The figures of one parameter set: in total, per municipality and per area."""

    total: Figures = field(default_factory=Figures)
    by_municipality: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))
    by_area: dict[str, Figures] = field(default_factory=lambda: defaultdict(Figures))

    def count(self, municipality: str, area: str, is_open, amount) -> None:
        for figures in (self.total, self.by_municipality[municipality], self.by_area[area]):
            figures.buildings += 1
            if is_open is True:
                figures.eligible += 1
                figures.cost += amount
            elif is_open is None:
                figures.depends += 1

    def merge(self, other: "Run") -> None:
        self.total.add(other.total)
        for key, figures in other.by_municipality.items():
            self.by_municipality[key].add(figures)
        for key, figures in other.by_area.items():
            self.by_area[key].add(figures)

    def as_dict(self) -> dict:
        return {
            "total": self.total.as_dict(),
            "by_municipality": {k: v.as_dict() for k, v in sorted(self.by_municipality.items())},
            "by_area": {k: self.by_area[k].as_dict() for k in AREA_ORDER if k in self.by_area},
        }


@dataclass(frozen=True)
class Line:
    """One row of the side-by-side report: current, changed and the difference."""

    group: str  # "Totaal", "Gemeente" or "Gebied"
    label: str
    current: Figures
    changed: Figures

    @property
    def eligible_difference(self) -> int:
        return self.changed.eligible - self.current.eligible

    @property
    def cost_difference(self) -> Decimal:
        return self.changed.cost - self.current.cost


@dataclass
class SimulationResult:
    scheme_code: str
    scheme_name: str
    on_date: dt.date
    overrides: dict[str, str]
    current: Run
    changed: Run
    facts_seconds: float = 0.0
    decide_seconds: float = 0.0
    evaluations: int = 0

    @property
    def buildings(self) -> int:
        return self.current.total.buildings

    def lines(self) -> list[Line]:
        result = [Line("Totaal", "Alle gebouwen", self.current.total, self.changed.total)]
        for name in sorted(set(self.current.by_municipality) | set(self.changed.by_municipality)):
            label = name or "(gemeente onbekend)"
            result.append(
                Line(
                    "Gemeente",
                    label,
                    self.current.by_municipality.get(name, Figures()),
                    self.changed.by_municipality.get(name, Figures()),
                )
            )
        for key in AREA_ORDER:
            if key in self.current.by_area or key in self.changed.by_area:
                result.append(
                    Line(
                        "Gebied",
                        AREA_LABELS[key],
                        self.current.by_area.get(key, Figures()),
                        self.changed.by_area.get(key, Figures()),
                    )
                )
        return result

    def as_dict(self) -> dict:
        return {
            "scheme": self.scheme_code,
            "scheme_name": self.scheme_name,
            "on_date": self.on_date.isoformat(),
            "overrides": dict(self.overrides),
            "buildings": self.buildings,
            "current": self.current.as_dict(),
            "changed": self.changed.as_dict(),
            "difference": {
                "eligible": self.changed.total.eligible - self.current.total.eligible,
                "cost": str(self.changed.total.cost - self.current.total.cost),
            },
            "timing": {
                "facts_seconds": round(self.facts_seconds, 3),
                "decide_seconds": round(self.decide_seconds, 3),
                "evaluations": self.evaluations,
            },
        }


def parse_overrides(lines) -> dict[str, str]:
    """`["name=value", ...]` (or text with one per line) → {name: value}; a line without '=' is an error."""
    if isinstance(lines, str):
        lines = lines.splitlines()
    overrides = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"Schrijf een wijziging als naam=waarde, zoals ves_amount=12500 (niet '{line}').")
        overrides[name.strip()] = value.strip()
    return overrides


def assume_consent(facts: Facts) -> Facts:
    """The simulation's one assumption: co-owners consent when the register cannot say."""
    if facts.co_owners_consent is None:
        return dataclasses.replace(facts, co_owners_consent=True)
    return facts


def prepare(scheme_code: str, overrides: dict[str, str] | None) -> tuple[Scheme, ParameterSet]:
    """Check the input before anything runs: the scheme must exist and every override must parse."""
    scheme = get_scheme(scheme_code)
    return scheme, scheme.parameters.with_overrides(dict(overrides or {}))


def simulate(
    scheme_code: str,
    overrides: dict[str, str] | None,
    on_date: dt.date,
    *,
    buildings=None,
    workers: int = 1,
    chunk_size: int = 50_000,
) -> SimulationResult:
    """Run the scheme, current and changed, over the register (or `buildings`, a queryset).

    Raises UnknownSchemeError or ParameterError (Dutch messages) before anything is decided.
    """
    scheme, changed_parameters = prepare(scheme_code, overrides)
    overrides = dict(overrides or {})
    queryset = buildings if buildings is not None else Building.objects.all()
    if workers > 1 and buildings is None:
        parts = _run_parallel(scheme.code, overrides, on_date, queryset, workers, chunk_size)
    else:
        parts = [_run(scheme, changed_parameters if overrides else None, on_date, queryset, chunk_size)]
    current, changed = Run(), Run()
    result = SimulationResult(scheme.code, scheme.name, on_date, overrides, current, changed)
    for part_current, part_changed, facts_s, decide_s, evaluations in parts:
        current.merge(part_current)
        changed.merge(part_changed)
        result.facts_seconds = max(result.facts_seconds, facts_s)
        result.decide_seconds = max(result.decide_seconds, decide_s)
        result.evaluations += evaluations
    return result


def _amount(outcome) -> Decimal:
    amount = outcome.amount if outcome.amount is not None else outcome.amount_max
    return Decimal(amount) if amount is not None else ZERO


def _tally(tally: dict, key: tuple, amount) -> None:
    """Count one building under (municipality, area, open); `amount` is added when open is True."""
    entry = tally.get(key)
    if entry is None:
        entry = tally[key] = [0, ZERO]
    entry[0] += 1
    if amount is not None:
        entry[1] += amount


def _run_of(tally: dict) -> Run:
    """The Run that counting every building one by one (`Run.count`) gives: the same sums, added per key."""
    run = Run()
    for (municipality, area, is_open), (buildings, cost) in tally.items():
        for figures in (run.total, run.by_municipality[municipality], run.by_area[area]):
            figures.buildings += buildings
            if is_open is True:
                figures.eligible += buildings
                figures.cost += cost
            elif is_open is None:
                figures.depends += buildings
    return run


def _run(scheme: Scheme, changed_parameters: ParameterSet | None, on_date, queryset, chunk_size):
    """(current, changed, facts seconds, decide seconds, evaluations) for one part of the register.

    The scheme decides without its explanation (`Scheme.without_explanations`: the same compiled
    tables and code, the same outcome and amount; a simulation keeps only those). The facts come with the
    simulation's consent assumption already made (`assume_consent`).
    """
    current, changed = {}, {}
    facts_s = decide_s = 0.0
    evaluations = 0
    decide = scheme.without_explanations().decide
    clock = time.perf_counter
    records = gather_facts_bulk(queryset, on_date, chunk_size=chunk_size, applicant="owner", assume_consent=True)
    while True:
        started = clock()
        try:
            _id, facts = next(records)
        except StopIteration:
            facts_s += clock() - started
            break
        middle = clock()
        facts_s += middle - started
        municipality, area = facts.municipality, area_of(facts)
        outcome = decide(facts)
        is_open = outcome.open
        _tally(current, (municipality, area, is_open), _amount(outcome) if is_open is True else None)
        evaluations += 1
        if changed_parameters is not None:
            outcome = decide(facts, changed_parameters)
            is_open = outcome.open
            evaluations += 1
        _tally(changed, (municipality, area, is_open), _amount(outcome) if is_open is True else None)
        decide_s += clock() - middle
    return _run_of(current), _run_of(changed), facts_s, decide_s, evaluations


def _worker(args):
    scheme_code, overrides, on_date, ids_range, chunk_size = args
    connections.close_all()  # never share the parent's connection across a fork
    scheme, changed_parameters = prepare(scheme_code, overrides)
    low, high = ids_range
    queryset = Building.objects.filter(id__gte=low, id__lt=high)
    try:
        return _run(scheme, changed_parameters if overrides else None, on_date, queryset, chunk_size)
    finally:
        connections.close_all()


def _run_parallel(scheme_code, overrides, on_date, queryset, workers, chunk_size):
    """Split the buildings by id into `workers` equal ranges, each run in a forked process."""
    import multiprocessing

    ids = queryset.order_by("id").values_list("id", flat=True)
    total = queryset.count()
    if total == 0:
        return []
    bounds = [ids[0]]
    for i in range(1, workers):
        bounds.append(ids[(total * i) // workers])
    bounds.append(queryset.order_by("-id").values_list("id", flat=True)[0] + 1)
    ranges = [(bounds[i], bounds[i + 1]) for i in range(workers)]
    connections.close_all()
    context = multiprocessing.get_context("fork")
    with context.Pool(processes=workers) as pool:
        # Only the whole register is split (simulate() runs a `buildings` subset in one process).
        return pool.map(_worker, [(scheme_code, overrides, on_date, r, chunk_size) for r in ranges])


def default_workers() -> int:
    return max(1, min(2, os.cpu_count() or 1))
