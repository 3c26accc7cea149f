"""Every open scheme from receipt to paid decision through the staff pages, with the Django client.

For each scheme a handler registers the application at the counter, takes the process's steps
(inspection and expert advice where the process has them), answers the scheme's questions on the
case page as a staff member would (the filled forms of tests/schemes/test_questions.py), makes the
draft from the rules, takes the decision, orders the payment, exports the batch and marks it paid.
Only the register lookup is replaced (by the facts on which each filled form applies); rules,
process, audit, letters and payments are the real ones.
"""

import datetime as dt

import pytest
from django.utils import timezone

from schadeloket.cases.models import Case
from schadeloket.cases.selectors import process_for
from schadeloket.decisions.models import DecisionKind
from schadeloket.payment_orders.models import PaymentBatch, PaymentOrder
from schadeloket.schemes.engine.questions import Kind
from schadeloket.schemes.registry import all_schemes, get_scheme
from tests.casework.conftest import BSN
from tests.factories import BuildingRelationFactory, UserFactory
from tests.schemes.test_questions import FACTS, FILLED_FORMS

pytestmark = pytest.mark.django_db

GOOD_IBAN = "NL91ABNA0417164300"
RECEIVED = dt.date(2025, 11, 3)
OPEN_SCHEMES = sorted(scheme.code for scheme in all_schemes() if not scheme.is_switched_off)
# The IMG invites for sustainable repair; nobody can apply, so the rules always refuse an application.
REFUSED_BY_DESIGN = {"DUURZAAM_HERSTEL"}
# These grant a route, not money: emergency measures (AOS), the Interventieteam, the joint approach with NCG.
ROUTES_NOT_MONEY = {"AOS", "ESCALATIE", "SAMENLOOP"}


def url(case, tail=""):
    return f"/behandeling/{case.reference}/{tail}"


def filled_for(code: str):
    return next((filled for filled in FILLED_FORMS if filled.code == code), None)


def post_data(code: str, answers: dict) -> dict:
    """The answers as a staff member types them into the case page's form."""
    data = {}
    for question in get_scheme(code).questions:
        value = answers.get(question.name)
        if value is None:
            continue
        if question.kind is Kind.REPAIR_ITEMS:
            for number, item in enumerate(value, start=1):
                prefix = f"{question.name}-{number}"
                data[f"{prefix}-description"] = item["description"]
                data[f"{prefix}-type"] = item["type"]
                data[f"{prefix}-room"] = item.get("room", "")
                data[f"{prefix}-amount"] = "" if item.get("amount") is None else str(item["amount"]).replace(".", ",")
                if item.get("assessed_before"):
                    data[f"{prefix}-assessed_before"] = "on"
        elif question.kind is Kind.YES_NO:
            data[question.name] = "yes" if value else "no"
        elif question.kind in (Kind.AMOUNT, Kind.NUMBER):
            data[question.name] = str(value).replace(".", ",")
        elif question.kind is Kind.DATETIME:
            data[question.name] = timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")
        elif question.kind in (Kind.TEXT_LIST, Kind.AMOUNT_LIST):
            data[question.name] = "\n".join(str(entry).replace(".", ",") for entry in value)
        else:
            data[question.name] = str(value)
    return data


def step(client, case, name, reason=""):
    case.refresh_from_db()
    response = client.post(url(case, "stap/"), {"name": name, "version": case.version, "reason": reason})
    assert response.status_code == 302, (name, response.content.decode()[:3000])
    case.refresh_from_db()


def inspect_and_advise(client, case, inspector):
    """Inspection with one damage, and the expert's verdict on it: what the process's guards ask."""
    step(client, case, "plan_inspection")
    response = client.post(
        url(case, "opname/"),
        {
            "inspector": str(inspector.pk),
            "inspected_on": RECEIVED.isoformat(),
            "items": "scheur in de gevel; voorgevel",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step(client, case, "inspection_done")
    item = case.inspection_reports.get().items.get()
    prefix = f"item-{item.pk}"
    response = client.post(
        url(case, f"opname/{item.pk}/oordeel/"),
        {f"{prefix}-verdict": "yes", f"{prefix}-repair_cost": "6400", f"{prefix}-expert": str(inspector.pk)},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    step(client, case, "advice_received")


@pytest.fixture
def register_says(monkeypatch):
    def use(facts):
        monkeypatch.setattr(
            "schadeloket.decisions.services.gather_facts",
            lambda *, building, person=None, on_date, pre_registered_avv=False: facts,
        )

    return use


@pytest.mark.parametrize("code", OPEN_SCHEMES)
def test_from_receipt_to_paid_through_the_pages(code, handler_client, applicant, register_says):
    filled = filled_for(code)
    register_says(filled.facts if filled else FACTS[code])
    inspector = UserFactory(username="opnemer", roles=["Opnemer"])
    relation = BuildingRelationFactory(person=applicant)

    # receipt at the counter: the BSN is POSTed, then building, scheme and date
    assert handler_client.post("/behandeling/nieuw/", {"bsn": BSN}).status_code == 200
    response = handler_client.post(
        "/behandeling/nieuw/",
        {
            "person": str(applicant.public_id),
            "building": str(relation.building.pk),
            "scheme": code,
            "received_on": RECEIVED.isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get(scheme_code=code)
    step(handler_client, case, "start")

    if "plan_inspection" in {transition.name for transition in process_for(code).transitions}:
        inspect_and_advise(handler_client, case, inspector)

    # the scheme's questions, answered on the case page; then the draft from the rules
    if get_scheme(code).questions:
        data = {**post_data(code, filled.answers), "version": case.version, "action": "draft"}
        response = handler_client.post(url(case, "besluit/antwoorden/"), data)
    else:
        response = handler_client.post(url(case, "besluit/regels/"), {"version": case.version})
    assert response.status_code == 302, response.content.decode()[:4000]
    case.refresh_from_db()
    draft = case.decisions.get(kind=DecisionKind.DRAFT)
    if code in REFUSED_BY_DESIGN:
        assert draft.granted is False
    elif code in ROUTES_NOT_MONEY:
        assert draft.granted is True and draft.amount == 0 and draft.rule_outcome["routes"]
    else:
        assert draft.granted is True and draft.amount > 0, draft.rule_outcome["conditions"]
        if filled and filled.amount is not None:
            assert draft.amount == filled.amount

    if case.status == "draft_decision":  # the applicant may react on the draft (zienswijze)
        response = handler_client.post(url(case, "besluit/zienswijze/"), {"text": "Ik ben het eens met het ontwerp."})
        assert response.status_code == 302, response.content.decode()[:3000]
        step(handler_client, case, "view_received")

    response = handler_client.post(url(case, "besluit/definitief/"), {"version": case.version})
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == "decided"
    final = case.decisions.get(kind=DecisionKind.FINAL)
    assert final.letters.get().pdf.read(4) == b"%PDF"
    if code in REFUSED_BY_DESIGN | ROUTES_NOT_MONEY:
        assert final.granted is (code in ROUTES_NOT_MONEY)
        page = handler_client.get(url(case)).content.decode()
        assert "Betaalopdracht maken" not in page  # nothing to pay
        step(handler_client, case, "close")
        assert case.status == "closed"
        return

    response = handler_client.post(
        url(case, "betaling/"), {"payee_kind": "applicant", "payee_name": "A. Dijkstra", "iban": GOOD_IBAN}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    order = PaymentOrder.objects.get(decision=final)
    assert order.amount == final.amount
    response = handler_client.post(
        "/behandeling/betalingen/maken/", {"execution_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    assert handler_client.post(f"/behandeling/betalingen/{batch.message_id}/betaald/").status_code == 302
    case.refresh_from_db()
    assert case.status == "paid"


def test_switched_off_schemes_cannot_be_registered(handler_client, applicant):
    """VHV and the fixed nuisance payment wait for a political decision: the counter refuses them."""
    switched_off = sorted(scheme.code for scheme in all_schemes() if scheme.is_switched_off)
    assert switched_off == ["OVERLAST", "VHV"]
    relation = BuildingRelationFactory(person=applicant)
    page = handler_client.post("/behandeling/nieuw/", {"bsn": BSN}).content.decode()
    assert 'value="VES"' in page and 'value="VHV"' not in page and 'value="OVERLAST"' not in page
    data = {"person": str(applicant.public_id), "building": str(relation.building.pk), "received_on": "2025-11-03"}
    response = handler_client.post("/behandeling/nieuw/", {**data, "scheme": "VHV"})
    assert response.status_code == 400 and not Case.objects.exists()
