"""Benchmark: 39,000 AVV bulk decisions on PostgreSQL with the `img` register.

Why: issue 4 asks for at least 1,000 decisions a second end to end (decision with its rule trace,
sampling, audit events, case update and payment order persisted) in batches through
`cases.bulk.decide_batch`, the code the Celery task `cases.decide_batch` runs.

What it does, in one run:

1. migrates the bench database (the cases, decisions, sampling and payment tables) and adds the
   reference data `bench simulate` adds when missing (quakes, gas fields, demo areas);
2. removes the AVV cases of earlier runs (unless --keep: the audit trail keeps their events) and
   creates the AVV cases that are missing up to 39,000 pickable ones, by bulk insert: buildings in
   the two open municipalities (Groningen, Eemsdelta) with an owner on the date of receipt, that
   owner as the applicant, about a third pre-registered, `in_core_area` from the building's facts,
   received 13 October to 21 November 2025, references from `allocate_references`;
3. decides them in batches of 1,000 until none is left, timed end to end; the first batch alone
   in this process under CaptureQueriesContext (queries per decision), the rest by `--workers`
   processes at once (default 2, like two Celery workers; SKIP LOCKED keeps them apart);
4. times a plain COPY of the same number of rows into a scratch table as the baseline;
5. reports the CPU time of the Python processes and of their PostgreSQL backends (read from
   /proc: the server runs on this machine), as milliseconds per decision and as the rate an
   otherwise idle machine would reach, because on a shared machine the wall-clock rate also
   measures everyone else's load (the load average before and after is recorded too).

Tables without planner statistics (a fresh `bench seed` on a server with autovacuum off) are
analyzed first (`bench.simulate.ensure_statistics`).

Payments go to a demo IBAN per applicant (bank code TEST, valid check digits). The sampling policy
is the default one in the database (5% drawn at random): those cases wait for review.

Database: DATABASE_URL when it points at PostgreSQL, else postgres://postgres@127.0.0.1:5432/schadeloket_bench.
Results: printed and written to bench/results/decide.json.

    .venv/bin/python -m bench decide
    .venv/bin/python bench/decide.py --cases 39000 --batch 1000
"""

import argparse
import datetime as dt
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

RESULTS = REPO_DIR / "bench" / "results" / "decide.json"
GOAL_PER_SECOND = 1000
FIRST_DAY = dt.date(2025, 10, 13)  # Groningen opens for AVV (Eemsdelta earlier)
DAYS = 40
DECIDE_ON = dt.date(2025, 12, 1)
ACTOR = "bulk-bench"


def demo_iban(case, person_id) -> str:
    """A demo IBAN per person: NL, bank code TEST, ten digits, valid ISO 7064 check digits."""
    account = f"{person_id % 10**10:010d}"
    bban = f"TEST{account}"
    digits = "".join(str(int(ch, 36)) for ch in bban + "NL00")
    check = 98 - int(digits) % 97
    return f"NL{check:02d}{bban}"


def _pick_buildings(count: int, exclude_ids: set[int]) -> list[tuple[int, int, dt.date]]:
    """(building id, owner person id, received_on) for `count` buildings in the open municipalities."""
    from django.db import connection

    sql = """
        SELECT b.id, min(r.person_id)
        FROM buildings_building b
        JOIN addresses_address a ON a.id = b.address_id
        JOIN buildings_buildingrelation r ON r.building_id = b.id AND r.kind = 'owner'
             AND r.valid_from <= %s AND (r.valid_until IS NULL OR r.valid_until >= %s)
        WHERE a.municipality IN ('Groningen', 'Eemsdelta')
        GROUP BY b.id
        ORDER BY md5(b.id::text)
        LIMIT %s
    """
    last_day = FIRST_DAY + dt.timedelta(days=DAYS - 1)
    with connection.cursor() as cursor:
        cursor.execute(sql, [FIRST_DAY, last_day, count + len(exclude_ids)])
        rows = [(b, p) for b, p in cursor.fetchall() if b not in exclude_ids][:count]
    return [(b, p, FIRST_DAY + dt.timedelta(days=i % DAYS)) for i, (b, p) in enumerate(rows)]


#: What `reset_cases` removes, children first; the audit trail keeps its events (it is append-only).
# The benchmark's own cases: AVV cases received from FIRST_DAY on. The seed's case histories end
# before it (`bench seed` loads them up to 2025-01-01); their decisions have objections and status
# history, so they are never deleted. (The bulk run does decide the seed's open AVV cases too, in its
# order; after the first run they stay decided.)
# (FIRST_DAY, 2025-10-13, is written out in these statements.)
RESET_SQL = (
    "DELETE FROM payment_orders_paymentorder WHERE decision_id IN (SELECT id FROM decisions_decision WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13'))",
    "DELETE FROM decisions_letter WHERE decision_id IN (SELECT id FROM decisions_decision WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13'))",
    "DELETE FROM sampling_review WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM sampling_samplingdecision WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM decisions_decision WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM cases_task WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM cases_statuschange WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM cases_caseparty WHERE case_id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
    "DELETE FROM cases_case WHERE id IN ("
    "SELECT id FROM cases_case WHERE scheme_code = 'AVV' AND received_on >= DATE '2025-10-13')",
)


VACUUMED = (
    "cases_case", "cases_caseparty", "cases_task", "decisions_decision", "payment_orders_paymentorder",
    "sampling_samplingdecision", "audit_auditevent",
)  # fmt: skip


def reset_cases() -> None:
    """Remove the AVV cases of earlier runs (bench database only), so every run decides the same
    39,000 fresh cases on the same buildings and tables of the same size."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for sql in RESET_SQL:
            cursor.execute(sql)


def ensure_cases(wanted: int) -> dict:
    """Create AVV cases until `wanted` are pickable; returns what was done."""
    from django.db import transaction

    from schadeloket.audit.services import EventSpec, record_events
    from schadeloket.cases.models import Case, CaseParty, PartyRole
    from schadeloket.cases.selectors import process_for
    from schadeloket.cases.services import allocate_references
    from schadeloket.cases.terms import decision_deadline
    from schadeloket.schemes.facts import gather_facts_bulk

    pickable = Case.objects.filter(scheme_code="AVV", status__in=("received", "in_progress")).count()
    missing = wanted - pickable
    if missing <= 0:
        return {"created": 0, "pickable_before": pickable, "seconds": 0.0}
    started = time.perf_counter()
    used = set(Case.objects.filter(scheme_code="AVV").values_list("building_id", flat=True))
    picked = _pick_buildings(missing, used)
    core = {}
    for day in sorted({d for _b, _p, d in picked}):
        ids = [b for b, _p, d in picked if d == day]
        for building_id, facts in gather_facts_bulk(ids, day, applicant="none"):
            core[building_id] = facts.in_core_area
    process = process_for("AVV")
    deadlines = {d: decision_deadline(d, process.term_days).date for _b, _p, d in picked}
    references = allocate_references(2025, len(picked))
    with transaction.atomic():
        cases = [
            Case(
                reference=reference, scheme_code="AVV", building_id=building_id, status=process.initial,
                received_on=day, term_days=process.term_days, deadline=deadlines[day],
                pre_registered=i % 3 == 0, in_core_area=core.get(building_id, False),
            )
            for i, (reference, (building_id, _person, day)) in enumerate(zip(references, picked, strict=True))
        ]  # fmt: skip
        Case.objects.bulk_create(cases, batch_size=5000)
        CaseParty.objects.bulk_create(
            [
                CaseParty(case=case, person_id=person_id, role=PartyRole.APPLICANT)
                for case, (_b, person_id, _d) in zip(cases, picked, strict=True)
            ],
            batch_size=5000,
        )
        record_events(
            [
                EventSpec(ACTOR, "create", ("cases.case", c.reference), ("status", "deadline"), "AVV: Ontvangen")
                for c in cases
            ]
        )
    return {
        "created": len(cases),
        "pickable_before": pickable,
        "pre_registered": sum(c.pre_registered for c in cases),
        "in_core_area": sum(c.in_core_area for c in cases),
        "seconds": round(time.perf_counter() - started, 1),
    }


def copy_baseline(rows: int) -> float:
    """Seconds for a plain COPY of `rows` trivial rows into an unindexed scratch table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE IF NOT EXISTS bench_decide_baseline (id bigint, label text)")
        cursor.execute("TRUNCATE bench_decide_baseline")
        started = time.perf_counter()
        with cursor.connection.cursor().copy("COPY bench_decide_baseline (id, label) FROM STDIN") as copy:
            for i in range(rows):
                copy.write_row((i, "besluit"))
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_decide_baseline")
    return seconds


def backend_cpu_seconds() -> float | None:
    """CPU seconds the PostgreSQL backend of this process's connection has used so far.

    Read from /proc, so only when the server runs on this machine (as here); None otherwise.
    With the Python processes' own CPU time this gives a cost per decision that does not depend
    on what else the machine is doing, next to the wall-clock rate that does.
    """
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _worker(batch: int) -> tuple[list, float | None]:
    """Decide batches until none is left (a worker process, or the main one); returns the reports
    and the CPU seconds this worker's database backend used."""
    from django.db import connections

    from schadeloket.cases.bulk import decide_batch

    reports = []
    before = backend_cpu_seconds()
    try:
        while True:
            report = decide_batch(scheme_code="AVV", limit=batch, actor=ACTOR, on=DECIDE_ON, payee_iban_for=demo_iban)
            if not report.taken:
                break
            reports.append(report)
        after = backend_cpu_seconds()
        return reports, (after - before if before is not None and after is not None else None)
    finally:
        connections.close_all()


def _python_cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the worker processes)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench decide", description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=39_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--keep", action="store_true", help="zaken van eerdere runs niet weggooien")
    parser.add_argument("--workers", type=int, default=2, help="processen die tegelijk batches nemen (SKIP LOCKED)")
    args = parser.parse_args(argv)

    from bench.simulate import ensure_reference_data, ensure_statistics, setup_django

    url = setup_django()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from schadeloket.cases.bulk import decide_batch
    from schadeloket.payment_orders.sepa import normalise_iban
    from schadeloket.register.addresses.models import Address

    if connection.vendor != "postgresql":
        print("Deze benchmark meet op PostgreSQL; zet DATABASE_URL.")
        return 1
    call_command("migrate", verbosity=0)
    if not Address.objects.exists():
        print("De database is leeg: maak eerst het img-register met `python -m bench seed`.")
        return 1
    for line in ensure_reference_data() + ensure_statistics():
        print(f"  referentiegegevens: {line}")
    normalise_iban(demo_iban(None, 1234567))  # the demo IBANs pass the real check

    if not args.keep:
        reset_cases()
    made = ensure_cases(args.cases)
    print(f"Benchmark decide: {args.cases} AVV-zaken, batches van {args.batch}, {args.workers} proces(sen); {made}")
    with connection.cursor() as cursor:
        for table in VACUUMED:
            cursor.execute(f"VACUUM ANALYZE {table}")

    totals = {"taken": 0, "decided": 0, "granted": 0, "review": 0, "handler": 0, "orders": 0, "no_iban": 0}
    phases: dict[str, float] = {}
    totals["batches"] = 0

    def add(report) -> None:
        totals["batches"] += 1
        for name, value in report.phases.items():
            phases[name] = phases.get(name, 0.0) + value
        totals["taken"] += report.taken
        totals["decided"] += report.decided
        totals["granted"] += report.granted
        totals["review"] += len(report.sent_to_review)
        totals["handler"] += len(report.to_handler)
        totals["orders"] += report.orders_created
        totals["no_iban"] += len(report.iban_missing)

    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    python_cpu_before = _python_cpu_seconds()
    database_cpu = [backend_cpu_seconds()]
    started = time.perf_counter()
    # The first batch in this process, with every query captured.
    with CaptureQueriesContext(connection) as captured:
        report = decide_batch(scheme_code="AVV", limit=args.batch, actor=ACTOR, on=DECIDE_ON, payee_iban_for=demo_iban)
    queries_first = len(captured.captured_queries)
    after = backend_cpu_seconds()
    database_cpu[0] = after - database_cpu[0] if database_cpu[0] is not None and after is not None else None
    first_batch = {"seconds": round(time.perf_counter() - started, 3), **report.as_dict()}
    for key in ("sent_to_review", "to_handler", "iban_missing"):
        first_batch[key] = len(first_batch[key])
    add(report)
    if args.workers > 1:
        import multiprocessing

        from django.db import connections

        connections.close_all()  # never share this connection across a fork
        with multiprocessing.get_context("fork").Pool(processes=args.workers) as pool:
            for reports, worker_database_cpu in pool.map(_worker, [args.batch] * args.workers):
                database_cpu.append(worker_database_cpu)
                for report in reports:
                    add(report)
    else:
        reports, worker_database_cpu = _worker(args.batch)
        database_cpu.append(worker_database_cpu)
        for report in reports:
            add(report)
    batches = totals.pop("batches")
    seconds = time.perf_counter() - started
    python_cpu = _python_cpu_seconds() - python_cpu_before
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    postgres_cpu = None if None in database_cpu else sum(database_cpu)
    if not totals["decided"]:
        print("Niets beslist: er waren geen zaken meer. Draai opnieuw (er worden nieuwe zaken gemaakt).")
        return 1
    baseline = copy_baseline(totals["decided"])
    per_second = totals["decided"] / seconds
    handled_per_second = totals["taken"] / seconds
    server = connection.cursor().connection.info.server_version

    result = {
        "benchmark": "decide",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "postgresql": server,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "database": url.rsplit("/", 1)[-1],
        "cases_created": made,
        "batch_size": args.batch,
        "workers": args.workers,
        "batches": batches,
        "cases_taken": totals["taken"],
        "final_decisions": totals["decided"],
        "granted": totals["granted"],
        "refused": totals["decided"] - totals["granted"],
        "sent_to_review": totals["review"],
        "to_handler": totals["handler"],
        "payment_orders": totals["orders"],
        "iban_missing": totals["no_iban"],
        "seconds": round(seconds, 2),
        "decisions_per_second": round(per_second),
        "cases_per_second": round(handled_per_second),
        "phase_seconds": {name: round(value, 2) for name, value in phases.items()},
        "queries_first_batch": queries_first,
        "queries_per_decision": round(queries_first / max(1, first_batch["decided"]), 3),
        "queries_per_case": round(queries_first / max(1, first_batch["taken"]), 3),
        "first_batch": first_batch,
        "baseline_copy_rows": totals["decided"],
        "baseline_copy_seconds": round(baseline, 3),
        "ratio_to_baseline": round(seconds / baseline, 1),
        # Wall time depends on what else runs on the machine; CPU time (ours and our database
        # backends') much less. The idle estimate assumes the workers keep the cores busy.
        "load_average_before": load_before,
        "load_average_after": load_after,
        "cpu_seconds_python": round(python_cpu, 2),
        "cpu_seconds_postgres": None if postgres_cpu is None else round(postgres_cpu, 2),
        "cpu_ms_per_decision": (
            None if postgres_cpu is None else round((python_cpu + postgres_cpu) / totals["decided"] * 1000, 3)
        ),
        "decisions_per_second_idle_estimate": (
            None
            if postgres_cpu is None
            else round(totals["decided"] / ((python_cpu + postgres_cpu) / min(args.workers, os.cpu_count() or 1)))
        ),
        "goal": {"decisions_per_second": GOAL_PER_SECOND},
        "goal_met": per_second >= GOAL_PER_SECOND,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")

    print()
    print(f"{'meting':<46}{'waarde':>14}")
    print("-" * 60)
    for label, value in (
        ("zaken genomen", f"{totals['taken']:,}"),
        ("definitieve besluiten", f"{totals['decided']:,}"),
        ("  waarvan toegekend", f"{totals['granted']:,}"),
        ("ter toetsing (steekproef)", f"{totals['review']:,}"),
        ("naar behandelaar (regels onbeslist)", f"{totals['handler']:,}"),
        ("betaalopdrachten", f"{totals['orders']:,}"),
        ("batches", f"{batches}"),
        ("tijd (s)", f"{seconds:.1f}"),
        ("besluiten per seconde", f"{per_second:,.0f}"),
        ("zaken per seconde", f"{handled_per_second:,.0f}"),
        ("queries eerste batch", f"{queries_first}"),
        ("queries per besluit", f"{result['queries_per_decision']}"),
        ("basislijn: kale COPY zelfde aantal rijen (s)", f"{baseline:.2f}"),
        ("verhouding bulk / basislijn", f"{seconds / baseline:.1f}"),
        ("CPU Python (s)", f"{python_cpu:.1f}"),
        ("CPU PostgreSQL-backends (s)", "-" if postgres_cpu is None else f"{postgres_cpu:.1f}"),
        ("CPU per besluit (ms)", f"{result['cpu_ms_per_decision'] or '-'}"),
        ("besluiten/s bij vrije machine (schatting)", f"{result['decisions_per_second_idle_estimate'] or '-'}"),
        ("belasting machine voor / na", f"{load_before.split()[0]} / {load_after.split()[0]}"),
        (f"doel: >= {GOAL_PER_SECOND} besluiten/s", "gehaald" if result["goal_met"] else "NIET gehaald"),
    ):
        print(f"{label:<46}{value:>14}")
    print("tijd per fase (s): " + ", ".join(f"{k} {v:.1f}" for k, v in phases.items()))
    print(f"\nGeschreven: {RESULTS.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
