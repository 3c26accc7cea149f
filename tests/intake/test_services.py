"""The intake's writes and reads: one open draft, register checks that never block, the comparison,
photos checked by content, and a submit that opens exactly one case."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import IntegrityError
from django.utils import timezone
from PIL import Image

from schadeloket.audit.models import AuditEvent
from schadeloket.audit.services import verify_chain
from schadeloket.cases.models import Case
from schadeloket.cases.terms import decision_deadline
from schadeloket.choice_help.services import Status
from schadeloket.decisions.selectors import stored_answers
from schadeloket.documents.models import DocumentKind
from schadeloket.intake import selectors, services, steps
from schadeloket.intake.actors import IntakeActor
from schadeloket.intake.models import ApplicationDraft, DraftPhoto, RegisterRelation
from schadeloket.intake.questions import APPLICANT_QUESTIONS
from schadeloket.register.buildings.models import RelationKind
from schadeloket.register.payments.models import PriorPayment
from schadeloket.schemes.engine.questions import Kind
from schadeloket.schemes.registry import get_scheme
from tests.factories import BuildingFactory, BuildingRelationFactory, PersonFactory

from .conftest import jpeg
from .helpers import complete_draft, jpeg_with_gps, polyglot_png, script_as_jpg, through_address, upload

pytestmark = pytest.mark.django_db


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file()) if Path(root).exists() else []


# --- drafts ----------------------------------------------------------------------------------------


def test_one_open_draft_per_person_and_starting_twice_resumes_it(actor, resident):
    first = services.start_or_resume(actor)
    assert services.start_or_resume(actor) == first
    assert first.step == steps.ADDRESS
    assert AuditEvent.objects.filter(action=services.ACTION_STARTED).count() == 1
    with pytest.raises(IntegrityError):
        ApplicationDraft.objects.create(person=resident)


def test_every_saved_step_gets_a_new_submit_token_and_an_audit_event(actor, owned_home):
    draft = services.start_or_resume(actor)
    tokens = {draft.submit_token}
    draft = through_address(actor, owned_home)
    tokens.add(draft.submit_token)
    draft = services.save_relation(draft, actor=actor, relation="owner", co_owners="no")
    tokens.add(draft.submit_token)
    assert len(tokens) == 3
    saved = AuditEvent.objects.filter(action=services.ACTION_SAVED).order_by("sequence")
    assert [event.reason for event in saved] == ["adres", "relatie"]
    assert {event.actor_label for event in saved} == {f"applicant:{actor.person.public_id}"}
    assert {event.object_id for event in saved} == {str(draft.public_id)}
    assert verify_chain().ok


def test_another_building_starts_the_building_steps_afresh_but_keeps_what_happened(actor, owned_home, resident):
    draft = complete_draft(actor, owned_home)
    other = BuildingFactory()
    draft = services.save_address(draft, actor=actor, address=other.address, building=other, typed={})
    assert draft.relation == "" and draft.scheme_code == ""
    assert "compared" not in draft.answers and "questions_done" not in draft.answers
    assert draft.answers["damage"]["description"]
    assert selectors.first_open_step(draft) == steps.RELATION


def test_a_building_from_another_address_is_refused(actor, owned_home):
    draft = services.start_or_resume(actor)
    with pytest.raises(services.IntakeError, match="hoort niet bij dit adres"):
        services.save_address(draft, actor=actor, address=BuildingFactory().address, building=owned_home, typed={})


def test_steps_cannot_be_skipped_and_resume_goes_to_the_first_open_one(actor, owned_home):
    draft = through_address(actor, owned_home)
    assert selectors.can_visit(draft, steps.RELATION)
    assert not selectors.can_visit(draft, steps.CHOICE)
    assert selectors.resume_step(draft) == steps.RELATION


# --- the register -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "valid_until", "stated", "register", "check"),
    [
        (RelationKind.OWNER, None, "owner", RegisterRelation.OWNER, False),
        (RelationKind.OWNER, dt.date(2020, 1, 1), "former_owner", RegisterRelation.FORMER_OWNER, False),
        (RelationKind.RESIDENT, None, "tenant", RegisterRelation.RESIDENT, False),
        (RelationKind.RESIDENT, None, "owner", RegisterRelation.RESIDENT, True),
        (RelationKind.OWNER, None, "tenant", RegisterRelation.OWNER, True),
        (None, None, "owner", RegisterRelation.NONE, True),
    ],
)
def test_where_the_register_disagrees_the_draft_is_marked_not_stopped(
    actor, resident, home, kind, valid_until, stated, register, check
):
    if kind:
        BuildingRelationFactory(
            person=resident, building=home, kind=kind, valid_from=dt.date(2001, 1, 1), valid_until=valid_until
        )
    draft = services.save_relation(through_address(actor, home), actor=actor, relation=stated, co_owners="no")
    assert draft.register_relation == register
    assert draft.needs_register_check is check
    assert selectors.first_open_step(draft) == steps.DAMAGE
    event = AuditEvent.objects.filter(action=services.ACTION_SAVED).order_by("-sequence").first()
    assert event.reason.endswith("register nakijken") is check


def test_an_owner_the_register_does_not_know_can_still_choose_avv(actor, home):
    draft = complete_draft(actor, home)  # no relation in the register at all
    assert draft.needs_register_check
    comparison = selectors.compare(draft)
    assert not comparison.personal
    avv = comparison.option("AVV")
    assert avv.status in (Status.OPEN, Status.DEPENDS)
    assert draft.scheme_code == "AVV"


def test_the_confirmed_owner_sees_their_own_figures(actor, owned_home):
    PriorPayment.objects.create(
        building=owned_home, payer="NAM", kind="damage", amount=Decimal("3000.00"), paid_on=dt.date(2015, 5, 1),
        scheme="maatwerk",
    )  # fmt: skip
    draft = complete_draft(actor, owned_home)
    comparison = selectors.compare(draft)
    assert comparison.personal
    avv = comparison.option("AVV")
    assert avv.status == Status.OPEN and avv.amount == Decimal("7000.00")
    assert "€ 3.000" in avv.explanation


def test_a_tenant_never_sees_the_owners_payment_history(actor, resident, owned_home):
    tenant = PersonFactory()
    BuildingRelationFactory(
        person=tenant, building=owned_home, kind=RelationKind.RESIDENT, valid_from=dt.date(2010, 1, 1)
    )
    PriorPayment.objects.create(
        building=owned_home, payer="NAM", kind="damage", amount=Decimal("3000.00"), paid_on=dt.date(2015, 5, 1),
        scheme="maatwerk",
    )  # fmt: skip
    tenant_actor = IntakeActor.for_person(tenant)
    draft = services.save_relation(through_address(tenant_actor, owned_home), actor=tenant_actor, relation="tenant")
    assert not draft.needs_register_check
    comparison = selectors.compare(draft)
    assert not comparison.personal
    text = " ".join(option.explanation + option.amount_text for option in comparison.options)
    assert "3.000" not in text and "7.000" not in text
    assert comparison.option("AVV").status == Status.CLOSED
    assert "AVV" not in {option.code for option in comparison.choosable}


# --- questions ----------------------------------------------------------------------------------------


def test_every_intake_question_is_a_yes_no_question_its_scheme_declares():
    for question in APPLICANT_QUESTIONS:
        declared = {q.name: q for q in get_scheme(question.scheme_code).questions}
        assert question.name in declared, question
        assert declared[question.name].kind is Kind.YES_NO


def test_only_questions_that_change_the_outcome_are_asked(actor, owned_home):
    draft = services.save_relation(through_address(actor, owned_home), actor=actor, relation="owner", co_owners="no")
    asked_now = {(q.scheme_code, q.name) for q in selectors.questions_to_ask(draft)}
    # Under the 2025 AVV rules an earlier VES choice does not count: nobody is asked.
    assert ("AVV", "had_ves_before") not in asked_now
    assert ("AVV", "former_owner_has_decision_letter") not in asked_now  # only for former owners
    assert ("IMS_VOLWASSENE", "lived_in_area_since_huizinge") in asked_now
    # Under the 2022-2023 rules it does count, so it is asked.
    asked_then = {(q.scheme_code, q.name) for q in selectors.questions_to_ask(draft, on_date=dt.date(2024, 6, 1))}
    assert ("AVV", "had_ves_before") in asked_then


def test_answers_feed_the_comparison(actor, owned_home):
    on = dt.date(2024, 6, 1)
    draft = complete_draft(actor, owned_home, answers={"AVV": {"had_ves_before": True}}, scheme="VES", on_date=on)
    assert selectors.compare(draft, on_date=on).option("AVV").status == Status.CLOSED
    draft = services.save_questions(draft, actor=actor, answers={"AVV": {"had_ves_before": False}})
    assert selectors.compare(draft, on_date=on).option("AVV").status == Status.OPEN


def test_an_unknown_question_is_refused(actor, owned_home):
    draft = through_address(actor, owned_home)
    with pytest.raises(services.IntakeError):
        services.save_questions(draft, actor=actor, answers={"AVV": {"pia_category": True}})


def test_a_closed_scheme_cannot_be_chosen(actor, owned_home):
    draft = complete_draft(actor, owned_home)
    with pytest.raises(services.IntakeError, match="kunt u nu niet kiezen"):
        services.choose_scheme(draft, actor=actor, scheme_code="MESTKELDER")
    draft.refresh_from_db()
    assert draft.scheme_code == "AVV"


# --- photos -------------------------------------------------------------------------------------------


def test_a_photo_is_re_encoded_without_metadata_and_kept_privately(actor, owned_home, media_root):
    draft = through_address(actor, owned_home)
    photo = services.add_photo(draft, upload("IMG_0001.jpg", jpeg_with_gps()), actor=actor)
    assert photo.content_type == "image/jpeg" and photo.original_filename == "IMG_0001.jpg"
    stored = Path(photo.file.path)
    assert stored.is_relative_to(media_root / "intake" / str(draft.public_id))
    assert stored.name != "IMG_0001.jpg"
    with Image.open(stored) as image:
        assert not image.getexif()
    event = AuditEvent.objects.get(action=services.ACTION_PHOTO_ADDED)
    assert "IMG_0001" not in event.reason


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (script_as_jpg, "programmacode"),
        (polyglot_png, "ander bestand verstopt"),
        (lambda: upload("brief.jpg", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"), "dit is geen foto"),
    ],
)
def test_what_is_not_a_photo_is_refused_by_name_and_nothing_is_stored(actor, owned_home, media_root, make, says):
    draft = through_address(actor, owned_home)
    uploaded = make()
    with pytest.raises(services.IntakeError) as refused:
        services.add_photo(draft, uploaded, actor=actor)
    assert str(refused.value).startswith(uploaded.name + ":")
    assert says in str(refused.value)
    assert not DraftPhoto.objects.exists()
    assert files_under(media_root) == []
    assert not AuditEvent.objects.filter(action=services.ACTION_PHOTO_ADDED).exists()


def test_at_most_twenty_photos(actor, owned_home, monkeypatch):
    monkeypatch.setattr(services, "MAX_PHOTOS", 2)
    draft = through_address(actor, owned_home)
    for number in range(2):
        services.add_photo(draft, upload(f"{number}.jpg", jpeg()), actor=actor)
    with pytest.raises(services.IntakeError, match="hoogstens 2 foto's"):
        services.add_photo(draft, upload("3.jpg", jpeg()), actor=actor)


def test_removing_a_photo_removes_its_file(actor, owned_home, media_root, django_capture_on_commit_callbacks):
    draft = through_address(actor, owned_home)
    photo = services.add_photo(draft, upload("a.jpg", jpeg()), actor=actor)
    with pytest.raises(services.IntakeError):
        services.remove_photo(draft, "00000000-0000-0000-0000-000000000000", actor=actor)
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_photo(draft, photo.public_id, actor=actor)
    assert files_under(media_root) == []
    assert AuditEvent.objects.filter(action=services.ACTION_PHOTO_REMOVED).count() == 1


def test_discarding_throws_away_the_draft_and_its_photos(
    actor, owned_home, media_root, django_capture_on_commit_callbacks
):
    draft = through_address(actor, owned_home)
    services.add_photo(draft, upload("a.jpg", jpeg()), actor=actor)
    with django_capture_on_commit_callbacks(execute=True):
        services.discard(draft, actor=actor)
    assert not ApplicationDraft.objects.exists()
    assert files_under(media_root) == []
    assert AuditEvent.objects.filter(action=services.ACTION_DISCARDED).count() == 1


# --- submitting ---------------------------------------------------------------------------------------


def test_submit_opens_one_case_today_with_the_photos_as_documents(
    actor, owned_home, media_root, django_capture_on_commit_callbacks
):
    draft = complete_draft(actor, owned_home, photos=2)
    draft_files = files_under(media_root / "intake")
    assert len(draft_files) == 2

    with django_capture_on_commit_callbacks(execute=True):
        sent, created = services.submit(actor=actor, token=draft.submit_token)

    assert created
    case = Case.objects.get()
    today = timezone.localdate()
    assert sent.submitted_case == case and sent.step == steps.RECEIPT
    assert case.scheme_code == "AVV" and case.building == owned_home
    assert case.received_on == today
    assert case.deadline == decision_deadline(today, 56).date
    assert list(case.parties.values_list("person", "role")) == [(actor.person.pk, "applicant")]
    documents = list(case.documents.all())
    assert [d.kind for d in documents] == [DocumentKind.PHOTO] * 2
    assert sorted(d.original_filename for d in documents) == ["foto-0.jpg", "foto-1.jpg"]
    assert all(d.uploaded_by is None for d in documents)
    assert files_under(media_root / "intake") == []  # the case's copies are what count now
    assert len(files_under(media_root / "documents")) == 2
    assert set(sent.photos.values_list("document", flat=True)) == {d.pk for d in documents}
    label = f"applicant:{actor.person.public_id}"
    assert AuditEvent.objects.get(action="create", object_type="cases.case").actor_label == label
    submitted = AuditEvent.objects.get(action=services.ACTION_SUBMITTED)
    assert submitted.object_id == case.reference and submitted.actor_label == label
    assert "foto's: 2" in submitted.reason
    assert verify_chain().ok


def test_a_second_submit_returns_the_same_case(actor, owned_home):
    draft = complete_draft(actor, owned_home)
    first, created = services.submit(actor=actor, token=draft.submit_token)
    again, created_again = services.submit(actor=actor, token=draft.submit_token)
    assert created and not created_again
    assert again.submitted_case == first.submitted_case
    assert Case.objects.count() == 1
    assert AuditEvent.objects.filter(action=services.ACTION_SUBMITTED).count() == 1
    with pytest.raises(services.IntakeError, match="al verstuurd"):
        services.save_damage(again, actor=actor, description="nog iets", noticed_on=None)


def test_an_old_token_is_stale(actor, owned_home):
    draft = complete_draft(actor, owned_home)
    old = draft.submit_token
    services.save_damage(draft, actor=actor, description="Toch twee scheuren", noticed_on=None)
    with pytest.raises(services.StaleDraftError):
        services.submit(actor=actor, token=old)
    assert not Case.objects.exists()


def test_answers_the_resident_gave_become_the_cases_answers(actor, owned_home):
    answers = {"IMS_VOLWASSENE": {"lived_in_area_since_huizinge": True, "unsafe_situation": None}}
    draft = complete_draft(actor, owned_home, answers=answers, scheme="IMS_VOLWASSENE")
    sent, _created = services.submit(actor=actor, token=draft.submit_token)
    assert stored_answers(sent.submitted_case) == {"lived_in_area_since_huizinge": True}
    event = AuditEvent.objects.get(action="rule_answers_saved")
    assert event.actor_label == f"applicant:{actor.person.public_id}" and event.actor_id is None


def test_an_incomplete_draft_is_not_sent(actor, owned_home):
    draft = through_address(actor, owned_home)
    with pytest.raises(services.IntakeError, match="nog niet af"):
        services.submit(actor=actor, token=draft.submit_token)
    assert not Case.objects.exists()


def test_a_failure_half_way_leaves_no_case_and_no_files(actor, owned_home, media_root, monkeypatch):
    draft = complete_draft(actor, owned_home, photos=2)
    real = services.upload_document
    calls = []

    def second_fails(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "upload_document", second_fails)
    with pytest.raises(RuntimeError):
        services.submit(actor=actor, token=draft.submit_token)
    assert not Case.objects.exists()
    assert files_under(media_root / "documents") == []
    assert len(files_under(media_root / "intake")) == 2  # the draft keeps its photos
    draft.refresh_from_db()
    assert not draft.is_submitted and draft.photos.filter(document__isnull=True).count() == 2
    assert not AuditEvent.objects.filter(action=services.ACTION_SUBMITTED).exists()


def test_draft_for_case_tells_staff_what_the_resident_said(actor, home):
    draft = complete_draft(actor, home)  # the register does not know this owner
    sent, _created = services.submit(actor=actor, token=draft.submit_token)
    found = selectors.draft_for_case(sent.submitted_case)
    assert found == sent and found.needs_register_check and found.relation == "owner"
