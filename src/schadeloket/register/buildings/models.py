"""Building or object, with the properties the schemes look at, and owner/resident periods."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BuildingKind(models.TextChoices):
    """The kinds the schemes distinguish (VES/AVV amounts, manure cellars, value loss)."""

    HOME = "home", _("Woning")
    SMALL_OBJECT = "small_object", _("Klein gebouw of object (schuur, garage, schutting)")
    FARM_BUILDING = "farm_building", _("Agrarisch gebouw")
    NON_RESIDENTIAL = "non_residential", _("Niet-woning")


class Building(models.Model):
    """A building or object the institute can compensate damage to.

    `cultuurcode`, `floor_area_m2` and `woz_value` feed the VES test for small objects
    (domain facts §1.1); `has_manure_cellar` the manure-cellar scheme (§1.11).
    """

    address = models.ForeignKey(
        "addresses.Address", on_delete=models.PROTECT, related_name="buildings", verbose_name=_("adres")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=BuildingKind.choices, default=BuildingKind.HOME)
    description = models.CharField(_("omschrijving"), max_length=120, blank=True)
    pand_id = models.CharField(_("BAG pand-ID"), max_length=16, blank=True, db_index=True)
    cadastral_object = models.CharField(_("kadastraal object"), max_length=40, blank=True, db_index=True)
    construction_year = models.PositiveSmallIntegerField(
        _("bouwjaar"), null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2100)]
    )
    floor_area_m2 = models.PositiveIntegerField(_("oppervlakte (m²)"), null=True, blank=True)
    woz_value = models.DecimalField(_("WOZ-waarde (euro)"), max_digits=12, decimal_places=2, null=True, blank=True)
    woz_reference_date = models.DateField(_("WOZ-peildatum"), null=True, blank=True)
    cultuurcode = models.PositiveSmallIntegerField(_("cultuurcode"), null=True, blank=True)
    has_manure_cellar = models.BooleanField(_("heeft mestkelder"), default=False)
    manure_cellar_volume_m3 = models.PositiveIntegerField(_("inhoud mestkelder (m³)"), null=True, blank=True)
    is_monument = models.BooleanField(_("is monument"), default=False)

    class Meta:
        verbose_name = _("gebouw of object")
        verbose_name_plural = _("gebouwen en objecten")
        constraints = [
            models.CheckConstraint(
                condition=Q(manure_cellar_volume_m3__isnull=True) | Q(has_manure_cellar=True),
                name="building_cellar_volume_needs_cellar",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.address}"


class RelationKind(models.TextChoices):
    OWNER = "owner", _("Eigenaar")
    RESIDENT = "resident", _("Bewoner")


class BuildingRelation(models.Model):
    """A person owned or lived in a building during a period (`valid_until` empty: still does)."""

    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="building_relations", verbose_name=_("persoon")
    )
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="relations", verbose_name=_("gebouw"))
    kind = models.CharField(_("relatie"), max_length=10, choices=RelationKind.choices)
    valid_from = models.DateField(_("van"))
    valid_until = models.DateField(_("tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("eigenaar of bewoner")
        verbose_name_plural = _("eigenaren en bewoners")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="relation_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["building", "kind"], name="relation_building_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.person} ({self.valid_from} – {self.valid_until or '…'})"

    def is_valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)
