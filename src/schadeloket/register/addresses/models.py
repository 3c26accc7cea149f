"""Address: one nummeraanduiding of the BAG, with its verblijfsobject and coordinates."""

from django.db import models
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from .validators import format_postcode, validate_bag_id


class Address(models.Model):
    """A postal address as the BAG knows it.

    The nummeraanduiding identifies the address itself; the verblijfsobject is the unit it
    belongs to (several addresses can share one). Coordinates are kept in RD New for distance
    work (areas, ground motion) and in WGS84 for maps.
    """

    nummeraanduiding_id = models.CharField(
        _("nummeraanduiding-ID"), max_length=16, unique=True, validators=[validate_bag_id]
    )
    verblijfsobject_id = models.CharField(
        _("verblijfsobject-ID"), max_length=16, blank=True, db_index=True, validators=[validate_bag_id]
    )
    street = models.CharField(_("straat"), max_length=80)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, help_text=_("Opgeslagen als 1234AB."))
    pc4 = models.GeneratedField(
        expression=Substr("postcode", 1, 4),
        output_field=models.CharField(max_length=4),
        db_persist=True,
        db_index=True,
        verbose_name=_("postcodegebied (4 cijfers)"),
    )
    place = models.CharField(_("woonplaats"), max_length=80)
    municipality = models.CharField(_("gemeente"), max_length=80, db_index=True)
    rd_x = models.FloatField(_("RD x (m)"))
    rd_y = models.FloatField(_("RD y (m)"))
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_letter", "house_number_addition"],
                name="address_unique_postal",
            ),
        ]
        indexes = [models.Index(fields=["postcode", "house_number"], name="address_postcode_number")]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number_display}, {format_postcode(self.postcode)} {self.place}"

    @property
    def house_number_display(self) -> str:
        suffix = self.house_letter + (f"-{self.house_number_addition}" if self.house_number_addition else "")
        return f"{self.house_number}{suffix}"

    @property
    def postcode_display(self) -> str:
        return format_postcode(self.postcode)
