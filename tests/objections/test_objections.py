"""Receiving an objection: the term (Awb 6:7/6:8 with the Algemene termijnenwet), in time or late
(Awb 6:9, postal grace), pro forma, one per person per decision, portal and letter, audited."""

import datetime as dt

import pytest
from django.utils import timezone

from schadeloket.cases.models import CaseParty, PartyRole
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.objections.models import Objection
from schadeloket.objections.selectors import (
    objection_term_ends,
    objection_window,
    received_in_time,
)
from schadeloket.objections.services import ObjectionError, register_letter_objection, submit_objection
from tests.dossier.conftest import applicant_request, events
from tests.factories import UserFactory, final_decision_for

pytestmark = pytest.mark.django_db


def final_of(case):
    return Decision.objects.get(case=case, kind=DecisionKind.FINAL)


# --- the term -------------------------------------------------------------------------------------


def test_in_time_is_up_to_and_including_the_last_day():
    last = dt.date(2025, 6, 2)
    assert received_in_time(last, last)
    assert not received_in_time(last, last + dt.timedelta(days=1))


def test_a_letter_posted_in_time_counts_when_it_arrives_within_a_week():
    last = dt.date(2025, 6, 2)
    assert received_in_time(last, last + dt.timedelta(days=7), posted_on=last)
    assert not received_in_time(last, last + dt.timedelta(days=8), posted_on=last)
    assert not received_in_time(last, last + dt.timedelta(days=3), posted_on=last + dt.timedelta(days=1))


def test_the_term_is_the_decisions_own_and_ends_on_a_working_day(decided_case):
    final = final_of(decided_case)
    assert objection_term_ends(final) == final.objection_period_ends
    # A stored end on a Saturday (older data) moves to the Monday (Atw art. 1).
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=dt.date(2025, 5, 31))
    assert objection_term_ends(final_of(decided_case)) == dt.date(2025, 6, 2)


def test_without_a_stored_end_the_term_is_counted_from_the_letter(own_case, handler):
    final = final_decision_for(own_case, handler)
    assert final.objection_period_ends is None
    Letter.objects.create(
        decision=final, template="x", pdf="letters/x.pdf", sha256="0" * 64, sent_on=dt.date(2025, 3, 21)
    )
    # VES: 12 weeks (Schade gebouw) from Friday 21 March 2025 is Friday 13 June 2025.
    assert objection_term_ends(final) == dt.date(2025, 6, 13)
    window = objection_window(final, today=dt.date(2025, 6, 13))
    assert window.open and window.days_left == 1 and window.term.weeks == 12
    assert not objection_window(final, today=dt.date(2025, 6, 14)).open


def test_a_draft_has_no_objection_term(draft_case):
    draft = Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT)
    assert objection_term_ends(draft) is None and objection_window(draft) is None


# --- receiving ------------------------------------------------------------------------------------


def test_a_portal_objection_is_received_in_time_and_audited_without_its_grounds(applicant, decided_case):
    objection = submit_objection(final_of(decided_case), grounds="  Te weinig.  ", request=applicant_request())
    assert objection.grounds == "Te weinig." and objection.received_in_time and not objection.pro_forma
    assert objection.status == "received" and objection.channel == "portal"
    assert objection.received_on == timezone.localdate()
    assert objection.submitted_by_label == f"applicant:{applicant.public_id}"
    event = events(decided_case, "objection_received").get()
    assert "Te weinig" not in event.reason and "op tijd" in event.reason
    assert event.changed_fields == ["objections"]


def test_a_late_objection_is_received_and_marked_late(applicant, decided_case):
    final = final_of(decided_case)
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=dt.date(2025, 1, 10))
    objection = submit_objection(final, grounds="", request=applicant_request())
    assert not objection.received_in_time and objection.pro_forma
    assert "na de bezwaartermijn" in events(decided_case, "objection_received").get().reason


def test_one_objection_per_person_per_decision(applicant, decided_case):
    final = final_of(decided_case)
    submit_objection(final, grounds="", request=applicant_request())
    with pytest.raises(ObjectionError, match="U heeft al bezwaar gemaakt"):
        submit_objection(final, grounds="Nog een keer", request=applicant_request())
    assert Objection.objects.count() == 1 and events(decided_case, "objection_received").count() == 1


def test_no_objection_to_a_draft_or_to_someone_elses_decision(applicant, draft_case, others_case, handler):
    draft = Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT)
    with pytest.raises(ObjectionError, match="zienswijze"):
        submit_objection(draft, grounds="", request=applicant_request())
    with pytest.raises(ObjectionError, match="uw eigen zaak"):
        submit_objection(final_decision_for(others_case, handler), grounds="", request=applicant_request())
    with pytest.raises(ObjectionError, match="te lang"):
        submit_objection(draft, grounds="x" * 20_001, request=applicant_request())
    assert not Objection.objects.exists()


def test_staff_enter_a_letter_with_its_postmark(decided_case, applicant):
    final = final_of(decided_case)
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=dt.date(2025, 6, 2))
    lawyer = UserFactory(username="jurist", roles=["Bezwaarjurist"])
    objection = register_letter_objection(
        final,
        grounds="Zie brief",
        objector=applicant,
        received_on=dt.date(2025, 6, 5),
        posted_on=dt.date(2025, 6, 2),
        user=lawyer,
    )
    assert objection.channel == "letter" and objection.received_in_time
    assert objection.submitted_by_label == "brief, ingevoerd door jurist"
    assert events(decided_case, "objection_received").get().actor_label == "jurist"


def test_a_letter_needs_the_right_role_and_sensible_dates(decided_case, applicant, other_person):
    final = final_of(decided_case)
    lawyer = UserFactory(roles=["Bezwaarjurist"])
    today = timezone.localdate()
    with pytest.raises(ObjectionError, match="Alleen een bezwaarjurist"):
        register_letter_objection(
            final, grounds="", objector=applicant, received_on=today, user=UserFactory(roles=["Toetser"])
        )
    with pytest.raises(ObjectionError, match="toekomst"):
        register_letter_objection(
            final, grounds="", objector=applicant, received_on=today + dt.timedelta(days=1), user=lawyer
        )
    with pytest.raises(ObjectionError, match="op de post"):
        register_letter_objection(
            final,
            grounds="",
            objector=applicant,
            received_on=today,
            posted_on=today + dt.timedelta(days=1),
            user=lawyer,
        )
    with pytest.raises(ObjectionError, match="geen partij bij zaak"):
        register_letter_objection(final, grounds="", objector=other_person, received_on=today, user=lawyer)
    CaseParty.objects.create(case=decided_case, person=other_person, role=PartyRole.CO_APPLICANT)
    register_letter_objection(final, grounds="", objector=other_person, received_on=today, user=lawyer)
    assert Objection.objects.count() == 1


def test_a_case_guide_may_object_for_the_resident_and_the_audit_says_so(applicant, decided_case, acting_guide):
    from schadeloket.identity.session import parse_on_behalf_of

    client, guide, authorisation = acting_guide
    response = client.post(f"/mijn/{decided_case.reference}/bezwaar/", {"grounds": "Samen opgesteld."})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert objection.objector == applicant
    assert objection.submitted_by_label == f"zaakbegeleider namens applicant:{applicant.public_id}"
    event = events(decided_case, "objection_received").get()
    assert event.actor_label == "zaakbegeleider"
    assert parse_on_behalf_of(event.reason)["authorisation"] == str(authorisation.public_id)
