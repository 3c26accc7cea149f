"""Machtigingen: a case guide records consent, acts for the applicant, and the audit trail says so."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.audit.services import verify_chain
from schadeloket.identity import services, session
from schadeloket.identity.models import Authorisation, ConsentMethod
from schadeloket.identity.selectors import active_authorisations
from tests.factories import UserFactory

from .conftest import BSN

pytestmark = pytest.mark.django_db


def record(case_guide, person, **overrides):
    today = timezone.localdate()
    values = {
        "case_guide": case_guide,
        "person": person,
        "consent_given_on": today,
        "consent_method": ConsentMethod.IN_PERSON,
        "valid_until": today + dt.timedelta(days=180),
        "recorded_by": case_guide,
    }
    values.update(overrides)
    return services.record_authorisation(**values)


def test_recording_writes_one_audit_event_without_personal_data(case_guide, applicant):
    authorisation = record(case_guide, applicant, consent_reference="FORM-2025-0042")
    event = AuditEvent.objects.get(action=services.ACTION_RECORDED)
    assert event.actor_id == case_guide.pk
    assert (event.object_type, event.object_id) == ("identity.authorisation", str(authorisation.public_id))
    assert event.reason == f"case guide zaakbegeleider for person {applicant.public_id}; consent in_person"
    assert BSN not in event.reason and "Dijkstra" not in event.reason
    assert authorisation.is_active()


def test_only_a_case_guide_may_get_a_machtiging(applicant):
    handler = UserFactory(roles=["Behandelaar"])
    with pytest.raises(ValidationError) as error:
        record(handler, applicant)
    assert error.value.message_dict["case_guide"] == ["Alleen een zaakbegeleider kan namens een inwoner handelen."]
    assert not Authorisation.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"consent_given_on": dt.date(2999, 1, 1)}, "consent_given_on", "Deze datum ligt in de toekomst."),
        ({"valid_until": dt.date(2000, 1, 1)}, "valid_until", "De einddatum ligt in het verleden"),
        ({"valid_until": dt.date(2999, 1, 1)}, "valid_until", "Een machtiging geldt hoogstens een jaar."),
        ({"consent_method": "phone"}, "consent_method", "Kies hoe de inwoner toestemming gaf."),
    ],
)
def test_impossible_machtigingen_are_refused_in_dutch(case_guide, applicant, overrides, field, message):
    with pytest.raises(ValidationError) as error:
        record(case_guide, applicant, **overrides)
    assert error.value.message_dict[field][0].startswith(message)
    assert not AuditEvent.objects.filter(action=services.ACTION_RECORDED).exists()


def test_revoking_ends_it_and_is_audited_once(case_guide, applicant):
    authorisation = record(case_guide, applicant)
    services.revoke_authorisation(authorisation, by=case_guide, reason="De inwoner wil het zelf doen.")
    services.revoke_authorisation(authorisation, by=case_guide)
    authorisation.refresh_from_db()
    assert not authorisation.is_active()
    assert authorisation.revocation_reason == "De inwoner wil het zelf doen."
    assert AuditEvent.objects.filter(action=services.ACTION_REVOKED).count() == 1
    assert not active_authorisations(case_guide=case_guide).exists()


def test_acting_for_an_applicant_makes_them_the_current_applicant(case_guide, case_guide_client, applicant):
    authorisation = record(case_guide, applicant)
    response = case_guide_client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/", follow=True)
    assert response.redirect_chain == [("/mijn/", 302)]
    assert "U handelt namens Anna Dijkstra" in response.text
    assert "Stoppen met namens handelen" in response.text
    stored = case_guide_client.session[session.SESSION_KEY]
    assert stored["via"] == "authorisation"
    assert stored["authorisation"] == str(authorisation.public_id)


def test_everything_done_for_the_applicant_carries_on_behalf_of(case_guide, case_guide_client, applicant, own_case):
    authorisation = record(case_guide, applicant)
    case_guide_client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    request = RequestFactory().post("/")
    request.session = case_guide_client.session
    request.user = case_guide
    assert session.current_applicant(request) == applicant
    assert session.applicant_bsn(request) == BSN

    event = session.record_applicant_event(
        request, action="document_added", obj=own_case, changed_fields=["documents"], reason="photo of a crack"
    )
    assert event.actor_id == case_guide.pk
    assert event.reason == (
        f"photo of a crack [on_behalf_of person={applicant.public_id} authorisation={authorisation.public_id}]"
    )
    assert session.parse_on_behalf_of(event.reason) == {
        "person": str(applicant.public_id),
        "authorisation": str(authorisation.public_id),
    }
    started = AuditEvent.objects.get(action=session.ACTION_ACTING_STARTED)
    assert session.parse_on_behalf_of(started.reason)["person"] == str(applicant.public_id)

    case_guide_client.post("/medewerkers/machtigingen/stoppen/")
    stopped = AuditEvent.objects.get(action=session.ACTION_ACTING_STOPPED)
    assert stopped.actor_id == case_guide.pk
    assert session.parse_on_behalf_of(stopped.reason)["authorisation"] == str(authorisation.public_id)
    assert session.SESSION_KEY not in case_guide_client.session
    assert case_guide_client.get("/medewerkers/").status_code == 200  # the staff login stays
    assert verify_chain().ok


def test_events_that_services_record_themselves_also_say_on_whose_behalf(
    case_guide, case_guide_client, applicant, own_case, private_media
):
    """An upload in Mijn Dossier is recorded by the documents service with its own actor; acting
    for the resident, that event too ends with the on-behalf-of note (set once per request)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    authorisation = record(case_guide, applicant)
    case_guide_client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    png = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(png, format="PNG")
    response = case_guide_client.post(
        f"/mijn/{own_case.reference}/documenten/",
        {"kind": "photo", "file": SimpleUploadedFile("scheur.png", png.getvalue())},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.filter(action="document_added").get()
    assert event.actor_id == case_guide.pk
    assert session.parse_on_behalf_of(event.reason) == {
        "person": str(applicant.public_id),
        "authorisation": str(authorisation.public_id),
    }
    assert event.reason.count("[on_behalf_of") == 1
    assert verify_chain().ok


def test_an_applicants_own_events_name_them_and_no_one_else(client, demo_login_on, applicant, own_case):
    client.post("/inloggen/demo-digid/", {"bsn": BSN})
    request = RequestFactory().post("/")
    request.session = client.session
    event = session.record_applicant_event(request, action="document_added", obj=own_case, reason="photo")
    assert event.actor_label == f"applicant:{applicant.public_id}"
    assert event.actor_id is None
    assert session.parse_on_behalf_of(event.reason) is None


def test_revoking_while_acting_ends_the_acting(case_guide, case_guide_client, applicant):
    authorisation = record(case_guide, applicant)
    case_guide_client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    services.revoke_authorisation(authorisation, by=UserFactory(roles=["Beheerder"]))
    response = case_guide_client.get("/mijn/", follow=True)
    assert "De machtiging geldt niet meer." in response.text
    assert session.SESSION_KEY not in case_guide_client.session


def test_another_case_guides_machtiging_cannot_be_used(case_guide_client, applicant):
    colleague = UserFactory(username="collega", roles=["Zaakbegeleider"])
    authorisation = record(colleague, applicant)
    response = case_guide_client.post(f"/medewerkers/machtigingen/{authorisation.public_id}/namens/")
    assert response.status_code == 404
    assert session.SESSION_KEY not in case_guide_client.session


def test_act_for_refuses_an_expired_machtiging(case_guide, applicant):
    authorisation = record(case_guide, applicant)
    Authorisation.objects.filter(pk=authorisation.pk).update(
        valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2020, 12, 31)
    )
    authorisation.refresh_from_db()
    request = RequestFactory().post("/")
    request.session = {}
    request.user = case_guide
    with pytest.raises(PermissionDenied):
        session.act_for(request, authorisation)


def test_the_page_records_a_machtiging_by_bsn_in_the_post_body(case_guide, case_guide_client, applicant):
    today = timezone.localdate()
    response = case_guide_client.post(
        "/medewerkers/machtigingen/",
        {
            "bsn": BSN,
            "consent_method": "in_person",
            "consent_given_on": today.isoformat(),
            "valid_until": (today + dt.timedelta(days=90)).isoformat(),
        },
        follow=True,
    )
    assert response.redirect_chain == [("/medewerkers/machtigingen/", 302)]
    assert "De machtiging voor Anna Dijkstra is vastgelegd." in response.text
    assert BSN not in response.text  # only the masked form is shown
    assert "*****2333" in response.text
    assert Authorisation.objects.get().person == applicant


def test_the_page_says_in_dutch_when_nobody_has_that_bsn(case_guide_client):
    today = timezone.localdate()
    response = case_guide_client.post(
        "/medewerkers/machtigingen/",
        {"bsn": BSN, "consent_method": "in_person", "consent_given_on": today.isoformat(), "valid_until": "2999-01-01"},
    )
    assert response.status_code == 400
    assert "Er staat niemand met dit BSN in het register." in response.text


def test_the_page_is_for_case_guides_only(client, applicant):
    from tests.backoffice.conftest import log_in

    handler_client = log_in(client, UserFactory(username="behandelaar", roles=["Behandelaar"]))
    assert handler_client.get("/medewerkers/machtigingen/").status_code == 403
