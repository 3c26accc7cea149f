"""Inspection and expert advice: the report, the verdict per damage, and the rules deciding on them."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Task, TaskStatus
from schadeloket.cases.services import open_case, transition
from schadeloket.documents.services import upload_document
from schadeloket.inspections.models import DamageItem, InspectionReport, Verdict
from schadeloket.inspections.selectors import advice_complete, inspection_complete, latest_report
from schadeloket.inspections.services import (
    InspectionError,
    maatwerk_answers,
    record_expert_assessment,
    record_inspection,
)
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.maatwerk.scheme import Maatwerk
from tests.factories import BuildingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
RECEIVED = dt.date(2025, 3, 3)
INSPECTED = dt.date(2025, 4, 1)
ASSESSED = dt.date(2025, 4, 15)
ITEMS = [
    {"description": "scheur in de gevel", "location": "voorgevel"},
    {"description": "scheur in het plafond", "location": "woonkamer"},
    {"description": "tegel los", "location": "badkamer"},
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def inspector():
    return UserFactory(roles=["Opnemer"])


@pytest.fixture
def expert():
    return UserFactory(roles=["Opnemer"])


def new_case(handler, scheme_code="MAATWERK"):
    return open_case(
        scheme_code=scheme_code,
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=RECEIVED,
        actor=handler,
    )


@pytest.fixture
def case(handler):
    """A maatwerk case whose inspection is planned (which opens an inspection task)."""
    case = new_case(handler)
    transition(case, "start", actor=handler, expected_version=case.version)
    transition(case, "plan_inspection", actor=handler, expected_version=case.version)
    return case


@pytest.fixture
def report(case, inspector):
    return record_inspection(case, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=inspector)


def assess_all(report, expert, verdicts_and_costs):
    for item, (verdict, cost) in zip(report.items.order_by("number"), verdicts_and_costs, strict=True):
        record_expert_assessment(
            item, verdict=verdict, repair_cost=cost, expert=expert, actor=expert, assessed_on=ASSESSED
        )


def maatwerk_facts() -> Facts:
    return Facts(reference_date=ASSESSED, applicant_is_owner=True, in_effect_area=True, within_6km=True)


def photo_of(case, handler):
    out = io.BytesIO()
    Image.new("RGB", (16, 16)).save(out, format="JPEG")
    return upload_document(case, SimpleUploadedFile("scheur.jpg", out.getvalue()), kind="photo", actor=handler)


def test_recording_an_inspection_stores_its_damages_audits_and_closes_the_inspection_task(case, inspector, handler):
    assert inspection_complete(case) == "Leg eerst het rapport van de schade-opname vast. Daarna kan deze stap."
    photo = photo_of(case, handler)
    items = [{**ITEMS[0], "photo": photo}, ITEMS[1]]
    report = record_inspection(
        case, inspector=inspector, inspected_on=INSPECTED, items=items, actor=inspector, notes="  bewoner aanwezig "
    )
    assert report.notes == "bewoner aanwezig"
    assert [(i.number, i.description, i.location, i.photo) for i in report.items.all()] == [
        (1, "scheur in de gevel", "voorgevel", photo),
        (2, "scheur in het plafond", "woonkamer", None),
    ]
    assert inspection_complete(case) is None
    event = AuditEvent.objects.get(action="inspection_recorded")
    assert (event.object_type, event.object_id) == ("cases.case", case.reference)
    task = Task.objects.get(case=case, kind="inspection")
    assert task.status == TaskStatus.DONE and task.done_at is not None


def test_the_guards_let_the_process_steps_through_once_the_work_is_done(case, report, inspector, expert):
    transition(case, "inspection_done", actor=inspector, expected_version=case.version)
    assert advice_complete(case) == (
        "De deskundige heeft nog geen oordeel gegeven over schade 1, 2, 3. Vraag de deskundige dat eerst te doen."
    )
    assert Task.objects.get(case=case, kind="expert_advice").status == TaskStatus.OPEN
    assess_all(report, expert, [("yes", "3400"), ("nee", "1200"), (None, "1000")])
    assert advice_complete(case) is None
    assert Task.objects.get(case=case, kind="expert_advice").status == TaskStatus.DONE
    transition(case, "advice_received", actor=expert, expected_version=case.version)
    assert case.status == "draft_decision"


def test_the_assessed_damages_decide_the_maatwerk_amount(case, report, expert):
    assess_all(report, expert, [(True, Decimal("3400.00")), (False, "1200"), ("onbekend", "1000,50")])
    answers = maatwerk_answers(case)
    assert answers == {
        "damage_items": [
            {"description": "scheur in de gevel (voorgevel)", "verdict": True, "repair_cost": Decimal("3400.00")},
            {"description": "scheur in het plafond (woonkamer)", "verdict": False, "repair_cost": Decimal("1200.00")},
            {"description": "tegel los (badkamer)", "verdict": None, "repair_cost": Decimal("1000.50")},
        ]
    }
    outcome = Maatwerk().decide(maatwerk_facts(), answers={**answers, "application_date": RECEIVED})
    # yes 3400 + unknown 1000.50 (the evidence presumption applies in the effect area) + nuisance 300
    assert outcome.amount == Decimal("4700.50")
    assert any("Niet vergoed: scheur in het plafond (woonkamer)" in reason for reason in outcome.reasons)


def test_outside_the_presumption_area_an_unknown_verdict_does_not_count(case, report, expert):
    assess_all(report, expert, [("yes", "3400"), ("no", "1200"), ("unknown", "1000")])
    facts = Facts(reference_date=ASSESSED, applicant_is_owner=True, in_effect_area=False, within_6km=False)
    outcome = Maatwerk().decide(facts, answers={**maatwerk_answers(case), "application_date": RECEIVED})
    assert outcome.amount == Decimal("3700.00")


def test_the_rules_never_decide_on_half_an_advice_report(case, report, expert):
    first = report.items.get(number=1)
    record_expert_assessment(first, verdict="yes", repair_cost="3400", expert=expert, actor=expert)
    with pytest.raises(InspectionError, match="nog geen oordeel gegeven over schade 2, 3"):
        maatwerk_answers(case)


def test_without_an_inspection_there_are_no_answers(case):
    with pytest.raises(InspectionError, match="nog geen schade-opname"):
        maatwerk_answers(case)


def test_a_revised_report_replaces_the_earlier_one(case, report, inspector, expert):
    assess_all(report, expert, [("yes", "3400"), ("no", "1200"), ("unknown", "1000")])
    revised = record_inspection(
        case,
        inspector=inspector,
        inspected_on=dt.date(2025, 5, 1),
        items=[{"description": "scheur in de gevel, groter dan eerst", "location": "voorgevel"}],
        actor=inspector,
    )
    assert latest_report(case) == revised
    with pytest.raises(InspectionError, match="nog geen oordeel"):
        maatwerk_answers(case)
    old_item = report.items.get(number=1)
    with pytest.raises(InspectionError, match="vervangen door een nieuwer rapport"):
        record_expert_assessment(old_item, verdict="no", repair_cost="0", expert=expert, actor=expert)
    record_expert_assessment(
        revised.items.get(),
        verdict="yes",
        repair_cost="5000",
        expert=expert,
        actor=expert,
        assessed_on=dt.date(2025, 5, 2),
    )
    assert maatwerk_answers(case)["damage_items"][0]["repair_cost"] == Decimal("5000.00")
    assert InspectionReport.objects.filter(case=case).count() == 2  # the earlier one stays for the record


def test_an_expert_may_revise_an_assessment_and_the_audit_trail_keeps_both(case, report, expert):
    item = report.items.get(number=1)
    record_expert_assessment(item, verdict="yes", repair_cost="3400", expert=expert, actor=expert)
    record_expert_assessment(item, verdict="no", repair_cost="3400", expert=expert, actor=expert)
    item.refresh_from_db()
    assert item.verdict == Verdict.NO
    actions = list(
        AuditEvent.objects.filter(object_id=case.reference, action__startswith="expert_assessment")
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == ["expert_assessment_recorded", "expert_assessment_revised"]


# --- roles ----------------------------------------------------------------------------------------


def test_only_an_inspector_can_be_the_inspector(case, handler):
    with pytest.raises(InspectionError, match="geen opnemer"):
        record_inspection(case, inspector=handler, inspected_on=INSPECTED, items=ITEMS, actor=handler)
    assert InspectionReport.objects.count() == 0


def test_a_handler_may_type_in_a_paper_report_but_someone_without_a_role_may_not(case, handler, inspector):
    nobody = UserFactory()
    with pytest.raises(InspectionError, match="Alleen een opnemer of een behandelaar"):
        record_inspection(case, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=nobody)
    assert InspectionReport.objects.count() == 0
    record_inspection(case, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=handler)
    assert InspectionReport.objects.count() == 1


def test_only_an_inspector_can_be_the_expert(case, report, handler, expert):
    item = report.items.get(number=1)
    with pytest.raises(InspectionError, match="geen deskundige"):
        record_expert_assessment(item, verdict="yes", repair_cost="100", expert=handler, actor=handler)
    with pytest.raises(InspectionError, match="Alleen een deskundige of een behandelaar"):
        record_expert_assessment(item, verdict="yes", repair_cost="100", expert=expert, actor=UserFactory())
    item.refresh_from_db()
    assert not item.is_assessed
    assert not AuditEvent.objects.filter(action__startswith="expert_assessment").exists()


# --- bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"inspected_on": dt.date(2025, 3, 2)}, "niet eerder zijn dan de aanvraag"),
        ({"inspected_on": dt.date.today() + dt.timedelta(days=2)}, "ligt in de toekomst"),
        ({"inspected_on": "2025-04-01"}, "Vul bij 'opgenomen op' een datum in"),
        ({"items": [{"description": "  "}]}, "Schade 1: beschrijf de schade"),
        ({"items": [ITEMS[0], {"description": "x", "verdict": "yes"}]}, "Schade 2: onbekend veld verdict"),
        ({"items": [{"description": "x" * 501}]}, "hoogstens 500 tekens"),
        ({"items": "scheur"}, "als een lijst"),
    ],
)
def test_bad_inspection_input_is_refused_and_changes_nothing(case, inspector, changes, message):
    arguments = {"inspector": inspector, "inspected_on": INSPECTED, "items": ITEMS, "actor": inspector, **changes}
    with pytest.raises(InspectionError, match=message):
        record_inspection(case, **arguments)
    assert InspectionReport.objects.count() == 0 and DamageItem.objects.count() == 0
    assert not AuditEvent.objects.filter(action="inspection_recorded").exists()
    assert Task.objects.get(case=case, kind="inspection").status == TaskStatus.OPEN


def test_a_photo_must_be_an_image_of_this_case(case, inspector, handler):
    other_case = new_case(handler)
    foreign = photo_of(other_case, handler)
    with pytest.raises(InspectionError, match="Schade 1: kies een foto die bij deze zaak"):
        record_inspection(
            case, inspector=inspector, inspected_on=INSPECTED, items=[{**ITEMS[0], "photo": foreign}], actor=inspector
        )
    pdf = upload_document(case, SimpleUploadedFile("offerte.pdf", b"%PDF-1.4\n%%EOF\n"), kind="quote", actor=handler)
    with pytest.raises(InspectionError, match="kies een foto"):
        record_inspection(
            case, inspector=inspector, inspected_on=INSPECTED, items=[{**ITEMS[0], "photo": pdf}], actor=inspector
        )
    assert InspectionReport.objects.count() == 0


@pytest.mark.parametrize(
    ("verdict", "cost", "assessed_on", "message"),
    [
        ("misschien", "100", ASSESSED, "Kies als oordeel"),
        ("yes", "-1", ASSESSED, "bedrag in euro's"),
        ("yes", "12,345", ASSESSED, "hoogstens twee cijfers achter de komma"),
        ("yes", "duur", ASSESSED, "bedrag in euro's"),
        ("yes", None, ASSESSED, "bedrag in euro's"),
        ("yes", True, ASSESSED, "bedrag in euro's"),
        ("yes", "NaN", ASSESSED, "bedrag in euro's"),
        ("yes", "100", dt.date(2025, 3, 31), "niet eerder zijn dan de opname"),
    ],
)
def test_a_bad_assessment_is_refused_and_changes_nothing(case, report, expert, verdict, cost, assessed_on, message):
    item = report.items.get(number=1)
    with pytest.raises(InspectionError, match=message):
        record_expert_assessment(
            item, verdict=verdict, repair_cost=cost, expert=expert, actor=expert, assessed_on=assessed_on
        )
    item.refresh_from_db()
    assert (item.verdict, item.repair_cost, item.expert, item.assessed_on) == ("", None, None, None)


def test_a_scheme_without_inspection_takes_no_report(handler, inspector):
    avv = new_case(handler, "AVV")
    transition(avv, "start", actor=handler, expected_version=avv.version)
    with pytest.raises(InspectionError, match="geen schade-opname"):
        record_inspection(avv, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=inspector)


def test_a_case_not_yet_started_or_already_decided_takes_no_report(handler, inspector):
    fresh = new_case(handler)
    with pytest.raises(InspectionError, match="status 'Ontvangen'"):
        record_inspection(fresh, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=inspector)
    transition(fresh, "withdraw", actor=handler, expected_version=fresh.version, reason="aanvrager trekt in")
    with pytest.raises(InspectionError, match="status 'Ingetrokken'"):
        record_inspection(fresh, inspector=inspector, inspected_on=INSPECTED, items=ITEMS, actor=inspector)
