"""PriorPayment: money paid earlier for damage to a building, by whom, when, and under what scheme."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Payer(models.TextChoices):
    NAM = "NAM", "NAM"
    CVW = "CVW", "CVW"
    TCMG = "TCMG", "TCMG"
    IMG = "IMG", "IMG"
    OTHER = "OTHER", _("Anders")


class PaymentKind(models.TextChoices):
    """AVV counts damage payments but not incidental costs (domain facts §1.2)."""

    DAMAGE = "damage", _("Schade")
    INCIDENTAL_COSTS = "incidental_costs", _("Bijkomende kosten")
    STATUTORY_INTEREST = "statutory_interest", _("Wettelijke rente")


class PriorPayment(models.Model):
    reference = models.CharField(_("kenmerk"), max_length=40, help_text=_("Het kenmerk van de betaler."))
    payer = models.CharField(_("betaler"), max_length=5, choices=Payer.choices)
    paid_on = models.DateField(_("betaald op"))
    amount = models.DecimalField(
        _("bedrag (euro)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    scheme = models.CharField(_("regeling"), max_length=40)
    kind = models.CharField(_("soort"), max_length=20, choices=PaymentKind.choices, default=PaymentKind.DAMAGE)
    building = models.ForeignKey(
        "buildings.Building", on_delete=models.PROTECT, related_name="prior_payments", verbose_name=_("gebouw")
    )

    class Meta:
        verbose_name = _("eerdere betaling")
        verbose_name_plural = _("eerdere betalingen")
        constraints = [
            models.UniqueConstraint(fields=["payer", "reference"], name="payment_unique_reference"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["building", "kind"], name="payment_building_kind")]

    def __str__(self) -> str:
        return f"{self.payer} {self.paid_on} € {self.amount}"
