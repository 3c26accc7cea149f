"""Earthquake: one event of the KNMI catalogue of induced earthquakes."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Earthquake(models.Model):
    """An induced earthquake as KNMI catalogued it.

    `knmi_key` (origin time and epicentre) makes importing idempotent. The epicentre is also kept
    in RD New metres so that distances to addresses need no projection at query time.
    """

    knmi_key = models.CharField(_("KNMI-sleutel"), max_length=40, unique=True)
    origin_time = models.DateTimeField(_("tijdstip (UTC)"), db_index=True)
    location_name = models.CharField(_("locatie"), max_length=80)
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))
    rd_x = models.FloatField(_("RD x (m)"))
    rd_y = models.FloatField(_("RD y (m)"))
    depth_km = models.FloatField(_("diepte (km)"))
    magnitude = models.DecimalField(_("kracht (ML)"), max_digits=3, decimal_places=1)
    evaluation_mode = models.CharField(_("evaluatie"), max_length=20, blank=True)
    source = models.CharField(_("bron"), max_length=120, default="KNMI")

    class Meta:
        verbose_name = _("aardbeving")
        verbose_name_plural = _("aardbevingen")
        ordering = ["origin_time"]

    def __str__(self) -> str:
        return f"{self.location_name} {self.origin_time:%Y-%m-%d} M{self.magnitude}"
