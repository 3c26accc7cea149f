"""The deadline monitor: every morning, flag open cases whose legal term is at risk or has passed.

Staff sort their work lists by deadline, but a list does not shout. The monitor sets
`Case.deadline_state` so work lists, dashboards and the case page can show which cases need a
decision soon (`at_risk`) and which are already too late (`overdue`), and it writes one audit event
per change, so the timeline of a case shows when it was flagged and why.

The rules, for a case that is open (not decided, closed or withdrawn) on `today`:

- `overdue` when today is after the deadline;
- `at_risk` when at most AT_RISK_WORKING_DAYS working days remain until the deadline (the days
  after today up to and including the deadline, Atw working days), or when less than
  AT_RISK_SHARE of the running term is left;
- `ok` otherwise (also back to `ok` when an extension moved the deadline far enough).

A suspended case (opschorting, Awb 4:15) has an effective deadline: the deadline it would get if
the applicant answered today, `decision_deadline` with the days suspended so far added. It is
`overdue` when today is after that effective deadline (this can happen when the suspension began
in the days the Atw added after a term that ended on a weekend), or when the suspension began
after the deadline had already passed (the Awb can only suspend a term that is still running).
Otherwise its term stands still, and so does its risk: it is judged as on the day the suspension
began, against the deadline it had then. Judging it against the effective deadline each day would
make it flip between `ok` and `at_risk` every weekend (the effective deadline moves a calendar day
a day, the working days left do not), writing two meaningless events a week.

Scale: there are hundreds of thousands of open cases; only a few hundred change state on a given
day. Non-suspended cases are judged with a handful of set-based queries on `deadline` ranges (one
range per distinct term length), never by loading every case. Suspended cases are few and are
judged in Python. The monitor does not bump `Case.version`: the state is derived from the term,
not something a handler edits, and bumping would make every open edit form fail each morning.

Idempotent: a second run on the same day finds nothing to change and writes no events.

Objections (bezwaar) are watched the same way, in the same run, after the cases: an open
objection's decision term (Awb 7:10, `Objection.deadline`) gets the same `ok` / `at_risk` /
`overdue` rule, with one audit event per change on the objection. Its term stands still while a
repair request (herstelverzuim) is open, exactly like a suspended case; a repair request whose
term has passed unused is first marked lapsed (`objections.services.lapse_due_repairs`), which
lets the term run again. Open objections are far fewer than cases; only those near their
deadline, already flagged or suspended are read (one range query), never all of them.
"""

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from django.db import transaction
from django.db.models import Case as SqlCase
from django.db.models import CharField, Count, F, Max, Q, Value, When
from django.utils import timezone

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import EventSpec, record_events

from .models import Case, DeadlineState
from .terms import (
    OBJECTION_DECISION_WEEKS_COMMITTEE,
    OBJECTION_EXTENSION_MAX_WEEKS,
    after_suspension,
    days_between,
    is_working_day,
    objection_decision_deadline,
    objection_suspended_days,
)

# Policy choices, not law: the law only knows the deadline itself. Ten working days (two working
# weeks) gives a handler time to finish a review and send the letter; 15% of the running term is
# about four weeks for maatwerk (182 days), where ten working days would come too late to finish
# an expert advice. For short terms (AVV, 56 days) the working-day rule is the stricter one.
AT_RISK_WORKING_DAYS = 10
AT_RISK_SHARE_PERCENT = 15

MONITOR_ACTOR = "termijnbewaking"
CLOSED_STATUSES = ("decided", "paid", "closed", "withdrawn")
_UPDATE_CHUNK = 500


@dataclass
class MonitorReport:
    """What one run found: open cases per state afterwards, and what changed today."""

    today: dt.date
    counts: dict[str, int] = field(default_factory=dict)
    newly_at_risk: list[str] = field(default_factory=list)
    newly_overdue: list[str] = field(default_factory=list)
    back_to_ok: list[str] = field(default_factory=list)
    # Objections, by public id (see `check_objection_deadlines`); not in `as_dict`, whose shape the
    # daily task's callers rely on: `objections_as_dict` gives them.
    objection_counts: dict[str, int] = field(default_factory=dict)
    objections_newly_at_risk: list[str] = field(default_factory=list)
    objections_newly_overdue: list[str] = field(default_factory=list)
    objections_back_to_ok: list[str] = field(default_factory=list)
    repairs_lapsed: list[str] = field(default_factory=list)

    @property
    def newly_flagged(self) -> list[str]:
        return self.newly_at_risk + self.newly_overdue

    @property
    def changed(self) -> int:
        return len(self.newly_at_risk) + len(self.newly_overdue) + len(self.back_to_ok)

    def as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "counts": dict(self.counts),
            "newly_at_risk": list(self.newly_at_risk),
            "newly_overdue": list(self.newly_overdue),
            "back_to_ok": list(self.back_to_ok),
        }

    @property
    def objections_changed(self) -> int:
        return len(self.objections_newly_at_risk) + len(self.objections_newly_overdue) + len(self.objections_back_to_ok)

    def objections_as_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "counts": dict(self.objection_counts),
            "newly_at_risk": list(self.objections_newly_at_risk),
            "newly_overdue": list(self.objections_newly_overdue),
            "back_to_ok": list(self.objections_back_to_ok),
            "repairs_lapsed": list(self.repairs_lapsed),
        }


@lru_cache(maxsize=8192)
def working_days_after(today: dt.date, deadline: dt.date) -> int:
    """Working days in (today, deadline]: 0 on the deadline day itself."""
    count, day = 0, today + dt.timedelta(days=1)
    while day <= deadline:
        count += is_working_day(day)
        day += dt.timedelta(days=1)
    return count


def _nth_working_day_after(today: dt.date, n: int) -> dt.date:
    day, seen = today, 0
    while seen < n:
        day += dt.timedelta(days=1)
        seen += is_working_day(day)
    return day


def share_window_days(running_term_days: int) -> int:
    """The most calendar days left at which less than AT_RISK_SHARE_PERCENT of the term remains.

    Remaining share = days left / running term (term plus extension; suspended days are not
    running time). Integer arithmetic, so the SQL ranges and the Python judgement agree exactly.
    """
    return (AT_RISK_SHARE_PERCENT * running_term_days - 1) // 100


def judge(today: dt.date, deadline: dt.date, running_term_days: int) -> str:
    """The state a case with this deadline should have today (the rule, one case at a time)."""
    if today > deadline:
        return DeadlineState.OVERDUE
    if working_days_after(today, deadline) <= AT_RISK_WORKING_DAYS:
        return DeadlineState.AT_RISK
    if (deadline - today).days <= share_window_days(running_term_days):
        return DeadlineState.AT_RISK
    return DeadlineState.OK


def effective_deadline(case: Case, today: dt.date) -> dt.date:
    """The deadline the case would have if its suspension ended today (its stored one otherwise)."""
    if case.suspended_since is None:
        return case.deadline
    return after_suspension(case.deadline, days_between(case.suspended_since, today))


def _reason(state: str, deadline: dt.date, left: int, suspended: bool) -> str:
    """A short Dutch sentence for the case timeline; `left` is the number of working days left."""
    if state == DeadlineState.OVERDUE:
        text = f"termijn verstreken: de uiterste beslisdatum was {deadline:%d-%m-%Y}"
    else:
        days = "werkdag" if left == 1 else "werkdagen"
        if state == DeadlineState.AT_RISK:
            text = f"termijn in gevaar: nog {left} {days}"
            if left > AT_RISK_WORKING_DAYS:
                text += f", minder dan {AT_RISK_SHARE_PERCENT}% van de termijn over"
        else:
            text = f"weer binnen termijn: nog {left} {days}"
        if suspended:
            text += " zodra de termijn weer loopt"
        text += f" (uiterste beslisdatum {'nu ' if suspended else ''}{deadline:%d-%m-%Y})"
    if suspended:
        text += "; de termijn staat stil, wij wachten op de aanvrager"
    return text


def _open_cases():
    return (
        Case.objects.exclude(status__in=CLOSED_STATUSES)
        .exclude(deadline_state=DeadlineState.STOPPED)
        .filter(decided_on__isnull=True, closed_on__isnull=True, deadline__isnull=False)
    )


def _at_risk_q(today: dt.date, term_pairs) -> Q:
    """Deadline ranges that are at risk today: the working-day window, widened per term length."""
    wd_last = _nth_working_day_after(today, AT_RISK_WORKING_DAYS + 1) - dt.timedelta(days=1)
    within = Q(deadline__lte=wd_last)
    for term_days, extended_days in term_pairs:
        share_last = today + dt.timedelta(days=share_window_days(term_days + extended_days))
        if share_last > wd_last:
            within |= Q(term_days=term_days, extended_days=extended_days, deadline__lte=share_last)
    return Q(deadline__gte=today) & within


def check_deadlines(today: dt.date | None = None) -> MonitorReport:
    """Set `deadline_state` of every open case for `today`; one audit event per change."""
    today = today or timezone.localdate()
    report = MonitorReport(today=today)
    with transaction.atomic():
        open_cases = _open_cases()
        running = open_cases.filter(suspended_since__isnull=True)
        term_pairs = sorted(set(running.values_list("term_days", "extended_days").distinct()))
        at_risk = _at_risk_q(today, term_pairs)
        conditions = {
            DeadlineState.OVERDUE: Q(deadline__lt=today),
            DeadlineState.AT_RISK: at_risk,
            DeadlineState.OK: Q(deadline__gte=today) & ~at_risk,
        }
        target = SqlCase(
            *(When(condition, then=Value(state.value)) for state, condition in conditions.items()),
            output_field=CharField(),
        )
        # One SELECT finds every case whose state differs from its target today; locked, so a
        # transition cannot change it between this read and the UPDATE.
        rows = list(
            running.annotate(target=target)
            .exclude(deadline_state=F("target"))
            .select_for_update()
            .order_by("deadline", "pk")
            .values_list("pk", "reference", "deadline", "target")
        )
        changes: list[tuple[str, str, dt.date, int, bool]] = []  # state, reference, deadline, left, suspended
        for state, condition in conditions.items():
            pks = [pk for pk, _ref, _deadline, row_target in rows if row_target == state]
            for start in range(0, len(pks), _UPDATE_CHUNK):
                # The condition again, so the UPDATE can only ever set a state the rule gives.
                running.filter(condition, pk__in=pks[start : start + _UPDATE_CHUNK]).update(deadline_state=state)
        changes += [
            (row_target, ref, deadline, working_days_after(today, deadline), False)
            for _pk, ref, deadline, row_target in rows
        ]

        suspended_changes = []
        for case in open_cases.filter(suspended_since__isnull=False).select_for_update().order_by("deadline", "pk"):
            deadline = effective_deadline(case, today)
            if case.suspended_since > case.deadline:
                state, deadline = DeadlineState.OVERDUE, case.deadline
            elif today > deadline:
                state = DeadlineState.OVERDUE
            else:
                # The clock stopped on suspended_since; case.deadline is the deadline it had then.
                state = judge(case.suspended_since, case.deadline, case.term_days + case.extended_days)
            if state != case.deadline_state:
                left = working_days_after(case.suspended_since, case.deadline)
                changes.append((state, case.reference, deadline, left, True))
                case.deadline_state = state
                suspended_changes.append(case)
        Case.objects.bulk_update(suspended_changes, ["deadline_state"], batch_size=_UPDATE_CHUNK)

        events = []
        for state, reference, deadline, left, suspended in changes:
            {
                DeadlineState.OVERDUE: report.newly_overdue,
                DeadlineState.AT_RISK: report.newly_at_risk,
                DeadlineState.OK: report.back_to_ok,
            }[state].append(reference)
            events.append(
                EventSpec(
                    actor=MONITOR_ACTOR,
                    action=AuditAction.UPDATE,
                    obj=("cases.case", reference),
                    changed_fields=("deadline_state",),
                    reason=_reason(state, deadline, left, suspended),
                )
            )
        if events:
            record_events(events)

        counts = dict(open_cases.values_list("deadline_state").annotate(n=Count("pk")).order_by())
        states = (DeadlineState.OK, DeadlineState.AT_RISK, DeadlineState.OVERDUE)
        report.counts = {state.value: counts.get(state.value, 0) for state in states}
    check_objection_deadlines(today, report)
    return report


# --- objections (bezwaar) -------------------------------------------------------------------------


def objection_effective_deadline(objection, today: dt.date) -> dt.date:
    """The deadline the objection would have if its open repair request were answered today."""
    if objection.suspended_since is None:
        return objection.deadline
    waited = objection_suspended_days(objection.decision_start, objection.suspended_since, today)
    if objection.court_deadline is not None:
        return after_suspension(objection.deadline, waited)
    return objection_decision_deadline(
        objection.decision_start,
        with_committee=objection.with_committee,
        suspended_days=objection.suspended_days + waited,
        extension_days=objection.extended_days,
        consent_days=objection.consent_days,
    ).date


def judge_objection(objection, today: dt.date) -> str:
    """The state an objection's decision term should have today: the cases' rule, the same suspension logic."""
    if not objection.is_open:
        return DeadlineState.STOPPED
    if objection.deadline is None:
        return DeadlineState.OK
    running = objection.running_term_days
    if objection.suspended_since is None:
        return judge(today, objection.deadline, running)
    # The clock stopped on the later of the request and the start of the term.
    stopped = max(objection.suspended_since, objection.decision_start or objection.suspended_since)
    if stopped > objection.deadline or today > objection_effective_deadline(objection, today):
        return DeadlineState.OVERDUE
    return judge(min(today, stopped), objection.deadline, running)


def _objection_reason(state: str, objection, today: dt.date) -> str:
    suspended = objection.suspended_since is not None
    deadline = objection_effective_deadline(objection, today) if suspended else objection.deadline
    clock = min(today, objection.suspended_since) if suspended else today
    left = working_days_after(clock, objection.deadline)
    return "bezwaar: " + _reason(state, deadline, left, suspended).replace(
        "wij wachten op de aanvrager", "wij wachten op herstel door de indiener"
    )


def check_objection_deadlines(today: dt.date, report: MonitorReport) -> MonitorReport:
    """Lapse repair requests whose term has passed, then set `deadline_state` of open objections."""
    from schadeloket.objections.models import OPEN_STATUSES, Objection
    from schadeloket.objections.services.handling import lapse_due_repairs

    report.repairs_lapsed = lapse_due_repairs(today)
    with transaction.atomic():
        open_objections = Objection.objects.filter(status__in=OPEN_STATUSES, deadline__isnull=False)
        longest_consent = open_objections.aggregate(most=Max("consent_days"))["most"] or 0
        longest_term = (OBJECTION_DECISION_WEEKS_COMMITTEE + OBJECTION_EXTENSION_MAX_WEEKS) * 7 + longest_consent
        window_last = max(
            _nth_working_day_after(today, AT_RISK_WORKING_DAYS + 1) - dt.timedelta(days=1),
            today + dt.timedelta(days=share_window_days(longest_term)),
        )
        # Whatever can change today: near its deadline, already flagged, or waiting for a repair.
        candidates = (
            open_objections.filter(
                Q(deadline__lte=window_last) | ~Q(deadline_state=DeadlineState.OK) | Q(suspended_since__isnull=False)
            )
            .select_for_update()
            .order_by("deadline", "pk")
        )
        changed, events = [], []
        for objection in candidates:
            state = judge_objection(objection, today)
            if state == objection.deadline_state:
                continue
            objection.deadline_state = state
            changed.append(objection)
            {
                DeadlineState.OVERDUE: report.objections_newly_overdue,
                DeadlineState.AT_RISK: report.objections_newly_at_risk,
                DeadlineState.OK: report.objections_back_to_ok,
            }[state].append(str(objection.public_id))
            events.append(
                EventSpec(
                    actor=MONITOR_ACTOR,
                    action=AuditAction.UPDATE,
                    obj=("objections.objection", str(objection.public_id)),
                    changed_fields=("deadline_state",),
                    reason=_objection_reason(state, objection, today),
                )
            )
        Objection.objects.bulk_update(changed, ["deadline_state"], batch_size=_UPDATE_CHUNK)
        if events:
            record_events(events)
        counts = dict(open_objections.values_list("deadline_state").annotate(n=Count("pk")).order_by())
        states = (DeadlineState.OK, DeadlineState.AT_RISK, DeadlineState.OVERDUE)
        report.objection_counts = {state.value: counts.get(state.value, 0) for state in states}
    return report
