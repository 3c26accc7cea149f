"""The case work pages: forms that refuse in Dutch and keep what was typed, the work list's order
and filters, registering at the counter, documents behind an access check, and the way to payment."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.cases.models import Case
from schadeloket.cases.services import assign, transition
from schadeloket.decisions.models import DecisionKind
from schadeloket.payment_orders.models import PaymentBatch, PaymentOrder, PaymentStatus
from tests.casework.conftest import BSN, client_for
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory

pytestmark = pytest.mark.django_db

GOOD_IBAN = "NL91ABNA0417164300"


def url(case, tail=""):
    return f"/behandeling/{case.reference}/{tail}"


# --- the work list --------------------------------------------------------------------------------


def test_work_list_is_ordered_by_deadline_and_filters(handler_client, handler, make_case):
    late = make_case("VES", received_on=dt.date(2025, 5, 1))
    soon = make_case("AVV", received_on=dt.date(2025, 1, 6), start=False)
    groningen = make_case(
        "VES",
        received_on=dt.date(2025, 3, 1),
        building=BuildingFactory(address=AddressFactory(municipality="Groningen")),
        in_core_area=True,
    )
    assign(late, handler, actor=handler, expected_version=late.version)

    text = handler_client.get("/behandeling/").content.decode()
    assert text.index(soon.reference) < text.index(groningen.reference) < text.index(late.reference)
    assert "binnen termijn" in text or "termijn verstreken" in text or "termijn in gevaar" in text

    def refs(query):
        body = handler_client.get("/behandeling/?" + query).content.decode()
        return {ref for ref in (late.reference, soon.reference, groningen.reference) if ref in body}

    assert refs("scheme=AVV") == {soon.reference}
    assert refs("status=received") == {soon.reference}
    assert refs("handler=mine") == {late.reference}
    assert refs("handler=unassigned") == {soon.reference, groningen.reference}
    assert refs("area=core") == {groningen.reference}
    assert refs("area=other") == {late.reference, soon.reference}
    assert refs("municipality=Groningen") == {groningen.reference}


def test_the_municipality_filter_lists_the_register_and_is_read_once(handler_client, make_case):
    make_case("VES", building=BuildingFactory(address=AddressFactory(municipality="Midden-Groningen")))
    AddressFactory(municipality="Eemsdelta")  # no open case there: choosing it gives an empty list
    first = handler_client.get("/behandeling/").content.decode()
    assert '<option value="Eemsdelta">' in first and '<option value="Midden-Groningen">' in first
    with CaptureQueriesContext(connection) as captured:
        handler_client.get("/behandeling/")
    assert not [q for q in captured.captured_queries if "DISTINCT" in q["sql"] and "municipality" in q["sql"]]


def test_work_list_pages_by_fifty(handler_client, make_case):
    for _ in range(51):
        make_case(start=False)
    first = handler_client.get("/behandeling/")
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["cases"]) == 50
    assert "pagina=2" in first.content.decode()
    assert len(handler_client.get("/behandeling/?pagina=2").context["cases"]) == 1


def test_deadline_state_is_a_word_not_only_a_colour(handler_client, make_case):
    make_case(received_on=dt.date(2024, 1, 8))  # long overdue
    text = handler_client.get("/behandeling/").content.decode()
    assert "termijn verstreken" in text


# --- a new application at the counter ---------------------------------------------------------------


def test_register_a_new_application_by_bsn(handler_client, applicant):
    relation = BuildingRelationFactory(person=applicant)
    response = handler_client.post("/behandeling/nieuw/", {"bsn": "111 222 333"})
    assert response.status_code == 200
    text = response.content.decode()
    assert BSN not in text and "*****2333" in text and "Anna Dijkstra" in text
    assert str(relation.building.address) in text
    today = timezone.localdate()
    response = handler_client.post(
        "/behandeling/nieuw/",
        {
            "person": str(applicant.public_id),
            "building": str(relation.building.pk),
            "scheme": "VES",
            "received_on": today.isoformat(),
        },
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert response["Location"] == f"/behandeling/{case.reference}/"
    assert BSN not in response["Location"]
    assert case.scheme_code == "VES" and case.received_on == today and case.building == relation.building


def test_unknown_bsn_is_told_in_dutch_and_not_echoed(handler_client):
    response = handler_client.post("/behandeling/nieuw/", {"bsn": "123456782"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Er staat niemand met dit BSN in het register" in text
    assert "123456782" not in text


def test_impossible_bsn_keeps_what_was_typed(handler_client):
    response = handler_client.post("/behandeling/nieuw/", {"bsn": "12345"})
    assert response.status_code == 400
    assert 'value="12345"' in response.content.decode()


def test_new_application_errors_keep_the_choices(handler_client, applicant):
    relation = BuildingRelationFactory(person=applicant)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = handler_client.post(
        "/behandeling/nieuw/",
        {
            "person": str(applicant.public_id),
            "building": str(relation.building.pk),
            "scheme": "VES",
            "received_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "kan niet in de toekomst liggen" in text
    assert 'value="VES" selected' in text
    assert Case.objects.count() == 0


# --- steps, optimistic lock, reasons ----------------------------------------------------------------


def test_missing_reason_is_refused_in_dutch(handler_client, make_case):
    case = make_case()
    response = handler_client.post(
        url(case, "stap/"), {"name": "ask_applicant", "version": case.version, "reason": " "}
    )
    assert response.status_code == 400
    assert "Geef een reden bij" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_stale_version_keeps_the_typed_reason(handler_client, handler, make_case):
    case = make_case()
    stale = case.version
    assign(case, handler, actor=handler, expected_version=case.version)  # someone else was quicker
    response = handler_client.post(
        url(case, "stap/"), {"name": "ask_applicant", "version": stale, "reason": "Foto's van de scheur nodig"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Iemand anders heeft zaak" in text
    assert "Foto&#x27;s van de scheur nodig" in text
    # the page now carries the current version: a second try works
    case.refresh_from_db()
    assert f'name="version" value="{case.version}"' in text
    response = handler_client.post(
        url(case, "stap/"), {"name": "ask_applicant", "version": case.version, "reason": "Foto's van de scheur nodig"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "waiting_for_applicant"


def test_steps_of_another_role_are_disabled_with_the_reason(handler_client, make_case):
    case = make_case()
    text = handler_client.get(url(case)).content.decode()
    assert "disabled" in text
    assert "Neem het besluit hieronder bij" in text  # 'decide' goes through the decision


def test_decide_cannot_be_taken_as_a_bare_step(handler_client, make_case):
    case = make_case()
    response = handler_client.post(url(case, "stap/"), {"name": "decide", "version": case.version})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_assign_to_me(handler_client, handler, make_case):
    case = make_case()
    response = handler_client.post(url(case, "toewijzen/"), {"version": case.version, "to_me": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == handler


# --- decision, letter, payment ----------------------------------------------------------------------


def test_from_rules_to_paid(handler_client, handler, make_case, eligible):
    case = make_case()
    response = handler_client.post(url(case, "besluit/regels/"), {"version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    page = handler_client.get(url(case)).content.decode()
    assert "Technisch spoor van de regels" in page and "versie" in page

    # deviate without a reason: Dutch error, the amount typed stays
    response = handler_client.post(
        url(case, "besluit/afwijken/"), {"version": case.version, "granted": "yes", "amount": "12.345,67", "reason": ""}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Schrijf op waarom u afwijkt van de regels" in text
    assert 'value="12.345,67"' in text

    response = handler_client.post(url(case, "besluit/definitief/"), {"version": case.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    case.refresh_from_db()
    assert case.status == "decided"
    final = case.decisions.get(kind=DecisionKind.FINAL)
    letter = final.letters.get()
    page = handler_client.get(url(case)).content.decode()
    assert letter.sha256[:16] in page and "bestand klopt" in page
    download = handler_client.get(url(case, f"brieven/{letter.pk}/"))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")

    # a bad IBAN: Dutch error, what was typed stays
    response = handler_client.post(
        url(case, "betaling/"), {"payee_kind": "applicant", "payee_name": "A. Dijkstra", "iban": "NL00ABNA0123456789"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "NL00ABNA0123456789" in text and "A. Dijkstra" in text
    assert "IBAN" in text and PaymentOrder.objects.count() == 0

    response = handler_client.post(
        url(case, "betaling/"), {"payee_kind": "applicant", "payee_name": "A. Dijkstra", "iban": GOOD_IBAN}
    )
    assert response.status_code == 302
    assert PaymentOrder.objects.get().status == PaymentStatus.PENDING

    response = handler_client.post(
        "/behandeling/betalingen/maken/", {"execution_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 302
    batch = PaymentBatch.objects.get()
    xml = handler_client.get(f"/behandeling/betalingen/{batch.message_id}/bestand/")
    assert xml.status_code == 200 and b"pain.001" in xml.content
    assert handler_client.post(f"/behandeling/betalingen/{batch.message_id}/betaald/").status_code == 302
    case.refresh_from_db()
    assert case.status == "paid"
    assert "Betaald" in handler_client.get(url(case)).content.decode()


def test_finalize_with_a_stale_version_is_refused(handler_client, handler, make_case, eligible):
    case = make_case()
    handler_client.post(url(case, "besluit/regels/"), {"version": case.version})
    response = handler_client.post(url(case, "besluit/definitief/"), {"version": 1})
    assert response.status_code == 400
    assert "Iemand anders heeft zaak" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_export_without_pending_orders_is_told(handler_client):
    response = handler_client.post(
        "/behandeling/betalingen/maken/", {"execution_date": timezone.localdate().isoformat()}
    )
    assert response.status_code == 400
    assert "Er zijn geen betalingen om te versturen." in response.content.decode()


def test_a_reviewer_cannot_make_payments(make_case):
    client, _user = client_for("Toetser")
    assert client.post("/behandeling/betalingen/maken/", {"execution_date": "2030-01-01"}).status_code == 403


# --- review -----------------------------------------------------------------------------------------


def test_review_four_eyes_and_return_with_reason(handler_client, handler, make_case, eligible):
    from schadeloket.sampling.models import SamplingPolicy

    SamplingPolicy.objects.update(new_handler_count=5)
    case = make_case()
    handler_client.post(url(case, "besluit/regels/"), {"version": case.version})
    case.refresh_from_db()
    transition(case, "send_to_review", actor=handler, expected_version=case.version)

    reviewer_client, reviewer = client_for("Toetser", username="toetser")
    assert case.reference in reviewer_client.get("/behandeling/toetsing/").content.decode()
    page = reviewer_client.get(f"/behandeling/toetsing/{case.reference}/").content.decode()
    assert "Waarom in de steekproef" in page
    response = reviewer_client.post(
        f"/behandeling/toetsing/{case.reference}/", {"version": case.version, "outcome": "return", "reason": ""}
    )
    assert response.status_code == 400
    assert "Geef een reden waarom u het besluit terugstuurt" in response.content.decode()

    # a handler who is also a reviewer may not review their own draft
    handler.groups.add(*reviewer.groups.all())
    response = handler_client.post(
        f"/behandeling/toetsing/{case.reference}/", {"version": case.version, "outcome": "approve", "reason": ""}
    )
    assert response.status_code == 400
    assert "vier ogen" in response.content.decode()

    response = reviewer_client.post(
        f"/behandeling/toetsing/{case.reference}/",
        {"version": case.version, "outcome": "return", "reason": "Bouwjaar controleren"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "in_progress"


def test_sampling_statistics_for_managers_only(make_case):
    manager, _user = client_for("Manager")
    assert manager.get("/behandeling/toetsing/statistiek/").status_code == 200
    guide, _user = client_for("Zaakbegeleider")
    assert guide.get("/behandeling/toetsing/statistiek/").status_code == 403


# --- documents --------------------------------------------------------------------------------------


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_document_upload_and_access_checked_download(handler_client, make_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case()
    response = handler_client.post(
        url(case, "documenten/"),
        {"kind": "photo", "file": SimpleUploadedFile("scheur.png", png_bytes(), content_type="image/png")},
    )
    assert response.status_code == 302
    document = case.documents.get()
    link = url(case, f"documenten/{document.public_id}/")
    assert link in handler_client.get(url(case)).content.decode()
    download = handler_client.get(link)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"\x89PNG")
    assert AuditEvent.objects.filter(action=AuditAction.VIEW, object_id=case.reference, reason__contains="document")

    contractor, _user = client_for("Aannemer")
    assert contractor.get(link).status_code == 403
    other = make_case()
    assert handler_client.get(url(other, f"documenten/{document.public_id}/")).status_code == 404


def test_a_script_is_refused_in_dutch(handler_client, make_case):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = make_case()
    response = handler_client.post(
        url(case, "documenten/"),
        {"kind": "photo", "file": SimpleUploadedFile("foto.png", b"#!/bin/sh\nrm -rf /\n", content_type="image/png")},
    )
    assert response.status_code == 400
    assert case.documents.count() == 0
    assert 'class="utrecht-form-field-error-message"' in response.content.decode()
