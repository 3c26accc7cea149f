"""Tests for the demo's case histories: every case's history is a walk through its scheme's process
that ends in the case's status, decided cases have their decision, payments belong to grants, no
date lies after the demo's "today", and the load is deterministic and happens once."""

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO
from statistics import median

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case, CaseCounter, CaseParty, StatusChange, Task
from schadeloket.cases.selectors import process_for
from schadeloket.cases.terms import decision_deadline, is_working_day
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.demo import histories, services
from schadeloket.demo.generator import REFERENCE_DATE
from schadeloket.demo.services import seed_demo
from schadeloket.objections.models import Objection
from schadeloket.payment_orders.models import PaymentOrder, PaymentStatus
from schadeloket.register.buildings.models import BuildingRelation
from schadeloket.register.persons.models import Person
from schadeloket.satisfaction.models import SatisfactionResponse

pytestmark = pytest.mark.django_db

PHYSICAL = ("MAATWERK", "HEA", "HIN", "VES", "AVV")


def seed(data_dir, **kwargs):
    kwargs.setdefault("reference_date", REFERENCE_DATE)  # a fixed "today": the same seed gives the same data
    return seed_demo(scale="small", data_dir=data_dir, load_external=False, **kwargs)


def wipe_histories():
    for model in (SatisfactionResponse, Objection, PaymentOrder, Decision, Task, StatusChange, CaseParty, Case):
        model.objects.all().delete()
    CaseCounter.objects.all().delete()


def histories_by_case() -> dict[int, list[tuple]]:
    found = defaultdict(list)
    for row in StatusChange.objects.order_by("case_id", "changed_at", "id").values_list(
        "case_id", "from_status", "to_status", "changed_on", "changed_at", "scheme_code"
    ):
        found[row[0]].append(row[1:])
    return found


def test_small_seed_has_a_few_thousand_cases_with_consistent_histories(shared_data):
    report = seed(shared_data)
    cases = {case.pk: case for case in Case.objects.all()}
    assert 3500 <= len(cases) <= 4500
    assert report.counts["zaken"] == len(cases)
    found = histories_by_case()
    assert set(found) == set(cases)
    for case_id, steps in found.items():
        case = cases[case_id]
        process = process_for(case.scheme_code)
        assert steps[0][:3] == ("", "received", case.received_on), case.reference
        assert steps[-1][1] == case.status, case.reference  # the last change is the case's status
        for before, after in zip(steps, steps[1:], strict=False):
            assert after[0] == before[1], case.reference  # each step starts where the last one ended
            assert after[2] >= before[2] and after[3] > before[3], case.reference
        for from_status, to_status, *_rest, scheme_code in steps[1:]:
            assert scheme_code == case.scheme_code
            allowed = {t.target for t in process.available(from_status)}
            bulk = case.scheme_code == "AVV" and from_status == "received" and to_status in ("decided", "review")
            assert to_status in allowed or bulk, f"{case.reference}: {from_status} → {to_status}"
        assert case.version == len(steps)
        decided_steps = [s for s in steps if s[1] == "decided"]
        assert (case.decided_on is not None) == bool(decided_steps or case.status == "withdrawn")
        if decided_steps:
            assert case.decided_on == decided_steps[0][2] and is_working_day(case.decided_on)
            assert case.deadline_state == "stopped"
        if case.status in ("closed", "withdrawn"):
            assert case.closed_on == steps[-1][2]
        else:
            assert case.closed_on is None
        assert (case.suspended_since is not None) == (case.status == "waiting_for_applicant")


def test_decided_cases_have_one_final_decision_and_paid_orders_belong_to_grants(shared_data):
    seed(shared_data)
    finals = {d.case_id: d for d in Decision.objects.filter(kind=DecisionKind.FINAL)}
    reached_decided = set(StatusChange.objects.filter(to_status="decided").values_list("case_id", flat=True))
    assert set(finals) == reached_decided
    assert not Decision.objects.filter(case__status="withdrawn").exists()
    for decision in finals.values():
        assert timezone.localdate(decision.decided_at) == decision.case.decided_on
        if decision.granted and decision.case.scheme_code != "AOS":
            assert decision.amount > 0
        if not decision.granted:
            assert decision.amount == 0
        assert decision.objection_period_ends > decision.case.decided_on
    orders = list(PaymentOrder.objects.select_related("decision__case"))
    assert len(orders) > 1000
    reached_paid = set(StatusChange.objects.filter(to_status="paid").values_list("case_id", flat=True))
    for order in orders:
        assert order.decision.kind == DecisionKind.FINAL and order.decision.granted
        assert order.amount == order.decision.amount > 0
        assert order.idempotency_key == f"decision:{order.decision.public_id}:{order.payee_kind}"
        assert order.decision.case.reference in order.remittance
        assert (order.status == PaymentStatus.PAID) == (order.decision.case_id in reached_paid)
    assert {o.payee_kind for o in orders} == {"applicant", "contractor"}
    assert reached_paid <= {o.decision.case_id for o in orders}  # nothing is paid without an order
    # drafts only for cases that wait on one (zienswijze or review)
    for draft in Decision.objects.filter(kind=DecisionKind.DRAFT).select_related("case"):
        assert draft.case.status in ("draft_decision", "review")


def test_no_date_lies_after_the_demo_reference_date(shared_data):
    seed(shared_data)
    today = min(REFERENCE_DATE, timezone.localdate())
    latest = REFERENCE_DATE - dt.timedelta(days=1)
    first = dt.date(REFERENCE_DATE.year - histories.HISTORY_YEARS, REFERENCE_DATE.month, REFERENCE_DATE.day)
    assert StatusChange.objects.latest("changed_on").changed_on <= latest < today + dt.timedelta(days=1)
    assert StatusChange.objects.filter(changed_on__gte=first).count() > 0.85 * StatusChange.objects.count()
    for field in ("received_on", "decided_on", "closed_on", "suspended_since"):
        assert not Case.objects.filter(**{f"{field}__gt": latest}).exists(), field
    assert not Case.objects.filter(received_on__lt=first - dt.timedelta(days=histories.BACKLOG_DAYS)).exists()
    tomorrow = timezone.make_aware(dt.datetime.combine(REFERENCE_DATE, dt.time(0, 0)))
    assert not Decision.objects.filter(decided_at__gte=tomorrow).exists()
    assert not PaymentOrder.objects.filter(created_at__gte=tomorrow).exists()
    assert not Objection.objects.filter(received_on__gt=latest).exists()
    assert not Objection.objects.exclude(closed_on=None).filter(closed_on__gt=latest).exists()
    assert not SatisfactionResponse.objects.filter(submitted_at__gte=tomorrow).exists()
    # the backlog: cases still open when the window began are there, with their earlier steps
    assert Case.objects.filter(received_on__lt=first).exclude(closed_on__lt=first).count() > 50
    assert not Case.objects.filter(closed_on__lt=first).exists()


def test_applicants_own_or_live_in_the_building_on_the_day_of_receipt(shared_data):
    seed(shared_data)
    relations = defaultdict(list)
    for person_id, building_id, kind, start, until in BuildingRelation.objects.values_list(
        "person_id", "building_id", "kind", "valid_from", "valid_until"
    ):
        relations[person_id, building_id].append((kind, start, until))
    parties = CaseParty.objects.select_related("case").filter(role="applicant")
    assert parties.count() == Case.objects.count()
    for party in parties:
        case = party.case
        valid = [
            kind
            for kind, start, until in relations[party.person_id, case.building_id]
            if start <= case.received_on and (until is None or until >= case.received_on)
        ]
        wanted = "resident" if case.scheme_code in ("IMS_VOLWASSENE", "IMS_KIND", "AOS") else "owner"
        assert wanted in valid, case.reference
    # the printed demo resident and the other first persons have no case: their journey starts empty
    first_persons = Person.objects.order_by("id")[: histories.DEMO_RESIDENTS_WITHOUT_CASES]
    assert not CaseParty.objects.filter(person__in=first_persons).exists()


def test_demo_resident_sees_their_cases_and_the_printed_resident_starts_empty(shared_data, settings):
    from schadeloket.identity.demo import demo_applicant_bsn
    from schadeloket.identity.selectors import cases_for_applicant
    from schadeloket.register.persons.selectors import person_by_bsn

    seed(shared_data)
    printed = person_by_bsn(demo_applicant_bsn())
    assert printed is not None and not cases_for_applicant(printed).exists()
    party = CaseParty.objects.select_related("person", "case").order_by("case__received_on").last()
    assert party.case in cases_for_applicant(party.person)


def test_histories_are_shaped_like_the_img(shared_data):
    seed(shared_data)
    finals = Decision.objects.filter(kind=DecisionKind.FINAL).select_related("case")
    by_scheme = defaultdict(list)
    for decision in finals:
        by_scheme[decision.case.scheme_code].append(decision)
    physical = [d for code in PHYSICAL for d in by_scheme[code]]
    refused = sum(not d.granted for d in physical) / len(physical)
    assert 0.04 <= refused <= 0.11  # about 7% (facts §3.4)
    avv_days = [(d.case.decided_on - d.case.received_on).days for d in by_scheme["AVV"]]
    assert sum(days < 56 for days in avv_days) / len(avv_days) > 0.85  # mostly within 56 days
    bulk = set(StatusChange.objects.filter(scheme_code="AVV", from_status="received", to_status="decided").values_list(
        "case_id", flat=True))  # fmt: skip
    on_bulk_day = [d.case.decided_on.weekday() == histories.BULK_WEEKDAY for d in by_scheme["AVV"] if d.case_id in bulk]
    assert len(on_bulk_day) > 200 and sum(on_bulk_day) / len(on_bulk_day) > 0.9  # the weekly bulk run
    maatwerk_days = [(d.case.decided_on - d.case.received_on).days for d in by_scheme["MAATWERK"]]
    assert 110 <= median(maatwerk_days) <= 230  # realised median about 170 days
    ves = {d.amount for d in by_scheme["VES"] if d.granted}
    assert ves <= {Decimal("5000.00"), Decimal("10000.00")}
    ims = {d.amount for d in by_scheme["IMS_VOLWASSENE"] if d.granted}
    assert ims <= {Decimal("1500.00"), Decimal("3000.00"), Decimal("5000.00")}
    assert all(d.amount <= Decimal("60000.00") for code in ("HEA", "HIN") for d in by_scheme[code])
    # immaterial damage was closed for new applications from 19 April 2023 to the widening
    closed = Case.objects.filter(
        scheme_code="IMS_VOLWASSENE", received_on__gte=dt.date(2023, 4, 19), received_on__lt=dt.date(2024, 4, 1)
    )
    assert not closed.exists()
    assert not Case.objects.filter(scheme_code__in=("VHV", "OVERLAST")).exists()  # switched off
    weekly = Counter(c.received_on.isocalendar()[:2] for c in Case.objects.filter(scheme_code__in=PHYSICAL))
    assert len(weekly) > 90
    states = Counter(Case.objects.values_list("status", flat=True))
    assert states["closed"] > states["paid"] > 0 and states["in_progress"] > 0 and states["withdrawn"] > 0
    objections = Objection.objects.all()
    assert objections.exists()
    assert not objections.exclude(outcome="").filter(closed_on=None).exists()
    assert objections.filter(outcome="").exists() and objections.exclude(outcome="").exists()
    scores = list(SatisfactionResponse.objects.values_list("score", flat=True))
    assert len(scores) > 300 and min(scores) >= 1 and max(scores) <= 10
    assert 6.0 <= sum(scores) / len(scores) <= 8.0  # the IMG's average is about 7


def test_deadlines_follow_the_terms_module(shared_data):
    seed(shared_data)
    plain = Case.objects.filter(suspended_days=0, extended_days=0, suspended_since=None)
    assert plain.count() > 1000
    for case in plain:
        assert case.deadline == decision_deadline(case.received_on, case.term_days).date, case.reference
    for case in Case.objects.exclude(suspended_days=0):
        assert case.deadline > decision_deadline(case.received_on, case.term_days).date
    assert set(Case.objects.exclude(decided_on=None).values_list("deadline_state", flat=True)) == {"stopped"}
    assert {"ok", "overdue"} <= set(Case.objects.filter(decided_on=None).values_list("deadline_state", flat=True))
    assert Task.objects.filter(status="open").exists()
    assert set(Task.objects.values_list("case__status", flat=True)) <= {"inspection_planned", "expert_advice", "review"}


def snapshot() -> dict:
    return {
        "cases": list(
            Case.objects.order_by("id").values_list(
                "reference", "scheme_code", "status", "received_on", "decided_on", "deadline", "public_id"
            )
        ),
        "changes": list(
            StatusChange.objects.order_by("id").values_list("case__reference", "to_status", "changed_at")[:3000]
        ),
        "decisions": list(Decision.objects.order_by("id").values_list("case__reference", "kind", "amount")),
        "orders": list(PaymentOrder.objects.order_by("id").values_list("idempotency_key", "iban", "amount", "status")),
        "objections": list(Objection.objects.order_by("id").values_list("received_on", "outcome", "closed_on")),
        "scores": list(SatisfactionResponse.objects.order_by("id").values_list("score", "submitted_at")),
    }


def test_histories_are_deterministic_for_a_seed(shared_data):
    from tests.demo.test_seed_demo import wipe

    seed(shared_data)
    first = snapshot()
    wipe()
    seed(shared_data)
    assert snapshot() == first
    wipe()
    seed(shared_data, seed=2)
    assert snapshot()["cases"] != first["cases"]


def test_does_not_load_twice_and_one_audit_event_for_all(shared_data):
    before = AuditEvent.objects.count()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", stdout=StringIO())
    events = list(AuditEvent.objects.order_by("sequence")[before:])
    seeds = [e for e in events if e.object_type == "demo.seed"]
    assert len(seeds) == 1 and "zaken" in seeds[0].reason and "statuswijzigingen" in seeds[0].reason
    assert not [e for e in events if e.object_type == "cases.case"]  # no event per case: one for the load
    counts = [m.objects.count() for m in (Case, StatusChange, Decision, PaymentOrder, Objection)]
    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", stdout=out)
    assert "Demogegevens staan er al" in out.getvalue()
    assert [m.objects.count() for m in (Case, StatusChange, Decision, PaymentOrder, Objection)] == counts


def test_cases_option(shared_data):
    out = StringIO()
    call_command(
        "seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", "--cases", "0", stdout=out
    )
    assert not Case.objects.exists() and "zaken" not in out.getvalue()
    with pytest.raises(Exception, match="negatief"):
        call_command("seed_demo", "--scale", "small", "--cases", "-1", stdout=StringIO())


def _table_shapes(tables):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s) ORDER BY 1, 2", [tables]
        )
        indexes = cursor.fetchall()
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s) ORDER BY 1, 2",
            [tables],
        )
        return indexes, cursor.fetchall()


def test_bulk_load_on_postgresql_restores_indexes_and_foreign_keys(shared_data, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the bulk-load path runs only on PostgreSQL (set DATABASE_URL)")
    from schadeloket.demo.history_writer import HISTORY_MODELS

    tables = [m._meta.db_table for m in HISTORY_MODELS]
    before = _table_shapes(tables)
    monkeypatch.setattr(services, "BULK_LOAD_FROM", 1)
    seed(shared_data, addresses=1000, cases=1500)
    after = _table_shapes(tables)
    assert set(after[0]) == set(before[0]), set(after[0]) ^ set(before[0])  # every index, the same definition
    assert set(after[1]) == set(before[1]), set(after[1]) ^ set(before[1])  # every constraint
    assert Case.objects.count() > 1000
    # the sequences moved past the demo's ids: the app's own inserts still work
    case = Case.objects.order_by("id").first()
    change = StatusChange.objects.create(
        case=case, scheme_code=case.scheme_code, from_status="x", to_status="y", changed_on=REFERENCE_DATE,
        changed_at=timezone.now(),
    )  # fmt: skip
    assert change.pk > StatusChange.objects.exclude(pk=change.pk).order_by("-pk").first().pk


def test_objections_have_the_objection_terms_of_the_terms_module(shared_data):
    from schadeloket.cases.terms import objection_decision_deadline, objection_decision_start

    seed(shared_data)
    objections = list(Objection.objects.select_related("decision__case"))
    assert len(objections) > 100
    for objection in objections:
        decision = objection.decision
        assert decision.kind == DecisionKind.FINAL and objection.received_on > decision.case.decided_on
        assert objection.term_ends == decision.objection_period_ends
        assert objection.received_in_time == (
            objection.received_on <= objection.term_ends
            or (objection.posted_on is not None and objection.posted_on <= objection.term_ends
                and objection.received_on <= objection.term_ends + dt.timedelta(days=7))
        )  # fmt: skip
        start = objection_decision_start(objection.term_ends, objection.received_on)
        assert objection.decision_start == start
        assert objection.deadline == objection_decision_deadline(start, with_committee=objection.with_committee).date
        assert (objection.outcome == "") == (objection.closed_on is None)
        assert (objection.deadline_state == "stopped") == (objection.closed_on is not None)
        if not objection.received_in_time and objection.outcome:
            assert objection.outcome == "inadmissible"
    assert {o.channel for o in objections} == {"portal", "letter"}
    assert any(o.pro_forma for o in objections) and any(not o.pro_forma for o in objections)


def test_by_default_the_histories_run_up_to_today_so_the_report_shows_recent_weeks(shared_data):
    from schadeloket.reporting.weekly import weekly_report

    out = StringIO()
    call_command("seed_demo", "--scale", "small", "--data-dir", str(shared_data), "--skip-external", stdout=out)
    today = timezone.localdate()
    latest = StatusChange.objects.latest("changed_on").changed_on
    assert today - dt.timedelta(days=7) <= latest < today
    assert f"tot en met {today - dt.timedelta(days=1):%d-%m-%Y}" in out.getvalue()
    report = weekly_report(today - dt.timedelta(weeks=11), today)  # the staff page's default period
    assert report.has_activity
    assert sum(row.submitted for row in report.totals) > 100 and sum(row.completed for row in report.totals) > 100


def test_avv_under_the_2025_design_opens_per_municipality(shared_data):
    from schadeloket.schemes.registry import get_scheme

    seed(shared_data, reference_date=dt.date(2026, 1, 1))
    parameters = get_scheme("AVV").parameters
    new_design = parameters["avv_2025_amounts_from"]
    openings = {"Eemsdelta": parameters["avv_open_from_eemsdelta"], "Groningen": parameters["avv_open_from_groningen"]}
    late = Case.objects.filter(scheme_code="AVV", received_on__gte=new_design).select_related("building__address")
    assert late.count() > 50
    for case in late:
        municipality = case.building.address.municipality
        assert municipality in openings and case.received_on >= openings[municipality], case.reference
    assert 0.2 < late.filter(pre_registered=True).count() / late.count() < 0.5  # about a third pre-registered
    assert not Case.objects.filter(scheme_code="AVV", received_on__lt=new_design, pre_registered=True).exists()
    amounts = set(Decision.objects.filter(case__in=late, kind="final", granted=True).values_list("amount", flat=True))
    assert max(amounts) > Decimal("5000.00")  # the 2025 cap for a building is EUR 10,000
