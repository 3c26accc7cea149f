"""Benchmark: `seed_demo --scale img` into a fresh PostgreSQL database.

Why: the register must hold IMG's volumes (half a million addresses, a million earlier payments)
and two years of case histories (about a million cases and their status changes, decisions,
payment orders, objections and satisfaction responses), and the demo/bench data must load in
minutes, within bounded memory. This measures, for the seed run in a child process, the wall time,
its CPU time, the peak resident memory (rusage of that child) and the rows per table; and, as the
same-run baseline, a plain COPY of the same number of trivial rows into the same server, so the
result is also a ratio that does not depend on the machine as much. The seed prints its own time
per step. Afterwards the database is vacuumed and analyzed (timed apart), as autovacuum would do
on a production server: the other benchmarks (`bench report`) then measure with statistics and
visibility maps in place.

Database: DATABASE_URL when it points at PostgreSQL, else
postgres://postgres@127.0.0.1:5432/schadeloket_bench. The database is dropped and created.
Results: printed as a table and written to bench/results/seed.json.
"""

import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

REFERENCE_DATE = date(2025, 1, 1)  # schadeloket.demo.generator.REFERENCE_DATE (not imported: no Django here)

REPO_DIR = Path(__file__).resolve().parents[1]
RESULTS = REPO_DIR / "bench" / "results" / "seed.json"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/schadeloket_bench"
TABLES = {
    "addresses_address": "adressen",
    "buildings_building": "gebouwen",
    "persons_person": "personen",
    "buildings_buildingrelation": "eigenaren en bewoners",
    "payments_priorpayment": "eerdere betalingen",
    "cases_case": "zaken",
    "cases_statuschange": "statuswijzigingen",
    "decisions_decision": "besluiten",
    "payment_orders_paymentorder": "betaalopdrachten",
    "objections_objection": "bezwaren",
    "satisfaction_satisfactionresponse": "tevredenheidsreacties",
    "audit_auditevent": "auditgebeurtenissen",
}


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_URL


def _maintenance_url(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def recreate_database(url: str) -> None:
    admin_url, name = _maintenance_url(url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def run_child(args: list[str], env: dict, usage_out: dict | None = None) -> tuple[float, int, int]:
    """Run a child process; return (seconds, peak RSS in bytes, exit code).

    The peak memory comes from wait4's rusage of exactly this child (ru_maxrss is in KiB on Linux),
    the same figure getrusage(RUSAGE_CHILDREN) reports, but without mixing in other children.
    `usage_out` (when given) gets the child's CPU seconds under "cpu_seconds".
    """
    started = time.perf_counter()
    process = subprocess.Popen(args, cwd=REPO_DIR, env=env)  # noqa: S603 (our own manage.py)
    _pid, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if usage_out is not None:
        usage_out["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss * 1024, process.returncode


def vacuum_analyze(url: str) -> float:
    """VACUUM (ANALYZE) the whole database, as autovacuum would after a bulk load; returns seconds."""
    with psycopg.connect(url, autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM (ANALYZE)")
        return time.perf_counter() - started


def row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}  # noqa: S608


def copy_baseline(url: str, rows: int) -> float:
    """Seconds for a plain COPY of `rows` trivial rows (bigint, short text) into an unindexed table."""
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TEMP TABLE bench_copy_baseline (id bigint, label text)")
        started = time.perf_counter()
        with conn.cursor() as cursor, cursor.copy("COPY bench_copy_baseline (id, label) FROM STDIN") as copy:
            for i in range(rows):
                copy.write_row((i, "demo"))
        conn.commit()
        return time.perf_counter() - started


def main(scale: str = "img") -> int:
    url = database_url()
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "schadeloket.config.settings.dev"}
    env.setdefault("SECRET_KEY", "bench-only-insecure-key")
    manage = [sys.executable, str(REPO_DIR / "manage.py")]
    print(f"Benchmark seed: seed_demo --scale {scale} in {urlsplit(url).path.lstrip('/')} (wordt leeg gemaakt)")
    recreate_database(url)
    migrate_seconds, _rss, code = run_child([*manage, "migrate", "--noinput", "-v0"], env)
    if code:
        print("Migreren mislukt; benchmark afgebroken.")
        return code
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    usage: dict = {}
    # The case histories end on the demo's fixed reference date, so every run seeds the same data.
    seed_args = ["seed_demo", "--scale", scale, "--skip-external", "--reference-date", REFERENCE_DATE.isoformat()]
    seconds, peak_rss, code = run_child([*manage, *seed_args], env, usage)
    load_after = " ".join(f"{x:.2f}" for x in os.getloadavg())
    if code:
        print("seed_demo mislukt; benchmark afgebroken.")
        return code
    vacuum_seconds = vacuum_analyze(url)
    counts = row_counts(url)
    total_rows = sum(counts.values())
    baseline = copy_baseline(url, total_rows)
    with psycopg.connect(url) as conn:
        server = conn.execute("SHOW server_version").fetchone()[0]

    result = {
        "benchmark": "seed",
        "scale": scale,
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "postgresql": server,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "migrate_seconds": round(migrate_seconds, 2),
        "seed_seconds": round(seconds, 2),
        "seed_cpu_seconds": round(usage["cpu_seconds"], 1),
        "seed_peak_rss_mib": round(peak_rss / 2**20, 1),
        "vacuum_analyze_seconds": round(vacuum_seconds, 1),
        "load_average_before": load_before,
        "load_average_after": load_after,
        "rows": counts,
        "rows_total": total_rows,
        "rows_per_second": round(total_rows / seconds),
        "baseline_copy_seconds": round(baseline, 2),
        "ratio_to_baseline": round(seconds / baseline, 1),
        "goal": {"seconds": 600, "peak_rss_mib": 2048},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print()
    print(f"{'meting':<42}{'waarde':>16}")
    print("-" * 58)
    for table, label in TABLES.items():
        print(f"{'rijen ' + label:<42}{counts[table]:>16,}")
    print(f"{'rijen totaal':<42}{total_rows:>16,}")
    print(f"{'tijd seed_demo (s)':<42}{seconds:>16.1f}")
    print(f"{'CPU seed_demo, Python (s)':<42}{usage['cpu_seconds']:>16.1f}")
    print(f"{'daarna VACUUM ANALYZE (s)':<42}{vacuum_seconds:>16.1f}")
    print(f"{'belasting machine voor / na':<42}{load_before.split()[0] + ' / ' + load_after.split()[0]:>16}")
    print(f"{'piekgeheugen seed_demo (MiB)':<42}{peak_rss / 2**20:>16.0f}")
    print(f"{'rijen per seconde':<42}{total_rows / seconds:>16,.0f}")
    print(f"{'basislijn: kale COPY zelfde aantal rijen (s)':<42}{baseline:>16.1f}")
    print(f"{'verhouding seed / basislijn':<42}{seconds / baseline:>16.1f}")
    print(
        f"{'doel: < 600 s en < 2048 MiB':<42}{'gehaald' if seconds < 600 and peak_rss < 2**31 else 'NIET gehaald':>16}"
    )
    print(f"\nGeschreven: {RESULTS.relative_to(REPO_DIR)}")
    return 0
