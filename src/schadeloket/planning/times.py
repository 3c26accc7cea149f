"""Dates and times for planning, always in Europe/Amsterdam, and the applicant's change deadline.

Working days come from `cases.terms` (no weekend, no public holiday), the one place that knows
the Dutch holidays; planning does not keep a second list.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from schadeloket.cases.terms import is_working_day

from .parameters import APPOINTMENT_CHANGE_WORKING_DAYS

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(AMSTERDAM)


def at(day: dt.date, time: dt.time) -> dt.datetime:
    """That wall-clock time in Amsterdam on that day, as an aware datetime."""
    return dt.datetime.combine(day, time, tzinfo=AMSTERDAM)


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return local(now()).date()


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day before `day` (`day` itself when count is 0)."""
    found = 0
    while found < count:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            found += 1
    return day


def last_change_day(appointment_day: dt.date, working_days: int | None = None) -> dt.date:
    """The last day on which the applicant can still book, move or cancel an appointment on this day."""
    if working_days is None:
        working_days = APPOINTMENT_CHANGE_WORKING_DAYS.value
    return working_days_before(appointment_day, working_days)


def first_self_service_day(on: dt.date | None = None, working_days: int | None = None) -> dt.date:
    """The first day an applicant may choose when booking on `on` (default: today)."""
    on = on or today()
    day = on
    while last_change_day(day, working_days) < on:
        day += dt.timedelta(days=1)
    return day


def format_moment(moment: dt.datetime) -> str:
    """`12-05-2025 09:00` in Amsterdam time, for messages and the audit trail."""
    return f"{local(moment):%d-%m-%Y %H:%M}"
