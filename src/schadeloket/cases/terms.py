"""Legal terms: the one module that computes decision deadlines.

The rules, in the order they apply:

1. Algemene wet bestuursrecht (Awb): a term of N days starts the day after the application was
   received (art. 4:13 with the Algemene termijnenwet's counting), so the last day is
   `received_on + N`.
2. Suspension (opschorting, Awb art. 4:15): while the institute waits for the applicant, the
   term does not run; every day suspended moves the deadline in force one day on (and the Atw
   applies again), so a suspension that starts on a day the Atw added never costs days.
3. Extension (verdaging, Awb art. 4:14): once, with notice, by a fixed number of days after the
   deadline in force.
4. Algemene termijnenwet (Atw) art. 1: a term that ends on a Saturday, Sunday or generally
   recognised holiday ends on the next day that is none of these. Art. 3 lists the holidays:
   New Year's Day, Good Friday, Easter Monday, King's Day, 5 May (every year, unlike the
   collective labour agreements), Ascension Day, Whit Monday, Christmas and Boxing Day (and the
   Sundays Easter and Whitsun fall on anyway). Art. 2: a term of at least three days always
   contains at least two days that are not Saturday, Sunday or holiday; if not, it is extended
   until it does.

Holidays come from the `holidays` library (NL), with 5 May added for every year.
"""

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[dt.date]:
    days = set(holidays.NL(years=year).keys())
    days.add(dt.date(year, 5, 5))  # Atw art. 3: 5 May counts every year
    return frozenset(days)


def is_holiday(day: dt.date) -> bool:
    return day in _holidays(day.year)


def is_working_day(day: dt.date) -> bool:
    """Not a Saturday, Sunday or Atw holiday."""
    return day.weekday() < 5 and not is_holiday(day)


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and, in plain Dutch, how it was reached."""

    date: dt.date
    steps: tuple[str, ...]


def end_of_term(start: dt.date, days: int) -> Deadline:
    """The last day of a term of `days` days that starts the day after `start`, with the Atw applied."""
    end = start + dt.timedelta(days=days)
    steps = [f"{days} dagen na {start:%d-%m-%Y}: {end:%d-%m-%Y}."]
    # Atw art. 2 can only bite on short terms: no run of days without two working days is longer
    # than a week (Christmas and New Year with their weekends included).
    if 3 <= days <= 10:
        period = [start + dt.timedelta(days=n) for n in range(1, days + 1)]
        while sum(1 for day in period if is_working_day(day)) < 2:
            end += dt.timedelta(days=1)
            period.append(end)
        if end != start + dt.timedelta(days=days):
            steps.append(f"Er moeten minstens twee werkdagen in de termijn zitten (Atw art. 2): {end:%d-%m-%Y}.")
    moved = next_working_day(end)
    if moved != end:
        steps.append(
            f"{end:%d-%m-%Y} is een zaterdag, zondag of feestdag; de termijn loopt door tot {moved:%d-%m-%Y} "
            "(Algemene termijnenwet art. 1)."
        )
    return Deadline(moved, tuple(steps))


def decision_deadline(
    received_on: dt.date, term_days: int, suspended_days: int = 0, extended_days: int = 0
) -> Deadline:
    """The last day to decide: the term, plus days suspended, plus an extension, then the Atw."""
    total = term_days + suspended_days + extended_days
    deadline = end_of_term(received_on, total)
    steps = [f"Ontvangen op {received_on:%d-%m-%Y}; beslistermijn {term_days} dagen."]
    if suspended_days:
        steps.append(f"De termijn stond {suspended_days} dagen stil (opschorting, Awb art. 4:15).")
    if extended_days:
        steps.append(f"De termijn is met {extended_days} dagen verdaagd (Awb art. 4:14).")
    return Deadline(deadline.date, (*steps, *deadline.steps))


def after_suspension(deadline: dt.date, suspended_days: int) -> dt.date:
    """The deadline in force, moved on by the days the term was suspended, with the Atw applied."""
    return next_working_day(deadline + dt.timedelta(days=suspended_days))


def days_between(first: dt.date, last: dt.date) -> int:
    """Calendar days from `first` to `last` (0 when last is not after first)."""
    return max((last - first).days, 0)


# --- objections (bezwaar): Awb art. 6:6, 7:10 and 7:13 ---------------------------------------------
#
# Law, not policy: these values are in the Awb itself (domain facts §3.2), so they are constants
# here. Values the facts do not give (the pro-forma and repair terms, the appeal term) are named
# parameters in `objections.parameters`; they reach this module only as arguments.

OBJECTION_DECISION_WEEKS = 6  # Awb 7:10 lid 1
OBJECTION_DECISION_WEEKS_COMMITTEE = 12  # Awb 7:10 lid 1, with an advisory committee (art. 7:13)
OBJECTION_EXTENSION_MAX_WEEKS = 6  # Awb 7:10 lid 3: once, by at most six weeks
# The IMG Bezwaaradviescommissie: its procedure takes at most 18 weeks (facts §3.2). With the
# committee's 12 weeks and the one extension of at most 6, the term without consent never exceeds it.
COMMITTEE_PROCEDURE_MAX_WEEKS = 18


def objection_decision_start(objection_term_ends: dt.date, received_on: dt.date) -> dt.date:
    """The day after which the decision term on an objection runs (Awb 7:10 lid 1).

    The law counts from the end of the objection term. An objection received after that day (a
    late one, which may still be excusable, Awb 6:11) cannot have a term that was already running
    before it arrived: then the term counts from the day of receipt. That second rule is a choice
    (docs/open-questions.md), in the objector's favour.
    """
    return max(objection_term_ends, received_on)


def objection_suspended_days(start: dt.date, since: dt.date, until: dt.date) -> int:
    """Days the decision term stood still for a repair request (herstelverzuim, Awb 7:10 lid 1).

    The term is suspended from the day after the request until the day the omission was repaired
    or the repair term ran out unused. Days before the decision term started do not count: a term
    that has not started cannot stand still.
    """
    return days_between(max(since, start), until)


def objection_decision_deadline(
    start: dt.date,
    *,
    with_committee: bool = False,
    suspended_days: int = 0,
    extension_days: int = 0,
    consent_days: int = 0,
) -> Deadline:
    """The last day to decide on an objection (beslissing op bezwaar), Awb art. 7:10.

    Six weeks, or twelve with an advisory committee (art. 7:13), after `start`
    (`objection_decision_start`); plus the days suspended for a repair request; plus one extension
    (verdaging) of at most six weeks; plus any further postponement the objector consented to
    (lid 4); then the Algemene termijnenwet. Raises ValueError for an extension the Awb does not allow.
    """
    if extension_days < 0 or suspended_days < 0 or consent_days < 0:
        raise ValueError("Termijnen kunnen niet negatief zijn.")
    if extension_days > OBJECTION_EXTENSION_MAX_WEEKS * 7:
        raise ValueError(f"Verdagen kan met ten hoogste {OBJECTION_EXTENSION_MAX_WEEKS} weken (Awb art. 7:10 lid 3).")
    weeks = OBJECTION_DECISION_WEEKS_COMMITTEE if with_committee else OBJECTION_DECISION_WEEKS
    total = weeks * 7 + suspended_days + extension_days + consent_days
    deadline = end_of_term(start, total)
    steps = [
        f"Beslistermijn op bezwaar: {weeks} weken na {start:%d-%m-%Y}"
        + (" (met de Bezwaaradviescommissie, Awb art. 7:13)." if with_committee else " (Awb art. 7:10 lid 1).")
    ]
    if suspended_days:
        steps.append(f"De termijn stond {suspended_days} dagen stil voor een herstelverzuim (Awb art. 7:10 lid 1).")
    if extension_days:
        steps.append(f"De beslissing is met {extension_days} dagen verdaagd (Awb art. 7:10 lid 3).")
    if consent_days:
        steps.append(f"Met instemming van de indiener nog {consent_days} dagen uitgesteld (Awb art. 7:10 lid 4).")
    return Deadline(deadline.date, (*steps, *deadline.steps))
