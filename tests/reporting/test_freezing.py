"""Frozen weeks: a report that reads the closed weeks from the frozen figures gives the same numbers
as one computed from the case data, and a change dated in a frozen week counts in the week it became
known (the IMG's counting rule; docs/reporting.md)."""

import datetime as dt
import io
import random
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.services import open_case, transition
from schadeloket.reporting.models import FrozenFigure, WeekFreeze
from schadeloket.reporting.services import freeze_closed_weeks, last_closed_sunday
from schadeloket.reporting.tasks import freeze_closed_weeks_task
from schadeloket.reporting.weekly import TOTAL, weekly_report
from tests.factories import BuildingFactory

from .conftest import TODAY, week
from .test_weekly import _objection

pytestmark = pytest.mark.django_db

SCHEMES = ["VES", "HEA", "AVV", "MAATWERK"]


def _same_figures(frozen, computed) -> list[str]:
    """The differences between two reports, as 'scheme week column: a != b' lines."""
    differences = []
    for a, b in zip(frozen.rows, computed.rows, strict=True):
        for column, value in a.as_dict().items():
            if value != b.as_dict()[column]:
                differences.append(f"{a.scheme} {a.week} {column}: {value} != {b.as_dict()[column]}")
    return differences


def _random_histories(history, seed: int) -> None:
    """Thirty cases over weeks 1 to 20 of 2025 in four schemes: decided (granted or not), withdrawn,
    waiting for the applicant, or still open; a few objections, some of them closed."""
    rng = random.Random(seed)
    for _ in range(30):
        scheme = rng.choice(SCHEMES)
        received = week(1) + dt.timedelta(days=rng.randrange(0, 120))
        end = received + dt.timedelta(days=rng.randrange(1, 60))
        fate = rng.choice(["decide", "decide", "reject", "withdraw", "open", "wait"])
        if fate in ("decide", "reject"):
            amount = f"{rng.randrange(1, 90)}000.00"
            case = history(scheme, received, decide=end, granted=fate == "decide", amount=amount)
            if rng.random() < 0.4:
                objected = end + dt.timedelta(days=rng.randrange(1, 30))
                closed = objected + dt.timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.6 else None
                _objection(case, objected, closed_on=closed, outcome="unfounded" if closed else "")
        elif fate == "withdraw":
            history(scheme, received, withdraw=end)
        elif fate == "wait":
            history(scheme, received, wait=(end, end + dt.timedelta(days=rng.randrange(1, 20))))
        else:
            history(scheme, received)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("frozen_on", [week(6, 2), week(12, 0), week(19, 6)])
def test_frozen_weeks_give_the_same_report_as_the_case_data(history, seed, frozen_on):
    _random_histories(history, seed)
    freeze = freeze_closed_weeks(today=frozen_on)
    assert freeze.through == last_closed_sunday(frozen_on) < frozen_on
    assert FrozenFigure.objects.filter(week__gt=freeze.through).count() == 0
    for schemes in (None, ["VES"], ["HEA", "AVV"]):  # all, one, and some: the total's median differs
        frozen = weekly_report(week(1), week(26, 6), schemes, today=TODAY)
        computed = weekly_report(week(1), week(26, 6), schemes, today=TODAY, use_frozen=False)
        assert frozen.totals[-1].submitted_cumulative == 30 or schemes
        assert _same_figures(frozen, computed) == []


def test_a_report_that_ends_in_the_frozen_weeks_reads_no_case_data(history):
    history("VES", week(2), decide=week(4))
    freeze_closed_weeks(today=week(10))
    with CaptureQueriesContext(connection) as captured:
        report = weekly_report(week(1), week(5, 6), ["VES"], today=TODAY)
    tables = " ".join(query["sql"] for query in captured.captured_queries)
    assert "reporting_frozenfigure" in tables
    assert not {"cases_case", "cases_statuschange", "objections_objection"} & set(tables.replace('"', " ").split())
    assert report.row("VES", week(4)).decided == 1


def test_freezing_twice_in_a_week_does_nothing_the_second_time(history):
    history("VES", week(2))
    first = freeze_closed_weeks(today=week(10, 1))
    assert freeze_closed_weeks(today=week(10, 6)) is None
    assert WeekFreeze.objects.get() == first
    later = freeze_closed_weeks(today=week(11, 0))
    assert (later.through, later.late_figures) == (week(10, 6), 0)


def test_a_late_registration_counts_in_the_week_it_became_known(history, handler, applicant):
    history("VES", week(5), decide=week(7))
    freeze_closed_weeks(today=week(10))  # weeks up to 9 are frozen
    # A letter that arrived in week 8 is registered in week 10 with the day it arrived.
    late = open_case(scheme_code="VES", building=BuildingFactory(), applicant=applicant, received_on=week(8, 2),
                     actor=handler)  # fmt: skip
    # Computed afresh from the case data, week 8 would change after the fact.
    assert (
        weekly_report(week(8), week(8, 6), ["VES"], today=week(10, 3), use_frozen=False).row("VES", week(8)).submitted
        == 1
    )

    running = weekly_report(week(8), week(10, 3), ["VES"], today=week(10, 3))
    w8, w10 = running.row("VES", week(8)), running.row("VES", week(10))
    assert (w8.submitted, w8.stock) == (0, 0)  # as published: a closed week is not corrected
    assert (w10.submitted, w10.submitted_cumulative, w10.stock, w10.stock_within_term) == (1, 2, 1, 1)

    freeze = freeze_closed_weeks(today=week(11, 0))
    assert freeze.late_figures >= 1
    after = weekly_report(week(8), week(11, 1), ["VES"], today=week(11, 1))
    # The next freeze keeps it where the running week showed it.
    assert _same_figures_until(running, after, week(10)) == []
    transition(late, "start", actor=handler, expected_version=late.version, on=week(11, 1))
    assert weekly_report(week(11), week(11, 1), ["VES"], today=week(11, 1)).row("VES", week(11)).stock == 1


def _same_figures_until(before, after, last_week) -> list[str]:
    """Differences in the weeks up to `last_week` between two reports (the running-week flag aside)."""
    differences = []
    for a in before.rows:
        if a.week > last_week:
            continue
        b = after.row(a.scheme, a.week)
        for column, value in a.as_dict().items():
            if column != "week_loopt_nog" and value != b.as_dict()[column]:
                differences.append(f"{a.scheme} {a.week} {column}: {value} != {b.as_dict()[column]}")
    return differences


CUMULATIVE = ("ingediend_cumulatief", "afgerond_cumulatief", "beschikt_cumulatief", "toegekend_cumulatief",
              "voorraad", "oud_voorraad_binnen_termijn", "oud_voorraad_1_2_termijn", "oud_voorraad_2_4_termijn",
              "oud_voorraad_buiten_4_termijn", "bedrag_verleend_totaal_cumulatief", "bz_ingediend_cumulatief",
              "bz_voorraad")  # fmt: skip


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_late_events_count_in_the_running_week_and_stay_there_after_the_next_freeze(history, seed):
    """Histories made before the freeze; then late ones: received, decided, withdrawn and objected to
    on days in the frozen weeks, registered after it. The running week shows them; the next freeze
    keeps every week as shown; and the running week's totals are those of the case data."""
    _random_histories(history, seed)
    freeze_closed_weeks(today=week(14, 0))  # weeks up to 13 are frozen
    rng = random.Random(seed)
    for _ in range(8):
        received = week(2) + dt.timedelta(days=rng.randrange(0, 70))
        fate = rng.choice(["decide", "withdraw", "open", "object"])
        if fate in ("decide", "object"):
            case = history(rng.choice(SCHEMES), received, decide=min(received + dt.timedelta(days=20), week(13, 6)))
            if fate == "object":
                _objection(case, min(case.decided_on + dt.timedelta(days=5), week(13, 6)))
        elif fate == "withdraw":
            history(rng.choice(SCHEMES), received, withdraw=min(received + dt.timedelta(days=9), week(13, 6)))
        else:
            history(rng.choice(SCHEMES), received)
    today = week(14, 3)
    running = weekly_report(week(1), today, None, today=today)
    computed = weekly_report(week(1), today, None, today=today, use_frozen=False)
    for scheme in (*SCHEMES, TOTAL):
        shown, fresh = running.row(scheme, week(14)).as_dict(), computed.row(scheme, week(14)).as_dict()
        assert {c: shown[c] for c in CUMULATIVE} == {c: fresh[c] for c in CUMULATIVE}

    freeze = freeze_closed_weeks(today=week(15, 0))
    assert freeze.late_figures > 0
    after = weekly_report(week(1), week(15, 0), None, today=week(15, 0))
    assert _same_figures_until(running, after, week(14)) == []


def test_stock_by_age_crosses_a_term_after_the_freeze(history):
    # VES has a term of 56 days: a case received on Monday of week 1 is older than one term on the
    # Sunday of week 9 (day 62 > 56 + 1).
    history("VES", week(1, 0))
    freeze_closed_weeks(today=week(6))
    report = weekly_report(week(5), week(12, 6), ["VES"], today=TODAY)
    assert [report.row("VES", week(n)).stock_within_term for n in (5, 8, 9)] == [1, 1, 0]
    assert report.row("VES", week(9)).stock_1_2_terms == 1
    assert _same_figures(report, weekly_report(week(5), week(12, 6), ["VES"], today=TODAY, use_frozen=False)) == []


def test_objections_and_amounts_across_the_freeze(history):
    case = history("HEA", week(1), decide=week(3), amount="20000.00")
    _objection(case, week(4), closed_on=week(9), outcome="well_founded")
    freeze_closed_weeks(today=week(6))
    report = weekly_report(week(3), week(9, 6), ["HEA"], today=TODAY)
    assert report.row("HEA", week(3)).amount_granted == Decimal("20000.00")
    assert (report.row("HEA", week(8)).objections_stock, report.row("HEA", week(9)).objections_granted) == (1, 1)
    assert report.row(TOTAL, week(9)).objections_stock == 0


def test_the_nightly_task_freezes_the_closed_weeks(history, tasks_inline):
    history("AVV", week(3), decide=week(4))
    result = freeze_closed_weeks_task.delay(week(6, 3).isoformat()).get(timeout=30)
    assert result == {"frozen": True, "through": "2025-02-02", "figures": FrozenFigure.objects.count(),
                      "late_figures": 0}  # fmt: skip
    assert freeze_closed_weeks_task.delay(week(6, 4).isoformat()).get(timeout=30) == {"frozen": False}


def test_operators_rebuild_the_frozen_weeks_with_a_reason(history, handler, applicant):
    history("VES", week(5), decide=week(7))
    call_command("freeze_report_weeks", "--today", week(10).isoformat(), stdout=io.StringIO())
    open_case(scheme_code="VES", building=BuildingFactory(), applicant=applicant, received_on=week(8, 2),
              actor=handler)  # fmt: skip
    with pytest.raises(CommandError, match="--reden"):
        call_command("freeze_report_weeks", "--rebuild", "--today", week(10).isoformat())
    assert WeekFreeze.objects.count() == 1  # nothing thrown away

    out = io.StringIO()
    call_command("freeze_report_weeks", "--rebuild", "--reden", "definitie voorraad hersteld", "--today",
                 week(10).isoformat(), stdout=out)  # fmt: skip
    assert "Weekcijfers bevroren tot en met 02-03-2025" in out.getvalue()
    # Rebuilt from the case data as it is now: the late case counts in its own week again.
    assert weekly_report(week(8), week(8, 6), ["VES"], today=TODAY).row("VES", week(8)).submitted == 1
    events = AuditEvent.objects.filter(object_type="reporting.weekfreeze").order_by("id")
    assert [event.action for event in events] == ["freeze", "delete", "freeze"]
    assert "definitie voorraad hersteld" in events[1].reason


@pytest.mark.django_db(transaction=True)
def test_two_freezes_at_once_freeze_the_weeks_once(history):
    """The nightly task and an operator's command at the same moment: the second waits for the first
    (PostgreSQL advisory lock) and then finds nothing to do. SQLite serialises writers by itself."""
    import threading

    from django.db import connections

    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    history("VES", week(2), decide=week(4))
    results, errors = [], []

    def freeze():
        try:
            results.append(freeze_closed_weeks(today=week(10)))
        except Exception as error:  # noqa: BLE001 - the test reports any failure below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=freeze) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert sorted(result is None for result in results) == [False, True]
    assert WeekFreeze.objects.count() == 1
