"""Messages between resident and institute: the services, and the staff side on the case page."""

import pytest
from django.test import Client

from schadeloket.identity.session import parse_on_behalf_of
from schadeloket.messaging.models import Message
from schadeloket.messaging.selectors import unread_for_applicant, unread_for_staff
from schadeloket.messaging.services import (
    MessageError,
    mark_read_by_staff,
    reply_from_staff,
    send_from_applicant,
)
from tests.backoffice.conftest import log_in
from tests.dossier.conftest import OTHER_BSN, applicant_request, events
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_applicant_writes_only_about_their_own_case(applicant, own_case, others_case):
    request = applicant_request()
    message = send_from_applicant(own_case, " Hallo ", request=request)
    assert message.text == "Hallo" and message.from_applicant and message.author_user is None
    with pytest.raises(MessageError, match="alleen berichten sturen over uw eigen zaak"):
        send_from_applicant(others_case, "Hallo", request=request)
    with pytest.raises(MessageError, match="Schrijf eerst uw bericht"):
        send_from_applicant(own_case, "   ", request=request)
    with pytest.raises(MessageError, match="te lang"):
        send_from_applicant(own_case, "x" * 5001, request=request)
    assert Message.objects.count() == 1
    assert events(own_case, "message_from_applicant").count() == 1
    assert not events(others_case, "message_from_applicant").exists()


def test_a_reply_marks_the_applicants_messages_read_in_one_event(applicant, own_case, handler):
    send_from_applicant(own_case, "Vraag", request=applicant_request())
    assert unread_for_staff(own_case) == 1
    reply = reply_from_staff(own_case, "Antwoord", user=handler)
    assert not reply.from_applicant and reply.author_label == "Bea Jansen (behandelaar)"
    assert unread_for_staff(own_case) == 0 and unread_for_applicant(own_case) == 1
    event = events(own_case, "message_from_staff").get()
    assert event.actor_label == "behandelaar" and event.changed_fields == ["messages", "messages.read_at"]
    assert "Antwoord" not in event.reason


def test_only_staff_who_work_with_applicants_write_to_them(own_case):
    with pytest.raises(MessageError, match="Alleen een behandelaar"):
        reply_from_staff(own_case, "Hallo", user=UserFactory(roles=["Toetser"]))
    with pytest.raises(MessageError):
        mark_read_by_staff(own_case, user=UserFactory(roles=["Manager"]))
    assert not Message.objects.exists()


def test_marking_read_without_reply_writes_an_event_only_when_something_changed(applicant, own_case, handler):
    assert mark_read_by_staff(own_case, user=handler) == 0
    assert not events(own_case, "messages_read").exists()
    send_from_applicant(own_case, "Vraag", request=applicant_request())
    assert mark_read_by_staff(own_case, user=handler) == 1
    assert events(own_case, "messages_read").count() == 1


def test_a_case_guide_acting_for_the_resident_is_named_in_the_message_and_the_audit(applicant, own_case, acting_guide):
    client, guide, authorisation = acting_guide
    response = client.post(f"/mijn/{own_case.reference}/berichten/", {"text": "Namens mevrouw: een vraag."})
    assert response.status_code == 302
    message = Message.objects.get()
    assert message.author_label == "Zoë Smit (zaakbegeleider), namens Anna Dijkstra"
    assert message.author_user == guide and message.author_person == applicant
    event = events(own_case, "message_from_applicant").get()
    assert event.actor_label == "zaakbegeleider"
    assert parse_on_behalf_of(event.reason) == {
        "person": str(applicant.public_id),
        "authorisation": str(authorisation.public_id),
    }


# --- the staff case page ---------------------------------------------------------------------------


@pytest.fixture
def handler_client(handler):
    return log_in(Client(), handler)


def test_staff_see_the_conversation_and_reply_on_the_case_page(handler_client, applicant, own_case):
    send_from_applicant(own_case, "Wanneer hoor ik iets?", request=applicant_request())
    html = handler_client.get(f"/behandeling/{own_case.reference}/").content.decode()
    assert 'id="berichten"' in html and "Wanneer hoor ik iets?" in html and "1 nieuw" in html
    assert "Gelezen, zonder antwoord" in html
    response = handler_client.post(f"/behandeling/{own_case.reference}/berichten/", {"text": ""})
    assert response.status_code == 400 and "Schrijf eerst uw bericht." in response.content.decode()
    response = handler_client.post(f"/behandeling/{own_case.reference}/berichten/", {"text": "Volgende week."})
    assert response.status_code == 302 and response["Location"].endswith("#berichten")
    assert Message.objects.filter(from_applicant=False, text="Volgende week.").exists()
    assert unread_for_staff(own_case) == 0
    timeline = handler_client.get(f"/behandeling/{own_case.reference}/tijdlijn/").content.decode()
    assert "Bericht van de aanvrager" in timeline and "Bericht aan de aanvrager" in timeline


def test_staff_mark_messages_read_without_replying(handler_client, applicant, own_case):
    send_from_applicant(own_case, "Ter info.", request=applicant_request())
    response = handler_client.post(f"/behandeling/{own_case.reference}/berichten/", {"read": "1", "text": ""})
    assert response.status_code == 302
    assert unread_for_staff(own_case) == 0 and Message.objects.count() == 1


def test_a_reviewer_reads_but_cannot_write(applicant, own_case):
    client = log_in(Client(), UserFactory(username="toetser", roles=["Toetser"]))
    assert "Berichten" in client.get(f"/behandeling/{own_case.reference}/").content.decode()
    response = client.post(f"/behandeling/{own_case.reference}/berichten/", {"text": "Hallo"})
    assert response.status_code == 400 and "Alleen een behandelaar" in response.content.decode()
    assert not Message.objects.exists()


def test_another_applicants_session_cannot_reach_this_case(client, demo_login_on, own_case, other_person):
    from tests.dossier.conftest import log_in_applicant

    log_in_applicant(client, OTHER_BSN)
    assert client.post(f"/mijn/{own_case.reference}/berichten/", {"text": "x"}).status_code == 404
