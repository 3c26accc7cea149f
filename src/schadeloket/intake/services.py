"""Writes for the intake. Each is one transaction under a lock on the draft, with one audit event.

A write that is refused raises IntakeError with a Dutch message and changes nothing. Every saved
change gives the draft a new `submit_token`, so the confirmation page a resident sends is the one
they last saw. `submit` turns the draft into a case exactly once (see its docstring).
"""

import datetime as dt
import hashlib
import uuid

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.cases.services import CaseError, open_case
from schadeloket.casework.selectors import in_core_area
from schadeloket.decisions.services import save_answers as save_case_answers
from schadeloket.documents.content import MAX_UPLOAD_BYTES, RefusedFile, check_upload
from schadeloket.documents.models import DocumentKind
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.documents.services import display_name as safe_filename

from . import selectors, steps
from .models import ApplicationDraft, DraftPhoto, StatedRelation, new_token
from .questions import APPLICANT_QUESTIONS

#: At most this many photos per application (the rest can follow later in Mijn Dossier).
MAX_PHOTOS = 20

ACTION_STARTED = "intake_started"
ACTION_SAVED = "intake_step_saved"
ACTION_PHOTO_ADDED = "intake_photo_added"
ACTION_PHOTO_REMOVED = "intake_photo_removed"
ACTION_SUBMITTED = "intake_submitted"
ACTION_DISCARDED = "intake_discarded"


class IntakeError(ValueError):
    """A change that is not taken, with a Dutch message saying what to do."""


class StaleDraftError(IntakeError):
    """The confirmation page was not the latest version of the draft."""


# --- helpers ----------------------------------------------------------------------------------------


def _locked(draft: ApplicationDraft) -> ApplicationDraft:
    """The draft row under a lock, refreshed; refused once it has been sent."""
    fresh = ApplicationDraft.objects.select_for_update().get(pk=draft.pk)
    if fresh.is_submitted:
        raise IntakeError(_("Deze aanvraag is al verstuurd. U kunt een nieuwe aanvraag beginnen."))
    return fresh


def _save(draft: ApplicationDraft, *, step: str, fields: list[str]) -> None:
    draft.step = step
    draft.submit_token = new_token()
    draft.save(update_fields=sorted({*fields, "step", "submit_token", "updated_at"}))


def _read_limited(uploaded_file) -> bytes:
    """All bytes, but never more than the limit plus one (check_upload then refuses the file)."""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return uploaded_file.read(MAX_UPLOAD_BYTES + 1)


def _record(actor, action: str, draft: ApplicationDraft, changed=(), reason: str = "") -> None:
    actor.record(action=action, obj=draft, changed_fields=list(changed), reason=reason)


def _next_step(draft: ApplicationDraft, saved: str, *, to_confirm: bool) -> str:
    """After saving `saved`: the confirmation when asked and everything is done, else the next step."""
    first_open = selectors.first_open_step(draft)
    if to_confirm and first_open == steps.CONFIRM:
        return steps.CONFIRM
    following = steps.next_slug(saved)
    return following if selectors.can_visit(draft, following) else first_open


# --- starting and stopping ----------------------------------------------------------------------------


def start_or_resume(actor) -> ApplicationDraft:
    """The person's open draft, or a new one (one open draft per person, even with two tabs at once)."""
    existing = selectors.open_draft(actor.person)
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.create(person=actor.person, step=steps.ADDRESS)
            _record(actor, ACTION_STARTED, draft)
    except IntegrityError:  # the other tab was first: continue with its draft
        draft = selectors.open_draft(actor.person)
        if draft is None:  # pragma: no cover - it was sent in the same instant
            raise
    return draft


def discard(draft: ApplicationDraft, *, actor) -> None:
    """Throw the open draft away, photos included (the files go once the transaction commits)."""
    with transaction.atomic():
        draft = _locked(draft)
        files = [photo.file.name for photo in draft.photos.all() if photo.file.name]
        _record(actor, ACTION_DISCARDED, draft, reason=f"{len(files)} foto's verwijderd")
        draft.photos.all().delete()
        draft.delete()
        transaction.on_commit(lambda: _delete_files(files))


def _delete_files(names) -> None:
    storage = DraftPhoto._meta.get_field("file").storage
    for name in names:
        storage.delete(name)


# --- the steps ----------------------------------------------------------------------------------------


def save_address(draft, *, actor, address, building, typed: dict, to_confirm=False) -> ApplicationDraft:
    """The address found in the register and the building chosen there.

    Another building than before starts the later steps about the building afresh (the relation,
    the questions, the comparison and the choice); what happened and the photos stay.
    """
    if building is not None and building.address_id != address.pk:
        raise IntakeError(_("Dit gebouw hoort niet bij dit adres. Kies een gebouw uit de lijst."))
    with transaction.atomic():
        draft = _locked(draft)
        answers = dict(draft.answers)
        answers["address_input"] = {
            key: typed.get(key, "") for key in ("postcode", "house_number", "house_letter", "addition")
        }
        changed = ["address", "answers"]
        if draft.building_id != (building.pk if building else None):
            changed.append("building")
            for key in ("co_owners", "questions", "questions_done", "compared"):
                answers.pop(key, None)
            draft.relation = draft.register_relation = draft.scheme_code = ""
            draft.needs_register_check = False
            changed += ["relation", "register_relation", "scheme_code", "needs_register_check"]
        draft.address, draft.building, draft.answers = address, building, answers
        next_step = steps.ADDRESS if building is None else _next_step(draft, steps.ADDRESS, to_confirm=to_confirm)
        _save(draft, step=next_step, fields=changed)
        _record(actor, ACTION_SAVED, draft, changed, reason=steps.ADDRESS)
    return draft


def save_relation(draft, *, actor, relation: str, co_owners: str = "", to_confirm=False, on_date=None):
    """What the resident says they are to the building. Where the register disagrees the application
    goes on, marked for staff to check (`needs_register_check`); nobody is stopped by a register error."""
    if relation not in StatedRelation.values:
        raise IntakeError(_("Kies wat u bent van dit gebouw."))
    with transaction.atomic():
        draft = _locked(draft)
        if draft.building_id is None:
            raise IntakeError(_("Vul eerst het adres in."))
        register = selectors.register_relation(draft.person, draft.building, on_date)
        answers = dict(draft.answers)
        owner_like = relation in (StatedRelation.OWNER, StatedRelation.FORMER_OWNER)
        answers["co_owners"] = co_owners if owner_like else ""
        changed = ["relation", "register_relation", "needs_register_check", "answers"]
        if relation != draft.relation:
            # Other schemes may apply now: ask the questions again and compare again.
            for key in ("questions_done", "compared"):
                answers.pop(key, None)
            draft.scheme_code = ""
            changed.append("scheme_code")
        draft.relation, draft.register_relation, draft.answers = relation, register, answers
        draft.needs_register_check = not selectors.relation_agrees(relation, register)
        _save(draft, step=_next_step(draft, steps.RELATION, to_confirm=to_confirm), fields=changed)
        reason = steps.RELATION + ("; register nakijken" if draft.needs_register_check else "")
        _record(actor, ACTION_SAVED, draft, changed, reason=reason)
    return draft


def save_damage(draft, *, actor, description: str, noticed_on: dt.date | None, stay=False, to_confirm=False):
    """What happened and since when. `stay`: keep the resident on this step (they add photos)."""
    description = (description or "").strip()
    if not description:
        raise IntakeError(_("Beschrijf kort wat er is gebeurd."))
    with transaction.atomic():
        draft = _locked(draft)
        answers = dict(draft.answers)
        answers["damage"] = {
            "description": description,
            "noticed_on": noticed_on.isoformat() if noticed_on else None,
        }
        draft.answers = answers
        next_step = steps.DAMAGE if stay else _next_step(draft, steps.DAMAGE, to_confirm=to_confirm)
        _save(draft, step=next_step, fields=["answers"])
        _record(actor, ACTION_SAVED, draft, ["damage"], reason=steps.DAMAGE)
    return draft


def add_photo(draft, uploaded_file, *, actor) -> DraftPhoto:
    """Check one photo by its content, re-encode it (no GPS or other metadata) and keep it privately.

    Refused (IntakeError, Dutch, naming the file): anything that is not a JPEG or PNG photo, a
    photo with something hidden inside, or one photo too many. Nothing is stored then.
    """
    name = safe_filename(getattr(uploaded_file, "name", ""))
    try:
        checked = check_upload(_read_limited(uploaded_file))
    except RefusedFile as refused:
        raise IntakeError(f"{name}: {refused}") from None
    if not checked.content_type.startswith("image/"):
        raise IntakeError(
            _("%(name)s: dit is geen foto. Hier kunt u alleen foto's toevoegen (JPG of PNG).") % {"name": name}
        )
    photo = None
    try:
        with transaction.atomic():
            draft = _locked(draft)
            if draft.photos.count() >= MAX_PHOTOS:
                raise IntakeError(
                    _("%(name)s: u kunt hier hoogstens %(max)s foto's toevoegen. Meer foto's kunt u later sturen.")
                    % {"name": name, "max": MAX_PHOTOS}
                )
            photo = DraftPhoto(
                draft=draft,
                original_filename=name,
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=hashlib.sha256(checked.data).hexdigest(),
            )
            photo.file.save(f"{uuid.uuid4().hex}.{checked.extension}", ContentFile(checked.data), save=False)
            photo.save()
            _save(draft, step=steps.DAMAGE, fields=[])
            _record(actor, ACTION_PHOTO_ADDED, draft, ["photos"], reason=f"foto {photo.public_id}")
    except BaseException:
        if photo is not None and photo.file.name:
            photo.file.storage.delete(photo.file.name)
        raise
    return photo


def remove_photo(draft, photo_public_id, *, actor) -> None:
    with transaction.atomic():
        draft = _locked(draft)
        photo = draft.photos.filter(public_id=photo_public_id).first()
        if photo is None:
            raise IntakeError(_("Deze foto hoort niet (meer) bij uw aanvraag."))
        name = photo.file.name
        photo.delete()
        _save(draft, step=steps.DAMAGE, fields=[])
        _record(actor, ACTION_PHOTO_REMOVED, draft, ["photos"], reason=f"foto {photo_public_id}")
        transaction.on_commit(lambda: _delete_files([name] if name else []))


def save_questions(draft, *, actor, answers: dict, to_confirm=False) -> ApplicationDraft:
    """The resident's answers: {scheme code: {question name: True, False or None (weet ik niet)}}."""
    known = {(q.scheme_code, q.name) for q in APPLICANT_QUESTIONS}
    for code, values in answers.items():
        for name, value in values.items():
            if (code, name) not in known or value not in (True, False, None):
                raise IntakeError(_("Deze vraag kennen we niet. Laad de pagina opnieuw."))
    with transaction.atomic():
        draft = _locked(draft)
        stored = dict(draft.answers)
        questions = {code: dict(values) for code, values in (stored.get("questions") or {}).items()}
        for code, values in answers.items():
            questions.setdefault(code, {}).update(values)
        stored["questions"] = questions
        stored["questions_done"] = True
        draft.answers = stored
        _save(draft, step=_next_step(draft, steps.QUESTIONS, to_confirm=to_confirm), fields=["answers"])
        names = sorted(f"{code}.{name}" for code, values in answers.items() for name in values)
        _record(actor, ACTION_SAVED, draft, names, reason=steps.QUESTIONS)
    return draft


def mark_compared(draft, *, actor, to_confirm=False) -> ApplicationDraft:
    with transaction.atomic():
        draft = _locked(draft)
        draft.answers = {**draft.answers, "compared": True}
        _save(draft, step=_next_step(draft, steps.COMPARE, to_confirm=to_confirm), fields=["answers"])
        _record(actor, ACTION_SAVED, draft, ["compared"], reason=steps.COMPARE)
    return draft


def choose_scheme(draft, *, actor, scheme_code: str, on_date=None, to_confirm=True) -> ApplicationDraft:
    """The scheme the resident chooses: only one they can apply for now (open, or depending on a check)."""
    with transaction.atomic():
        draft = _locked(draft)
        comparison = selectors.compare(draft, on_date=on_date)
        if scheme_code not in {option.code for option in comparison.choosable}:
            raise IntakeError(_("Deze regeling kunt u nu niet kiezen. Kies een regeling uit de lijst."))
        draft.scheme_code = scheme_code
        _save(draft, step=_next_step(draft, steps.CHOICE, to_confirm=to_confirm), fields=["scheme_code"])
        _record(actor, ACTION_SAVED, draft, ["scheme_code"], reason=f"{steps.CHOICE}: {scheme_code}")
    return draft


def go_to(draft, *, step: str) -> ApplicationDraft:
    """Remember where the resident is (the Back button), so coming back lands on the same step.

    Only the place in the form changes, no answer: therefore no audit event.
    """
    if step not in steps.BY_SLUG or draft.is_submitted or draft.step == step:
        return draft
    ApplicationDraft.objects.filter(pk=draft.pk, submitted_case__isnull=True).update(step=step)
    draft.step = step
    return draft


# --- submitting ----------------------------------------------------------------------------------------


def check_complete(draft: ApplicationDraft, *, on_date=None) -> None:
    """Refuse (IntakeError) when a step is not done or the chosen scheme cannot be chosen any more."""
    first_open = selectors.first_open_step(draft)
    if first_open != steps.CONFIRM:
        raise IntakeError(
            _("Uw aanvraag is nog niet af. Vul eerst de stap '%(step)s' in.")
            % {"step": steps.BY_SLUG[first_open].title}
        )
    comparison = selectors.compare(draft, on_date=on_date)
    if draft.scheme_code not in {option.code for option in comparison.choosable}:
        raise IntakeError(
            _("De regeling die u koos, kunt u nu niet meer kiezen. Kies opnieuw uit de regelingen die open zijn.")
        )


def submit(*, actor, token: str, on_date: dt.date | None = None) -> tuple[ApplicationDraft, bool]:
    """Send the draft: one case, with the answers and the photos. Returns (draft, created).

    Exactly once: the draft row is locked (`select_for_update`) and its link to the case is checked
    under that lock. A second click, a replayed POST or a parallel request with the same token
    waits for the first, then finds the case and returns it with created=False; it never opens a
    second case. A token that is not the draft's latest raises StaleDraftError (the resident sees
    the confirmation page again). The case is received today (Europe/Amsterdam).
    """
    on_date = on_date or timezone.localdate()
    documents = []
    try:
        with transaction.atomic():
            draft = ApplicationDraft.objects.select_for_update().filter(person=actor.person, submit_token=token).first()
            if draft is None:
                raise StaleDraftError(
                    _(
                        "Uw aanvraag is intussen gewijzigd, misschien in een ander venster. "
                        "Kijk alles nog een keer na en verstuur dan opnieuw."
                    )
                )
            if draft.is_submitted:
                return draft, False
            check_complete(draft, on_date=on_date)
            case = open_case(
                scheme_code=draft.scheme_code,
                building=draft.building,
                applicant=draft.person,
                received_on=on_date,
                actor=actor.case_actor,
                in_core_area=in_core_area(draft.building, on_date),
            )
            given = selectors.scheme_answers(draft).get(draft.scheme_code)
            if given:
                # decisions' role check lets a non-staff string actor store answers; see IntakeActor.
                save_case_answers(case, given, actor=actor.answers_actor)
            photos, kept = list(draft.photos.all()), []
            for photo in photos:
                with photo.file.open("rb") as handle:
                    document = upload_document(
                        case,
                        File(handle, name=photo.original_filename),
                        kind=DocumentKind.PHOTO,
                        actor=actor.case_actor,
                    )
                documents.append(document)
                kept.append(photo.file.name)
                photo.document, photo.file = document, ""  # the case's document is the copy that counts now
                photo.save(update_fields=["document", "file"])
            draft.submitted_case = case
            draft.submitted_at = timezone.now()
            draft.step = steps.RECEIPT
            draft.save(update_fields=["submitted_case", "submitted_at", "step", "updated_at"])
            reason = f"{case.scheme_code}; aanvraag {draft.public_id}; foto's: {len(photos)}"
            if draft.needs_register_check:
                reason += "; register nakijken"
            actor.record(
                action=ACTION_SUBMITTED, obj=("cases.case", case.reference), changed_fields=["case"], reason=reason
            )
            transaction.on_commit(lambda: _delete_files(kept))
    except (CaseError, DocumentError) as error:
        _remove_documents(documents)
        raise IntakeError(str(error)) from None
    except BaseException:
        _remove_documents(documents)
        raise
    return draft, True


def _remove_documents(documents) -> None:
    """Files written for a case that was rolled back go too (the rows went with the transaction)."""
    for document in documents:
        if document.file.name:
            document.file.storage.delete(document.file.name)
