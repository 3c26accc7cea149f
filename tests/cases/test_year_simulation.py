"""A simulated year: 300 AVV and maatwerk cases through 2025, the monitor run every morning.

Cases arrive on random days; some wait for the applicant (opschorting) for a random time, some get
an extension (verdaging), and each is decided (a few withdrawn) on a random day, some before and
some after its deadline. Every morning the monitor runs first, then the day's work happens through
`services.transition(..., on=day)`. After every run the test checks each open case against a
plain, case-by-case reading of the rules, so the set-based monitor never drifts from them, and at
the end it checks the four promises: nothing passes its deadline unflagged, at risk comes before
overdue, decided cases are left alone, and the audit trail has exactly one event per flag change.
"""

import datetime as dt
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.monitor import AT_RISK_WORKING_DAYS, MONITOR_ACTOR, check_deadlines
from schadeloket.cases.services import open_case, transition
from schadeloket.cases.terms import decision_deadline, is_working_day
from tests.factories import BuildingFactory, PersonFactory, UserFactory, final_decision_for

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # about 8 seconds

CASES = 300
YEAR_START = dt.date(2025, 1, 1)
TERMS = {"AVV": 56, "MAATWERK": 182}
EXTENSION_DAYS = 42
DAY = dt.timedelta(days=1)


@dataclass
class Plan:
    scheme: str
    received: dt.date
    steps: list[tuple[dt.date, str, str]] = field(default_factory=list)  # (day, transition, reason)


def make_plans(rng: random.Random) -> list[Plan]:
    plans = []
    for _ in range(CASES):
        scheme = "AVV" if rng.random() < 0.6 else "MAATWERK"
        term = TERMS[scheme]
        received = YEAR_START + dt.timedelta(days=rng.randrange(365))
        plan = Plan(scheme, received, [(received, "start", "")])
        last, suspended, extended = received, 0, 0
        if rng.random() < 0.35:
            ask = received + dt.timedelta(days=rng.randint(1, term * 4 // 5))
            suspended = rng.randint(1, 45)
            answer = ask + dt.timedelta(days=suspended)
            plan.steps += [(ask, "ask_applicant", "Informatie ontbreekt"), (answer, "applicant_answered", "")]
            last = answer
        if rng.random() < 0.2:
            extend = last + dt.timedelta(days=rng.randint(1, term // 2))
            plan.steps.append((extend, "extend_term", "Advies deskundige nodig"))
            last, extended = extend, EXTENSION_DAYS
        deadline = decision_deadline(received, term, suspended, extended).date
        # About three in four are decided in time; the rest up to four weeks late.
        end = max(deadline + dt.timedelta(days=rng.randint(-term // 2, 28 if rng.random() < 0.25 else 0)), last + DAY)
        plan.steps.append((end, "withdraw", "Aanvraag ingetrokken") if rng.random() < 0.05 else (end, "decide", ""))
        plans.append(plan)
    return plans


@cache
def working_days_between(today: dt.date, deadline: dt.date) -> int:
    return sum(is_working_day(today + dt.timedelta(days=n)) for n in range(1, (deadline - today).days + 1))


def effective_deadline(row, today: dt.date) -> dt.date:
    """Computed here on its own, from the case's fields, as the services would on a resume today."""
    if row["suspended_since"] is None:
        return row["deadline"]
    # the deadline in force moves on by the days waited so far, then to a working day (Atw)
    deadline = row["deadline"] + dt.timedelta(days=(today - row["suspended_since"]).days)
    while not is_working_day(deadline):
        deadline += dt.timedelta(days=1)
    return deadline


def expected_state(row, today: dt.date) -> str:
    """The rules read case by case: the reference the set-based monitor is checked against."""
    deadline = effective_deadline(row, today)
    suspended_since = row["suspended_since"]
    if today > deadline or (suspended_since is not None and suspended_since > row["deadline"]):
        return "overdue"
    if suspended_since is not None:  # the risk stands still: judged as on the day the clock stopped
        today, deadline = suspended_since, row["deadline"]
    left = (deadline - today).days
    if left <= 60 and working_days_between(today, deadline) <= AT_RISK_WORKING_DAYS:
        return "at_risk"
    if Fraction(left, row["term_days"] + row["extended_days"]) < Fraction(15, 100):
        return "at_risk"
    return "ok"


def test_a_simulated_year_lets_no_deadline_pass_unflagged():
    rng = random.Random(2025)
    plans = make_plans(rng)
    handler = UserFactory(roles=["Behandelaar"])
    buildings = BuildingFactory.create_batch(5)
    applicants = PersonFactory.create_batch(5)

    arrivals = defaultdict(list)
    work = defaultdict(list)
    for n, plan in enumerate(plans):
        arrivals[plan.received].append(n)
    last_day = max(day for plan in plans for day, _name, _reason in plan.steps) + 2 * DAY

    references: dict[int, str] = {}
    stopped_on: dict[str, dt.date] = {}
    history: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)  # state after each morning run
    monitor_changes = Counter()
    fields = ["reference", "deadline_state", "deadline", "suspended_since", "suspended_days"]
    fields += ["received_on", "term_days", "extended_days"]

    today = YEAR_START
    while today <= last_day:
        # 06:00: the monitor.
        before = dict(Case.objects.values_list("reference", "deadline_state"))
        report = check_deadlines(today)
        rows = {row["reference"]: row for row in Case.objects.values(*fields)}
        changed = {ref for ref, row in rows.items() if row["deadline_state"] != before[ref]}
        assert changed == set(report.newly_at_risk + report.newly_overdue + report.back_to_ok), today
        monitor_changes.update(changed)
        for ref, row in rows.items():
            state = row["deadline_state"]
            history[ref].append((today, state))
            if ref in stopped_on:
                assert state == "stopped", (ref, today)
                continue
            assert state == expected_state(row, today), (ref, today, row)
            if today > effective_deadline(row, today):
                assert state == "overdue", (ref, today)

        # During the day: new applications, then the handlers' work.
        for n in arrivals[today]:
            case = open_case(
                scheme_code=plans[n].scheme,
                building=buildings[n % 5],
                applicant=applicants[n % 5],
                received_on=today,
                actor=handler,
            )
            references[n] = case.reference
            for day, name, reason in plans[n].steps:
                work[day].append((n, name, reason))
        for n, name, reason in work.pop(today, []):
            case = Case.objects.get(reference=references[n])
            if name == "decide":
                final_decision_for(case, handler)
            transition(case, name, actor=handler, expected_version=case.version, reason=reason, on=today)
            if name in ("decide", "withdraw"):
                stopped_on[case.reference] = today
        today += DAY

    assert len(stopped_on) == CASES and not work

    # At risk always comes before overdue (every term here is longer than the at-risk window).
    became_overdue = 0
    for ref, states in history.items():
        previous = None
        for day, state in states:
            if state == "overdue" and previous != "overdue":
                assert previous == "at_risk", (ref, day)
                became_overdue += 1
            previous = state

    # Decided cases are never flagged afterwards, and the audit trail has one event per change.
    events = Counter()
    for event in AuditEvent.objects.filter(actor_label=MONITOR_ACTOR):
        assert event.object_type == "cases.case" and event.changed_fields == ["deadline_state"]
        events[event.object_id] += 1
    assert events == monitor_changes
    for ref, states in history.items():
        assert all(state == "stopped" for day, state in states if day > stopped_on[ref]), ref

    # The year really exercised the rules: late decisions, suspensions, extensions, clearing flags.
    decided_late = sum(1 for ref, day in stopped_on.items() if any(s == "overdue" for d, s in history[ref] if d <= day))
    assert became_overdue >= 30 and decided_late >= 30
    assert sum(1 for p in plans if any(name == "ask_applicant" for _d, name, _r in p.steps)) >= 80
    assert sum(1 for p in plans if any(name == "extend_term" for _d, name, _r in p.steps)) >= 40
    # An extension took a case out of risk at least once (the transition itself clears the flag).
    cleared = [
        ref
        for ref, states in history.items()
        if any(a == "at_risk" and b == "ok" for (_d1, a), (_d2, b) in zip(states, states[1:], strict=False))
    ]
    assert cleared
    # A suspension stops the risk from moving: no case flips more than a few times.
    assert max(events.values()) <= 4
