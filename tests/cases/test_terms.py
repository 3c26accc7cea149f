"""Legal terms: Awb counting, suspension, extension and the Algemene termijnenwet."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from schadeloket.cases.terms import decision_deadline, end_of_term, is_working_day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2025, 3, 3), 56, dt.date(2025, 4, 28)),  # ends on a Monday: stays
        (dt.date(2025, 3, 1), 56, dt.date(2025, 4, 28)),  # ends Saturday 26 April (King's Day): Monday
        (dt.date(2024, 4, 30), 5, dt.date(2024, 5, 6)),  # 5 May 2024 (Sunday, and Liberation Day)
        (dt.date(2023, 4, 30), 5, dt.date(2023, 5, 8)),  # 5 May 2023 is a Friday, not a lustrum: still a holiday
        (dt.date(2025, 12, 22), 3, dt.date(2025, 12, 29)),  # Christmas, Boxing Day, weekend
        (dt.date(2025, 4, 16), 2, dt.date(2025, 4, 22)),  # Good Friday 18 April, Easter Monday 21 April
    ],
)
def test_end_of_term(start, days, expected):
    assert end_of_term(start, days).date == expected


def test_a_three_day_term_holds_two_working_days():
    # Thursday 24 April 2025 + 3 days = Sunday 27 April; Friday 25 is a working day, Saturday 26 is
    # King's Day: only one working day, so the term runs on to Monday 28 April (Atw art. 2) which is
    # also where art. 1 would put it.
    deadline = end_of_term(dt.date(2025, 4, 24), 3)
    assert deadline.date == dt.date(2025, 4, 28)


def test_deadline_explains_itself_in_dutch():
    deadline = decision_deadline(dt.date(2025, 3, 1), 56, suspended_days=10, extended_days=42)
    text = " ".join(deadline.steps)
    assert "stond 10 dagen stil" in text and "42 dagen verdaagd" in text


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 400))
def test_a_deadline_is_always_a_working_day_and_never_early(start, days):
    deadline = end_of_term(start, days).date
    assert is_working_day(deadline)
    assert deadline >= start + dt.timedelta(days=days)
    assert deadline <= start + dt.timedelta(days=days + 6)  # at most a long holiday weekend later


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), st.integers(0, 60))
def test_suspension_never_brings_a_deadline_forward(start, suspended):
    assert decision_deadline(start, 56, suspended).date >= decision_deadline(start, 56).date
