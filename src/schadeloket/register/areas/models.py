"""Gas fields and areas, each with its source and validity dates.

An area is a geometry (WKT in RD New metres), a set of 4-digit postcodes, or both; the evidence-
presumption area also includes every address where a catalogued earthquake reached a ground
velocity threshold (`pgv_threshold_mm_s`), as art. 10oa Besluit Twg describes.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class GasField(models.Model):
    """The outline of a gas field or gas storage (Groningenveld, Norg, Grijpskerk)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("naam"), max_length=80)
    geometry_rd_wkt = models.TextField(_("omtrek (WKT, RD New)"))
    source = models.CharField(_("bron"), max_length=200)

    class Meta:
        verbose_name = _("gasveld")
        verbose_name_plural = _("gasvelden")

    def __str__(self) -> str:
        return self.name


class AreaKind(models.TextChoices):
    EVIDENCE_PRESUMPTION = "evidence_presumption", _("Effectgebied bewijsvermoeden")
    DEEP_SUBSIDENCE = "deep_subsidence", _("Gebied diepe bodemdaling")
    REINFORCEMENT = "reinforcement", _("Versterkingsgebied")
    CORE = "core", _("Kerngebied")


class Area(models.Model):
    kind = models.CharField(_("soort"), max_length=30, choices=AreaKind.choices, db_index=True)
    name = models.CharField(_("naam"), max_length=120)
    geometry_rd_wkt = models.TextField(_("geometrie (WKT, RD New)"), blank=True)
    postcodes = models.JSONField(_("postcodes (4 cijfers)"), default=list, blank=True)
    pgv_threshold_mm_s = models.DecimalField(
        _("ook waar een beving dit bereikte (mm/s, 1% overschrijding)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    source = models.CharField(_("bron"), max_length=300)
    source_url = models.URLField(_("link naar bron"), max_length=300, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True, help_text=_("Leeg: altijd al."))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True, help_text=_("Leeg: nog geldig."))
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        constraints = [
            models.UniqueConstraint(fields=["kind", "name", "valid_from"], name="area_unique_version"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="area_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"
