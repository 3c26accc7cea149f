"""Outreach campaigns: lists of addresses whose residents we write to, and what came of it.

Two kinds of campaign share one shape:

- **stille gedupeerden** (silent victims): buildings in the effect area where, by the scheme's own
  rules, the owner is likely entitled to a scheme nobody applied for;
- **na een aardbeving** (after an earthquake): every building where a newly catalogued earthquake
  reached 2 mm/s at 1% exceedance, with what the event opens for the people there.

Why a list is stored and not recomputed on every page: the register changes every day (new cases,
new owners), while a campaign must show the list as it was when the letters went out, so that
"applied afterwards" and the conversion rate compare like with like. A list is built once, by a
Celery task, in one transaction (`services.build_campaign`): it exists whole or not at all.

An entry is one building (eligibility is decided per building); its recipients are the persons the
letter is addressed to. Names and addresses are personal data: every staff view of a list writes
an audit event (see `views`), and the audit event names the campaign, never a person.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    SILENT_VICTIMS = "silent_victims", _("Stille gedupeerden")
    AFTER_EARTHQUAKE = "after_earthquake", _("Na een aardbeving")


class CampaignStatus(models.TextChoices):
    QUEUED = "queued", _("Wordt gemaakt")
    READY = "ready", _("Klaar")
    EMPTY = "empty", _("Geen adressen gevonden")
    FAILED = "failed", _("Mislukt")


class Campaign(models.Model):
    """One outreach list with its selection, its build state and the date the letters went out."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("soort"), max_length=20, choices=CampaignKind.choices)
    name = models.CharField(_("naam"), max_length=120)
    scheme_code = models.CharField(_("regeling"), max_length=30, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=80, blank=True)
    pc4_from = models.CharField(_("postcode vanaf"), max_length=4, blank=True)
    pc4_to = models.CharField(_("postcode tot en met"), max_length=4, blank=True)
    core_only = models.BooleanField(_("alleen het kerngebied"), default=False)
    earthquake = models.ForeignKey(
        "earthquakes.Earthquake",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outreach_campaigns",
        verbose_name=_("aardbeving"),
    )
    reach_km = models.FloatField(
        _("bereik 2 mm/s (km)"),
        null=True,
        blank=True,
        help_text=_("Tot deze afstand van het epicentrum bereikte de beving 2 mm/s (1% overschrijdingskans)."),
    )
    reference_date = models.DateField(_("peildatum"))
    status = models.CharField(
        _("stand"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.QUEUED, db_index=True
    )
    status_message = models.TextField(_("toelichting bij de stand"), blank=True)
    entry_count = models.PositiveIntegerField(_("aantal gebouwen"), default=0)
    address_count = models.PositiveIntegerField(_("aantal adressen"), default=0)
    core_count = models.PositiveIntegerField(_("gebouwen in het kerngebied"), default=0)
    build_seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    letter_sent_on = models.DateField(_("brief verstuurd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gemaakt door"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    built_at = models.DateTimeField(_("lijst klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One after-earthquake list per event: the hook and a member of staff cannot make two.
            models.UniqueConstraint(
                fields=["earthquake"],
                condition=Q(kind="after_earthquake"),
                name="outreach_one_list_per_earthquake",
            ),
            models.CheckConstraint(
                condition=(Q(kind="silent_victims") & ~Q(scheme_code=""))
                | (Q(kind="after_earthquake") & Q(earthquake__isnull=False)),
                name="outreach_kind_has_its_subject",
            ),
            models.CheckConstraint(
                condition=Q(letter_sent_on__isnull=True) | Q(status="ready"),
                name="outreach_letters_only_for_a_ready_list",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def reference(self) -> str:
        """The campaign's reference in letters and files: `BER-2026-00012`."""
        return f"BER-{self.created_at:%Y}-{self.pk:05d}" if self.pk and self.created_at else ""


class EntryOutcome(models.TextChoices):
    """What the scheme said for the building's owner (silent victims; empty after an earthquake)."""

    LIKELY = "likely", _("Komt waarschijnlijk in aanmerking")
    DEPENDS = "depends", _("Hangt af van een paar vragen")


class CampaignEntry(models.Model):
    """One building on a campaign list, with what the list says about it.

    `municipality` and the sort `position` (core area first) are copied at build time, so that the
    list pages and the table per municipality read one narrow table, not the register.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="entries", verbose_name=_("campagne"))
    position = models.PositiveIntegerField(_("volgorde"))
    building = models.ForeignKey(
        "buildings.Building", on_delete=models.PROTECT, related_name="+", verbose_name=_("gebouw")
    )
    address = models.ForeignKey(
        "addresses.Address", on_delete=models.PROTECT, related_name="+", verbose_name=_("adres")
    )
    municipality = models.CharField(_("gemeente"), max_length=80)
    in_core_area = models.BooleanField(_("in het kerngebied"), default=False)
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=EntryOutcome.choices, blank=True)
    pgv_mm_s = models.FloatField(_("trilling (mm/s, 1% overschrijding)"), null=True, blank=True)
    has_open_case = models.BooleanField(_("heeft een open zaak"), default=False)
    new_report_possible = models.BooleanField(
        _("nieuwe schademelding mogelijk"),
        default=False,
        help_text=_(
            "Eerder een vaste vergoeding of een finale regeling; deze beving maakt een nieuwe melding mogelijk."
        ),
    )
    newly_eligible = models.CharField(
        _("nu ook mogelijk (regelingen)"),
        max_length=200,
        blank=True,
        help_text=_("Codes van de regelingen die door deze beving open gaan, gescheiden door komma's."),
    )
    recipient_count = models.PositiveSmallIntegerField(_("aantal geadresseerden"), default=0)

    class Meta:
        verbose_name = _("adres op de lijst")
        verbose_name_plural = _("adressen op de lijst")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "building"], name="outreach_entry_once_per_building"),
            models.UniqueConstraint(fields=["campaign", "position"], name="outreach_entry_position_unique"),
        ]
        indexes = [models.Index(fields=["campaign", "municipality"], name="outreach_entry_municipality")]

    def __str__(self) -> str:
        return f"{self.campaign_id} #{self.position}"

    @property
    def newly_eligible_codes(self) -> list[str]:
        return [code for code in self.newly_eligible.split(",") if code]


class CampaignRecipient(models.Model):
    """A person the letter for an entry is addressed to: a current owner, or else a resident."""

    entry = models.ForeignKey(
        CampaignEntry, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("adres op de lijst")
    )
    person = models.ForeignKey("persons.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("persoon"))
    relation = models.CharField(_("relatie"), max_length=10)  # buildings.RelationKind: owner or resident

    class Meta:
        verbose_name = _("geadresseerde")
        verbose_name_plural = _("geadresseerden")
        constraints = [models.UniqueConstraint(fields=["entry", "person"], name="outreach_recipient_once")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.relation}"
