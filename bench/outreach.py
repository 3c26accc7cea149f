"""Benchmark: outreach lists over the seeded register, on PostgreSQL.

Why: issue 6 asks for the list after a new earthquake "within minutes", and a silent-victims list
that runs set-based at IMG scale. This measures, in one run, what the Celery tasks run:

1. the after-earthquake list for a strong historic event (default Huizinge, 16 August 2012, M3.6,
   which reached 2 mm/s at 1% exceedance up to 28 km away): `start_after_earthquake` plus
   `build_campaign`, wall and CPU time, with the number of addresses, buildings and people;
2. the same run's baseline: one pass of `gather_facts_bulk` over the same buildings, the register's
   own bulk read that the list needs twice at most (with the event, and the day before for the
   buildings where a scheme is open);
3. a silent-victims list for AVV over the whole register (postcodes 1000-9999).

Everything happens in one transaction that is rolled back at the end: the benchmark leaves no
campaign behind. A test never asserts these times; they are printed and written to
bench/results/outreach.json.

Database: DATABASE_URL when it points at PostgreSQL, else
postgres://postgres@127.0.0.1:5432/schadeloket_outreach_bench. When that database holds no
addresses it is migrated and seeded with `seed_demo` (`--addresses`, default the small demo of 3,000
addresses; `--addresses 500000` is the IMG scale), with the KNMI catalogue, the gas fields, the
effect area and the demo core area from ../shared/data.

    .venv/bin/python bench/outreach.py
    .venv/bin/python bench/outreach.py --addresses 500000 --event Huizinge --date 2012-08-16
"""

import argparse
import datetime as dt
import json
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
RESULTS = REPO_DIR / "bench" / "results" / "outreach.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/schadeloket_outreach_bench"
GOAL_SECONDS = 300  # "within minutes"
if str(REPO_DIR) not in sys.path:  # also when run as `python bench/outreach.py`
    sys.path.insert(0, str(REPO_DIR))

from bench.simulate import setup_django  # noqa: E402 (after the path above)


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def ensure_register(addresses: int, cases: int | None) -> list[str]:
    from django.core.management import call_command

    from schadeloket.demo.services import seed_demo
    from schadeloket.register.addresses.models import Address

    call_command("migrate", verbosity=0)
    if Address.objects.exists():
        return [f"register aanwezig: {Address.objects.count()} adressen"]
    started = time.perf_counter()
    options = {} if cases is None else {"cases": cases}  # the demo's case histories (0: none)
    report = seed_demo(scale="small" if addresses <= 3000 else "img", addresses=addresses, **options)
    return [*report.lines, f"geseed in {time.perf_counter() - started:.0f} s"]


def timed(function):
    """(value, wall seconds, CPU seconds of this process plus its PostgreSQL backend).

    On a shared machine the wall time also measures everyone else's load; the CPU time is what
    the work itself costs (the backend's from /proc, as `bench decide` reads it).
    """
    from bench.decide import backend_cpu_seconds

    wall, cpu, backend = time.perf_counter(), _cpu(), backend_cpu_seconds()
    value = function()
    backend_after = backend_cpu_seconds()
    database = (backend_after - backend) if backend is not None and backend_after is not None else 0.0
    return value, time.perf_counter() - wall, _cpu() - cpu + database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench outreach", description=__doc__.splitlines()[0])
    parser.add_argument("--addresses", type=int, default=3000, help="adressen als de database leeg is")
    parser.add_argument("--cases", type=int, default=None, help="zaken in de demo (standaard: naar schaal; 0: geen)")
    parser.add_argument("--event", default="Huizinge", help="plaats van de beving (KNMI)")
    parser.add_argument("--date", default="2012-08-16", help="dag van de beving JJJJ-MM-DD")
    parser.add_argument("--skip-silent", action="store_true", help="sla de lijst stille gedupeerden over")
    args = parser.parse_args(argv)
    url = setup_django(DEFAULT_URL, create=True)

    from django.db import connection, transaction

    from bench.simulate import ensure_reference_data, ensure_statistics
    from schadeloket.outreach import quake
    from schadeloket.outreach.models import CampaignRecipient
    from schadeloket.outreach.services import build_campaign, create_silent_campaign, start_after_earthquake
    from schadeloket.register.addresses.models import Address
    from schadeloket.register.buildings.models import Building
    from schadeloket.register.earthquakes.models import Earthquake
    from schadeloket.schemes.facts import gather_facts_bulk

    notes = ensure_register(args.addresses, args.cases) + ensure_reference_data() + ensure_statistics()
    for line in notes:
        print(f"  {line}")
    day = dt.date.fromisoformat(args.date)
    event = Earthquake.objects.filter(location_name=args.event, origin_time__date=day).order_by("-magnitude").first()
    if event is None:
        print(f"Geen beving bij {args.event} op {day} in de catalogus.")
        return 1
    n_addresses, n_buildings = Address.objects.count(), Building.objects.count()
    print(
        f"Benchmark outreach: {quake.describe(event)} over {n_addresses:,} adressen / {n_buildings:,} gebouwen "
        f"({connection.vendor}); belasting vooraf {_load()}"
    )
    result = {
        "benchmark": "outreach",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "database": connection.vendor,
        "cpu_count": os.cpu_count(),
        "register": {"addresses": n_addresses, "buildings": n_buildings},
        "event": {"place": event.location_name, "date": day.isoformat(), "magnitude": str(event.magnitude)},
        "load_before": _load(),
        "goal_seconds": GOAL_SECONDS,
    }
    with transaction.atomic():
        radius = quake.reach_km(event)
        ids = sorted(quake._buildings_reached(event, radius))
        _records, base_wall, base_cpu = timed(lambda: sum(1 for _ in gather_facts_bulk(ids, day)))

        def after_earthquake():
            campaign = start_after_earthquake(event, actor="bench", enqueue=False)
            return build_campaign(campaign.pk)

        campaign, wall, cpu = timed(after_earthquake)
        people = CampaignRecipient.objects.filter(entry__campaign=campaign).values("person_id").distinct().count()
        result["after_earthquake"] = {
            "reach_km": round(radius, 2),
            "status": campaign.status,
            "addresses": campaign.address_count,
            "buildings": campaign.entry_count,
            "people": people,
            "core_buildings": campaign.core_count,
            "wall_seconds": round(wall, 2),
            "cpu_seconds_python_and_database": round(cpu, 2),
            "baseline_facts_seconds": round(base_wall, 2),
            "baseline_facts_cpu_seconds": round(base_cpu, 2),
            "ratio_to_baseline": round(wall / base_wall, 1) if base_wall else None,
        }
        print(
            f"  na de beving: {campaign.address_count:,} adressen, {campaign.entry_count:,} gebouwen, {people:,} "
            f"mensen binnen {radius:.1f} km; {wall:.1f} s (CPU Python + database {cpu:.1f} s)"
        )
        print(
            f"  basislijn: gather_facts_bulk over dezelfde {len(ids):,} gebouwen {base_wall:.1f} s "
            f"(CPU {base_cpu:.1f} s); verhouding {wall / base_wall if base_wall else 0:.1f}"
        )
        if not args.skip_silent:

            def silent():
                made = create_silent_campaign(
                    scheme_code="AVV", pc4_from="1000", pc4_to="9999", actor="bench", on_date=dt.date.today()
                )
                return build_campaign(made.pk)

            campaign, wall, cpu = timed(silent)
            result["silent_victims_avv"] = {
                "status": campaign.status,
                "buildings": campaign.entry_count,
                "addresses": campaign.address_count,
                "wall_seconds": round(wall, 2),
                "cpu_seconds_python_and_database": round(cpu, 2),
            }
            print(
                f"  stille gedupeerden AVV (hele register): {campaign.entry_count:,} gebouwen; {wall:.1f} s "
                f"(CPU Python + database {cpu:.1f} s)"
            )
        transaction.set_rollback(True)  # leave no campaign behind
    result["load_after"] = _load()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"  belasting na afloop {_load()}; resultaat in {RESULTS.relative_to(REPO_DIR)} (database {url})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
