"""Hearings (hoorzitting, Awb 7:2): plan one, with an invitation; record it held, with its minutes; or cancel it.

Where: the IMG office, one of the support points, the mobile support point, or by video. The
invitation is a letter (PDF/A, a document of the case) and a message in Mijn Dossier. The minutes
are a document too (`documents` checks the file by content). One transaction and one audit event
on the objection each; the letter and the message write their own events.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schadeloket.documents.models import DocumentKind
from schadeloket.documents.services import DocumentError, upload_document
from schadeloket.planning.models import SupportPoint

from .. import letters
from ..models import Hearing, HearingLocation, HearingStatus, Objection
from ..selectors import hearing_place
from .common import ObjectionError, check_open, check_owner, claim, clean_text, dutch_date, record, save, working_status
from .handling import notify

MAX_DAYS_AHEAD = 366


def _check_place(location_kind: str, support_point: SupportPoint | None, detail: str) -> SupportPoint | None:
    if location_kind not in HearingLocation.values:
        raise ObjectionError(
            _("Kies waar de hoorzitting is: op kantoor, op een steunpunt, bij het mobiele steunpunt of met video.")
        )
    if location_kind == HearingLocation.SUPPORT_POINT:
        if support_point is None or support_point.is_mobile or not support_point.is_active:
            raise ObjectionError(_("Kies een steunpunt dat open is voor afspraken."))
        return support_point
    if location_kind == HearingLocation.MOBILE:
        mobile = support_point if support_point is not None and support_point.is_mobile else None
        mobile = mobile or SupportPoint.objects.filter(is_mobile=True, is_active=True).order_by("pk").first()
        if mobile is None:
            raise ObjectionError(_("Er is geen mobiel steunpunt dat open is voor afspraken. Kies een andere plek."))
        if not detail:
            raise ObjectionError(_("Schrijf op waar het mobiele steunpunt die dag staat."))
        return mobile
    if location_kind == HearingLocation.IMG_OFFICE and not detail:
        raise ObjectionError(_("Schrijf het adres van het kantoor op (en eventueel de zaal)."))
    return None


def plan_hearing(
    objection: Objection,
    *,
    location_kind: str,
    starts_at: dt.datetime,
    actor,
    expected_version: int,
    support_point: SupportPoint | None = None,
    location_detail="",
    with_committee: bool = False,
) -> Hearing:
    """Plan the hearing, send the invitation (letter and message)."""
    detail = clean_text(location_detail, max_length=200)
    now = timezone.now()
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= now:
        raise ObjectionError(_("De hoorzitting ligt in het verleden. Kies een moment in de toekomst."))
    if starts_at > now + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise ObjectionError(_("De hoorzitting ligt meer dan een jaar vooruit. Kijk de datum na."))
    point = _check_place(location_kind, support_point, detail)
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if with_committee and not locked.with_committee:
            raise ObjectionError(
                _("Verwijs het bezwaar eerst naar de Bezwaaradviescommissie; dan kan de hoorzitting met de commissie.")
            )
        if locked.hearings.filter(status=HearingStatus.PLANNED).exists():
            raise ObjectionError(_("Er is al een hoorzitting gepland. Zeg die eerst af als u een nieuwe wilt plannen."))
        hearing = Hearing.objects.create(
            objection=locked,
            location_kind=location_kind,
            support_point=point,
            location_detail=detail,
            starts_at=starts_at,
            with_committee=with_committee,
            planned_by=actor,
        )
        fields = {"status": working_status(locked)}
        save(locked, fields)
        local = timezone.localtime(starts_at)
        record(
            actor,
            locked,
            "objection_hearing_planned",
            [*fields, "hearings"],
            f"hoorzitting {hearing.public_id} op {local:%d-%m-%Y %H:%M}, {location_kind}"
            + (", met de Bezwaaradviescommissie" if with_committee else ""),
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Wij nodigen u uit voor een gesprek over uw bezwaar (een hoorzitting).\n\nWanneer: %(when)s\n"
                    "Waar: %(where)s\n\nDe uitnodiging staat ook als brief in uw dossier. Kunt u niet? "
                    "Stuur ons dan een bericht. Dan zoeken wij een andere datum."
                )
                % {"when": f"{dutch_date(local.date())}, {local:%H:%M} uur", "where": hearing_place(hearing)},
                actor,
            )
        # Last: the file is written only when everything else has succeeded.
        hearing.invitation = letters.store(
            locked,
            letters.invitation_html(hearing, sent_on=timezone.localdate()),
            name="uitnodiging-hoorzitting",
            actor=actor,
        )
        hearing.save(update_fields=["invitation"])
    return hearing


def _locked_hearing(locked: Objection, hearing: Hearing) -> Hearing:
    hearing = Hearing.objects.select_for_update().filter(pk=hearing.pk, objection=locked).first()
    if hearing is None:
        raise ObjectionError(_("Deze hoorzitting hoort niet bij dit bezwaar."))
    if hearing.status != HearingStatus.PLANNED:
        raise ObjectionError(_("Deze hoorzitting is al %(status)s.") % {"status": hearing.get_status_display()})
    return hearing


def record_hearing_held(hearing: Hearing, *, minutes_file, actor, expected_version: int) -> Hearing:
    """The hearing took place: its minutes are stored as a document of the case."""
    if minutes_file is None:
        raise ObjectionError(_("Voeg het verslag van de hoorzitting toe (PDF of foto)."))
    with transaction.atomic():
        locked = claim(hearing.objection, expected_version)
        check_owner(locked, actor)
        hearing = _locked_hearing(locked, hearing)
        if hearing.starts_at > timezone.now():
            raise ObjectionError(_("De hoorzitting is nog niet geweest. Leg het verslag vast na de hoorzitting."))
        hearing.status = HearingStatus.HELD
        hearing.save(update_fields=["status"])
        fields = {"status": working_status(locked)} if locked.is_open else {}
        if fields:
            save(locked, fields)
        try:
            minutes = upload_document(locked.decision.case, minutes_file, kind=DocumentKind.REPORT, actor=actor)
        except DocumentError as error:
            raise ObjectionError(str(error)) from None
        hearing.minutes = minutes
        hearing.save(update_fields=["minutes"])
        record(
            actor,
            locked,
            "objection_hearing_held",
            [*fields, "hearings"],
            f"hoorzitting {hearing.public_id} gehouden; verslag: document {minutes.public_id}",
        )
    return hearing


def cancel_hearing(hearing: Hearing, *, reason, actor, expected_version: int, tell_objector: bool = True) -> Hearing:
    """Cancel a planned hearing, with the reason; the objector is told in Mijn Dossier."""
    reason = clean_text(
        reason, required_message=_("Schrijf op waarom de hoorzitting niet doorgaat. De indiener krijgt deze uitleg.")
    )
    with transaction.atomic():
        locked = claim(hearing.objection, expected_version)
        check_owner(locked, actor)
        hearing = _locked_hearing(locked, hearing)
        cancel(locked, hearing, reason)
        fields = {"status": working_status(locked)} if locked.is_open else {}
        if fields:
            save(locked, fields)
        record(
            actor,
            locked,
            "objection_hearing_cancelled",
            [*fields, "hearings"],
            f"hoorzitting {hearing.public_id} afgezegd",
        )
        if tell_objector:
            local = timezone.localtime(hearing.starts_at)
            with translation.override("nl"):
                notify(
                    locked,
                    _("De hoorzitting over uw bezwaar op %(when)s gaat niet door. De reden: %(reason)s")
                    % {"when": f"{dutch_date(local.date())}, {local:%H:%M} uur", "reason": reason},
                    actor,
                )
    return hearing


def cancel(locked: Objection, hearing: Hearing, reason: str) -> None:
    """Inside the caller's transaction: mark a planned hearing cancelled (deciding cancels one that is not needed)."""
    hearing.status = HearingStatus.CANCELLED
    hearing.cancel_reason = reason
    hearing.save(update_fields=["status", "cancel_reason"])
