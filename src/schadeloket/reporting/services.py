"""Freezing the weekly figures of closed weeks (`reporting.models`).

`freeze_closed_weeks` runs every night (Celery beat, `reporting.freeze_closed_weeks`) and after the
demo seed. It computes the report's events over the whole history with the same queries the report
uses, and stores those of the weeks that closed since the last freeze. From then on a report reads
the frozen weeks from a few thousand rows and computes only the days after them from the case data.

Late changes: a fact dated in a week that is already frozen (a letter registered with the day it
arrived, a week later) changes the whole-history totals. The difference between the recomputed
totals of the frozen weeks and the frozen figures is added to the first newly frozen week, the week
in which it became known. That is the IMG's counting rule: a week's figure is this week's total
minus last week's, and a closed week is not corrected afterwards (docs/reporting.md, open question
105). So the cumulative totals stay exact while past weekly figures stay as they were published.
"""

import datetime as dt
import logging
import time
from collections import defaultdict

from django.db import connection, transaction
from django.utils import timezone

from schadeloket.audit.services import record_event

from . import queries
from .models import FrozenFigure, WeekFreeze
from .queries import EPOCH, monday, weekno
from .selectors import MEDIAN, frozen_totals, latest_freeze
from .weekly import TOTAL, known_schemes

logger = logging.getLogger(__name__)


def last_closed_sunday(today: dt.date) -> dt.date:
    """The Sunday that ended the last whole week before `today`'s week."""
    return monday(weekno(today)) - dt.timedelta(days=1)


FREEZE_LOCK = 720_106  # a fixed key for PostgreSQL's advisory lock: one freeze at a time


def _one_freeze_at_a_time() -> None:
    """Wait for a freeze that is running (the nightly task and an operator's command at once): the
    second one then finds the weeks frozen and does nothing. PostgreSQL's transaction-level advisory
    lock; SQLite (development) serialises writers by itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [FREEZE_LOCK])


@transaction.atomic
def freeze_closed_weeks(*, today: dt.date | None = None, actor="reporting.freeze_closed_weeks") -> WeekFreeze | None:
    """Freeze the weeks that closed since the last freeze, up to the Sunday before `today`'s week.
    Returns the new WeekFreeze, or None when those weeks were frozen already. Audited: the frozen
    figures are what every later report shows for those weeks."""
    _one_freeze_at_a_time()
    started, started_at = time.monotonic(), timezone.now()
    through = last_closed_sunday(today or timezone.localdate())
    previous = latest_freeze()
    if previous is not None and previous.through >= through:
        return None
    codes = [code for code, _name in known_schemes()]
    events: queries.Events = {}
    queries.add_events(events, through, codes)
    last_wk = weekno(through)
    previous_wk = weekno(previous.through) if previous is not None else None

    figures: dict[tuple[str, str, int], object] = defaultdict(int)
    for (scheme, measure), per_week in events.items():
        for wk, value in per_week.items():
            if wk <= last_wk and (previous_wk is None or wk > previous_wk):
                figures[(scheme, measure, wk)] += value

    late = 0
    if previous_wk is not None:
        # What changed in the frozen weeks since they were frozen counts in the first new week.
        known = frozen_totals(codes)
        recomputed = {
            key: sum((value for wk, value in per_week.items() if wk <= previous_wk), 0)
            for key, per_week in events.items()
        }
        for key in set(known) | set(recomputed):
            difference = recomputed.get(key, 0) - known.get(key, 0)
            if difference:
                figures[(*key, previous_wk + 1)] += difference
                late += 1

    first_new = monday(previous_wk + 1) if previous_wk is not None else EPOCH
    for (key, wk), median in queries.lead_time_medians(first_new, through, codes, TOTAL).items():
        figures[(key, MEDIAN, wk)] = median

    rows = [
        FrozenFigure(scheme_code=scheme, week=monday(wk), measure=measure, value=value)
        for (scheme, measure, wk), value in figures.items()
        if value or measure == MEDIAN
    ]
    FrozenFigure.objects.bulk_create(rows, batch_size=2000)
    freeze = WeekFreeze.objects.create(
        through=through, made_at=started_at, figures=len(rows), late_figures=late,
        seconds=round(time.monotonic() - started, 3),
    )  # fmt: skip
    record_event(
        actor=actor,
        action="freeze",
        obj=("reporting.weekfreeze", through.isoformat()),
        changed_fields=["figures"],
        reason=f"{len(rows)} weekcijfers t/m {through:%d-%m-%Y}, {late} late wijzigingen",
    )
    logger.info("Weekly figures frozen through %s: %s figures, %s late changes", through, len(rows), late)
    return freeze


@transaction.atomic
def rebuild_frozen_weeks(*, actor, reason: str, today: dt.date | None = None) -> WeekFreeze | None:
    """Throw away every frozen figure and freeze all closed weeks again from the case data as it is now.

    For when a definition in docs/reporting.md changed, or data was repaired: afterwards every closed
    week shows what the case data says now, and late registrations count in their own week again.
    This changes published figures, so it needs a reason and is audited.
    """
    if not reason.strip():
        raise ValueError("Geef een reden waarom de bevroren weekcijfers opnieuw worden berekend.")
    removed, _by_model = FrozenFigure.objects.all().delete()
    WeekFreeze.objects.all().delete()
    record_event(actor=actor, action="delete", obj=("reporting.weekfreeze", "alle"), changed_fields=["figures"],
                 reason=f"{removed} bevroren cijfers weggehaald: {reason.strip()}")  # fmt: skip
    return freeze_closed_weeks(today=today, actor=actor)
