"""Writes for forecasts: refreshing every open case's queue position, and setting a weekly capacity.

`refresh_queue_positions` numbers the queue set-based: one INSERT ... SELECT with
ROW_NUMBER() OVER (PARTITION BY scheme_code ORDER BY <the bulk order>) over the open cases, after
one DELETE of the old rows, in one transaction (readers see the old positions until it commits).
The SELECT is Django's own compiled query (a `Window` over `RowNumber`), so the order is written
once, in `selectors.QUEUE_ORDER`, and runs on PostgreSQL and SQLite alike; only the date arithmetic
of the expected week differs per database. Weeks ahead: (position - 1) // capacity, with the
capacity per scheme valid today (at least 1: no division by zero is possible).
"""

import datetime as dt
import time
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.db.models import Case as SqlCase
from django.db.models import F, IntegerField, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event

from .models import ForecastRun, QueuePosition, WeeklyCapacity
from .parameters import MAX_WEEKLY_CAPACITY
from .selectors import QUEUE_ORDER, ForecastError, capacities_on, check_scheme, monday_of, queue_cases


def _order_terms():
    return [F(term[1:]).desc() if term.startswith("-") else F(term).asc() for term in QUEUE_ORDER]


def _numbered_queue(capacities: dict[str, int]):
    """The open cases with their position (rn) and their scheme's capacity (cap), as a queryset."""
    default = max(min(capacities.values(), default=1), 1)
    cap = SqlCase(
        *[When(scheme_code=code, then=Value(max(value, 1))) for code, value in sorted(capacities.items())],
        default=Value(default),
        output_field=IntegerField(),
    )
    return (
        queue_cases()
        .annotate(rn=Window(RowNumber(), partition_by=[F("scheme_code")], order_by=_order_terms()), cap=cap)
        .values_list("id", "scheme_code", "rn", "cap")
        .order_by()
    )


def _expected_week_sql(base_param: str) -> str:
    weeks = "((q.rn - 1) / q.cap)"
    if connection.vendor == "postgresql":
        return f"(CAST({base_param} AS date) + CAST({weeks} * 7 AS integer))"  # date + integer = date
    if connection.vendor == "sqlite":
        return f"date({base_param}, '+' || ({weeks} * 7) || ' days')"
    # The project runs on SQLite and PostgreSQL only (DESIGN.md); another backend is a setup error.
    raise ImproperlyConfigured(f"Queue refresh supports SQLite and PostgreSQL, not {connection.vendor}.")


@dataclass(frozen=True)
class RefreshReport:
    cases: int
    base_week: dt.date
    seconds: float


@transaction.atomic
def refresh_queue_positions(*, actor="prognose", today: dt.date | None = None) -> RefreshReport:
    """Number every open case in its scheme's queue again, and write down the run."""
    started = time.monotonic()
    today = today or timezone.localdate()
    base_week = monday_of(today)
    now = timezone.now()
    capacities = {code: capacity.per_week for code, capacity in capacities_on(today).items()}
    select_sql, select_params = _numbered_queue(capacities).query.sql_with_params()
    ops = connection.ops
    table = QueuePosition._meta.db_table
    # Only our own table name and Django's compiled query go into the text; every value is a parameter.
    columns = "case_id, scheme_code, position, weeks_ahead, expected_week, computed_at"
    values = f"q.id, q.scheme_code, q.rn, (q.rn - 1) / q.cap, {_expected_week_sql('%s')}, %s"
    sql = f"INSERT INTO {table} ({columns}) SELECT {values} FROM ({select_sql}) q"  # noqa: S608
    # Column names of the subquery: Django aliases annotations by name and selects "id", "scheme_code"
    # under their column names, so q.id, q.scheme_code, q.rn and q.cap are what the SELECT gives.
    QueuePosition.objects.all().delete()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The window sorts every open case once; with the default 4 MB it spills to disk.
            cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute(sql, [ops.adapt_datefield_value(base_week), ops.adapt_datetimefield_value(now), *select_params])
        count = cursor.rowcount if cursor.rowcount is not None and cursor.rowcount >= 0 else None
    if count is None:
        count = QueuePosition.objects.count()
    seconds = time.monotonic() - started
    run = ForecastRun.objects.create(
        computed_at=now,
        base_week=base_week,
        capacities=capacities,
        cases=count,
        seconds=Decimal(f"{seconds:.3f}"),
        requested_by=_actor_label(actor),
    )
    record_event(
        actor=actor, action="queue_refreshed", obj=run, reason=f"{count} open zaken genummerd (week van {base_week})"
    )
    return RefreshReport(cases=count, base_week=base_week, seconds=seconds)


def _actor_label(actor) -> str:
    if isinstance(actor, str):
        return actor[:150]
    return actor.get_username()[:150] if hasattr(actor, "get_username") else str(actor)[:150]


@transaction.atomic
def set_capacity(scheme_code: str, *, decisions_per_week, valid_from: dt.date, actor, note: str = "") -> WeeklyCapacity:
    """The weekly capacity of a scheme from `valid_from` on (a row for that day is replaced)."""
    code = check_scheme(scheme_code)
    if isinstance(decisions_per_week, bool) or not isinstance(decisions_per_week, int):
        raise ForecastError(_("Vul een heel aantal besluiten per week in, zoals 1000."))
    if decisions_per_week < 1:
        raise ForecastError(
            _("De capaciteit moet minstens 1 besluit per week zijn. Bij 0 of minder valt er niets te voorspellen.")
        )
    if decisions_per_week > MAX_WEEKLY_CAPACITY:
        raise ForecastError(
            _("Vul hoogstens %(max)s besluiten per week in.") % {"max": f"{MAX_WEEKLY_CAPACITY:,}".replace(",", ".")}
        )
    if not isinstance(valid_from, dt.date):
        raise ForecastError(_("Vul een datum in, zoals 31-01-2025."))
    capacity, created = WeeklyCapacity.objects.update_or_create(
        scheme_code=code,
        valid_from=valid_from,
        defaults={"decisions_per_week": decisions_per_week, "note": str(note or "")[:200], "set_by": actor},
    )
    record_event(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=capacity,
        changed_fields=["decisions_per_week", "valid_from"],
        reason=f"capaciteit {code}: {decisions_per_week} per week vanaf {valid_from:%d-%m-%Y}",
    )
    return capacity
