"""PaymentOrder and PaymentBatch.

Exactly once: `idempotency_key` is unique in the database (one per decision and payee), so a
retried request, task or batch run finds the order that exists instead of making a second one.
A batch is exported as SEPA pain.001 XML and keeps its checksum.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayeeKind(models.TextChoices):
    APPLICANT = "applicant", _("aanvrager")
    NCG = "ncg", _("NCG (koppelkans)")
    CONTRACTOR = "contractor", _("aannemer")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("klaar om te betalen")
    BATCHED = "batched", _("in betaalbestand")
    PAID = "paid", _("betaald")
    CANCELLED = "cancelled", _("vervallen")


class PaymentBatch(models.Model):
    message_id = models.CharField(_("berichtkenmerk"), max_length=35, unique=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    order_count = models.PositiveIntegerField(_("aantal opdrachten"))
    total = models.DecimalField(_("totaal (euro)"), max_digits=14, decimal_places=2)
    xml = models.TextField(_("pain.001-bericht"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)

    class Meta:
        verbose_name = _("betaalbestand")
        verbose_name_plural = _("betaalbestanden")

    def __str__(self) -> str:
        return self.message_id


class PaymentOrder(models.Model):
    idempotency_key = models.CharField(_("uniek kenmerk"), max_length=80, unique=True)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="payment_orders", verbose_name=_("besluit")
    )
    payee_kind = models.CharField(_("ontvanger"), max_length=20, choices=PayeeKind.choices)
    payee_name = models.CharField(_("naam ontvanger"), max_length=70)
    iban = models.CharField(_("IBAN"), max_length=34)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2)
    remittance = models.CharField(_("omschrijving"), max_length=140)
    status = models.CharField(_("status"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    batch = models.ForeignKey(
        PaymentBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("betaalbestand"),
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("betaalopdracht")
        verbose_name_plural = _("betaalopdrachten")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_order_amount_positive")]
        indexes = [models.Index(fields=["status"], name="payment_order_status")]

    def __str__(self) -> str:
        return f"{self.idempotency_key} € {self.amount}"
