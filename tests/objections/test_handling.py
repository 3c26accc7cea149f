"""Handling an objection: one owner, the term stored at receipt, lateness judged by the lawyer,
repair requests that suspend the term and lapse, grounds from the portal and by letter, contacts,
the committee, one extension, postponement with consent. Each step one audit event; refused steps
change nothing; two lawyers at once: the second is told."""

import datetime as dt

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.terms import end_of_term, objection_decision_deadline
from schadeloket.decisions.models import Decision
from schadeloket.messaging.models import Message
from schadeloket.objections.models import ObjectionAttachment, RepairRequest
from schadeloket.objections.services import (
    ObjectionConcurrentChange,
    ObjectionError,
    add_grounds_from_portal,
    assign_owner,
    extend_term,
    judge_lateness,
    lapse_due_repairs,
    postpone_with_consent,
    record_contact,
    record_grounds,
    record_repair,
    refer_to_committee,
    register_letter_objection,
    request_repair,
    submit_objection,
)
from tests.dossier.conftest import applicant_request
from tests.factories import UserFactory

from .conftest import fresh

pytestmark = pytest.mark.django_db


def objection_events(objection, action=None):
    events = AuditEvent.objects.filter(object_type="objections.objection", object_id=str(objection.public_id))
    return events.filter(action=action) if action else events


def late_letter_objection(final, applicant, lawyer, *, received_days_ago=30, grounds=""):
    """A letter that came `received_days_ago` days ago, ten days after the objection term ended."""
    today = timezone.localdate()
    received_on = today - dt.timedelta(days=received_days_ago)
    Decision.objects.filter(pk=final.pk).update(objection_period_ends=received_on - dt.timedelta(days=10))
    final.refresh_from_db()
    objection = register_letter_objection(
        final, grounds=grounds, objector=applicant, received_on=received_on, user=lawyer
    )
    assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    return fresh(objection)


# --- receipt and owner ----------------------------------------------------------------------------


def test_the_decision_term_is_stored_at_receipt(objection, final):
    # VES: 12 weeks to object from today; then six weeks to decide (Awb 7:10), Atw applied.
    assert objection.decision_start == objection.term_ends == final.objection_period_ends
    assert objection.deadline == objection_decision_deadline(objection.term_ends).date
    assert objection.status == "received" and objection.deadline_state == "ok"


def test_an_attachment_comes_with_the_objection_and_a_refused_file_refuses_everything(applicant, final):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ObjectionError, match="PDF"):
        submit_objection(
            final,
            grounds="Zie bijlage",
            request=applicant_request(),
            attachment=SimpleUploadedFile("virus.exe", b"MZ\x90\x00 not a photo"),
        )
    assert not final.objections.exists()
    pdf = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
    objection = submit_objection(
        final, grounds="Zie bijlage", request=applicant_request(), attachment=SimpleUploadedFile("rapport.pdf", pdf)
    )
    attachment = ObjectionAttachment.objects.get(objection=objection)
    assert attachment.document.case == final.case and attachment.document.original_filename == "rapport.pdf"


def test_one_owner_who_can_hand_it_over(objection, lawyer, colleague, handler):
    assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    taken = fresh(objection)
    assert taken.owner == lawyer and taken.status == "in_progress"
    assert objection_events(objection, "objection_assigned").get().reason == "bezwaarjurist: jurist"
    with pytest.raises(ObjectionError, match="geen bezwaarjurist|Kies een bezwaarjurist"):
        assign_owner(taken, handler, actor=lawyer, expected_version=taken.version)
    # The colleague cannot take steps on someone else's objection without taking it over.
    with pytest.raises(ObjectionError, match="is van Ellen de Vries"):
        record_contact(
            taken,
            contacted_on=timezone.localdate(),
            channel="phone",
            outcome="clarified",
            actor=colleague,
            expected_version=taken.version,
        )
    assign_owner(taken, colleague, actor=colleague, expected_version=taken.version)
    assert fresh(objection).owner == colleague
    assert objection_events(objection, "objection_assigned").last().reason == "bezwaarjurist: jurist2 (was jurist)"


def test_two_lawyers_at_once_the_second_is_told_and_nothing_changes(owned, lawyer):
    version = owned.version
    record_contact(
        owned,
        contacted_on=timezone.localdate(),
        channel="phone",
        outcome="clarified",
        actor=lawyer,
        expected_version=version,
    )
    with pytest.raises(ObjectionConcurrentChange, match="Iemand anders"):
        record_contact(
            owned,
            contacted_on=timezone.localdate(),
            channel="email",
            outcome="hearing_wanted",
            actor=lawyer,
            expected_version=version,
        )
    assert owned.contacts.count() == 1 and objection_events(owned, "objection_contact").count() == 1


def test_only_objection_lawyers_handle_objections(owned, handler):
    with pytest.raises(ObjectionError, match="Alleen een bezwaarjurist"):
        refer_to_committee(owned, actor=handler, expected_version=owned.version)
    with pytest.raises(ObjectionError, match="Alleen een bezwaarjurist"):
        assign_owner(owned, handler, actor=handler, expected_version=owned.version)


# --- intake contact -------------------------------------------------------------------------------


def test_an_intake_contact_is_recorded_with_date_channel_and_outcome(owned, lawyer):
    today = timezone.localdate()
    contact = record_contact(
        owned,
        contacted_on=today,
        channel="phone",
        outcome="hearing_wanted",
        note="Wil de scheuren laten zien.",
        actor=lawyer,
        expected_version=owned.version,
    )
    assert (contact.contacted_on, contact.channel, contact.outcome) == (today, "phone", "hearing_wanted")
    event = objection_events(owned, "objection_contact").get()
    assert event.reason == f"contact op {today:%d-%m-%Y} via phone: hearing_wanted"
    assert "scheuren" not in event.reason  # free text stays out of the audit trail
    owned = fresh(owned)
    for kwargs, message in (
        ({"channel": "fax", "outcome": "clarified"}, "Kies hoe het contact was"),
        ({"channel": "phone", "outcome": "blij"}, "Kies wat de uitkomst"),
        ({"channel": "phone", "outcome": "clarified", "contacted_on": today + dt.timedelta(days=1)}, "toekomst"),
    ):
        kwargs.setdefault("contacted_on", today)
        with pytest.raises(ObjectionError, match=message):
            record_contact(owned, actor=lawyer, expected_version=owned.version, **kwargs)
    assert owned.contacts.count() == 1


# --- lateness -------------------------------------------------------------------------------------


def test_lateness_is_the_lawyers_recorded_judgement(final, applicant, lawyer, owned):
    with pytest.raises(ObjectionError, match="kwam op tijd binnen"):
        judge_lateness(owned, excusable=True, reasoning="x", actor=lawyer, expected_version=owned.version)
    owned.delete()
    late = late_letter_objection(final, applicant, lawyer, grounds="Ik was in het ziekenhuis.")
    assert not late.received_in_time and late.late_excusable is None
    with pytest.raises(ObjectionError, match="Schrijf op waarom"):
        judge_lateness(late, excusable=True, reasoning="  ", actor=lawyer, expected_version=late.version)
    judge_lateness(
        late,
        excusable=True,
        reasoning="Opname in het ziekenhuis, met verklaring.",
        actor=lawyer,
        expected_version=late.version,
    )
    late = fresh(late)
    assert late.late_excusable is True and late.late_judged_on == timezone.localdate()
    assert objection_events(late, "objection_lateness_judged").get().reason == (
        "termijnoverschrijding verschoonbaar (Awb 6:11)"
    )


def test_a_late_objection_counts_its_decision_term_from_receipt(final, applicant, lawyer):
    late = late_letter_objection(final, applicant, lawyer)
    assert late.decision_start == late.received_on
    assert late.deadline == objection_decision_deadline(late.received_on).date


# --- repair (herstelverzuim) ----------------------------------------------------------------------


def test_a_pro_forma_objection_gets_a_dated_request_for_grounds_and_the_term_stands_still(final, applicant, lawyer):
    late = late_letter_objection(final, applicant, lawyer, received_days_ago=30)
    today = timezone.localdate()
    asked = today - dt.timedelta(days=20)
    repair = request_repair(
        late,
        kind="grounds",
        description="Schrijf waarom u het niet eens bent.",
        actor=lawyer,
        expected_version=late.version,
        on=asked,
    )
    assert repair.requested_on == asked
    assert repair.due_on == end_of_term(asked, 28).date  # PRO_FORMA_TERM_WEEKS_OTHER: 4 weeks
    late = fresh(late)
    assert late.status == "awaiting_repair" and late.suspended_since == asked
    message = Message.objects.filter(case=final.case, from_applicant=False).get()
    assert "de gronden (redenen) van het bezwaar" in message.text and "artikel 6:6" in message.text
    assert f"uiterlijk {repair.due_on:%d-%m-%Y}" in objection_events(late, "objection_repair_requested").get().reason

    # The grounds come by letter ten days later: repaired, and ten days are added to the term.
    record_grounds(
        late,
        grounds="De scheuren zijn groter.",
        received_on=asked + dt.timedelta(days=10),
        actor=lawyer,
        expected_version=late.version,
    )
    late = fresh(late)
    repair.refresh_from_db()
    assert repair.repaired_on == asked + dt.timedelta(days=10) and late.suspended_since is None
    assert late.suspended_days == 10 and late.status == "in_progress"
    assert late.deadline == objection_decision_deadline(late.decision_start, suspended_days=10).date
    assert late.grounds == "De scheuren zijn groter." and not late.pro_forma


def test_the_repair_term_may_be_longer_never_shorter(owned, lawyer):
    today = timezone.localdate()
    standard = end_of_term(today, 14).date  # REPAIR_TERM_DAYS
    with pytest.raises(ObjectionError, match="korter dan de vaste termijn"):
        request_repair(
            owned,
            kind="signature",
            description="Zet uw handtekening.",
            actor=lawyer,
            expected_version=owned.version,
            due_on=standard - dt.timedelta(days=1),
        )
    with pytest.raises(ObjectionError, match="heeft al gronden"):
        request_repair(owned, kind="grounds", description="x", actor=lawyer, expected_version=owned.version)
    longer = standard + dt.timedelta(days=7)
    repair = request_repair(
        owned,
        kind="signature",
        description="Zet uw handtekening.",
        actor=lawyer,
        expected_version=owned.version,
        due_on=longer,
    )
    assert repair.due_on == longer
    owned = fresh(owned)
    with pytest.raises(ObjectionError, match="Er loopt al een verzoek"):
        request_repair(owned, kind="other", description="Nog iets.", actor=lawyer, expected_version=owned.version)
    record_repair(owned, repaired_on=today, actor=lawyer, expected_version=owned.version)
    assert fresh(owned).status == "in_progress"


def test_an_unrepaired_request_lapses_only_after_its_term(final, applicant, lawyer):
    late = late_letter_objection(final, applicant, lawyer, received_days_ago=40)
    asked = timezone.localdate() - dt.timedelta(days=35)
    repair = request_repair(
        late, kind="grounds", description="Stuur uw redenen.", actor=lawyer, expected_version=late.version, on=asked
    )
    assert lapse_due_repairs(repair.due_on) == []  # the last day itself still counts
    assert lapse_due_repairs(repair.due_on + dt.timedelta(days=1)) == [str(late.public_id)]
    assert lapse_due_repairs(repair.due_on + dt.timedelta(days=1)) == []  # idempotent
    repair.refresh_from_db()
    late = fresh(late)
    assert repair.lapsed_on == repair.due_on and late.suspended_since is None
    assert late.suspended_days == (repair.due_on - asked).days
    event = objection_events(late, "objection_repair_lapsed").get()
    assert event.actor_label == "termijnbewaking" and "niet-ontvankelijk" in event.reason


def test_the_resident_sends_the_grounds_in_mijn_dossier(final, applicant, lawyer):
    objection = submit_objection(final, grounds="", request=applicant_request())
    assign_owner(objection, lawyer, actor=lawyer, expected_version=objection.version)
    objection = fresh(objection)
    request_repair(
        objection, kind="grounds", description="Stuur uw redenen.", actor=lawyer, expected_version=objection.version
    )
    with pytest.raises(ObjectionError, match="Schrijf eerst"):
        add_grounds_from_portal(fresh(objection), "   ", request=applicant_request())
    add_grounds_from_portal(fresh(objection), "De schade is veel groter.", request=applicant_request())
    objection = fresh(objection)
    assert objection.grounds == "De schade is veel groter." and objection.status == "in_progress"
    assert RepairRequest.objects.get().repaired_on == timezone.localdate()
    event = objection_events(objection, "objection_grounds_added").get()
    assert event.actor_label == f"applicant:{applicant.public_id}" and "verzuim hersteld" in event.reason
    # More reasons later are added, not overwritten.
    add_grounds_from_portal(objection, "En de schoorsteen.", request=applicant_request())
    assert fresh(objection).grounds.startswith("De schade is veel groter.\n\nAanvulling van ")
    assert fresh(objection).grounds.endswith("En de schoorsteen.")


# --- the decision term ----------------------------------------------------------------------------


def test_the_committee_makes_it_twelve_weeks_and_the_objector_is_told(owned, lawyer, final):
    refer_to_committee(owned, actor=lawyer, expected_version=owned.version)
    owned = fresh(owned)
    assert (
        owned.with_committee
        and owned.deadline == objection_decision_deadline(owned.decision_start, with_committee=True).date
    )
    assert "Bezwaaradviescommissie" in Message.objects.get(case=final.case).text
    with pytest.raises(ObjectionError, match="al naar de Bezwaaradviescommissie"):
        refer_to_committee(owned, actor=lawyer, expected_version=owned.version)


def test_the_term_is_extended_once_by_at_most_six_weeks(owned, lawyer, final):
    with pytest.raises(ObjectionError, match="1 tot en met 42"):
        extend_term(owned, days=43, reason="Advies nodig", actor=lawyer, expected_version=owned.version)
    with pytest.raises(ObjectionError, match="waarom meer tijd"):
        extend_term(owned, days=42, reason="", actor=lawyer, expected_version=owned.version)
    extend_term(
        owned, days=42, reason="Wij vragen een deskundige om advies.", actor=lawyer, expected_version=owned.version
    )
    owned = fresh(owned)
    assert owned.extended_days == 42
    assert owned.deadline == objection_decision_deadline(owned.decision_start, extension_days=42).date
    message = Message.objects.get(case=final.case)
    assert "Wij vragen een deskundige om advies." in message.text and "één keer" in message.text
    with pytest.raises(ObjectionError, match="al een keer verdaagd"):
        extend_term(owned, days=7, reason="Nog meer", actor=lawyer, expected_version=owned.version)
    # Further only with the objector's consent (Awb 7:10 lid 4), recorded with date and how.
    postpone_with_consent(
        owned,
        days=21,
        consent_on=timezone.localdate(),
        consent_channel="phone",
        actor=lawyer,
        expected_version=owned.version,
    )
    owned = fresh(owned)
    assert owned.consent_days == 21
    assert owned.deadline == objection_decision_deadline(owned.decision_start, extension_days=42, consent_days=21).date
    assert "met instemming van de indiener (phone" in objection_events(owned, "objection_postponed").get().reason


def test_no_extension_after_the_term_has_passed(final, applicant, lawyer):
    late = late_letter_objection(final, applicant, lawyer, received_days_ago=60)
    assert late.deadline < timezone.localdate()
    with pytest.raises(ObjectionError, match="al voorbij"):
        extend_term(late, days=42, reason="Te laat bedacht", actor=lawyer, expected_version=late.version)
    assert fresh(late).extended_days == 0


def test_a_step_by_someone_without_a_role_is_refused(owned):
    nobody = UserFactory(roles=[])
    with pytest.raises(ObjectionError, match="Alleen een bezwaarjurist"):
        record_contact(
            owned,
            contacted_on=timezone.localdate(),
            channel="phone",
            outcome="clarified",
            actor=nobody,
            expected_version=owned.version,
        )
