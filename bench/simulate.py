"""Benchmark: the policy simulation of a scheme (AVV by default) over the `img` register on PostgreSQL.

Why: `manage.py simulate` must run over IMG's register (500,000 addresses, about 650,000 buildings)
in under 60 s on a 2-core machine. This measures, in one run:

1. the whole simulation as the command runs it (current and changed parameters, each building
   decided once per parameter set), with the facts-gathering time reported separately;
2. on a sample of the same Facts records held in memory: the scheme's DMN decision versus the same
   rules written as plain Python (`plain_ves`, `plain_avv` below), as evaluations per second and
   their ratio, and how often the two disagree (must be 0).

Database: DATABASE_URL when it points at PostgreSQL, else postgres://postgres@127.0.0.1:5432/schadeloket_bench.
It must already hold the img register (`python -m bench seed` makes it); this benchmark only reads.
Results: printed and written to bench/results/simulate.json.

    .venv/bin/python -m bench simulate
    .venv/bin/python bench/simulate.py --scheme AVV --workers 2 --sample 100000
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
RESULTS = REPO_DIR / "bench" / "results" / "simulate.json"
SHARED_DATA = REPO_DIR.parent / "shared" / "data"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/schadeloket_bench"
GOAL_SECONDS = 60
#: The change simulated per scheme (a raise of the main amount).
DEFAULT_CHANGES = {"AVV": {"avv_cap_building": "12500"}, "VES": {"ves_amount": "12500"}}
ZERO = Decimal("0")
VES_START = dt.date(2021, 11, 1)


def setup_django(default_url: str = DEFAULT_URL, *, create: bool = False) -> str:
    """Django for a benchmark, on DATABASE_URL when it is PostgreSQL, else on `default_url`
    (created first when `create` and it does not exist yet). Every benchmark starts here."""
    for path in (str(REPO_DIR / "src"), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = default_url
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schadeloket.config.settings.test")
    os.environ.setdefault("SECRET_KEY", "bench-only-insecure-key")
    if create:
        _ensure_database(url)
    import django

    django.setup()
    return url


def _ensure_database(url: str) -> None:
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_reference_data() -> list[str]:
    """The img register from `bench seed` is made with --skip-external: no quakes, gas fields or areas.

    Without them no building is in any area and every scheme says no, which measures nothing. So
    load, once, what `seed_demo` loads without --skip-external (the KNMI catalogue, the gas
    fields, the demo core and reinforcement areas) and build the evidence-presumption area.
    Only reference data is added; the addresses, buildings, persons and payments are untouched.
    """
    import io

    from django.core.management import call_command

    from schadeloket.demo.inputs import EARTHQUAKES_FILE, GAS_FIELDS_FILE, load_inputs
    from schadeloket.demo.services import _load_demo_areas
    from schadeloket.register.areas.models import Area, AreaKind, GasField
    from schadeloket.register.earthquakes.models import Earthquake

    notes = []
    if not SHARED_DATA.is_dir():
        return ["../shared/data ontbreekt: geen aardbevingen, gasvelden of gebieden ingelezen."]
    if not Earthquake.objects.exists():
        call_command("import_earthquakes", str(SHARED_DATA / EARTHQUAKES_FILE), stdout=io.StringIO())
        notes.append("aardbevingen (KNMI) ingelezen")
    if not GasField.objects.exists():
        call_command("load_gas_fields", str(SHARED_DATA / GAS_FIELDS_FILE), stdout=io.StringIO())
        notes.append("gasvelden ingelezen")
    if not Area.objects.filter(kind__in=[AreaKind.CORE, AreaKind.REINFORCEMENT]).exists():
        _load_demo_areas(load_inputs(SHARED_DATA))
        notes.append("demo-kerngebied en -versterkingsgebied geladen")
    if not Area.objects.filter(kind=AreaKind.EVIDENCE_PRESUMPTION).exists():
        call_command("build_evidence_presumption_area", stdout=io.StringIO())
        notes.append("effectgebied (bewijsvermoeden) gebouwd")
    return notes


def ensure_statistics() -> list[str]:
    """ANALYZE the tables that have no planner statistics yet (PostgreSQL only).

    `bench seed` bulk-loads millions of rows; until autovacuum analyzes them (never, on a server
    with autovacuum off) the planner guesses their sizes and picks sequential scans of a million
    payments per look-up. A production database has statistics; so should the benchmarks.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE last_analyze IS NULL AND last_autoanalyze IS NULL "
            "AND n_live_tup > 0"
        )
        tables = [name for (name,) in cursor.fetchall()]
        for name in tables:
            cursor.execute(f'ANALYZE "{name}"')
    return [f"statistieken bijgewerkt (ANALYZE): {', '.join(sorted(tables))}"] if tables else []


# --- The same rules as plain Python ------------------------------------------------------------


def _small(f) -> bool:
    return (f.cultuurcode in (18, 100) or f.cultuurcode is None) and (
        (f.floor_area_m2 is not None and f.floor_area_m2 < 30) or (f.woz_value is not None and f.woz_value < 50000)
    )


def plain_ves(f, p: dict):
    """VES (conditions.dmn, location.dmn, amount.dmn) by hand: (open, amount)."""
    year = f.construction_year or 0
    route = (
        (f.in_effect_area and f.events_2mms_since_construction >= 1)
        or f.in_deep_subsidence_area
        or (f.within_6km and 1 <= year < 2013)
    )
    location_unknown = not route and f.within_6km and f.construction_year is None
    if (
        f.reference_date < VES_START
        or f.first_application_at_address is False
        or f.applicant_is_natural_person is False
        or f.applicant_is_owner is False
        or f.co_owners_consent is False
        or (not route and not location_unknown)
        or f.earlier_ves_or_repair_applications >= 3
    ):
        return False, None
    unknown = (
        f.applicant_is_owner is None
        or f.co_owners_consent is None
        or f.applicant_is_natural_person is None
        or location_unknown
    )
    if f.reference_date < p["ves_raise_date"]:
        amount = p["ves_amount_before_raise"]
    elif _small(f):
        amount = p["ves_amount_small_object"]
    else:
        amount = p["ves_amount"]
    return (None if unknown else True), amount


def plain_avv(f, p: dict, had_ves_before=None, former_owner_letter=None):
    """AVV (amount, opening, conditions) by hand: (open, amount)."""
    rules_2025 = f.reference_date >= p["avv_2025_amounts_from"]
    if not rules_2025:
        cap = p["avv_cap_before_2025"]
    elif p["avv_small_object_uses_ves_test"] and _small(f):
        cap = p["avv_cap_small_object"]
    else:
        cap = p["avv_cap_building"]
    top_up = max(cap - f.prior_damage_total, ZERO)
    if f.municipality == "Eemsdelta":
        open_from = p["avv_open_from_eemsdelta"]
    elif f.municipality == "Groningen":
        open_from = p["avv_open_from_groningen"]
    else:
        open_from = p["avv_open_from_other_municipalities"]
    owner, former = f.applicant_is_owner, f.applicant_is_former_owner
    former_only = owner is not True and former is True
    if (
        f.reference_date < p["avv_start_date"]
        or f.applicant_is_natural_person is False
        or f.co_owners_consent is False
        or (owner is False and former is False)
        or (former_only and f.reference_date < p["avv_former_owners_from"])
        or (former_only and former_owner_letter is False)
        or not (f.in_effect_area or f.in_deep_subsidence_area)
        or f.events_2mms_since_construction < 1
        or f.chose_maatwerk_after_ves_offer is True
        or (not rules_2025 and had_ves_before is True)
        or (rules_2025 and f.reference_date < open_from)
        or top_up <= 0
    ):
        return False, None
    unknown = (
        f.applicant_is_natural_person is None
        or (owner is not True and former is not True and (owner is None or former is None))
        or (former_only and former_owner_letter is None)
        or f.co_owners_consent is None
        or (not rules_2025 and had_ves_before is None)
    )
    return (None if unknown else True), top_up


PLAIN = {"VES": plain_ves, "AVV": plain_avv}


# --- The run -----------------------------------------------------------------------------------


def _cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the simulation's workers)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def compare_on_sample(scheme, parameters, on_date, size: int) -> dict:
    """Gather `size` records, then time DMN and plain Python over exactly those records."""
    from schadeloket.register.buildings.models import Building
    from schadeloket.schemes.facts import gather_facts_bulk
    from schadeloket.simulation.services import assume_consent

    ids = list(Building.objects.order_by("id").values_list("id", flat=True)[:size])
    started = time.perf_counter()
    records = [assume_consent(facts) for _id, facts in gather_facts_bulk(ids, on_date, applicant="owner")]
    facts_s = time.perf_counter() - started

    started = time.perf_counter()
    dmn = [scheme.decide(f, parameters) for f in records]
    dmn_s = time.perf_counter() - started

    plain = PLAIN[scheme.code]
    values = parameters.as_context()
    started = time.perf_counter()
    hand = [plain(f, values) for f in records]
    plain_s = time.perf_counter() - started

    def key(outcome_open, amount):
        return outcome_open, (Decimal(amount) if outcome_open is not False and amount is not None else None)

    disagree = sum(
        1 for o, (h_open, h_amount) in zip(dmn, hand, strict=True) if key(o.open, o.amount) != key(h_open, h_amount)
    )
    n = len(records)
    return {
        "records": n,
        "facts_seconds": round(facts_s, 2),
        "facts_per_second": round(n / facts_s) if facts_s else None,
        "dmn_seconds": round(dmn_s, 3),
        "dmn_evaluations_per_second": round(n / dmn_s) if dmn_s else None,
        "plain_seconds": round(plain_s, 3),
        "plain_evaluations_per_second": round(n / plain_s) if plain_s else None,
        "ratio_dmn_to_plain": round(dmn_s / plain_s, 1) if plain_s else None,
        "disagreements": disagree,
        "eligible_in_sample": sum(1 for o in dmn if o.open is True),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench simulate", description=__doc__.splitlines()[0])
    parser.add_argument("--scheme", default="AVV", help="regeling (standaard AVV; VES als AVV er nog niet is)")
    parser.add_argument("--set", action="append", default=None, dest="overrides", metavar="NAAM=WAARDE")
    parser.add_argument("--date", default=None, help="peildatum JJJJ-MM-DD (standaard: vandaag)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sample", type=int, default=100_000, help="records voor DMN tegen gewoon Python")
    args = parser.parse_args(argv)
    url = setup_django()

    from django.db import connection

    from schadeloket.register.addresses.models import Address
    from schadeloket.register.buildings.models import Building
    from schadeloket.schemes.registry import UnknownSchemeError, get_scheme
    from schadeloket.simulation.services import parse_overrides, simulate

    addresses, buildings = Address.objects.count(), Building.objects.count()
    if not addresses:
        print("De database is leeg: maak eerst het img-register met `python -m bench seed`.")
        return 1
    reference_notes = ensure_reference_data() + ensure_statistics()
    for line in reference_notes:
        print(f"  referentiegegevens: {line}")
    note = ""
    try:
        scheme = get_scheme(args.scheme)
    except UnknownSchemeError:
        if args.scheme.upper() != "AVV":
            raise
        scheme = get_scheme("VES")
        note = "AVV staat nog niet in het register van regelingen (registry.SCHEME_CLASSES): gemeten met VES."
        print(note)
    if scheme.code not in PLAIN:
        print(f"Geen handgeschreven Python-versie van {scheme.code}; kies AVV of VES.")
        return 1
    overrides = parse_overrides(args.overrides) if args.overrides else DEFAULT_CHANGES[scheme.code]
    on_date = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    print(
        f"Benchmark simulate: {scheme.code} over {addresses} adressen / {buildings} gebouwen, peildatum {on_date}, "
        f"wijziging {overrides}, {args.workers} processen; belasting vooraf {_load()}"
    )

    load_before = _load()
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    result = simulate(scheme.code, overrides, on_date, workers=args.workers)
    wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    load_after = _load()
    # On a shared machine the wall time depends on the others' load; the CPU time does not (much).
    idle_estimate = cpu / max(1, min(args.workers, os.cpu_count() or 1))
    print(
        f"  simulatie: {wall:.1f} s (feiten verzamelen {result.facts_seconds:.1f} s, beslissen "
        f"{result.decide_seconds:.1f} s per proces), {result.evaluations} beslissingen"
    )
    print(f"  CPU-tijd {cpu:.1f} s; bij een vrije machine met {args.workers} processen ongeveer {idle_estimate:.1f} s")
    print(
        f"  huidig: {result.current.total.eligible} in aanmerking, € {result.current.total.cost}; "
        f"gewijzigd: {result.changed.total.eligible}, € {result.changed.total.cost}"
    )

    sample = compare_on_sample(scheme, scheme.parameters.with_overrides(overrides), on_date, args.sample)
    print(
        f"  steekproef {sample['records']} records: DMN {sample['dmn_evaluations_per_second']}/s, gewoon Python "
        f"{sample['plain_evaluations_per_second']}/s, verhouding {sample['ratio_dmn_to_plain']}x, "
        f"verschillen {sample['disagreements']}; feiten {sample['facts_per_second']}/s"
    )
    unregistered = None
    if note:
        # AVV is not registered yet, but its class exists: still time its tables against plain Python.
        try:
            from schadeloket.schemes.avv.scheme import AVV
        except ImportError:
            AVV = None
        if AVV is not None:
            avv = AVV()
            unregistered = compare_on_sample(avv, avv.parameters, on_date, args.sample)
            print(
                f"  AVV (nog niet geregistreerd), zelfde steekproef: "
                f"DMN {unregistered['dmn_evaluations_per_second']}/s, "
                f"gewoon Python {unregistered['plain_evaluations_per_second']}/s, verhouding "
                f"{unregistered['ratio_dmn_to_plain']}x, verschillen {unregistered['disagreements']}"
            )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]

    data = {
        "benchmark": "simulate",
        "scheme": scheme.code,
        "requested_scheme": args.scheme,
        "note": note,
        "reference_data_loaded": reference_notes,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "postgresql": server,
        "database": url.rsplit("/", 1)[-1],
        "cpu_count": os.cpu_count(),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "addresses": addresses,
        "buildings": buildings,
        "on_date": on_date.isoformat(),
        "overrides": overrides,
        "workers": args.workers,
        "simulation_seconds": round(wall, 2),
        "simulation_cpu_seconds": round(cpu, 2),
        "simulation_seconds_estimated_idle": round(idle_estimate, 2),
        "facts_seconds_per_process": round(result.facts_seconds, 2),
        "decide_seconds_per_process": round(result.decide_seconds, 2),
        "evaluations": result.evaluations,
        "current": result.current.total.as_dict(),
        "changed": result.changed.total.as_dict(),
        "sample": sample,
        "sample_unregistered_avv": unregistered,
        "goal": {"seconds": GOAL_SECONDS, "met": wall < GOAL_SECONDS},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"  doel < {GOAL_SECONDS} s: {'gehaald' if wall < GOAL_SECONDS else 'NIET gehaald'}; zie {RESULTS}")
    disagreements = sample["disagreements"] + (unregistered["disagreements"] if unregistered else 0)
    return 0 if disagreements == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
