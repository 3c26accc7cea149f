"""Planning times: Europe/Amsterdam, working days from cases.terms, the applicant's change deadline."""

import datetime as dt

import pytest

from schadeloket.planning import times

D = dt.date


@pytest.mark.parametrize(
    ("appointment_day", "last_day"),
    [
        (D(2025, 5, 20), D(2025, 5, 19)),  # Tuesday: Monday
        (D(2025, 5, 19), D(2025, 5, 16)),  # Monday: the Friday before
        (D(2025, 4, 22), D(2025, 4, 17)),  # after Good Friday and Easter Monday: Thursday
        (D(2025, 5, 6), D(2025, 5, 2)),  # 5 May counts as a holiday every year (Atw, cases.terms)
        (D(2025, 12, 29), D(2025, 12, 24)),  # after Christmas, Boxing Day and the weekend
    ],
)
def test_the_last_day_to_change_is_one_working_day_before(appointment_day, last_day):
    assert times.last_change_day(appointment_day) == last_day


def test_other_numbers_of_working_days():
    assert times.last_change_day(D(2025, 5, 21), working_days=0) == D(2025, 5, 21)
    assert times.last_change_day(D(2025, 5, 21), working_days=3) == D(2025, 5, 16)


@pytest.mark.parametrize(
    ("today", "first"),
    [
        (D(2025, 5, 19), D(2025, 5, 20)),  # Monday: from Tuesday
        (D(2025, 5, 16), D(2025, 5, 17)),  # Friday: Saturday's and Monday's slots may still be changed on Friday
        (D(2025, 5, 17), D(2025, 5, 20)),  # Saturday: Monday's last day was Friday, so from Tuesday
        (D(2025, 5, 29), D(2025, 5, 31)),  # Ascension Day: Friday's last day was Wednesday (Thursday is a holiday)
    ],
)
def test_the_first_day_an_applicant_may_choose(today, first):
    assert times.first_self_service_day(today) == first


def test_times_are_amsterdam_wall_clock_in_summer_and_winter():
    assert times.at(D(2025, 7, 1), dt.time(9)).utcoffset() == dt.timedelta(hours=2)
    assert times.at(D(2025, 1, 6), dt.time(9)).utcoffset() == dt.timedelta(hours=1)
    moment = dt.datetime(2025, 7, 1, 7, 0, tzinfo=dt.UTC)
    assert times.format_moment(moment) == "01-07-2025 09:00"
