"""Benchmark: 100 applicants browsing Mijn Dossier, served by gunicorn over PostgreSQL on loopback.

Why: issue 5 asks for a load run of Mijn Dossier as residents use it: 100 people at once looking at
their cases, their decision letter and their documents, with the p95 response time under 300 ms
and no errors. This measures, in one run, requests per second, p50/p95/p99 and errors, overall and
per page, and as the same-run baseline the public start page `/` (no login, no personal data): each
Mijn Dossier page's p95 is also given as a ratio to the start page's p95.

What it does:

1. setup, in child processes with `DJANGO_SETTINGS_MODULE=schadeloket.config.settings.dev`: the
   database is dropped and created, then `migrate`, `seed_demo --scale small`,
   `create_demo_accounts`; then (`--make-residents`, a child of this script) 100 owners from the
   demo register (BuildingRelation, one building each) get a VES case through the real services:
   `open_case`, `transition("start")`, `draft_from_rules`, the quality review when the sampling
   asks for one (`send_to_review`, `approve` by `demo-toetser`), `finalize` (the letter is a real
   PDF made by WeasyPrint) and `upload_document` with a small PNG made with Pillow. The actor is
   the demo handler `demo-behandelaar`. A person VES refuses (or cannot decide for) is rolled back
   and another person is taken. Letters and documents go to a temporary MEDIA_ROOT;
2. the residents' BSNs go to a temporary file (mode 600) that only locust reads; it is deleted
   at the end. No BSN is ever printed or written to the results;
3. gunicorn serves `schadeloket.config.wsgi` on 127.0.0.1 (a free port) with the dev settings and
   DEBUG=false, DEMO_MODE=true and DIGID_DEMO_LOGIN=true. The demo DigiD login is the only way in
   without a DigiD test environment; the system check that refuses it without DEBUG
   (identity.E001) runs under manage.py only, not when a WSGI server imports the application.
   `--workers 3`: gunicorn's rule of thumb (2 x cores + 1) gives 5 sync workers, but on this
   2-core machine locust and PostgreSQL run alongside the server, so a core is left for them: 3.
   No access log (gunicorn writes none unless --access-logfile is given). `--preload` imports the
   application before the workers fork, and a warm-up of a few requests to the public pages
   (`warm_up`) lets every worker load its URLs and templates before the measurement starts, as a
   server in production is warm;
4. `locust -f bench/locustfile.py --headless -u 100 -r 10 -t 60s`: every simulated user logs in as
   one resident and browses like a person reading (1 to 3 s between requests); see the locustfile.
   The figures cover the whole run, the 10 s ramp-up included, and the logins. Meanwhile the CPU
   seconds of gunicorn, of PostgreSQL's backends on this database, of locust and of the rest of
   the machine are counted (Linux /proc), so a saturated server, or other work on the machine
   taking a share, shows next to the figures;
5. gunicorn is stopped (also when something fails) and the temporary files removed.

The goal (p95 < 300 ms overall and 0 errors) is reported as met or not met; the exit code is
non-zero only when the run itself failed (setup, server start, locust).

Database: DATABASE_URL when it points at PostgreSQL, else
postgres://postgres@127.0.0.1:5432/schadeloket_load. The database is dropped and created.
Results: printed and written to bench/results/portal.json.

    .venv/bin/python -m bench portal
    .venv/bin/python bench/portal_load.py --users 100 --duration 60
"""

import argparse
import contextlib
import csv
import datetime as dt
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

REPO_DIR = Path(__file__).resolve().parents[1]
if str(REPO_DIR) not in sys.path:
    sys.path.insert(0, str(REPO_DIR))

RESULTS = REPO_DIR / "bench" / "results" / "portal.json"
LOCUSTFILE = REPO_DIR / "bench" / "locustfile.py"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/schadeloket_load"
SETTINGS = "schadeloket.config.settings.dev"
HANDLER = "demo-behandelaar"
REVIEWER = "demo-toetser"
WORKERS = 3
GOAL_P95_MS = 300
BASELINE_NAME = "/"
#: The environment variable through which locust finds the BSN file (never the BSNs themselves).
BSN_FILE_ENV = "PORTAL_BSN_FILE"


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_URL


# --- setup (child process) ------------------------------------------------------------------------


class _Refused(Exception):
    """VES refuses this person: roll their case back and take another person."""


def demo_photo() -> bytes:
    """A small real PNG (a photo of 'damage': a grey wall with a dark crack), made with Pillow."""
    from io import BytesIO

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 240), (196, 190, 180))
    draw = ImageDraw.Draw(image)
    draw.line([(40, 20), (120, 90), (150, 140), (230, 220)], fill=(60, 55, 50), width=4)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def make_residents(count: int, bsn_file: Path) -> int:
    """Give `count` owners a decided VES case with its letter and one document; BSNs to `bsn_file`.

    Runs in a child process with the dev settings (the parent sets DJANGO_SETTINGS_MODULE,
    DATABASE_URL and MEDIA_ROOT). Prints counts only, never a BSN.
    """
    for path in (str(REPO_DIR / "src"), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import timezone

    from schadeloket.accounts.models import User
    from schadeloket.cases.services import open_case, transition
    from schadeloket.decisions.services import DecisionError, draft_from_rules, finalize
    from schadeloket.documents.models import DocumentKind
    from schadeloket.documents.services import upload_document
    from schadeloket.register.buildings.models import BuildingRelation, RelationKind
    from schadeloket.register.persons.bsn import decrypt_bsn
    from schadeloket.sampling.selectors import review_required
    from schadeloket.sampling.services import approve

    started = time.perf_counter()
    handler = User.objects.get(username=HANDLER)
    reviewer = User.objects.get(username=REVIEWER)
    received_on = timezone.localdate() - dt.timedelta(days=14)  # the decision term runs; decided today
    owners = (
        BuildingRelation.objects.filter(kind=RelationKind.OWNER, valid_from__lte=received_on, valid_until__isnull=True)
        .select_related("person", "building")
        .order_by("building_id", "id")
    )
    photo = demo_photo()
    bsns: list[str] = []
    tried_people: set[int] = set()
    tried_buildings: set[int] = set()
    refused = undecided = reviewed = 0
    for relation in owners.iterator(chunk_size=500):
        if len(bsns) == count:
            break
        if relation.person_id in tried_people or relation.building_id in tried_buildings:
            continue
        tried_people.add(relation.person_id)
        tried_buildings.add(relation.building_id)
        try:
            with transaction.atomic():
                case = open_case(
                    scheme_code="VES",
                    building=relation.building,
                    applicant=relation.person,
                    received_on=received_on,
                    actor=handler,
                )
                transition(case, "start", actor=handler, expected_version=case.version)
                draft = draft_from_rules(case, actor=handler)
                if not draft.granted:
                    raise _Refused
                was_reviewed = review_required(case)
                if was_reviewed:  # the sampling asks for four eyes (a new handler's first decisions)
                    transition(case, "send_to_review", actor=handler, expected_version=case.version)
                    approve(case, reviewer=reviewer, expected_version=case.version)
                finalize(case, actor=handler, expected_version=case.version)
                upload = SimpleUploadedFile("schade-woonkamer.png", photo, content_type="image/png")
                upload_document(case, upload, kind=DocumentKind.PHOTO, actor=handler)
        except _Refused:
            refused += 1
            continue
        except DecisionError:
            undecided += 1
            continue
        reviewed += was_reviewed
        bsns.append(decrypt_bsn(relation.person.bsn_encrypted))

    with open(bsn_file, "w", encoding="utf-8") as out:  # made by the parent with mode 600
        out.write("\n".join(bsns) + "\n")
    report = {
        "residents": len(bsns),
        "refused_by_ves": refused,
        "undecided": undecided,
        "reviewed_first": reviewed,
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report))
    return 0 if bsns else 1


# --- the run --------------------------------------------------------------------------------------


def _run(args: list[str], env: dict, *, quiet: bool = False, timeout: float | None = None) -> int:
    """A child process in the repository; `quiet` drops its stdout (create_demo_accounts prints a BSN)."""
    stdout = subprocess.DEVNULL if quiet else None
    return subprocess.run(args, cwd=REPO_DIR, env=env, stdout=stdout, timeout=timeout, check=False).returncode  # noqa: S603


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 90) -> bool:
    """True once `url` answers 200; False when the server died or did not answer in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (our own loopback server)
                if response.status == 200:
                    return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    return False


WARM_UP_PATHS = ("/", "/inloggen/demo-digid/?next=/mijn/")


def warm_up(host: str, rounds: int) -> None:
    """A few requests to the public pages before measuring, so every worker has loaded its URL
    configuration and compiled its templates: a server in production is warm, and the first
    requests of a cold worker would otherwise be counted as the residents' waiting time."""
    for _ in range(rounds):
        for path in WARM_UP_PATHS:
            with contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError):
                with urllib.request.urlopen(host + path, timeout=10) as response:  # noqa: S310 (our loopback server)
                    response.read()


def stop(process: subprocess.Popen | None) -> None:
    """Stop gunicorn (the master stops its workers on SIGTERM); kill it when it does not stop."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- CPU accounting (Linux /proc; skipped elsewhere) ------------------------------------------------
# Server, database and load generator share the same 2 cores: where the CPU went says whether the
# server was saturated, and whether other work on the machine took a share.


def _clock_ticks() -> int:
    try:
        return os.sysconf("SC_CLK_TCK")
    except (AttributeError, ValueError, OSError):
        return 100


def machine_cpu() -> tuple[float, float] | None:
    """(busy, total) core-seconds of the whole machine since boot, from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()[1:9]
    except OSError:
        return None
    values = [int(v) for v in fields]
    total = sum(values) / _clock_ticks()
    return total - (values[3] + values[4]) / _clock_ticks(), total  # idle and iowait are not busy


def busy_share(before, after) -> float | None:
    if before is None or after is None or after[1] <= before[1]:
        return None
    return (after[0] - before[0]) / (after[1] - before[1])


def process_cpu(server_pid: int, database: str) -> dict[str, dict[int, float]]:
    """CPU seconds so far of gunicorn (master and workers) and of PostgreSQL's backends on `database`."""
    ticks = _clock_ticks()
    found: dict[str, dict[int, float]] = {"gunicorn": {}, "postgresql": {}}
    with contextlib.suppress(OSError):
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text(encoding="utf-8", errors="replace")
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()  # after the name: state, ppid, ..., utime (12th), stime
            seconds = (int(fields[11]) + int(fields[12])) / ticks
            pid = int(entry.name)
            if server_pid in (pid, int(fields[1])):
                found["gunicorn"][pid] = seconds
            elif cmdline.startswith(b"postgres: ") and f" {database} ".encode() in cmdline:
                found["postgresql"][pid] = seconds
    return found


class CpuSampler(threading.Thread):
    """Samples `process_cpu` every 2 s, so a process that ends during the run (a database connection
    closed after CONN_MAX_AGE, a restarted worker) still counts with its last figure."""

    def __init__(self, server_pid: int, database: str):
        super().__init__(daemon=True)
        self.args = (server_pid, database)
        self.seen: dict[str, dict[int, float]] = {"gunicorn": {}, "postgresql": {}}
        self.done = threading.Event()

    def sample(self) -> None:
        for group, found in process_cpu(*self.args).items():
            for pid, seconds in found.items():
                self.seen[group][pid] = max(seconds, self.seen[group].get(pid, 0.0))

    def run(self) -> None:
        while not self.done.wait(2):
            self.sample()

    def stop(self) -> dict[str, dict[int, float]]:
        self.done.set()
        self.join()
        self.sample()
        return self.seen


def cpu_used(before: dict, after: dict) -> dict[str, float]:
    return {
        group: round(sum(seconds - before[group].get(pid, 0.0) for pid, seconds in after[group].items()), 1)
        for group in after
    }


def _tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def _number(value: str) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def read_stats(prefix: Path) -> tuple[dict, dict, list[dict], int]:
    """(per request name, aggregated, failures, locustfile exceptions) from locust's CSV files."""
    pages, total = {}, {}
    with open(f"{prefix}_stats.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            entry = {
                "method": row["Type"],
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "requests_per_second": round(_number(row["Requests/s"]), 2),
                "p50_ms": _number(row["50%"]),
                "p95_ms": _number(row["95%"]),
                "p99_ms": _number(row["99%"]),
                "max_ms": round(_number(row["Max Response Time"])),
            }
            if row["Name"] == "Aggregated":
                total = entry
            else:
                pages[f"{row['Type']} {row['Name']}"] = {"name": row["Name"], **entry}
    failures = []
    with contextlib.suppress(FileNotFoundError), open(f"{prefix}_failures.csv", encoding="utf-8", newline="") as f:
        failures = [
            {"method": r["Method"], "name": r["Name"], "error": r["Error"], "occurrences": int(r["Occurrences"])}
            for r in csv.DictReader(f)
        ]
    exceptions = 0
    with contextlib.suppress(FileNotFoundError), open(f"{prefix}_exceptions.csv", encoding="utf-8", newline="") as f:
        exceptions = sum(int(r["Count"]) for r in csv.DictReader(f))
    return pages, total, failures, exceptions


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench portal", description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100, help="gelijktijdige inwoners (standaard 100)")
    parser.add_argument("--duration", type=int, default=60, help="duur van de meting in seconden (standaard 60)")
    parser.add_argument("--spawn-rate", type=int, default=10, help="nieuwe inwoners per seconde (standaard 10)")
    parser.add_argument("--make-residents", type=int, metavar="N", help=argparse.SUPPRESS)  # the setup child
    parser.add_argument("--bsn-file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.make_residents is not None:
        return make_residents(args.make_residents, args.bsn_file)

    url = database_url()
    database = urlsplit(url).path.lstrip("/")
    work = Path(tempfile.mkdtemp(prefix="schadeloket-portal-"))
    bsn_fd, bsn_name = tempfile.mkstemp(prefix="residents-", dir=work)  # mode 600
    os.close(bsn_fd)
    bsn_file = Path(bsn_name)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "MEDIA_ROOT": str(work / "media"),
        "PYTHONPATH": os.pathsep.join([str(REPO_DIR / "src"), str(REPO_DIR)]),
    }
    env.setdefault("SECRET_KEY", "bench-only-insecure-key")
    env.pop(BSN_FILE_ENV, None)
    server = None
    try:
        # 1. setup
        print(f"Benchmark portal: {args.users} inwoners, {args.duration} s, in {database} (wordt leeg gemaakt)")
        from bench.seed import recreate_database

        started = time.perf_counter()
        recreate_database(url)
        manage = [sys.executable, str(REPO_DIR / "manage.py")]
        for step, quiet in (
            (["migrate", "--noinput", "-v0"], False),
            (["seed_demo", "--scale", "small"], True),
            (["create_demo_accounts"], True),  # its output names the demo resident's BSN
        ):
            if _run([*manage, *step], env, quiet=quiet):
                print(f"{step[0]} mislukt; benchmark afgebroken.")
                return 1
        setup_out = subprocess.run(  # noqa: S603 (this script)
            [
                sys.executable,
                str(Path(__file__).resolve()),
                "--make-residents",
                str(args.users),
                "--bsn-file",
                bsn_name,
            ],
            cwd=REPO_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if setup_out.returncode:
            print("Inwoners met een zaak maken mislukt; benchmark afgebroken.")
            print(setup_out.stderr[-4000:], file=sys.stderr)
            return 1
        residents = json.loads(setup_out.stdout.strip().splitlines()[-1])
        setup_seconds = time.perf_counter() - started
        print(
            f"  klaar in {setup_seconds:.0f} s: {residents['residents']} inwoners met een VES-besluit, brief en foto "
            f"({residents['refused_by_ves']} afgewezen door VES en overgeslagen, "
            f"{residents['reviewed_first']} eerst getoetst)"
        )
        if residents["residents"] < args.users:
            print(f"  let op: {args.users} gebruikers delen {residents['residents']} inwoners")

        # 2. the server
        port = free_port()
        host = f"http://127.0.0.1:{port}"
        server_env = {**env, "DEBUG": "false", "DEMO_MODE": "true", "DIGID_DEMO_LOGIN": "true"}
        server_log = work / "gunicorn.log"
        with open(server_log, "wb") as log:
            server = subprocess.Popen(  # noqa: S603
                [
                    sys.executable, "-m", "gunicorn", "schadeloket.config.wsgi",
                    "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS), "--chdir", str(REPO_DIR / "src"),
                    "--preload",  # the application is imported once, before the workers fork
                ],  # no --access-logfile: no access log
                cwd=REPO_DIR, env=server_env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        if not wait_until_up(f"{host}/", server):
            print("gunicorn antwoordt niet; benchmark afgebroken. Laatste regels van het serverlog:")
            print(_tail(server_log))
            return 1
        warm_up(host, rounds=5 * WORKERS)
        print(f"  gunicorn draait op {host} ({WORKERS} workers, opgewarmd)")

        # 3. the load. First 3 s of the idle server: what share of the CPU other work takes already.
        idle_start = machine_cpu()
        time.sleep(3)
        others_before = busy_share(idle_start, machine_cpu())
        if others_before is not None and others_before > 0.25:
            print(f"  let op: ander werk gebruikt al {others_before:.0%} van de CPU; de tijden worden dan te hoog")
        prefix = work / "locust"
        locust_log = work / "locust.log"
        machine_before, processes_before = machine_cpu(), process_cpu(server.pid, database)
        sampler = CpuSampler(server.pid, database)
        sampler.start()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        with open(locust_log, "wb") as log:
            code = subprocess.run(  # noqa: S603
                [
                    sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless",
                    "-u", str(args.users), "-r", str(args.spawn_rate), "-t", f"{args.duration}s",
                    "--host", host, "--csv", str(prefix), "--only-summary",
                    "--exit-code-on-error", "0",  # failed requests are figures, not a failed run
                ],
                cwd=REPO_DIR, env={**env, BSN_FILE_ENV: bsn_name}, stdout=log, stderr=subprocess.STDOUT,
                timeout=args.duration + 180, check=False,
            ).returncode  # fmt: skip
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine_after = machine_cpu()
        cpu = cpu_used(processes_before, sampler.stop())
        cpu["locust"] = round(
            children_after.ru_utime + children_after.ru_stime - children_before.ru_utime - children_before.ru_stime, 1
        )
        if machine_before and machine_after:
            cpu["machine_busy"] = round(machine_after[0] - machine_before[0], 1)
            cpu["machine_available"] = round(machine_after[1] - machine_before[1], 1)
            cpu["other"] = round(cpu["machine_busy"] - cpu["gunicorn"] - cpu["postgresql"] - cpu["locust"], 1)
        if code or not Path(f"{prefix}_stats.csv").exists():
            print(f"locust stopte met code {code}; benchmark afgebroken. Laatste regels:")
            print(_tail(locust_log))
            return 1
        if server.poll() is not None:
            print("gunicorn is tijdens de meting gestopt; benchmark afgebroken.")
            print(_tail(server_log))
            return 1
        pages, total, failures, exceptions = read_stats(prefix)
        server_errors = [line for line in _tail(server_log, 200).splitlines() if "ERROR" in line or "Traceback" in line]
    except subprocess.TimeoutExpired:
        print("locust liep niet af binnen de tijd; benchmark afgebroken.")
        return 1
    finally:
        stop(server)
        bsn_file.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)

    if not total.get("requests"):
        print("Geen enkel verzoek gemeten; benchmark afgebroken.")
        return 1
    baseline = next((p for p in pages.values() if p["name"] == BASELINE_NAME and p["method"] == "GET"), None)
    base_p95 = baseline["p95_ms"] if baseline else 0
    for page in pages.values():
        page["p95_ratio_to_baseline"] = round(page["p95_ms"] / base_p95, 1) if base_p95 else None
    errors = total["failures"] + exceptions
    goal_met = total["p95_ms"] < GOAL_P95_MS and errors == 0
    import psycopg

    with psycopg.connect(url) as conn:
        server_version = conn.execute("SHOW server_version").fetchone()[0]
    result = {
        "benchmark": "portal",
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "postgresql": server_version,
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "database": database,
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "duration_seconds": args.duration,
        "gunicorn_workers": WORKERS,
        "cpu_share_of_other_work_before": round(others_before, 3) if others_before is not None else None,
        "cpu_seconds_during_run": cpu,
        "setup": {**residents, "total_seconds": round(setup_seconds, 1)},
        "requests": total["requests"],
        "failures": total["failures"],
        "locustfile_exceptions": exceptions,
        "errors": errors,
        "requests_per_second": total["requests_per_second"],
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "max_ms": total["max_ms"],
        "baseline": {"name": f"GET {BASELINE_NAME}", "p95_ms": base_p95},
        "pages": pages,
        "failure_details": failures,
        "server_error_lines": len(server_errors),
        "goal": {"p95_ms": GOAL_P95_MS, "errors": 0},
        "goal_met": goal_met,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print()
    header = f"{'verzoek':<38}{'aantal':>8}{'fout':>6}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'p95/basis':>11}"
    print(header)
    print("-" * len(header))
    for key, page in sorted(pages.items(), key=lambda item: item[1]["name"]):
        ratio = page["p95_ratio_to_baseline"]
        print(
            f"{key:<38}{page['requests']:>8,}{page['failures']:>6}{page['requests_per_second']:>8.1f}"
            f"{page['p50_ms']:>7.0f}{page['p95_ms']:>7.0f}{page['p99_ms']:>7.0f}"
            f"{(f'{ratio:.1f}' if ratio is not None else '-'):>11}"
        )
    print("-" * len(header))
    print(
        f"{'totaal':<38}{total['requests']:>8,}{total['failures']:>6}{total['requests_per_second']:>8.1f}"
        f"{total['p50_ms']:>7.0f}{total['p95_ms']:>7.0f}{total['p99_ms']:>7.0f}"
    )
    print("(tijden in ms; basislijn: GET / , de openbare startpagina, in dezelfde run)")
    if "machine_available" in cpu:
        print(
            f"CPU tijdens de meting: {cpu['machine_busy']:.0f} van {cpu['machine_available']:.0f} core-seconden bezet: "
            f"gunicorn {cpu['gunicorn']:.0f}, PostgreSQL {cpu['postgresql']:.0f}, locust {cpu['locust']:.0f}, "
            f"ander werk {cpu['other']:.0f}"
        )
    if others_before is not None and others_before > 0.25:
        print(f"let op: ander werk gebruikte voor de meting al {others_before:.0%} van de CPU; de tijden zijn te hoog")
    for failure in failures:
        print(f"fout: {failure['occurrences']} x {failure['method']} {failure['name']}: {failure['error']}")
    if exceptions:
        print(f"fout: {exceptions} uitzondering(en) in de locustfile")
    if server_errors:
        print(f"let op: {len(server_errors)} foutregel(s) in het gunicorn-log")
    verdict = "gehaald (goal met)" if goal_met else "NIET gehaald (goal NOT met)"
    print(f"doel: p95 < {GOAL_P95_MS} ms en 0 fouten: {verdict}")
    print(f"\nGeschreven: {RESULTS.relative_to(REPO_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
