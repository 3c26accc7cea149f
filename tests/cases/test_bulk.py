"""Bulk decisions (cases.bulk): order, the same engine, audit, sampling, payments exactly once, crash
safety and, on PostgreSQL, two workers at once.
"""

import datetime as dt
import json
import threading
from decimal import Decimal

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections

from schadeloket.audit.models import AuditEvent
from schadeloket.audit.services import verify_chain
from schadeloket.cases import bulk
from schadeloket.cases.bulk import decide_batch, next_cases, render_pending_letters
from schadeloket.cases.models import Case, CaseParty, PartyRole, Task, TaskKind, TaskStatus
from schadeloket.cases.services import open_case
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.payment_orders.models import PaymentOrder
from schadeloket.payment_orders.services import OrderRequest, orders_for_decisions_bulk
from schadeloket.sampling.models import SamplingDecision, SamplingPolicy
from schadeloket.sampling.services import approve
from schadeloket.schemes.facts import Facts, gather_facts
from schadeloket.schemes.registry import get_scheme
from tests.factories import BuildingFactory, BuildingRelationFactory, PersonFactory, UserFactory

RECEIVED = dt.date(2025, 10, 1)  # Eemsdelta (the factories' municipality) is open for AVV then
ON = dt.date(2025, 10, 20)
IBAN = "NL91ABNA0417164300"


def iban_for(case, person_id):
    return IBAN


def eligible_building_facts(buildings, on_date, chunk_size=20_000, *, applicant="owner"):
    """Stand-in for gather_facts_bulk: every building is in the effect area and felt quakes;
    € 2.500 was paid before, so AVV tops up € 7.500. The applicant fields come from the case."""
    for building_id in sorted(buildings):
        yield (
            building_id,
            Facts(
                reference_date=on_date,
                applicant_is_natural_person=None,
                municipality="Eemsdelta",
                within_6km=True,
                in_effect_area=True,
                events_2mms_since_construction=3,
                construction_year=1930,
                floor_area_m2=120,
                woz_value=Decimal("240000"),
                prior_damage_total=Decimal("2500.00"),
                prior_total_received=Decimal("2500.00"),
                prior_payment_count=1,
            ),
        )


@pytest.fixture
def eligible(monkeypatch):
    monkeypatch.setattr(bulk, "gather_facts_bulk", eligible_building_facts)


@pytest.fixture(autouse=True)
def no_sampling(request, db):
    """No draft is sampled unless a test sets a policy itself."""
    SamplingPolicy.objects.update(
        new_handler_count=0, random_share=Decimal("0"), amount_threshold=Decimal("1000000000"), review_deviations=False
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_case(*, pre=False, core=False, received=RECEIVED, owner=True, co_owner=False):
    building = BuildingFactory()
    person = PersonFactory()
    if owner:
        BuildingRelationFactory(building=building, person=person, valid_from=dt.date(2000, 1, 1))
    if co_owner:
        BuildingRelationFactory(building=building, valid_from=dt.date(2000, 1, 1))
    return open_case(
        scheme_code="AVV",
        building=building,
        applicant=person,
        received_on=received,
        actor="test",
        pre_registered=pre,
        in_core_area=core,
    )


def run(limit=100, **kwargs):
    kwargs.setdefault("payee_iban_for", iban_for)
    return decide_batch(scheme_code="AVV", limit=limit, actor="bulk", on=ON, **kwargs)


def events_of(case, action=None):
    events = AuditEvent.objects.filter(object_type="cases.case", object_id=case.reference)
    return events.filter(action=action) if action else events


def jsonable(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


# --- Order ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pre_registrations_first_then_the_core_area_then_the_oldest(eligible):
    plain_old = make_case(received=dt.date(2025, 9, 20))
    plain_new = make_case()
    core = make_case(core=True)
    pre = make_case(pre=True, received=dt.date(2025, 10, 5))
    pre_core = make_case(pre=True, core=True, received=dt.date(2025, 10, 6))
    assert list(next_cases("AVV", 10)) == [pre_core, pre, core, plain_old, plain_new]

    report = run(limit=2)
    assert report.taken == 2 and report.decided == 2
    assert set(Case.objects.filter(status="decided")) == {pre_core, pre}
    run(limit=1)
    assert set(Case.objects.filter(status="decided")) == {pre_core, pre, core}


# --- The same engine -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_facts_and_the_outcome_are_the_single_case_engine_s():
    """No stand-ins: the bulk facts equal gather_facts for the case's own applicant and date."""
    cases = [make_case(pre=True), make_case(core=True), make_case(owner=False), make_case(co_owner=True)]
    locked = list(Case.objects.filter(pk__in=[c.pk for c in cases]))
    parties = bulk._parties([c.pk for c in locked])
    facts = bulk.case_facts(locked, parties)
    avv = get_scheme("AVV")
    for case in locked:
        person = CaseParty.objects.get(case=case, role=PartyRole.APPLICANT).person
        single = gather_facts(
            building=case.building, person=person, on_date=case.received_on, pre_registered_avv=case.pre_registered
        )
        assert facts[case.pk] == single

    report = run()
    # the factories' buildings are in no effect area: a refusal stands whatever else is unknown
    assert report.decided == 4 and report.refused == 4 and not report.to_handler
    for case in locked:
        decision = Decision.objects.filter(case=case, kind=DecisionKind.FINAL).first()
        if decision is None:
            continue
        expected = avv.decide(facts[case.pk])
        assert decision.rule_outcome == jsonable(expected.as_dict())
        assert decision.granted is False and decision.amount == 0


@pytest.mark.django_db
def test_a_granted_decision_has_the_rules_amount_explanation_and_objection_term(eligible):
    case = make_case()
    report = run()
    assert (report.decided, report.granted) == (1, 1)
    draft = Decision.objects.get(case=case, kind=DecisionKind.DRAFT)
    final = Decision.objects.get(case=case, kind=DecisionKind.FINAL)
    for decision in (draft, final):
        assert decision.amount == decision.rule_amount == Decimal("7500.00")
        assert decision.rule_outcome["open"] is True and decision.rule_outcome["traces"]
        assert decision.explanation.startswith("U krijgt € 7.500")
    assert final.objection_period_ends is not None and final.objection_period_ends > ON
    case.refresh_from_db()
    assert case.status == "decided" and case.decided_on == ON and case.deadline_state == "stopped"
    assert case.version == 2


# --- Audit ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_audit_event_per_change(eligible):
    case = make_case()
    before = AuditEvent.objects.count()
    run()
    actions = list(events_of(case).order_by("sequence").values_list("action", "reason"))
    assert [a for a, _r in actions] == [
        "create", "draft_decision", "sample", "transition", "final_decision"
    ]  # fmt: skip
    # one UPDATE of the case, one event: the reason names the path through the process
    assert actions[3][1] == "Ontvangen → In behandeling → Besluit genomen"
    order = PaymentOrder.objects.get()
    order_events = AuditEvent.objects.filter(object_type="payment_orders.paymentorder")
    assert order_events.filter(object_id=order.idempotency_key).count() == 1
    assert AuditEvent.objects.count() == before + 5
    assert verify_chain().ok
    # the status history (what the weekly report counts) has the same step, dated the run's day
    assert list(case.status_changes.order_by("id").values_list("from_status", "to_status")) == [
        ("", "received"), ("received", "decided")
    ]  # fmt: skip


# --- Exactly once ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_rerun_decides_and_pays_nothing_twice(eligible):
    cases = [make_case() for _ in range(3)]
    first = run()
    assert first.decided == 3 and first.orders_created == 3
    events = AuditEvent.objects.count()
    second = run()
    assert second.taken == 0 and second.decided == 0 and second.orders_created == 0
    assert Decision.objects.filter(kind=DecisionKind.FINAL).count() == 3
    assert PaymentOrder.objects.count() == 3 and AuditEvent.objects.count() == events
    # a retried payment step (say, a task that ran twice) finds the orders that are there
    finals = list(Decision.objects.filter(kind=DecisionKind.FINAL).select_related("case"))
    again = orders_for_decisions_bulk([OrderRequest(f, "applicant", "A. Aanvrager", IBAN) for f in finals], "bulk")
    assert again.created == 0 and again.already_there == 3 and PaymentOrder.objects.count() == 3
    assert sum(o.amount for o in PaymentOrder.objects.all()) == Decimal("22500.00")
    assert all(c.status == "decided" for c in Case.objects.filter(pk__in=[c.pk for c in cases]))


@pytest.mark.django_db
def test_a_crash_after_the_decisions_were_written_leaves_nothing_and_the_rerun_completes(eligible, monkeypatch):
    cases = [make_case() for _ in range(3)]
    events = AuditEvent.objects.count()

    def crash(*args, **kwargs):
        assert Decision.objects.filter(kind=DecisionKind.FINAL).count() == 3  # written, inside the transaction
        raise RuntimeError("stroomstoring")

    monkeypatch.setattr(bulk, "orders_for_decisions_bulk", crash)
    with pytest.raises(RuntimeError, match="stroomstoring"):
        run()
    assert Decision.objects.count() == 0 and SamplingDecision.objects.count() == 0
    assert PaymentOrder.objects.count() == 0 and Task.objects.count() == 0
    assert AuditEvent.objects.count() == events
    assert {c.status for c in Case.objects.all()} == {"received"} and {c.version for c in Case.objects.all()} == {1}

    monkeypatch.setattr(bulk, "orders_for_decisions_bulk", orders_for_decisions_bulk)
    report = run()
    assert report.decided == 3 and report.orders_created == 3
    assert {c.status for c in Case.objects.filter(pk__in=[c.pk for c in cases])} == {"decided"}
    assert verify_chain().ok


@pytest.mark.django_db
def test_a_case_changed_by_someone_else_meanwhile_rolls_the_batch_back(eligible, monkeypatch):
    case = make_case()
    real_move = bulk._move

    def meddling_move(cases, target, **fields):
        Case.objects.filter(pk=case.pk).update(version=case.version + 5)  # a colleague, just now
        real_move(cases, target, **fields)

    monkeypatch.setattr(bulk, "_move", meddling_move)
    with pytest.raises(bulk.BatchConflict):
        run()
    assert Decision.objects.count() == 0 and Case.objects.get(pk=case.pk).status == "received"


# --- Sampling, IBAN, a person's work ---------------------------------------------------------------


@pytest.mark.django_db
def test_sampled_cases_wait_for_review_and_are_finalized_after_approval(eligible):
    SamplingPolicy.objects.update(amount_threshold=Decimal("5000"))
    case = make_case()
    report = run()
    assert report.decided == 0 and report.sent_to_review == [case.reference]
    case.refresh_from_db()
    assert case.status == "review"
    sampling = SamplingDecision.objects.get(case=case)
    assert sampling.required and sampling.rules == ["amount"] and sampling.policy_version
    assert Decision.objects.filter(case=case, kind=DecisionKind.FINAL).count() == 0
    assert Task.objects.get(case=case, kind=TaskKind.REVIEW, status=TaskStatus.OPEN).role == "reviewer"
    assert PaymentOrder.objects.count() == 0
    assert run().taken == 0  # in review: not the bulk run's

    approve(case, reviewer=UserFactory(roles=["Toetser"]), expected_version=case.version)
    report = run()
    assert report.decided == 1 and report.finalized_after_review == 1 and report.orders_created == 1
    draft = Decision.objects.get(case=case, kind=DecisionKind.DRAFT)  # not drafted or sampled again
    final = Decision.objects.get(case=case, kind=DecisionKind.FINAL)
    assert final.amount == draft.amount and SamplingDecision.objects.filter(case=case).count() == 1
    assert Case.objects.get(pk=case.pk).status == "decided"


@pytest.mark.django_db
def test_without_an_iban_no_order_is_made_and_the_case_is_reported(eligible):
    case = make_case()
    report = run(payee_iban_for=None)
    assert report.decided == 1 and report.iban_missing == [case.reference] and report.orders_created == 0
    assert PaymentOrder.objects.count() == 0
    assert "IBAN ontbreekt" in Task.objects.get(case=case, kind=TaskKind.PAYMENT).note
    bad = make_case()
    report = run(payee_iban_for=lambda case, person_id: "NL00BANK0123456789")
    assert report.iban_missing == [bad.reference]


@pytest.mark.django_db
def test_a_case_the_rules_cannot_decide_goes_to_a_handler_once(eligible):
    case = make_case(co_owner=True)  # a co-owner whose consent the register cannot know
    report = run()
    assert report.decided == 0 and report.to_handler == [case.reference]
    case.refresh_from_db()
    assert case.status == "in_progress"
    assert Task.objects.filter(case=case, kind=TaskKind.DRAFT_DECISION, status=TaskStatus.OPEN).count() == 1
    assert Decision.objects.count() == 0
    assert run().taken == 0  # it is a person's now


@pytest.mark.django_db
def test_letters_are_rendered_later_once_per_decision(eligible):
    case = make_case()
    run()
    assert Letter.objects.count() == 0
    assert render_pending_letters(limit=10, on=ON) == 1
    assert render_pending_letters(limit=10, on=ON) == 0
    letter = Letter.objects.get()
    assert letter.decision.case == case and letter.sha256
    assert events_of(case, "letter").count() == 1


@pytest.mark.django_db
def test_the_task_runs_one_batch(eligible, settings):
    settings.BULK_DECISIONS_IBAN_LOOKUP = "tests.cases.test_bulk.iban_for"
    make_case()
    from schadeloket.cases.tasks import decide_batch_task

    result = decide_batch_task.apply(args=("AVV", 10)).get(timeout=30)  # runs here, broker or not
    assert result["decided"] == 1 and result["orders_created"] == 1
    assert decide_batch_task("AVV", 10)["taken"] == 0


# --- Two workers -----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_workers_on_postgresql_decide_every_case_once(eligible):
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED needs PostgreSQL; SQLite runs one writer at a time")
    cases = [make_case() for _ in range(40)]
    reports, errors = [], []
    barrier = threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            while True:
                report = run(limit=7)
                reports.append(report)
                if not report.taken:
                    break
        except Exception as error:  # pragma: no cover - shown by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(r.decided for r in reports) == 40
    assert Decision.objects.filter(kind=DecisionKind.FINAL).count() == 40
    assert PaymentOrder.objects.count() == 40
    assert set(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("status", flat=True)) == {"decided"}
    assert verify_chain().ok
