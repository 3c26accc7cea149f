"""Bulk decisions for the fixed schemes (AVV): the next N cases decided through the same engine.

`decide_batch` takes the next `limit` cases of a scheme in state 'received' or 'in_progress'
(pre-registrations first, then the core area, then the oldest, then the lowest id), decides each
one with the scheme's own rules (`Scheme.decide`, the engine `decisions.services.draft_from_rules`
uses), samples each draft with the quality-sampling rules, and stores everything in ONE
transaction per batch:

- a DRAFT and (when not sampled) a FINAL `Decision` per case, with bulk INSERTs;
- a `SamplingDecision` per draft; a sampled case goes to 'review' with a review task and is
  NOT finalized (a reviewer approves it; a later batch then finalizes the approved draft);
- one set-based UPDATE per target state, guarded by each case's `version` and status;
- payment orders for granted decisions (`payment_orders.services.orders_for_decisions_bulk`),
  to the applicant's IBAN from `payee_iban_for`; without a valid IBAN no order is made, the
  case gets a payment task and the report says "IBAN ontbreekt";
- one audit event per state change, draft, sampling, final decision and payment order, all
  appended at the end of the batch in one go (`append_events`): the chain head's lock is held
  only from there to the commit, so two workers hardly wait for each other.

On PostgreSQL the rows go in by COPY (`schadeloket.db.insert_new`), drafts and finals in one, and
the batch compresses large values with lz4 (`_compress_fast`); the next cases come from a partial
index in the bulk order (`case_bulk_order`).

What is not done per decision here: the letter. WeasyPrint takes far too long per PDF for a bulk
run, so `render_pending_letters` renders the letters of final decisions that have none, one by
one and idempotently (task `decisions.render_pending_letters`).

Restartable: a crash rolls the whole batch back; a rerun never decides or pays twice because (1)
only cases still in 'received'/'in_progress' are taken, (2) the UPDATE is guarded by the version
each case had when it was locked (a mismatch rolls the batch back), (3) the database allows one
final decision per case, and (4) payment orders have a unique idempotency key per decision. On
PostgreSQL the cases are locked with SELECT ... FOR UPDATE SKIP LOCKED, so two workers never take
the same case; SQLite serialises writers anyway.

Which cases are taken: unassigned ones (no handler) without an open task. A case a person is
working on, or one the bulk run already handed to a person, stays with that person.

The applicant: the facts are the ones `gather_facts(building, person=<the case's applicant>,
on_date=received_on, pre_registered_avv=...)` gives, built in bulk: `gather_facts_bulk` for the
building and location (applicant="none", per date of receipt) plus the applicant's own relations
with the building (one query), with the same consent rule (a sole owner needs nobody's consent;
with co-owners it is unknown, the rules cannot decide unless they refuse anyway, and the case goes
to a handler with a "draft decision" task). A test holds the two equal.
"""

import dataclasses
import datetime as dt
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from schadeloket.audit.services import EventSpec, append_events, record_event
from schadeloket.db import any_of, insert_new
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.decisions.selectors import objection_term
from schadeloket.payment_orders.models import PayeeKind
from schadeloket.payment_orders.sepa import SepaError
from schadeloket.payment_orders.services import (
    OrderRequest,
    normalised_iban,
    normalised_name,
    orders_for_decisions_bulk,
)
from schadeloket.register.buildings.models import BuildingRelation, RelationKind
from schadeloket.sampling import rules as sampling_rules
from schadeloket.sampling.models import Review, ReviewOutcome, SamplingDecision
from schadeloket.sampling.selectors import policy_in_force
from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.facts import (
    _applicant_facts,
    _consent_of_co_owners,
    _valid_on,
    facts_with,
    gather_facts_bulk,
)
from schadeloket.schemes.registry import get_scheme

from .models import Case, CaseParty, DeadlineState, PartyRole, StatusChange, Task, TaskKind, TaskStatus
from .selectors import process_for
from .services import CaseError
from .terms import end_of_term

PICKABLE = ("received", "in_progress")
#: Schemes whose process has no zienswijze step and no inspection: a rule outcome can be final.
BULK_SCHEMES = frozenset({"AVV"})
ZERO = Decimal("0")
DRAFT_FIELDS = ["kind", "granted", "amount", "rule_outcome", "rule_amount", "explanation"]
FINAL_FIELDS = ["kind", "granted", "amount", "deviates", "objection_period_ends"]


class BatchConflict(CaseError):
    """A case changed between being locked and being updated: the whole batch is rolled back."""


@dataclass
class BatchReport:
    scheme_code: str
    on: dt.date
    taken: int = 0
    decided: int = 0
    granted: int = 0
    refused: int = 0
    finalized_after_review: int = 0
    sent_to_review: list[str] = field(default_factory=list)
    to_handler: list[str] = field(default_factory=list)  # the rules cannot decide: a person must
    iban_missing: list[str] = field(default_factory=list)  # "IBAN ontbreekt": no order made
    orders_created: int = 0
    orders_already_there: int = 0
    events: int = 0
    seconds: float = 0.0
    phases: dict = field(default_factory=dict)  # seconds per phase, for the benchmark

    def as_dict(self) -> dict:
        data = dataclasses.asdict(self)
        data["on"] = self.on.isoformat()
        data["seconds"] = round(self.seconds, 3)
        data["phases"] = {name: round(value, 3) for name, value in self.phases.items()}
        data["iban_missing_label"] = "IBAN ontbreekt"
        return data


# --- Picking and locking ----------------------------------------------------------------------


def next_cases(scheme_code: str, limit: int):
    """The next `limit` cases of the scheme in the bulk order (a queryset; lock it in a transaction)."""
    open_tasks = Task.objects.filter(case=OuterRef("pk"), status=TaskStatus.OPEN)
    query = (
        Case.objects.filter(scheme_code=scheme_code, status__in=PICKABLE, handler__isnull=True)
        .exclude(Exists(open_tasks))
        .order_by("-pre_registered", "-in_core_area", "received_on", "id")
        .only("id", "reference", "scheme_code", "building_id", "status", "received_on", "deadline", "pre_registered",
              "version")
    )  # fmt: skip
    if connection.features.has_select_for_update_skip_locked:
        query = query.select_for_update(skip_locked=True)
    return query[:limit]


@dataclass
class _Party:
    person_id: int | None = None
    date_of_birth: dt.date | None = None
    name: str = ""


def _parties(case_ids: list[int]) -> dict[int, _Party]:
    """The applicant per case (the lowest CaseParty id, as decisions.services does)."""
    found: dict[int, _Party] = defaultdict(_Party)
    rows = (
        CaseParty.objects.filter(any_of("case_id", case_ids), role=PartyRole.APPLICANT)
        .order_by("case_id", "id")
        .values_list(
            "case_id", "person_id", "person__date_of_birth", "person__initials", "person__first_names",
            "person__surname_prefix", "person__surname",
        )
    )  # fmt: skip
    for case_id, person_id, dob, initials, first_names, prefix, surname in rows:
        party = found[case_id]
        if party.person_id is None:
            party.person_id, party.date_of_birth = person_id, dob
            party.name = " ".join(part for part in (initials or first_names, prefix, surname) if part)
    return found


def _relations(building_ids: list[int]) -> dict[int, list[tuple]]:
    found: dict[int, list[tuple]] = defaultdict(list)
    rows = BuildingRelation.objects.filter(any_of("building_id", building_ids)).values_list(
        "building_id", "person_id", "kind", "valid_from", "valid_until"
    )
    for building_id, *rest in rows:
        found[building_id].append(tuple(rest))
    return found


def case_facts(cases: list[Case], parties: dict[int, _Party]) -> dict[int, object]:
    """Facts per case id: the building's on the date of receipt, the applicant's own relations."""
    by_date: dict[dt.date, set[int]] = defaultdict(set)
    for case in cases:
        by_date[case.received_on].add(case.building_id)
    building_facts: dict[tuple[dt.date, int], object] = {}
    for on_date, building_ids in by_date.items():
        for building_id, facts in gather_facts_bulk(
            sorted(building_ids), on_date, chunk_size=len(building_ids) + 1, applicant="none"
        ):
            building_facts[on_date, building_id] = facts
    relations = _relations(sorted({case.building_id for case in cases}))
    result = {}
    for case in cases:
        party = parties.get(case.pk) or _Party()
        on_date = case.received_on
        rows = relations.get(case.building_id, [])
        mine = [(kind, f, u) for person_id, kind, f, u in rows if person_id == party.person_id]
        applicant = _applicant_facts(mine, party.date_of_birth, on_date, has_person=party.person_id is not None)
        if applicant["applicant_is_owner"]:  # as gather_facts: a sole owner needs nobody's consent
            owners = {p for p, kind, f, u in rows if kind == RelationKind.OWNER and _valid_on(f, u, on_date)}
            applicant["co_owners_consent"] = _consent_of_co_owners(owners)
        result[case.pk] = facts_with(
            building_facts[on_date, case.building_id],
            **applicant,
            pre_registered_avv=case.pre_registered,
        )
    return result


# --- The batch ----------------------------------------------------------------------------------


def _approved_drafts(case_ids: list[int]) -> tuple[dict[int, Decision], set[int]]:
    """For picked cases that already have a draft: (approved drafts to finalize, cases for a person).

    A draft whose latest sampling needs no review, or whose review was approved, can be finalized;
    a returned or never-sampled draft is a person's work.
    """
    drafts: dict[int, Decision] = {}
    for draft in Decision.objects.filter(case_id__in=case_ids, kind=DecisionKind.DRAFT).order_by("decided_at", "id"):
        drafts[draft.case_id] = draft  # the latest wins
    if not drafts:
        return {}, set()
    latest: dict[int, SamplingDecision] = {}
    for sampling in SamplingDecision.objects.filter(case_id__in=list(drafts)).order_by("id"):
        latest[sampling.case_id] = sampling
    approved = set(
        Review.objects.filter(
            sampling_id__in=[s.pk for s in latest.values()], outcome=ReviewOutcome.APPROVED
        ).values_list("sampling__case_id", flat=True)
    )
    ready, for_person = {}, set()
    for case_id, draft in drafts.items():
        sampling = latest.get(case_id)
        if sampling is not None and sampling.decision_id == draft.pk and (not sampling.required or case_id in approved):
            ready[case_id] = draft
        else:
            for_person.add(case_id)
    return ready, for_person


def _move(cases: list[Case], target: str, *, on: dt.date, **fields) -> None:
    """One UPDATE per version present, guarded by that version and a pickable status; one status
    history row per case (`StatusChange`, inserted in bulk)."""
    by_version: dict[int, list[int]] = defaultdict(list)
    for case in cases:
        by_version[case.version].append(case.pk)
    if not by_version:
        return
    guard = Q()
    for version, ids in by_version.items():
        guard |= Q(any_of("pk", ids), version=version)
    updated = Case.objects.filter(guard, status__in=PICKABLE).update(status=target, version=F("version") + 1, **fields)
    if updated != len(cases):
        raise BatchConflict(
            f"{len(cases) - updated} zaken zijn tijdens de bulkrun door iemand anders gewijzigd. De hele batch is "
            "teruggedraaid; start hem opnieuw."
        )
    now = timezone.now()
    insert_new(
        StatusChange,
        [
            StatusChange(case_id=case.pk, scheme_code=case.scheme_code, from_status=case.status, to_status=target,
                         changed_on=on, changed_at=now)
            for case in cases
        ],
    )  # fmt: skip
    for case in cases:
        case.status, case.version = target, case.version + 1
        for name, value in fields.items():
            setattr(case, name, value)


def _insert(model, rows: list, field_name: str, value) -> None:
    """Insert many new rows of `model` (COPY on PostgreSQL, see schadeloket.db); every row gets `value`
    in `field_name`."""
    for row in rows:
        setattr(row, field_name, value)
    insert_new(model, rows)


def _transition_event(actor, case, before: str, after: str, changed, states) -> EventSpec:
    """One event for one UPDATE of the case. From 'received' the process passes 'in_progress' on
    the way (start, then decide or send to review): the reason names the whole path."""
    path = [before] + (["in_progress"] if before == "received" and after != "in_progress" else []) + [after]
    return EventSpec(actor, "transition", ("cases.case", case.reference), tuple(sorted(changed)),
                     " → ".join(states[state] for state in path))  # fmt: skip


def _payee_iban(payee_iban_for, case, party) -> str | None:
    if payee_iban_for is None or party.person_id is None:
        return None
    value = payee_iban_for(case, party.person_id)
    if not value:
        return None
    try:
        return normalised_iban(value)
    except SepaError:
        return None


def _compress_fast() -> None:
    """On PostgreSQL with lz4, compress this transaction's large values with lz4 instead of pglz.

    Each decision row carries its rule outcome (kilobytes of JSON, twice per case: draft and
    final), which PostgreSQL compresses when it stores it; pglz costs about twice the CPU of lz4.
    `SET LOCAL` ends with the transaction; values stored with either method read back the same.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings "
            "WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"
        )


def decide_batch(
    *,
    scheme_code: str = "AVV",
    limit: int,
    actor,
    on: dt.date | None = None,
    payee_iban_for: Callable | None = None,
) -> BatchReport:
    """Decide the next `limit` cases of a fixed scheme in one transaction. See the module docstring.

    `payee_iban_for(case, person_id) -> str | None` gives the applicant's IBAN; without it (or with
    an invalid one) no payment order is made and the case is reported under "IBAN ontbreekt".
    """
    started = time.perf_counter()
    clock = [started]

    def lap(name):
        now_ = time.perf_counter()
        report.phases[name] = report.phases.get(name, 0.0) + now_ - clock[0]
        clock[0] = now_

    scheme = get_scheme(scheme_code)
    if scheme.code not in BULK_SCHEMES:
        raise CaseError(f"De regeling {scheme.name} kan niet in bulk worden beslist.")
    on = on or timezone.localdate()
    report = BatchReport(scheme.code, on)
    process = process_for(scheme.code)
    states = process.states
    with transaction.atomic():
        _compress_fast()
        cases = list(next_cases(scheme.code, limit))
        report.taken = len(cases)
        if not cases:
            report.seconds = time.perf_counter() - started
            return report
        ids = [case.pk for case in cases]
        parties = _parties(ids)
        case_by_id = {case.pk: case for case in cases}
        ready, for_person = _approved_drafts([case.pk for case in cases if case.status == "in_progress"])
        for case_id, draft in ready.items():
            draft.case = case_by_id[case_id]
        fresh = [case for case in cases if case.pk not in ready and case.pk not in for_person]
        lap("lock")
        facts = case_facts(fresh, parties)
        lap("facts")
        policy = policy_in_force(scheme.code, on)
        values = policy.values() if policy is not None else None
        now = timezone.now()
        term = objection_term(scheme.code)
        objection_ends = end_of_term(on, term.weeks * 7).date

        events: list[EventSpec] = []
        drafts: list[Decision] = []
        undecided: list[Case] = []
        for case in fresh:
            outcome = scheme.decide(facts[case.pk])
            unknown = [] if outcome.open is False else [c for c in outcome.conditions if c.met is None]
            if outcome.open is None or unknown:
                undecided.append(case)
                continue
            rule_amount = outcome.amount if outcome.amount is not None else outcome.amount_max
            granted = outcome.open is True
            drafts.append(
                Decision(
                    case=case,
                    kind=DecisionKind.DRAFT,
                    granted=granted,
                    amount=(rule_amount or ZERO) if granted else ZERO,
                    rule_outcome=outcome.as_dict(),
                    rule_amount=rule_amount,
                    explanation=explain_for_applicant(outcome),
                    decided_at=now,
                )
            )
        lap("rules")

        # Sampling is pure Python (sampling.rules): decide it first, so that the drafts and the finals
        # of the drafts that need no review go to the database in one COPY (sharing one encoding of
        # their rule outcome), and the sampling rows after them, pointing at the drafts' new ids.
        policy_version = values.version() if values else ""
        policy_values = values.as_dict() if values else {}  # one dict for every row of this batch; not changed
        results, sampled, to_finalize = [], [], []
        for draft in drafts:
            case = draft.case
            if values is None:
                result = sampling_rules.no_policy()
            else:
                result = sampling_rules.evaluate(
                    values, reference=case.reference, amount=draft.amount, deviates=False, earlier_decisions=None
                )
            results.append(result)
            (sampled if result.required else to_finalize).append(draft)
            events.append(
                EventSpec(actor, "draft_decision", ("cases.case", case.reference), tuple(DRAFT_FIELDS),
                          "ontwerpbesluit volgens de regels: " + ("toegekend" if draft.granted else "afgewezen"))
            )  # fmt: skip
            events.append(
                EventSpec(actor, "sample", ("cases.case", case.reference), ("sampling",),
                          f"{'toetsen' if result.required else 'niet toetsen'} "
                          f"({', '.join(result.rules) or 'geen risico'}; beleid "
                          f"{policy_version or '-'}; lot {result.lot})")
            )  # fmt: skip
        to_finalize += list(ready.values())
        finals = [
            Decision(
                case=draft.case,
                kind=DecisionKind.FINAL, granted=draft.granted, amount=draft.amount, rule_outcome=draft.rule_outcome,
                rule_amount=draft.rule_amount, deviates=draft.deviates, deviation_reason=draft.deviation_reason,
                explanation=draft.explanation, decided_by=None, decided_at=now, objection_period_ends=objection_ends,
            )
            for draft in to_finalize
        ]  # fmt: skip
        lap("sampling")
        _insert(Decision, drafts + finals, "decided_at", now)  # one final per case: the database refuses a second
        lap("insert_decisions")
        samplings = [
            SamplingDecision(
                case=draft.case, decision=draft, scheme_code=draft.case.scheme_code, handler=None,
                required=result.required, rules=list(result.rules), reasons=list(result.reasons), lot=result.lot,
                policy=policy, policy_version=policy_version, policy_values=policy_values, created_at=now,
            )
            for draft, result in zip(drafts, results, strict=True)
        ]  # fmt: skip
        _insert(SamplingDecision, samplings, "created_at", now)
        lap("insert_sampling")

        # State changes: decided, review, or a person's work (set-based, version-guarded).
        decided_cases = [final.case for final in finals]
        review_cases = [draft.case for draft in sampled]
        person_cases = undecided + [case_by_id[case_id] for case_id in sorted(for_person)]
        for case in decided_cases:
            events.append(
                _transition_event(actor, case, case.status, "decided", ["status", "decided_on", "deadline_state"],
                                  states)
            )  # fmt: skip
        for final in finals:
            events.append(
                EventSpec(actor, "final_decision", ("cases.case", final.case.reference), tuple(FINAL_FIELDS),
                          ("besluit: toegekend" if final.granted else "besluit: afgewezen")
                          + f"; bezwaar {term.weeks} weken; brief volgt")
            )  # fmt: skip
        for case in review_cases:
            events.append(_transition_event(actor, case, case.status, "review", ["status"], states))
        for case in person_cases:
            if case.status == "received":
                events.append(_transition_event(actor, case, "received", "in_progress", ["status"], states))
        _move(decided_cases, "decided", on=on, decided_on=on, deadline_state=DeadlineState.STOPPED)
        _move(review_cases, "review", on=on)
        _move([c for c in person_cases if c.status == "received"], "in_progress", on=on)
        # (person cases already in progress keep their version: only a task is added)

        tasks = [Task(case=c, kind=TaskKind.REVIEW, role="reviewer", due_on=c.deadline) for c in review_cases]
        tasks += [
            Task(case=c, kind=TaskKind.DRAFT_DECISION, role="case_handler", due_on=c.deadline,
                 note="De bulkrun kon niet beslissen: de regels missen nog gegevens of er ligt al een ontwerp.")
            for c in person_cases
        ]  # fmt: skip

        # Payments for granted final decisions.
        requests = []
        for final in finals:
            if not final.granted or final.amount <= 0:
                continue
            party = parties.get(final.case_id) or _Party()
            iban = _payee_iban(payee_iban_for, final.case, party)
            try:
                name = normalised_name(party.name)
            except SepaError:
                iban = None
            if iban is None:
                report.iban_missing.append(final.case.reference)
                tasks.append(
                    Task(case=final.case, kind=TaskKind.PAYMENT, role="case_handler", due_on=final.case.deadline,
                         note="IBAN ontbreekt: vraag het IBAN van de aanvrager op en maak dan de betaalopdracht.")
                )  # fmt: skip
                continue
            requests.append(OrderRequest(final, PayeeKind.APPLICANT, name, iban))
        Task.objects.bulk_create(tasks, batch_size=1000)
        lap("cases_and_tasks")
        if requests:
            # The orders' creation events join this batch's events: the chain head is locked once,
            # as the last thing before the commit, so two workers wait on each other as briefly as
            # possible (the lock is held until the commit).
            orders = orders_for_decisions_bulk(requests, actor, audit=events)
            report.orders_created, report.orders_already_there = orders.created, orders.already_there
        lap("payments")
        report.events = append_events(events)
        lap("audit")

    report.decided = len(finals)
    report.granted = sum(1 for f in finals if f.granted)
    report.refused = report.decided - report.granted
    report.finalized_after_review = len(ready)
    report.sent_to_review = [c.reference for c in review_cases]
    report.to_handler = [c.reference for c in person_cases]
    lap("commit")
    report.seconds = time.perf_counter() - started
    return report


# --- Letters, later -------------------------------------------------------------------------------


def pending_letters(limit: int):
    """Final decisions without a letter, oldest first."""
    has_letter = Letter.objects.filter(decision=OuterRef("pk"))
    return (
        Decision.objects.filter(kind=DecisionKind.FINAL)
        .exclude(Exists(has_letter))
        .select_related("case")
        .order_by("decided_at", "id")[:limit]
    )


def render_pending_letters(*, limit: int = 100, actor="bulk", on: dt.date | None = None) -> int:
    """Render and store the letter of up to `limit` final decisions that have none; returns how many.

    One transaction per decision, with the decision's row locked and the "no letter yet" check
    repeated under the lock: a rerun, or two workers, never make two letters for one decision.
    """
    from schadeloket.decisions import letters

    on = on or timezone.localdate()
    made = 0
    for decision_id in list(pending_letters(limit).values_list("id", flat=True)):
        with transaction.atomic():
            decision = Decision.objects.select_for_update().select_related("case").get(pk=decision_id)
            if Letter.objects.filter(decision=decision).exists():
                continue
            kind = letters.LetterKind.GRANTED if decision.granted else letters.LetterKind.REFUSED
            rendered = letters.render(decision, kind, sent_on=on, objection_ends=decision.objection_period_ends)
            record_event(
                actor=actor,
                action="letter",
                obj=("cases.case", decision.case.reference),
                changed_fields=["letter"],
                reason="besluitbrief gemaakt",
            )
            letters.store(decision, rendered, sent_on=on)
            made += 1
    return made
