"""Writes for outreach: start a campaign, build its list (in a Celery task), record the letters.

Why this shape: starting a campaign only checks the input and stores the campaign as "wordt gemaakt"
(quick, in the request); the list itself is built by `build_campaign` in a Celery task, set-based,
in one transaction, so that it exists whole or not at all. Input that cannot be used is refused
with every problem in plain Dutch (`OutreachError.messages`) and nothing is stored. Every change
writes one audit event; the events name the campaign, never a person.
"""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event
from schadeloket.register.areas.models import AreaKind
from schadeloket.register.areas.selectors import areas_valid_on

from . import quake
from .eligibility import SchemeChoiceError, outreach_scheme
from .lists import RecipientRule, write_rows
from .models import Campaign, CampaignKind, CampaignStatus
from .selection import AreaSelection, SelectionError, clean_selection
from .silent import find_silent_victims

logger = logging.getLogger(__name__)

NAME_MAX = 120


class OutreachError(ValueError):
    """Input that is refused; `messages` are Dutch, one per problem. `campaign`: an existing one, if relevant."""

    def __init__(self, messages: list[str], campaign: Campaign | None = None):
        super().__init__("\n".join(messages))
        self.messages = messages
        self.campaign = campaign


def _enqueue_build(campaign: Campaign) -> None:
    """Build the list in a Celery task once the campaign row is committed (eager in the embedded default)."""
    from .tasks import build_campaign_task

    pk = campaign.pk
    transaction.on_commit(lambda: build_campaign_task.delay(pk))


def create_silent_campaign(
    *,
    scheme_code: str,
    municipality: str = "",
    pc4_from: str = "",
    pc4_to: str = "",
    core_only: bool = False,
    name: str = "",
    actor,
    on_date: dt.date | None = None,
) -> Campaign:
    """Start a silent-victims campaign for one scheme and area; the list follows in a task."""
    on_date = on_date or timezone.localdate()
    errors: list[str] = []
    scheme = None
    try:
        scheme = outreach_scheme(scheme_code)
    except SchemeChoiceError as error:
        errors.append(str(error))
    selection = None
    try:
        selection = clean_selection(
            municipality=municipality, pc4_from=pc4_from, pc4_to=pc4_to, core_only=core_only, on_date=on_date
        )
    except SelectionError as error:
        errors.extend(error.messages)
    if not any(area.kind == AreaKind.EVIDENCE_PRESUMPTION for area in areas_valid_on(on_date)):
        errors.append(
            _("Het effectgebied is nog niet vastgelegd. Laad eerst de gasvelden in (manage.py load_gas_fields).")
        )
    name = (name or "").strip()
    if len(name) > NAME_MAX:
        errors.append(_("De naam is te lang: hoogstens %(max)s tekens.") % {"max": NAME_MAX})
    if errors:
        raise OutreachError(errors)
    name = name or f"{scheme.name}: {selection.describe()}"[:NAME_MAX]
    with transaction.atomic():
        campaign = Campaign.objects.create(
            kind=CampaignKind.SILENT_VICTIMS,
            name=name,
            scheme_code=scheme.code,
            municipality=selection.municipality,
            pc4_from=selection.pc4_from,
            pc4_to=selection.pc4_to,
            core_only=selection.core_only,
            reference_date=on_date,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(
            actor=actor,
            action=AuditAction.CREATE,
            obj=campaign,
            changed_fields=["kind", "scheme_code", "municipality", "pc4_from", "pc4_to", "core_only"],
            reason=f"silent victims campaign {scheme.code}",
        )
        _enqueue_build(campaign)
    return campaign


def start_after_earthquake(earthquake, *, actor, today: dt.date | None = None, enqueue: bool = True) -> Campaign:
    """Start the after-earthquake list for one catalogued event; refused (Dutch) when it cannot be made."""
    today = today or timezone.localdate()
    existing = Campaign.objects.filter(kind=CampaignKind.AFTER_EARTHQUAKE, earthquake=earthquake).first()
    if existing is not None:
        raise OutreachError(
            [_("Voor de aardbeving bij %(event)s is al een lijst gemaakt.") % {"event": quake.describe(earthquake)}],
            campaign=existing,
        )
    try:
        radius = quake.check_event(earthquake, today=today)
    except quake.EventError as error:
        raise OutreachError([str(error)]) from None
    try:
        with transaction.atomic():
            campaign = Campaign.objects.create(
                kind=CampaignKind.AFTER_EARTHQUAKE,
                name=(_("Na de beving bij %(event)s") % {"event": quake.describe(earthquake)})[:NAME_MAX],
                earthquake=earthquake,
                reach_km=radius,
                reference_date=today,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            record_event(
                actor=actor,
                action=AuditAction.CREATE,
                obj=campaign,
                changed_fields=["kind", "earthquake", "reach_km"],
                reason=f"after earthquake {earthquake.knmi_key}",
            )
            if enqueue:
                _enqueue_build(campaign)
    except IntegrityError:
        # Someone (or the import hook) made it a moment ago: the unique constraint holds.
        existing = Campaign.objects.filter(kind=CampaignKind.AFTER_EARTHQUAKE, earthquake=earthquake).first()
        raise OutreachError(
            [_("Voor de aardbeving bij %(event)s is al een lijst gemaakt.") % {"event": quake.describe(earthquake)}],
            campaign=existing,
        ) from None
    return campaign


def _empty_message(campaign: Campaign) -> str:
    if campaign.kind == CampaignKind.AFTER_EARTHQUAKE:
        return _(
            "Op de adressen die de beving bereikte, staan geen gebouwen in het register. Er zijn geen brieven te "
            "versturen."
        )
    return _(
        "In dit gebied vonden we geen gebouwen in het effectgebied waarvoor de regeling waarschijnlijk open is en "
        "waar nog niemand aanvroeg. Er zijn geen brieven te versturen."
    )


def build_campaign(campaign_id: int) -> Campaign | None:
    """Build the campaign's list: all entries and recipients in one transaction, or none.

    Runs in a Celery task. Idempotent: a campaign that is no longer "wordt gemaakt" is left alone.
    A failure leaves no entry behind and marks the campaign "mislukt" with a Dutch message.
    """
    started = time.perf_counter()
    try:
        with transaction.atomic():
            campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
            if campaign is None or campaign.status != CampaignStatus.QUEUED:
                return campaign
            if campaign.kind == CampaignKind.SILENT_VICTIMS:
                selection = AreaSelection(campaign.municipality, campaign.pc4_from, campaign.pc4_to, campaign.core_only)
                rows = find_silent_victims(campaign.scheme_code, selection, campaign.reference_date)
                rule = RecipientRule.OWNERS_ELSE_RESIDENTS
            else:
                # The radius again from the model: the stored one is for the page (a rounded radius
                # would drop the addresses right at the contour).
                rows = quake.find_reached(campaign.earthquake, quake.reach_km(campaign.earthquake))
                rule = RecipientRule.OWNERS_AND_RESIDENTS
            counts = write_rows(campaign, rows, on_date=campaign.reference_date, rule=rule)
            campaign.entry_count = counts["entries"]
            campaign.address_count = counts["addresses"]
            campaign.core_count = counts["core"]
            campaign.status = CampaignStatus.READY if counts["entries"] else CampaignStatus.EMPTY
            campaign.status_message = "" if counts["entries"] else _empty_message(campaign)
            campaign.built_at = timezone.now()
            campaign.build_seconds = round(time.perf_counter() - started, 3)
            campaign.save(
                update_fields=[
                    "entry_count", "address_count", "core_count", "status", "status_message", "built_at",
                    "build_seconds",
                ]
            )  # fmt: skip
            record_event(
                actor="outreach",
                action=AuditAction.UPDATE,
                obj=campaign,
                changed_fields=["status", "entry_count", "address_count"],
                reason=f"list built: {counts['entries']} buildings, {counts['addresses']} addresses",
            )
            return campaign
    except Exception:
        logger.exception("Outreach campaign %s: building the list failed", campaign_id)
        with transaction.atomic():
            Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.QUEUED).update(
                status=CampaignStatus.FAILED,
                status_message=_(
                    "Het maken van de lijst is mislukt. Er is niets opgeslagen. Maak de campagne opnieuw of meld het "
                    "aan de beheerder."
                ),
            )
            record_event(
                actor="outreach", action=AuditAction.UPDATE, obj=("outreach.campaign", str(campaign_id)),
                changed_fields=["status"], reason="list build failed",
            )  # fmt: skip
        return Campaign.objects.filter(pk=campaign_id).first()


def record_letters_sent(campaign: Campaign, *, sent_on, actor, today: dt.date | None = None) -> Campaign:
    """Record the day the letters of a ready campaign went out (once); refused in Dutch otherwise."""
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        errors = []
        if campaign.status == CampaignStatus.QUEUED:
            errors.append(_("De lijst wordt nog gemaakt. Wacht tot hij klaar is."))
        elif campaign.status == CampaignStatus.EMPTY:
            errors.append(_("Deze campagne heeft geen adressen. Er zijn geen brieven te versturen."))
        elif campaign.status == CampaignStatus.FAILED:
            errors.append(_("Het maken van deze lijst is mislukt. Er zijn geen brieven te versturen."))
        elif campaign.letter_sent_on is not None:
            errors.append(
                _("De brieven van deze campagne zijn al verstuurd op %(day)s.")
                % {"day": formats.date_format(campaign.letter_sent_on, "j F Y")}
            )
        if sent_on is None:
            errors.append(_("Vul de datum in waarop de brieven zijn verstuurd."))
        elif sent_on > today:
            errors.append(
                _("De datum %(day)s ligt in de toekomst. Vul de datum in waarop de brieven zijn verstuurd.")
                % {"day": formats.date_format(sent_on, "j F Y")}
            )
        elif campaign.built_at is not None and sent_on < timezone.localtime(campaign.built_at).date():
            errors.append(
                _("De brieven kunnen niet eerder verstuurd zijn dan de lijst klaar was (%(day)s).")
                % {"day": formats.date_format(timezone.localtime(campaign.built_at).date(), "j F Y")}
            )
        if errors:
            raise OutreachError(errors)
        campaign.letter_sent_on = sent_on
        campaign.save(update_fields=["letter_sent_on"])
        record_event(
            actor=actor,
            action=AuditAction.UPDATE,
            obj=campaign,
            changed_fields=["letter_sent_on"],
            reason=f"letters sent: {campaign.entry_count} buildings",
        )
    return campaign


def record_list_view(campaign: Campaign, *, actor, what: str) -> None:
    """A member of staff saw (or downloaded) names and addresses of this campaign: one VIEW event.

    `what` says which view ("list page 2", "CSV for the mail house", "letter"); never a name.
    """
    record_event(actor=actor, action=AuditAction.VIEW, obj=campaign, reason=f"outreach list: {what}")
