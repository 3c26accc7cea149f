"""The decision term on an objection (Awb 7:10, 7:13) in `cases.terms`: six or twelve weeks, one
extension of at most six weeks, postponement with consent, suspension for a repair request, and the
Algemene termijnenwet on the last day."""

import datetime as dt

import pytest

from schadeloket.cases.terms import (
    COMMITTEE_PROCEDURE_MAX_WEEKS,
    OBJECTION_DECISION_WEEKS_COMMITTEE,
    OBJECTION_EXTENSION_MAX_WEEKS,
    objection_decision_deadline,
    objection_decision_start,
    objection_suspended_days,
)
from schadeloket.objections.parameters import PRO_FORMA_TERM_WEEKS_IMS, pro_forma_term_weeks


def test_six_weeks_after_the_objection_term_ended():
    # The objection term ended on Friday 13 June 2025; 42 days later is Friday 25 July 2025.
    assert objection_decision_deadline(dt.date(2025, 6, 13)).date == dt.date(2025, 7, 25)


def test_twelve_weeks_with_the_advisory_committee():
    # 84 days after Friday 13 June 2025 is Friday 5 September 2025.
    deadline = objection_decision_deadline(dt.date(2025, 6, 13), with_committee=True)
    assert deadline.date == dt.date(2025, 9, 5)
    assert "Bezwaaradviescommissie" in deadline.steps[0]


@pytest.mark.parametrize(
    ("start", "expected", "why"),
    [
        (dt.date(2025, 3, 1), dt.date(2025, 4, 14), "Saturday 12 April moves to Monday"),
        (dt.date(2025, 3, 15), dt.date(2025, 4, 28), "King's Day, Saturday 26 April, moves to Monday 28 April"),
        (dt.date(2025, 4, 17), dt.date(2025, 5, 30), "Ascension Day, Thursday 29 May, moves to Friday"),
        (
            dt.date(2025, 11, 13),
            dt.date(2025, 12, 29),
            "Christmas Day and Boxing Day, then a weekend: Monday 29 December",
        ),
    ],
)
def test_the_last_day_is_a_working_day(start, expected, why):
    deadline = objection_decision_deadline(start)
    assert deadline.date == expected, why
    assert start + dt.timedelta(days=42) != expected
    assert "Algemene termijnenwet" in deadline.steps[-1]


def test_one_extension_of_at_most_six_weeks():
    start = dt.date(2025, 6, 13)
    assert objection_decision_deadline(start, extension_days=42).date == dt.date(2025, 9, 5)
    with pytest.raises(ValueError, match="ten hoogste 6 weken"):
        objection_decision_deadline(start, extension_days=43)
    with pytest.raises(ValueError):
        objection_decision_deadline(start, extension_days=-1)


def test_the_committees_twelve_weeks_and_the_extension_fit_its_eighteen_week_procedure():
    assert OBJECTION_DECISION_WEEKS_COMMITTEE + OBJECTION_EXTENSION_MAX_WEEKS == COMMITTEE_PROCEDURE_MAX_WEEKS
    start = dt.date(2025, 6, 13)
    longest = objection_decision_deadline(start, with_committee=True, extension_days=42).date
    assert (longest - start).days <= COMMITTEE_PROCEDURE_MAX_WEEKS * 7 + 3  # + at most a weekend and a holiday


def test_postponement_with_consent_and_suspension_add_their_days_before_the_atw():
    start = dt.date(2025, 6, 13)
    deadline = objection_decision_deadline(start, suspended_days=10, consent_days=14)
    # 42 + 10 + 14 = 66 days after 13 June: Monday 18 August 2025.
    assert deadline.date == dt.date(2025, 8, 18)
    assert any("herstelverzuim" in step for step in deadline.steps)
    assert any("instemming" in step for step in deadline.steps)


def test_days_before_the_term_starts_are_not_suspended_days():
    start = dt.date(2025, 6, 13)
    # Asked on 1 June (before the term), repaired on 20 June: only 14..20 June count, 7 days.
    assert objection_suspended_days(start, dt.date(2025, 6, 1), dt.date(2025, 6, 20)) == 7
    assert objection_suspended_days(start, dt.date(2025, 6, 1), dt.date(2025, 6, 10)) == 0
    assert objection_suspended_days(start, dt.date(2025, 6, 15), dt.date(2025, 6, 20)) == 5


def test_a_late_objection_counts_from_its_receipt():
    assert objection_decision_start(dt.date(2025, 6, 13), dt.date(2025, 6, 2)) == dt.date(2025, 6, 13)
    assert objection_decision_start(dt.date(2025, 6, 13), dt.date(2025, 7, 1)) == dt.date(2025, 7, 1)


def test_the_pro_forma_term_is_four_weeks_for_ims_and_a_marked_placeholder_elsewhere():
    assert pro_forma_term_weeks("IMS_VOLWASSENE") is PRO_FORMA_TERM_WEEKS_IMS
    assert PRO_FORMA_TERM_WEEKS_IMS.value == 4 and PRO_FORMA_TERM_WEEKS_IMS.status == "confirmed"
    assert pro_forma_term_weeks("VES").status == "placeholder"
