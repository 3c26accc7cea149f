"""Reads of the frozen weekly figures (`reporting.models`), in the shapes the report works with:
events per (scheme, measure) and week number, as `reporting.queries` makes them from case data."""

import datetime as dt
from decimal import Decimal

from .models import FrozenFigure, WeekFreeze
from .queries import MONEY_EVENTS, Events, weekno

MEDIAN = "median_lead_time"  # the measure of a week's median lead time (not an event: never added up)


def latest_freeze() -> WeekFreeze | None:
    """The last freeze: the weeks up to its `through` are frozen. None before the first one."""
    return WeekFreeze.objects.order_by("-through").first()


def _value(measure: str, value: Decimal):
    return value if measure in MONEY_EVENTS else int(value)


def add_frozen_events(events: Events, schemes: list[str], through: dt.date) -> None:
    """Add the frozen events of `schemes` in the weeks up to `through` to `events`."""
    rows = (
        FrozenFigure.objects.filter(scheme_code__in=schemes, week__lte=through)
        .exclude(measure=MEDIAN)
        .values_list("scheme_code", "measure", "week", "value")
    )
    for scheme, measure, week, value in rows.iterator(chunk_size=5000):
        bucket = events.setdefault((scheme, measure), {})
        wk = weekno(week)
        bucket[wk] = bucket.get(wk, 0) + _value(measure, value)


def frozen_totals(schemes: list[str]) -> dict[tuple[str, str], object]:
    """Per (scheme, measure): the sum of its frozen events over all frozen weeks."""
    from django.db.models import Sum

    rows = (
        FrozenFigure.objects.filter(scheme_code__in=schemes)
        .exclude(measure=MEDIAN)
        .values_list("scheme_code", "measure")
        .annotate(total=Sum("value"))
    )
    return {(scheme, measure): _value(measure, total) for scheme, measure, total in rows}


def frozen_medians(keys: list[str], start: dt.date, end: dt.date) -> dict[tuple[str, int], Decimal]:
    """The frozen median lead times of `keys` (scheme codes, or the total key) in the weeks from
    `start` to `end`, by (key, week number)."""
    rows = FrozenFigure.objects.filter(
        measure=MEDIAN, scheme_code__in=keys, week__gte=start, week__lte=end
    ).values_list("scheme_code", "week", "value")
    return {(key, weekno(week)): value for key, week, value in rows}
