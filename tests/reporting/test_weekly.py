"""The weekly report's figures, as a manager would check them, for case histories made through the
process engine. Definitions: docs/reporting.md."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from freezegun import freeze_time

from schadeloket.cases.selectors import process_for
from schadeloket.objections.models import Objection
from schadeloket.payment_orders.services import export_batch, mark_batch_paid, order_for_decision
from schadeloket.reporting import queries
from schadeloket.reporting.weekly import TOTAL, ReportInputError, weekly_report
from schadeloket.satisfaction.models import SatisfactionResponse
from schadeloket.satisfaction.selectors import monthly_scores
from schadeloket.schemes.registry import all_schemes

from .conftest import TODAY, week

pytestmark = pytest.mark.django_db


@pytest.fixture
def week_10(history):
    """Three VES applications in week 10; one older one (December 2024) still open. In week 11 one
    is withdrawn, in week 12 one is decided (within the 56-day term), one stays open."""
    old = history("VES", dt.date(2024, 12, 2))
    withdrawn = history("VES", week(10, 0), withdraw=week(11, 2))
    decided = history("VES", week(10, 1), decide=week(12, 3), amount="10000.00")
    still_open = history("VES", week(10, 4))
    return old, withdrawn, decided, still_open


def test_submitted_stock_and_completed_per_week(week_10):
    report = weekly_report(week(10), week(13, 6), ["VES"], today=TODAY)
    w10, w11, w12, w13 = report.rows_of("VES")
    assert [w10.week, w13.week] == [week(10), week(13)]
    assert w10.submitted == 3
    assert w10.submitted_cumulative == 4  # the December case counts since the start
    assert (w10.stock, w10.stock_change) == (4, 3)
    assert (w11.otherwise_handled, w11.completed, w11.decided, w11.stock, w11.stock_change) == (1, 1, 0, 3, -1)
    assert (w12.decided, w12.granted, w12.rejected, w12.completed, w12.stock) == (1, 1, 0, 1, 2)
    assert (w13.submitted, w13.completed, w13.stock, w13.completed_cumulative) == (0, 0, 2, 2)
    assert w12.amount_granted == Decimal("10000.00")
    assert w13.amount_granted_cumulative == Decimal("10000.00")


def test_decided_within_term_share_and_lead_time(week_10):
    _old, _withdrawn, decided, _open = week_10
    w12 = weekly_report(week(12), week(12, 6), ["VES"], today=TODAY).row("VES", week(12))
    assert (w12.decided_within_term, w12.decided_outside_term) == (1, 0)
    assert w12.within_term_share == Decimal("100.0")
    lead = (week(12, 3) - week(10, 1)).days
    assert w12.lead_time_median_days == w12.lead_time_mean_days == Decimal(lead)
    assert decided.decided_on == week(12, 3)


def test_stock_by_age_in_terms(week_10, history):
    # A case received in July 2024 is more than four VES terms (4 x 56 days) old in March 2025.
    history("VES", dt.date(2024, 7, 1))
    w10 = weekly_report(week(10), week(10, 6), ["VES"], today=TODAY).row("VES", week(10))
    # Sunday 9 March: the three new ones are within the term, December's is 97 days (1-2 terms),
    # July's 251 days (more than 4 terms).
    assert (w10.stock_within_term, w10.stock_1_2_terms, w10.stock_2_4_terms, w10.stock_over_4_terms) == (3, 1, 0, 1)
    assert w10.stock == 5 == w10.stock_within_term + w10.stock_1_2_terms + w10.stock_2_4_terms + w10.stock_over_4_terms


def test_age_boundaries_are_whole_terms(history):
    """Age = Sunday - received_on; exactly one term old is still 'within the term'."""
    sunday = week(20, 6)
    history("VES", sunday - dt.timedelta(days=56))  # 56 days: within
    history("VES", sunday - dt.timedelta(days=57))  # 57 days: 1-2 terms
    history("VES", sunday - dt.timedelta(days=112))  # 2 terms exactly: 1-2
    history("VES", sunday - dt.timedelta(days=113))  # 2-4
    history("VES", sunday - dt.timedelta(days=224))  # 4 terms exactly: 2-4
    history("VES", sunday - dt.timedelta(days=225))  # over 4
    row = weekly_report(week(20), week(20, 6), ["VES"], today=TODAY).row("VES", week(20))
    assert (row.stock_within_term, row.stock_1_2_terms, row.stock_2_4_terms, row.stock_over_4_terms) == (1, 2, 2, 1)


def test_counting_rule_weekly_is_difference_of_cumulative_totals(week_10, history):
    history("VES", week(14, 2), decide=week(15, 0))
    report = weekly_report(week(9), week(16, 6), ["VES"], today=TODAY)
    rows = report.rows_of("VES")
    earlier = weekly_report(week(8), week(8, 6), ["VES"], today=TODAY).row("VES", week(8))
    previous = earlier
    for row in rows:
        for name in ("submitted", "decided", "otherwise_handled", "completed", "granted", "amount_granted"):
            assert getattr(row, name) == getattr(row, f"{name}_cumulative") - getattr(previous, f"{name}_cumulative")
        assert row.stock_change == row.stock - previous.stock
        assert row.stock == row.submitted_cumulative - row.completed_cumulative
        previous = row
    # The first week of a later period starts from the history before it, not from zero.
    later = weekly_report(week(12), week(12, 6), ["VES"], today=TODAY).row("VES", week(12))
    assert (later.decided, later.submitted_cumulative, later.completed_cumulative) == (1, 4, 2)


def test_outside_term_and_suspension_moves_the_deadline(history):
    # Received 6 January; VES term 56 days: deadline 3 March (a Monday).
    late = history("VES", dt.date(2025, 1, 6), decide=week(11, 2))
    # The same, but 14 days waiting for the applicant: the deadline moves two weeks on.
    waited = history("VES", dt.date(2025, 1, 6), decide=week(11, 2), wait=(dt.date(2025, 1, 20), dt.date(2025, 2, 3)))
    assert late.deadline < week(11, 2) <= waited.deadline
    row = weekly_report(week(11), week(11, 6), ["VES"], today=TODAY).row("VES", week(11))
    assert (row.decided_within_term, row.decided_outside_term, row.within_term_share) == (1, 1, Decimal("50.0"))


def test_lead_time_median_and_mean(history):
    decided_on = week(15, 2)
    for days in (10, 21, 40):
        history("AVV", decided_on - dt.timedelta(days=days), decide=decided_on)
    history("AVV", decided_on - dt.timedelta(days=3), decide=week(16, 0))
    history("AVV", decided_on - dt.timedelta(days=31), decide=week(16, 1))
    history("AVV", decided_on - dt.timedelta(days=90), withdraw=week(16, 1))  # no decision: no lead time
    report = weekly_report(week(15), week(16, 6), ["AVV"], today=TODAY)
    w15, w16 = report.rows_of("AVV")
    assert (w15.lead_time_median_days, w15.lead_time_mean_days) == (Decimal("21.0"), Decimal("23.7"))
    # 8 and 37 days: an even count takes the mean of the two middle values.
    assert (w16.lead_time_median_days, w16.lead_time_mean_days) == (Decimal("22.5"), Decimal("22.5"))
    assert w16.otherwise_handled == 1


def test_routes_rejections_and_total(history):
    day = week(20, 2)
    history("MAATWERK", dt.date(2025, 1, 6), decide=day, amount="12000.00")
    history("HEA", dt.date(2025, 1, 6), decide=day, amount="30000.00")
    history("HIN", dt.date(2025, 1, 6), decide=day, amount="45000.00")
    history("HIN", dt.date(2025, 1, 7), decide=day, amount="15000.00")
    history("MAATWERK", dt.date(2025, 1, 8), decide=day, granted=False)
    history("VES", dt.date(2025, 4, 1), decide=day, amount="10000.00")
    report = weekly_report(week(20), week(20, 6), ["VES", "HEA", "HIN", "MAATWERK"], today=TODAY)
    maatwerk, hea, hin, total = (report.row(s, week(20)) for s in ("MAATWERK", "HEA", "HIN", TOTAL))
    assert (maatwerk.granted_maatwerk, maatwerk.rejected, maatwerk.granted_own_contractor) == (1, 1, 0)
    assert (hea.granted_own_contractor, hin.granted_institute_contractor) == (1, 2)
    assert (total.granted_maatwerk, total.granted_own_contractor, total.granted_institute_contractor) == (1, 1, 2)
    assert (total.decided, total.granted, total.rejected) == (6, 5, 1)
    assert total.amount_granted == Decimal("112000.00")
    # Lead times 43 (VES), 126 and 128 (maatwerk), 128 (HEA), 127 and 128 (HIN): the total's median is
    # over all six cases (127.5), not a mean of the schemes' medians.
    assert maatwerk.lead_time_median_days == Decimal("127.0")
    assert total.lead_time_median_days == Decimal("127.5")
    assert total.lead_time_mean_days == Decimal("113.3")
    assert report.schemes == ["VES", "HEA", "HIN", "MAATWERK"]
    assert maatwerk.within_term_share == Decimal("100.0")  # within the 182-day term


def test_expected_lead_time_rolling_eight_weeks(history):
    # Two AVV cases ended in the eight weeks up to week 20 (one decided, one withdrawn); four open.
    history("AVV", week(14), decide=week(15))
    history("AVV", week(14), withdraw=week(19))
    for _ in range(4):
        history("AVV", week(18))
    row = weekly_report(week(20), week(20, 6), ["AVV"], today=TODAY).row("AVV", week(20))
    assert row.stock == 4
    assert row.expected_lead_time_days == Decimal("112.0")  # 56 days x 4 open / 2 ended in 8 weeks
    later = weekly_report(week(24), week(24, 6), ["AVV"], today=TODAY).row("AVV", week(24))
    assert later.expected_lead_time_days == Decimal("224.0")  # only the withdrawal of week 19 is in range
    quiet = weekly_report(week(30), week(30, 6), ["AVV"], today=dt.date(2025, 12, 31)).row("AVV", week(30))
    assert quiet.expected_lead_time_days is None  # nothing ended in eight weeks: no expectation


def test_amount_paid_in_the_week_the_case_is_paid(history, handler):
    case = history("VES", week(10), decide=week(11), amount="10000.00")
    decision = case.decisions.get(kind="final")
    with freeze_time("2025-03-24 10:00"):  # Monday of week 13
        order_for_decision(decision, payee_kind="applicant", payee_name="A. Dijkstra", iban="NL91ABNA0417164300",
                           actor=handler, amount=Decimal("6000.00"))  # fmt: skip
        order_for_decision(decision, payee_kind="ncg", payee_name="NCG", iban="NL44RABO0123456789", actor=handler)
        batch = export_batch(actor=handler, execution_date=timezone.localdate())
        mark_batch_paid(batch, handler)
    report = weekly_report(week(12), week(13, 6), ["VES"], today=TODAY)
    w12, w13 = report.rows_of("VES")
    assert (w12.amount_paid, w13.amount_paid, w13.amount_paid_cumulative) == (0, Decimal("10000.00"), 10000)


def _objection(case, received_on, *, closed_on=None, outcome=""):
    decision = case.decisions.get(kind="final")
    return Objection.objects.create(
        decision=decision, objector=case.parties.get().person, channel="portal", grounds="Te laag",
        submitted_at=timezone.now(), submitted_by_label="aanvrager", received_on=received_on,
        term_ends=received_on + dt.timedelta(days=84), received_in_time=True, closed_on=closed_on, outcome=outcome,
    )  # fmt: skip


def test_objections_submitted_stock_and_outcomes(history, applicant):
    cases = [history("HEA", dt.date(2025, 1, 6), decide=week(5)) for _ in range(5)]
    _objection(cases[0], week(10), closed_on=week(12), outcome="well_founded")
    _objection(cases[1], week(10), closed_on=week(12), outcome="partly_well_founded")
    _objection(cases[2], week(10), closed_on=week(13), outcome="inadmissible")
    _objection(cases[3], week(11), closed_on=week(13), outcome="withdrawn")
    _objection(cases[4], week(11))
    report = weekly_report(week(10), week(13, 6), ["HEA"], today=TODAY)
    w10, w11, w12, w13 = report.rows_of("HEA")
    assert (w10.objections_submitted, w11.objections_submitted, w11.objections_stock) == (3, 2, 5)
    assert (w12.objections_completed, w12.objections_granted, w12.objections_stock) == (2, 2, 3)
    assert (w13.objections_rejected, w13.objections_otherwise_handled, w13.objections_stock) == (1, 1, 1)
    assert w13.objections_completed_cumulative == 4
    assert report.row(TOTAL, week(13)).objections_stock == 1


def test_satisfaction_per_month_matches_the_satisfaction_selector(history, applicant):
    case = history("VES", week(5), decide=week(8))
    other = history("AVV", week(5), decide=week(8))
    tz = timezone.get_current_timezone()
    for scored_case, score, when in (
        (case, 8, dt.datetime(2025, 2, 28, 23, 30, tzinfo=tz)),  # still February in Amsterdam
        (case, 6, dt.datetime(2025, 3, 10, 12, 0, tzinfo=tz)),
        (other, 9, dt.datetime(2025, 3, 12, 12, 0, tzinfo=tz)),
    ):
        SatisfactionResponse.objects.create(
            decision=scored_case.decisions.get(kind="final"), person=applicant if score != 6 else _other_person(),
            scheme_code=scored_case.scheme_code, score=score, submitted_at=when,
        )  # fmt: skip
    report = weekly_report(week(9), week(12, 6), None, today=TODAY)
    (march,) = [m for m in report.satisfaction["VES"] if m.month == dt.date(2025, 3, 1)]
    selector = {m.month: m for m in monthly_scores(scheme_code="VES")}
    assert (march.average, march.respondents, march.running_average, march.running_respondents) == (
        selector[dt.date(2025, 3, 1)].average,
        selector[dt.date(2025, 3, 1)].respondents,
        selector[dt.date(2025, 3, 1)].running_average,
        selector[dt.date(2025, 3, 1)].running_respondents,
    )
    assert (march.average, march.running_average, march.running_respondents) == (Decimal("6.0"), Decimal("7.0"), 2)
    total_march = report.satisfaction[TOTAL][-1]
    overall = {m.month: m for m in monthly_scores()}[dt.date(2025, 3, 1)]
    assert (total_march.average, total_march.running_average) == (overall.average, overall.running_average)
    assert (total_march.average, total_march.respondents) == (Decimal("7.5"), 2)


def _other_person():
    from tests.factories import PersonFactory

    return PersonFactory()


def test_partial_week_is_marked(history):
    history("VES", dt.date(2025, 6, 30))
    report = weekly_report(week(26), dt.date(2025, 7, 1), ["VES"], today=dt.date(2025, 7, 1))
    assert [row.partial for row in report.rows_of("VES")] == [False, True]
    assert report.end == dt.date(2025, 7, 6)


def test_sqlite_and_postgres_compute_the_same_median():
    assert queries.median_of_histogram({5: 1}) == 5
    assert queries.median_of_histogram({1: 1, 3: 1}) == 2
    assert queries.median_of_histogram({1: 2, 9: 1, 10: 1}) == 5
    assert queries.median_of_histogram({4: 3, 7: 1}) == 4


def test_no_transition_leads_back_to_received():
    """docs/reporting.md counts 'submitted' as the rows entering 'received': only open_case writes them."""
    for scheme in all_schemes():
        process = process_for(scheme.code)
        assert process.initial == "received"
        assert all(t.target != "received" for t in process.transitions), scheme.code
        assert {"decided", "withdrawn"} <= set(process.states)


@pytest.mark.parametrize(
    ("start", "end", "schemes", "message"),
    [
        (None, week(10), None, "Vul een begindatum en een einddatum in."),
        (week(12), week(10), None, "De einddatum ligt vóór de begindatum"),
        (dt.date(2025, 7, 7), dt.date(2025, 7, 8), None, "De periode ligt in de toekomst"),
        (week(10), dt.date(2025, 7, 8), None, "De einddatum ligt in de toekomst"),
        (dt.date(2021, 1, 4), week(10), None, "Kies een periode van hoogstens 156 weken"),
        (week(10), week(11), ["VES", "ONBEKEND"], "De regeling ONBEKEND bestaat niet"),
    ],
)
def test_bad_input_is_refused_in_dutch(start, end, schemes, message):
    with pytest.raises(ReportInputError, match=message):
        weekly_report(start, end, schemes, today=TODAY)


def test_empty_period_has_no_activity(history):
    history("VES", week(20))
    assert not weekly_report(week(10), week(12, 6), ["VES"], today=TODAY).has_activity
    assert weekly_report(week(20), week(20, 6), ["VES"], today=TODAY).has_activity


def test_handling_costs_and_cost_per_case_from_the_costs_app(history, handler):
    from schadeloket.costs.selectors import handling_costs
    from schadeloket.costs.services import record_time

    ves = [history("VES", week(10)) for _ in range(2)]
    avv = history("AVV", week(10))
    for case, minutes in ((ves[0], 90), (ves[1], 30), (avv, 60)):
        record_time(case, staff=handler, role="case_handler", activity="decision", minutes=minutes,
                    worked_on=week(11, 1), today=TODAY)  # fmt: skip
    report = weekly_report(week(10), week(11, 6), ["VES", "AVV"], today=TODAY)
    assert report.costs_available
    figures = handling_costs(start=week(11), end=week(11, 6), schemes=["VES"])[("VES", week(11))]
    ves_11, total_11 = report.row("VES", week(11)), report.row(TOTAL, week(11))
    assert (ves_11.handling_hours, ves_11.handling_cost, ves_11.handling_cases) == (
        Decimal("2.00"), figures.cost, 2)  # fmt: skip
    assert ves_11.cost_per_case == (figures.cost / 2).quantize(Decimal("0.01"))
    assert (total_11.handling_hours, total_11.handling_cases) == (Decimal("3.00"), 3)
    assert total_11.cost_per_case == (total_11.handling_cost / 3).quantize(Decimal("0.01"))
    assert report.row("VES", week(10)).cost_per_case is None  # no time recorded: no cost per case, not 0
