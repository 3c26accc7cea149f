"""Hearings (where, when, invitation letter and message, minutes as a document) and court cases
(beroep, hoger beroep, their effect: a new amount through the follow-up case, or a new decision on
the objection by the court's date)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from schadeloket.cases.models import Case
from schadeloket.documents.models import Document
from schadeloket.messaging.models import Message
from schadeloket.objections.models import Hearing, Revision
from schadeloket.objections.services import (
    ObjectionError,
    cancel_hearing,
    decide_objection,
    plan_hearing,
    record_hearing_held,
    register_appeal,
    update_appeal,
)
from tests.planning.factories import SupportPointFactory

from .conftest import fresh
from .test_handling import objection_events

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def in_days(days, hour=10):
    moment = timezone.localtime() + dt.timedelta(days=days)
    return moment.replace(hour=hour, minute=30, second=0, microsecond=0)


# --- hearings -------------------------------------------------------------------------------------


def test_a_hearing_at_a_support_point_with_an_invitation_letter_and_message(owned, lawyer, final):
    point = SupportPointFactory(name="Steunpunt Loppersum")
    starts = in_days(14)
    hearing = plan_hearing(
        owned,
        location_kind="support_point",
        support_point=point,
        starts_at=starts,
        actor=lawyer,
        expected_version=owned.version,
    )
    assert hearing.status == "planned" and hearing.support_point == point
    assert fresh(owned).status == "hearing_planned"
    invitation = hearing.invitation
    assert (
        invitation.kind == "letter" and invitation.case == final.case and invitation.content_type == "application/pdf"
    )
    message = Message.objects.get(case=final.case)
    assert "Steunpunt Loppersum, Kerkstraat 1, 9919 AA Loppersum" in message.text
    assert f"{starts:%H:%M} uur" in message.text
    assert "hoorzitting" in objection_events(owned, "objection_hearing_planned").get().reason


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"location_kind": "img_office"}, "adres van het kantoor"),
        ({"location_kind": "support_point"}, "Kies een steunpunt"),
        ({"location_kind": "mobile"}, "geen mobiel steunpunt"),
        ({"location_kind": "boot"}, "Kies waar"),
        ({"location_kind": "video", "starts_at": -1}, "in het verleden"),
        ({"location_kind": "video", "with_committee": True}, "eerst naar de Bezwaaradviescommissie"),
    ],
)
def test_a_hearing_needs_a_place_a_future_moment_and_for_the_committee_a_referral(owned, lawyer, kwargs, message):
    kwargs["starts_at"] = in_days(kwargs.get("starts_at", 7))
    letters = Document.objects.filter(kind="letter").count()
    with pytest.raises(ObjectionError, match=message):
        plan_hearing(owned, actor=lawyer, expected_version=owned.version, **kwargs)
    assert not Hearing.objects.exists() and Document.objects.filter(kind="letter").count() == letters
    assert not Message.objects.exists() and fresh(owned).version == owned.version


def test_the_mobile_support_point_and_the_office_say_where(owned, lawyer):
    SupportPointFactory(
        name="Mobiel steunpunt", is_mobile=True, street="", house_number="", postcode="", place="", municipality=""
    )
    hearing = plan_hearing(
        owned,
        location_kind="mobile",
        location_detail="Markt, Appingedam",
        starts_at=in_days(5),
        actor=lawyer,
        expected_version=owned.version,
    )
    assert hearing.support_point.is_mobile
    from schadeloket.objections.selectors import hearing_place

    assert hearing_place(hearing) == "Mobiel steunpunt: Markt, Appingedam"
    with pytest.raises(ObjectionError, match="al een hoorzitting gepland"):
        plan_hearing(
            fresh(owned),
            location_kind="video",
            starts_at=in_days(6),
            actor=lawyer,
            expected_version=fresh(owned).version,
        )


def test_minutes_after_the_hearing_and_a_cancellation_is_told(owned, lawyer, final):
    hearing = plan_hearing(
        owned, location_kind="video", starts_at=in_days(3), actor=lawyer, expected_version=owned.version
    )
    with pytest.raises(ObjectionError, match="nog niet geweest"):
        record_hearing_held(
            hearing,
            minutes_file=SimpleUploadedFile("verslag.pdf", PDF),
            actor=lawyer,
            expected_version=fresh(owned).version,
        )
    Hearing.objects.filter(pk=hearing.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    hearing.refresh_from_db()
    record_hearing_held(
        hearing,
        minutes_file=SimpleUploadedFile("verslag.pdf", PDF),
        actor=lawyer,
        expected_version=fresh(owned).version,
    )
    hearing.refresh_from_db()
    assert hearing.status == "held" and hearing.minutes.kind == "report" and hearing.minutes.case == final.case
    assert fresh(owned).status == "in_progress"
    # After a hearing the decision needs no reason to skip it, and the letter mentions it.
    decide_objection(
        fresh(owned),
        outcome="unfounded",
        reasons="Wij blijven bij het besluit.",
        actor=lawyer,
        expected_version=fresh(owned).version,
    )
    assert fresh(owned).no_hearing_reason == ""

    # Planning another is not possible once decided.
    with pytest.raises(ObjectionError, match="al afgehandeld"):
        plan_hearing(
            fresh(owned),
            location_kind="video",
            starts_at=in_days(3),
            actor=lawyer,
            expected_version=fresh(owned).version,
        )


def test_cancelling_a_hearing_tells_the_objector(owned, lawyer, final):
    hearing = plan_hearing(
        owned, location_kind="video", starts_at=in_days(3), actor=lawyer, expected_version=owned.version
    )
    with pytest.raises(ObjectionError, match="waarom de hoorzitting niet doorgaat"):
        cancel_hearing(hearing, reason="", actor=lawyer, expected_version=fresh(owned).version)
    cancel_hearing(
        hearing,
        reason="De jurist is ziek; u krijgt een nieuwe datum.",
        actor=lawyer,
        expected_version=fresh(owned).version,
    )
    hearing.refresh_from_db()
    assert hearing.status == "cancelled" and fresh(owned).status == "in_progress"
    assert "gaat niet door" in Message.objects.filter(case=final.case).last().text


# --- appeals --------------------------------------------------------------------------------------


@pytest.fixture
def decided(owned, lawyer):
    decide_objection(
        owned,
        outcome="unfounded",
        reasons="Wij blijven bij het besluit.",
        no_hearing_reason="waived",
        actor=lawyer,
        expected_version=owned.version,
    )
    return fresh(owned)


def test_an_appeal_needs_a_decision_on_the_objection(owned, lawyer):
    with pytest.raises(ObjectionError, match="nog geen beslissing"):
        register_appeal(
            owned,
            court="rechtbank_nn",
            case_number="LEE 25/1234",
            filed_on=timezone.localdate(),
            filed_by="objector",
            actor=lawyer,
        )


def test_the_court_sets_a_new_amount_that_goes_through_the_follow_up_case(decided, lawyer):
    today = timezone.localdate()
    appeal = register_appeal(
        decided, court="rechtbank_nn", case_number="LEE 25/1234", filed_on=today, filed_by="objector", actor=lawyer
    )
    with pytest.raises(ObjectionError, match="al geregistreerd"):
        register_appeal(
            decided, court="rechtbank_nn", case_number="LEE 25/1234", filed_on=today, filed_by="objector", actor=lawyer
        )
    with pytest.raises(ObjectionError, match="zaaknummer van de rechter"):
        register_appeal(
            decided, court="rechtbank_nn", case_number="<script>", filed_on=today, filed_by="objector", actor=lawyer
        )
    with pytest.raises(ObjectionError, match="Vul het bedrag in"):
        update_appeal(
            appeal,
            judgment_on=today,
            outcome="upheld",
            effect="amount_set",
            actor=lawyer,
            expected_version=appeal.version,
        )
    update_appeal(
        appeal,
        hearing_on=today,
        judgment_on=today,
        outcome="upheld",
        effect="amount_set",
        ordered_amount="18.000",
        actor=lawyer,
        expected_version=appeal.version,
    )
    revision = Revision.objects.get(appeal=appeal)
    assert revision.source == "court" and revision.difference == Decimal("8000.00")
    appeal.refresh_from_db()
    assert (appeal.outcome, appeal.effect, appeal.ordered_amount) == ("upheld", "amount_set", Decimal("18000.00"))
    assert "nieuw totaal € 18.000" in objection_events(decided, "appeal_updated").get().reason
    # A retry of the same form changes nothing and opens no second case.
    with pytest.raises(ObjectionError):
        update_appeal(
            appeal,
            hearing_on=today,
            judgment_on=today,
            outcome="upheld",
            effect="amount_set",
            ordered_amount="18.000",
            actor=lawyer,
            expected_version=appeal.version - 1,
        )
    assert Revision.objects.count() == 1 and Case.objects.count() == 2

    # Higher appeal by the institute against that judgment.
    higher = register_appeal(
        decided,
        court="raad_van_state",
        case_number="202501234/1/A2",
        filed_on=today,
        filed_by="institute",
        appeal_of=appeal,
        actor=lawyer,
    )
    assert higher.is_higher_appeal and higher.appeal_of == appeal


def test_a_higher_appeal_needs_a_judgment_to_appeal_against(decided, lawyer):
    today = timezone.localdate()
    appeal = register_appeal(
        decided, court="rechtbank_nn", case_number="LEE 25/99", filed_on=today, filed_by="objector", actor=lawyer
    )
    with pytest.raises(ObjectionError, match="nog geen uitspraak"):
        register_appeal(
            decided,
            court="raad_van_state",
            case_number="202501/1",
            filed_on=today,
            filed_by="objector",
            appeal_of=appeal,
            actor=lawyer,
        )
    with pytest.raises(ObjectionError, match="Kies de uitspraak"):
        register_appeal(
            decided, court="raad_van_state", case_number="202501/1", filed_on=today, filed_by="objector", actor=lawyer
        )


def test_the_court_orders_a_new_decision_on_the_objection_by_its_date(decided, lawyer):
    today = timezone.localdate()
    appeal = register_appeal(
        decided, court="rechtbank_nn", case_number="LEE 25/77", filed_on=today, filed_by="objector", actor=lawyer
    )
    due = today + dt.timedelta(days=42)
    with pytest.raises(ObjectionError, match="tot wanneer"):
        update_appeal(
            appeal,
            judgment_on=today,
            outcome="upheld",
            effect="new_decision",
            actor=lawyer,
            expected_version=appeal.version,
        )
    update_appeal(
        appeal,
        judgment_on=today,
        outcome="upheld",
        effect="new_decision",
        new_decision_due_on=due,
        actor=lawyer,
        expected_version=appeal.version,
    )
    reopened = fresh(decided)
    assert reopened.is_open and reopened.outcome == "" and reopened.closed_on is None
    assert reopened.deadline == reopened.court_deadline == due
    with pytest.raises(ObjectionError, match="De rechter heeft de termijn"):
        from schadeloket.objections.services import extend_term

        extend_term(reopened, days=7, reason="x", actor=lawyer, expected_version=reopened.version)
    # The new decision closes it again.
    decide_objection(
        reopened,
        outcome="well_founded",
        new_amount="12000",
        reasons="Na de uitspraak.",
        no_hearing_reason="fully_granted",
        actor=lawyer,
        expected_version=reopened.version,
    )
    assert fresh(decided).outcome == "well_founded" and Revision.objects.get().difference == Decimal("2000.00")
