"""The damage inspection (schade-opname) and, for maatwerk, the expert's verdict per damage.

Why the verdict lives on the damage item: the advice report (domain facts §1.7) gives a verdict
and repair costs per damage, and the maatwerk rules decide per damage. An item without an
`assessed_on` has not been assessed yet; a verdict of "unknown" means the expert assessed it and
could not establish the cause, which the evidence presumption may then settle.

A case may have more than one report: a revised report (herzien rapport) replaces the earlier
one, which stays for the record. The newest report is the one the decision rests on.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    YES = "yes", _("mijnbouwschade")
    NO = "no", _("geen mijnbouwschade")
    UNKNOWN = "unknown", _("oorzaak niet vast te stellen")


class InspectionReport(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="inspection_reports", verbose_name=_("zaak")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="inspection_reports",
        verbose_name=_("opnemer"),
    )
    inspected_on = models.DateField(_("opgenomen op"))
    notes = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opnamerapport")
        verbose_name_plural = _("opnamerapporten")
        indexes = [models.Index(fields=["case", "inspected_on"], name="inspection_case_date")]

    def __str__(self) -> str:
        return f"{self.case} {self.inspected_on:%d-%m-%Y}"


class DamageItem(models.Model):
    report = models.ForeignKey(
        InspectionReport, on_delete=models.CASCADE, related_name="items", verbose_name=_("opnamerapport")
    )
    number = models.PositiveSmallIntegerField(_("nummer"), help_text=_("Volgnummer van de schade in het rapport."))
    description = models.CharField(_("omschrijving"), max_length=500)
    location = models.CharField(_("ruimte of plek"), max_length=100, blank=True)
    photo = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="damage_items",
        verbose_name=_("foto"),
    )
    verdict = models.CharField(_("oordeel deskundige"), max_length=10, choices=Verdict.choices, blank=True)
    repair_cost = models.DecimalField(_("herstelkosten"), max_digits=12, decimal_places=2, null=True, blank=True)
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessed_damage_items",
        verbose_name=_("deskundige"),
    )
    assessed_on = models.DateField(_("beoordeeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("schade")
        verbose_name_plural = _("schades")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="damage_item_number_unique"),
            # assessed means all three: a verdict, a cost and who gave them
            models.CheckConstraint(
                condition=(
                    models.Q(assessed_on__isnull=True, verdict="", repair_cost__isnull=True, expert__isnull=True)
                    | models.Q(assessed_on__isnull=False, repair_cost__gte=0, expert__isnull=False)
                    & ~models.Q(verdict="")
                ),
                name="damage_item_assessed_whole",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report.case} schade {self.number}"

    @property
    def is_assessed(self) -> bool:
        return self.assessed_on is not None
