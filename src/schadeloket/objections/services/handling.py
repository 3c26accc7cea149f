"""Handling an objection: its one owner, the judgement on lateness, repair requests and grounds,
contacts with the objector, and the decision term (committee, extension, postponement).

Each function is one transaction with one audit event on the objection (and, where the objector
must be told, a message in Mijn Dossier through `messaging`, which writes its own event). A refused
step raises ObjectionError (Dutch) and changes nothing.

Repair (herstelverzuim, Awb 6:6): the lawyer asks, with a date and a term; the term is a named
parameter (`parameters`), which the lawyer may make longer, never shorter. While the request is
open, the decision term stands still (Awb 7:10 lid 1). When the term passes unused, the request
lapses (the daily monitor calls `lapse_due_repairs`); only then may the objection be declared
inadmissible for that omission.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schadeloket.cases.monitor import MONITOR_ACTOR, judge_objection, objection_effective_deadline
from schadeloket.cases.selectors import user_roles
from schadeloket.cases.terms import OBJECTION_EXTENSION_MAX_WEEKS, end_of_term, objection_suspended_days
from schadeloket.documents.models import DocumentKind
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.identity.session import record_applicant_event
from schadeloket.messaging.services import MessageError, reply_from_staff

from ..models import (
    ContactChannel,
    ContactOutcome,
    IntakeContact,
    Objection,
    ObjectionAttachment,
    ObjectionStatus,
    RepairKind,
    RepairRequest,
)
from ..parameters import MAX_CONSENT_DAYS, MAX_REPAIR_TERM_DAYS, REPAIR_TERM_DAYS, pro_forma_term_weeks
from .common import (
    ObjectionError,
    check_lawyer,
    check_not_future,
    check_open,
    check_owner,
    claim,
    clean_text,
    dutch_date,
    record,
    save,
    term_fields,
    working_status,
)

LAWYER_ROLE = "objection_lawyer"


def notify(objection: Objection, text: str, user) -> None:
    """A message to the objector in Mijn Dossier (on the decision's case), in Dutch whatever the screen language."""
    try:
        reply_from_staff(objection.decision.case, text, user=user)
    except MessageError as error:
        raise ObjectionError(str(error)) from None


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


# --- owner --------------------------------------------------------------------------------------


def assign_owner(objection: Objection, lawyer, *, actor, expected_version: int, on: dt.date | None = None) -> Objection:
    """Give the objection to one objection lawyer (taking it yourself, or handing it to a colleague)."""
    check_lawyer(actor)
    if lawyer is None or LAWYER_ROLE not in user_roles(lawyer):
        raise ObjectionError(_("Kies een bezwaarjurist. Alleen een bezwaarjurist kan eigenaar van een bezwaar zijn."))
    on = _today(on)
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_open(locked)
        if locked.owner_id == lawyer.pk:
            raise ObjectionError(
                _("Dit bezwaar is al van %(name)s.") % {"name": lawyer.get_full_name() or lawyer.get_username()}
            )
        before = locked.owner
        locked.owner = lawyer
        fields = {"owner": lawyer, "status": working_status(locked)}
        save(locked, fields)
        record(
            actor,
            locked,
            "objection_assigned",
            fields,
            f"bezwaarjurist: {lawyer.get_username()}" + (f" (was {before.get_username()})" if before else ""),
        )
    return locked


# --- lateness (Awb 6:11) ------------------------------------------------------------------------


def judge_lateness(
    objection: Objection, *, excusable: bool, reasoning, actor, expected_version: int, on: dt.date | None = None
) -> Objection:
    """The lawyer's judgement whether a late objection is excusable (Awb 6:11), with the reason."""
    on = _today(on)
    if not isinstance(excusable, bool):
        raise ObjectionError(_("Kies of de termijnoverschrijding verschoonbaar is of niet."))
    reasoning = clean_text(
        reasoning, required_message=_("Schrijf op waarom de termijnoverschrijding wel of niet verschoonbaar is.")
    )
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if locked.received_in_time:
            raise ObjectionError(_("Dit bezwaar kwam op tijd binnen. Er is geen termijnoverschrijding te beoordelen."))
        fields = {"late_excusable": excusable, "late_judgement": reasoning, "late_judged_on": on}
        save(locked, fields)
        record(
            actor,
            locked,
            "objection_lateness_judged",
            fields,
            "termijnoverschrijding " + ("verschoonbaar" if excusable else "niet verschoonbaar") + " (Awb 6:11)",
        )
    return locked


# --- repair (herstelverzuim, Awb 6:6) -------------------------------------------------------------


def repair_term_days(objection: Objection, kind: str) -> int:
    """The standard term for this omission: the pro-forma term for grounds, the repair term otherwise."""
    if kind == RepairKind.GROUNDS:
        return pro_forma_term_weeks(objection.decision.case.scheme_code).value * 7
    return REPAIR_TERM_DAYS.value


def standard_due_on(objection: Objection, kind: str, on: dt.date) -> dt.date:
    return end_of_term(on, repair_term_days(objection, kind)).date


def request_repair(
    objection: Objection,
    *,
    kind: str,
    description,
    actor,
    expected_version: int,
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> RepairRequest:
    """Ask the objector to repair an omission by a date; the decision term stands still meanwhile."""
    on = _today(on)
    if kind not in RepairKind.values:
        raise ObjectionError(_("Kies wat er ontbreekt."))
    description = clean_text(
        description, required_message=_("Schrijf voor de indiener wat er ontbreekt en hoe die het kan sturen.")
    )
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if kind == RepairKind.GROUNDS and not locked.pro_forma:
            raise ObjectionError(_("Dit bezwaar heeft al gronden. Kies wat er wel ontbreekt."))
        current = locked.repair_requests.filter(repaired_on__isnull=True, lapsed_on__isnull=True).first()
        if current is not None:
            raise ObjectionError(
                _("Er loopt al een verzoek om herstel, tot en met %(date)s. Wacht dat af of leg het herstel vast.")
                % {"date": dutch_date(current.due_on)}
            )
        standard = standard_due_on(locked, kind, on)
        due_on = due_on or standard
        if due_on < standard:
            raise ObjectionError(
                _("De termijn is korter dan de vaste termijn. Kies %(date)s of later.") % {"date": dutch_date(standard)}
            )
        if due_on > on + dt.timedelta(days=MAX_REPAIR_TERM_DAYS):
            raise ObjectionError(
                _("De termijn is langer dan %(days)s dagen. Kijk de datum na.") % {"days": MAX_REPAIR_TERM_DAYS}
            )
        repair = RepairRequest.objects.create(
            objection=locked, kind=kind, description=description, requested_on=on, due_on=due_on, requested_by=actor
        )
        fields = {"status": ObjectionStatus.AWAITING_REPAIR}
        if locked.suspended_since is None:
            fields["suspended_since"] = on
        save(locked, fields)
        save(locked, {"deadline_state": judge_objection(locked, on)})
        record(
            actor,
            locked,
            "objection_repair_requested",
            [*fields, "deadline_state", "repair_requests"],
            f"verzoek om herstel (Awb 6:6): {kind}; uiterlijk {due_on:%d-%m-%Y}; de beslistermijn staat stil",
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Wij hebben iets nodig om uw bezwaar te kunnen behandelen: %(what)s.\n\n%(description)s\n\n"
                    "Stuur het uiterlijk op %(date)s. Dat kan als bericht of document in Mijn Dossier. "
                    "Zolang wij wachten, telt de tijd voor onze beslissing niet mee. "
                    "Krijgen wij het niet op tijd? Dan kunnen wij uw bezwaar misschien niet behandelen. "
                    "Dat heet niet-ontvankelijk (Algemene wet bestuursrecht, artikel 6:6)."
                )
                % {"what": RepairKind(kind).label, "description": description, "date": dutch_date(due_on)},
                actor,
            )
    return repair


def _end_suspension(objection: Objection, end_day: dt.date, on: dt.date) -> dict:
    """Resume the decision term: the days it stood still are added to its basis, the deadline recomputed."""
    fields = {}
    if objection.suspended_since is not None:
        waited = objection_suspended_days(objection.decision_start, objection.suspended_since, end_day)
        fields = {"suspended_since": None, "suspended_days": objection.suspended_days + waited}
        for name, value in fields.items():
            setattr(objection, name, value)
        fields.update(term_fields(objection, on))
    return fields


def _close_repair(locked: Objection, repair: RepairRequest, *, repaired_on=None, lapsed_on=None, on) -> dict:
    repair.repaired_on, repair.lapsed_on = repaired_on, lapsed_on
    repair.save(update_fields=["repaired_on", "lapsed_on"])
    fields = _end_suspension(locked, repaired_on or lapsed_on, on)
    fields["status"] = working_status(locked)
    save(locked, fields)
    return fields


def _open_repair(locked: Objection, kind: str | None = None) -> RepairRequest | None:
    requests = locked.repair_requests.select_for_update().filter(repaired_on__isnull=True, lapsed_on__isnull=True)
    if kind is not None:
        requests = requests.filter(kind=kind)
    return requests.first()


def record_repair(
    objection: Objection, *, repaired_on: dt.date, actor, expected_version: int, on: dt.date | None = None
) -> RepairRequest:
    """The objector repaired the omission (not the grounds: `record_grounds` takes those with their text)."""
    on = _today(on)
    check_not_future(repaired_on, on, _("De datum van herstel"))
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        repair = _open_repair(locked)
        if repair is None:
            raise ObjectionError(_("Er loopt geen verzoek om herstel."))
        if repair.kind == RepairKind.GROUNDS:
            raise ObjectionError(
                _("Het verzoek gaat over de gronden. Leg de gronden vast, dan is het verzuim hersteld.")
            )
        if repaired_on < repair.requested_on:
            raise ObjectionError(_("Het herstel kan niet vóór het verzoek zijn. Kijk de datum na."))
        fields = _close_repair(locked, repair, repaired_on=repaired_on, on=on)
        record(
            actor,
            locked,
            "objection_repaired",
            [*fields, "repair_requests"],
            f"verzuim hersteld op {repaired_on:%d-%m-%Y} ({repair.kind}); de beslistermijn loopt weer",
        )
    return repair


def _apply_grounds(locked: Objection, grounds: str, received_on: dt.date, on: dt.date) -> tuple[dict, bool]:
    """Grounds for a pro-forma objection, or a supplement to grounds there are. Repairs an open grounds request."""
    if locked.pro_forma:
        fields = {"grounds": grounds, "grounds_received_on": received_on}
    else:
        supplement = _("Aanvulling van %(date)s:") % {"date": dutch_date(received_on)}
        fields = {"grounds": f"{locked.grounds}\n\n{supplement}\n{grounds}"}
    save(locked, fields)
    repair = _open_repair(locked, RepairKind.GROUNDS)
    repaired = repair is not None
    if repaired:
        fields.update(_close_repair(locked, repair, repaired_on=max(received_on, repair.requested_on), on=on))
    return fields, repaired


def _check_grounds_date(locked: Objection, received_on: dt.date, on: dt.date) -> None:
    check_not_future(received_on, on, _("De datum van ontvangst"))
    if received_on < locked.received_on:
        raise ObjectionError(_("De gronden kunnen niet eerder zijn ontvangen dan het bezwaar zelf. Kijk de datum na."))


def record_grounds(
    objection: Objection, *, grounds, received_on: dt.date, actor, expected_version: int, on: dt.date | None = None
) -> Objection:
    """Staff record grounds that came by letter or message: the first ones of a pro-forma objection, or more."""
    on = _today(on)
    grounds = clean_text(grounds, required_message=_("Vul de gronden in zoals de indiener ze stuurde."))
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        _check_grounds_date(locked, received_on, on)
        fields, repaired = _apply_grounds(locked, grounds, received_on, on)
        record(
            actor,
            locked,
            "objection_grounds_added",
            fields,
            f"gronden ontvangen op {received_on:%d-%m-%Y}"
            + ("; verzuim hersteld, de beslistermijn loopt weer" if repaired else ""),
        )
    return locked


def add_grounds_from_portal(objection: Objection, grounds, *, request, on: dt.date | None = None) -> Objection:
    """The objector adds grounds in Mijn Dossier (the reasons of a pro-forma objection, or more)."""
    on = _today(on)
    grounds = clean_text(grounds, required_message=_("Schrijf eerst waarom u het niet eens bent met het besluit."))
    with transaction.atomic():
        locked = claim(objection, None)
        if not locked.is_open:
            raise ObjectionError(_("Over uw bezwaar is al beslist. Wilt u nog iets zeggen? Stuur dan een bericht."))
        fields, repaired = _apply_grounds(locked, grounds, on, on)
        record_applicant_event(
            request,
            action="objection_grounds_added",
            obj=("objections.objection", str(locked.public_id)),
            changed_fields=sorted(fields),
            reason="gronden aangevuld in Mijn Dossier"
            + ("; verzuim hersteld, de beslistermijn loopt weer" if repaired else ""),
        )
    return locked


def lapse_due_repairs(today: dt.date | None = None) -> list[str]:
    """Mark every repair request whose term ended before `today` unused as lapsed; the term runs again.

    One transaction and one audit event per objection (actor: the deadline monitor). Idempotent.
    Returns the public ids of the objections concerned.
    """
    today = _today(today)
    due = list(
        RepairRequest.objects.filter(repaired_on__isnull=True, lapsed_on__isnull=True, due_on__lt=today)
        .order_by("due_on", "pk")
        .values_list("objection_id", flat=True)
    )
    lapsed = []
    for objection_id in due:
        with transaction.atomic():
            locked = claim(Objection(pk=objection_id), None)
            if lapse_if_due(locked, today):
                lapsed.append(str(locked.public_id))
    return lapsed


def lapse_if_due(locked: Objection, today: dt.date, actor=MONITOR_ACTOR) -> bool:
    """Inside a transaction with the objection claimed: lapse its open repair request if its term has passed."""
    repair = _open_repair(locked)
    if repair is None or repair.due_on >= today:
        return False
    fields = _close_repair(locked, repair, lapsed_on=repair.due_on, on=today)
    record(
        actor,
        locked,
        "objection_repair_lapsed",
        [*fields, "repair_requests"],
        f"herstelverzuim ({repair.kind}) niet hersteld: de termijn liep tot en met {repair.due_on:%d-%m-%Y}; "
        "de beslistermijn loopt weer, het bezwaar kan niet-ontvankelijk worden verklaard",
    )
    return True


# --- contacts -----------------------------------------------------------------------------------


def record_contact(
    objection: Objection,
    *,
    contacted_on: dt.date,
    channel: str,
    outcome: str,
    note="",
    actor,
    expected_version: int,
    on: dt.date | None = None,
) -> IntakeContact:
    """A contact with the objector (the intake call, or later): when, how, what came of it."""
    on = _today(on)
    if channel not in ContactChannel.values:
        raise ObjectionError(_("Kies hoe het contact was: telefoon, beeldbellen, bezoek, brief of e-mail."))
    if outcome not in ContactOutcome.values:
        raise ObjectionError(_("Kies wat de uitkomst van het contact was."))
    note = clean_text(note)
    check_not_future(contacted_on, on, _("De datum van het contact"))
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        if contacted_on < locked.received_on:
            raise ObjectionError(_("Het contact kan niet vóór de ontvangst van het bezwaar zijn. Kijk de datum na."))
        contact = IntakeContact.objects.create(
            objection=locked, contacted_on=contacted_on, channel=channel, outcome=outcome, note=note, recorded_by=actor
        )
        record(
            actor,
            locked,
            "objection_contact",
            ["contacts"],
            f"contact op {contacted_on:%d-%m-%Y} via {channel}: {outcome}",
        )
    return contact


# --- attachments --------------------------------------------------------------------------------


def attach_document(locked: Objection, uploaded_file, *, kind: str, actor) -> ObjectionAttachment:
    """Inside the caller's transaction: store the file on the decision's case and link it to the objection."""
    try:
        document = upload_document(locked.decision.case, uploaded_file, kind=kind, actor=actor)
    except DocumentError as error:
        raise ObjectionError(str(error)) from None
    return ObjectionAttachment.objects.create(objection=locked, document=document)


def add_attachment(
    objection: Objection, uploaded_file, *, kind: str = DocumentKind.OTHER, actor, expected_version: int
) -> ObjectionAttachment:
    """Staff add a document to the objection (a scanned letter, a report the objector sent)."""
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        attachment = attach_document(locked, uploaded_file, kind=kind, actor=actor)
        record(
            actor,
            locked,
            "objection_attachment_added",
            ["attachments"],
            f"bijlage: document {attachment.document.public_id}",
        )
    return attachment


# --- the decision term (Awb 7:10, 7:13) ---------------------------------------------------------


def refer_to_committee(objection: Objection, *, actor, expected_version: int, on: dt.date | None = None) -> Objection:
    """Send the objection to the Bezwaaradviescommissie: the decision term becomes twelve weeks (Awb 7:10, 7:13)."""
    on = _today(on)
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if locked.with_committee:
            raise ObjectionError(_("Dit bezwaar is al naar de Bezwaaradviescommissie verwezen."))
        if locked.court_deadline is not None:
            raise ObjectionError(
                _("De rechter heeft de termijn voor de nieuwe beslissing bepaald. Die verandert niet.")
            )
        locked.with_committee = True
        fields = {"with_committee": True, "committee_referred_on": on, **term_fields(locked, on)}
        save(locked, fields)
        record(
            actor,
            locked,
            "objection_committee",
            fields,
            f"naar de Bezwaaradviescommissie; uiterste beslisdatum {locked.deadline:%d-%m-%Y} (Awb 7:10, 7:13)",
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Uw bezwaar gaat naar de Bezwaaradviescommissie. Dat is een onafhankelijke commissie. "
                    "Zij geeft ons advies over uw bezwaar. Daarna beslissen wij. "
                    "Daardoor hebben wij meer tijd: wij beslissen uiterlijk op %(date)s."
                )
                % {"date": dutch_date(objection_effective_deadline(locked, on))},
                actor,
            )
    return locked


def extend_term(
    objection: Objection, *, days: int, reason, actor, expected_version: int, on: dt.date | None = None
) -> Objection:
    """Extend (verdagen) the decision term once, by at most six weeks, before it has passed (Awb 7:10 lid 3)."""
    on = _today(on)
    if not isinstance(days, int) or days < 1 or days > OBJECTION_EXTENSION_MAX_WEEKS * 7:
        raise ObjectionError(
            _("Verdagen kan met 1 tot en met %(max)s dagen (zes weken).") % {"max": OBJECTION_EXTENSION_MAX_WEEKS * 7}
        )
    reason = clean_text(
        reason, required_message=_("Schrijf op waarom meer tijd nodig is. De indiener krijgt deze uitleg.")
    )
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if locked.court_deadline is not None:
            raise ObjectionError(_("De rechter heeft de termijn voor de nieuwe beslissing bepaald. Verdagen kan niet."))
        if locked.extended_days:
            raise ObjectionError(
                _("De beslistermijn is al een keer verdaagd. Nog langer kan alleen als de indiener instemt.")
            )
        if on > objection_effective_deadline(locked, on):
            raise ObjectionError(_("De beslistermijn is al voorbij. Verdagen kan alleen zolang de termijn loopt."))
        locked.extended_days = days
        fields = {"extended_days": days, "extension_reason": reason, **term_fields(locked, on)}
        save(locked, fields)
        new_deadline = objection_effective_deadline(locked, on)
        record(
            actor,
            locked,
            "objection_extended",
            fields,
            f"verdaagd met {days} dagen (Awb 7:10 lid 3); uiterste beslisdatum {new_deadline:%d-%m-%Y}",
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Wij hebben meer tijd nodig om te beslissen op uw bezwaar. De reden: %(reason)s\n\n"
                    "Wij beslissen uiterlijk op %(date)s. Meer tijd nemen mag één keer (Algemene wet bestuursrecht, "
                    "artikel 7:10)."
                )
                % {"reason": reason, "date": dutch_date(new_deadline)},
                actor,
            )
    return locked


def postpone_with_consent(
    objection: Objection,
    *,
    days: int,
    consent_on: dt.date,
    consent_channel: str,
    actor,
    expected_version: int,
    on: dt.date | None = None,
) -> Objection:
    """Postpone the decision further because the objector agreed (Awb 7:10 lid 4): recorded with date and how."""
    on = _today(on)
    if not isinstance(days, int) or days < 1 or days > MAX_CONSENT_DAYS:
        raise ObjectionError(_("Vul een aantal dagen in van 1 tot en met %(max)s.") % {"max": MAX_CONSENT_DAYS})
    if consent_channel not in ContactChannel.values:
        raise ObjectionError(_("Kies hoe de indiener instemde."))
    check_not_future(consent_on, on, _("De datum van instemming"))
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if locked.court_deadline is not None:
            raise ObjectionError(
                _("De rechter heeft de termijn voor de nieuwe beslissing bepaald. Die verandert niet.")
            )
        if consent_on < locked.received_on:
            raise ObjectionError(_("De instemming kan niet vóór de ontvangst van het bezwaar zijn. Kijk de datum na."))
        locked.consent_days = locked.consent_days + days
        fields = {"consent_days": locked.consent_days, **term_fields(locked, on)}
        save(locked, fields)
        new_deadline = objection_effective_deadline(locked, on)
        record(
            actor,
            locked,
            "objection_postponed",
            fields,
            f"met instemming van de indiener ({consent_channel}, {consent_on:%d-%m-%Y}) {days} dagen uitgesteld "
            f"(Awb 7:10 lid 4); uiterste beslisdatum {new_deadline:%d-%m-%Y}",
        )
        with translation.override("nl"):
            notify(
                locked,
                _("Zoals met u afgesproken nemen wij meer tijd voor uw bezwaar. Wij beslissen uiterlijk op %(date)s.")
                % {"date": dutch_date(new_deadline)},
                actor,
            )
    return locked
