"""Throughput of gather_facts_bulk (and gather_facts one by one) on a synthetic register.

Why: the policy simulation fills a Facts record for every building of the register; this shows
how many buildings per second the bulk path manages and how it compares with one by one.

Run (never against the shared dev database; this makes its own throw-away SQLite file unless
DATABASE_URL is set):

    .venv/bin/python bench/facts.py --buildings 5000
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    target = os.environ.get("DATABASE_URL")
    if not target:
        target = f"sqlite:///{tempfile.mkdtemp(prefix='facts-bench-')}/bench.sqlite3"
        os.environ["DATABASE_URL"] = target
    if "var/schadeloket.sqlite3" in target:
        raise SystemExit("refusing to run against the shared dev database")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schadeloket.config.settings.test")
    import django

    django.setup()
    return target


def fill(n: int, seed: int = 1) -> None:
    import io
    import random
    from datetime import date
    from decimal import Decimal

    import numpy as np
    from django.core.management import call_command

    from schadeloket.register.addresses.coordinates import rd_to_wgs84
    from schadeloket.register.addresses.models import Address
    from schadeloket.register.areas.models import Area, AreaKind
    from schadeloket.register.buildings.models import Building, BuildingRelation
    from schadeloket.register.earthquakes.services import import_catalogue
    from schadeloket.register.payments.models import PriorPayment
    from schadeloket.register.persons.models import Person

    call_command("migrate", verbosity=0)
    call_command("load_gas_fields", str(SHARED_DATA / "gas-fields.geojson"), stdout=io.StringIO())
    import_catalogue(SHARED_DATA / "knmi-earthquakes.csv")
    Area.objects.create(kind=AreaKind.CORE, name="Kern", postcodes=[f"99{i:02d}" for i in range(0, 40)], source="b")

    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    # spread over the province: RD x 200-270 km, y 550-610 km
    xs = nprng.uniform(200_000, 270_000, n)
    ys = nprng.uniform(550_000, 610_000, n)
    lat, lon = rd_to_wgs84(xs, ys)
    addresses = [
        Address(
            nummeraanduiding_id=f"0014200000{i:06d}",
            street="Benchstraat",
            house_number=i % 1000 + 1,
            postcode=f"9{i // 1000 % 1000:03d}AA",
            place="Bench",
            municipality=rng.choice(["Eemsdelta", "Groningen", "Het Hogeland", "Midden-Groningen"]),
            rd_x=float(xs[i]),
            rd_y=float(ys[i]),
            latitude=float(lat[i]),
            longitude=float(lon[i]),
        )
        for i in range(n)
    ]
    Address.objects.bulk_create(addresses, batch_size=2000)
    address_ids = list(Address.objects.order_by("id").values_list("id", flat=True))
    Building.objects.bulk_create(
        [
            Building(address_id=a, construction_year=rng.choice([None, 1930, 1970, 1990, 2005, 2015]))
            for a in address_ids
        ],
        batch_size=2000,
    )
    building_ids = list(Building.objects.order_by("id").values_list("id", flat=True))
    Person.objects.bulk_create(
        [
            Person(bsn_encrypted="x", bsn_hash=f"h{i}", surname="Bench", date_of_birth=date(1960, 1, 1))
            for i in range(n)
        ],
        batch_size=2000,
    )
    person_ids = list(Person.objects.order_by("id").values_list("id", flat=True))
    BuildingRelation.objects.bulk_create(
        [
            BuildingRelation(person_id=p, building_id=b, kind="owner", valid_from=date(2000, 1, 1))
            for p, b in zip(person_ids, building_ids, strict=True)
        ],
        batch_size=2000,
    )
    PriorPayment.objects.bulk_create(
        [
            PriorPayment(
                reference=f"B{i}",
                payer=rng.choice(["NAM", "CVW", "TCMG", "IMG", "OTHER"]),
                paid_on=date(rng.randint(2012, 2024), 1, 1),
                amount=Decimal(rng.randint(100, 500_000)) / 100,
                scheme=rng.choice(["VES", "IMG fysieke schade", "HEA"]),
                kind=rng.choice(["damage", "incidental_costs"]),
                building_id=rng.choice(building_ids),
            )
            for i in range(2 * n)
        ],
        batch_size=2000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=5000)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    parser.add_argument("--single-sample", type=int, default=200)
    args = parser.parse_args()
    target = setup_django()

    from datetime import date

    from django.db import connection

    from schadeloket.register.buildings.models import Building
    from schadeloket.schemes.facts import gather_facts, gather_facts_bulk, owner_on

    started = time.perf_counter()
    fill(args.buildings)
    print(
        f"database: {connection.vendor} ({target}); filled {args.buildings} buildings in "
        f"{time.perf_counter() - started:.1f} s"
    )

    on = date(2025, 1, 1)
    list(gather_facts_bulk(Building.objects.all()[:10], on))  # warm caches (catalogue arrays)
    started = time.perf_counter()
    results = list(gather_facts_bulk(Building.objects.all(), on, chunk_size=args.chunk_size))
    bulk_s = time.perf_counter() - started
    print(f"bulk: {len(results)} buildings in {bulk_s:.2f} s = {len(results) / bulk_s:,.0f} buildings/s")
    print(
        f"  in effect area: {sum(f.in_effect_area for _i, f in results)}, "
        f"within 6 km: {sum(f.within_6km for _i, f in results)}"
    )

    sample = list(Building.objects.order_by("id")[: args.single_sample])
    started = time.perf_counter()
    for building in sample:
        gather_facts(building=building, person=owner_on(building, on), on_date=on)
    single_s = time.perf_counter() - started
    print(f"one by one: {len(sample)} buildings in {single_s:.2f} s = {len(sample) / single_s:,.0f} buildings/s")


if __name__ == "__main__":
    main()
