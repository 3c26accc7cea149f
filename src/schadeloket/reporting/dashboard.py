"""The public dashboard's figures: computed from the weekly report, kept in the Django cache.

Why a cache: the page has no login and may be opened by many people at once; the figures change
slowly (the IMG publishes weekly). `dashboard_data` reads the cache, and computes and stores the
figures only when they are not there; the Celery task `reporting.warm_dashboard` refreshes them every
hour, before the two-hour timeout, so a visitor hardly ever waits. The page shows `computed_at`.

Nothing personal: counts and sums only. Small numbers are suppressed (docs/reporting.md): a weekly
count per scheme from 1 to SMALL_NUMBER_THRESHOLD - 1 is not shown; the total amount only when at
least that many decisions granted money; a satisfaction score only with at least that many
respondents. One or two applications in a small scheme, or one amount, can point to a neighbour.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.utils import timezone

from . import queries
from .weekly import TOTAL, known_schemes, weekly_report

CACHE_KEY = "reporting:dashboard:v1"
DASHBOARD_CACHE_SECONDS = 2 * 60 * 60  # refreshed hourly by the task; two hours so it never runs dry
DASHBOARD_WEEKS = 12  # the weekly trends cover the last twelve weeks, up to today
SMALL_NUMBER_THRESHOLD = 5  # policy choice (docs/open-questions.md): counts below it are not published


def suppress(value: int) -> int | None:
    """The count as published: None for 1 to 4 (shown as "minder dan 5"), 0 and larger counts as they are."""
    return None if 0 < value < SMALL_NUMBER_THRESHOLD else value


def compute(today: dt.date | None = None) -> dict:
    """The dashboard's figures as plain data (it goes into the cache)."""
    today = today or timezone.localdate()
    report = weekly_report(today - dt.timedelta(weeks=DASHBOARD_WEEKS - 1), today, None, today=today)
    last = report.row(TOTAL, report.weeks[-1])
    respondents, score_sum = 0, 0
    for _scheme, _month, count, total in queries.satisfaction_months(None):
        respondents += count
        score_sum += total
    enough_grants = last.granted_cumulative >= SMALL_NUMBER_THRESHOLD
    schemes, quiet = [], []
    for code, name in known_schemes():
        rows = report.rows_of(code)
        if not any(row.submitted or row.completed or row.stock for row in rows):
            quiet.append({"code": code, "name": name})
            continue
        schemes.append(
            {
                "code": code,
                "name": name,
                "submitted": [suppress(row.submitted) for row in rows],
                "completed": [suppress(row.completed) for row in rows],
            }
        )
    return {
        "computed_at": timezone.now(),
        "weeks": report.weeks,
        "handled": last.completed_cumulative,
        "decided": last.decided_cumulative,
        "amount_granted": last.amount_granted_cumulative if enough_grants else None,
        "satisfaction": (
            (Decimal(score_sum) / respondents).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            if respondents >= SMALL_NUMBER_THRESHOLD
            else None
        ),
        "respondents": respondents,
        "submitted_weeks": [suppress(row.submitted) for row in report.totals],
        "completed_weeks": [suppress(row.completed) for row in report.totals],
        "schemes": schemes,
        "quiet_schemes": quiet,
    }


def warm(today: dt.date | None = None) -> dict:
    """Compute the figures now and put them in the cache (the Celery task and a cold cache use this)."""
    data = compute(today)
    cache.set(CACHE_KEY, data, DASHBOARD_CACHE_SECONDS)
    return data


def dashboard_data() -> dict:
    """The cached figures, or fresh ones when the cache is empty."""
    data = cache.get(CACHE_KEY)
    return data if data is not None else warm()
