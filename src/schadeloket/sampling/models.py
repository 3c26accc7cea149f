"""Sampling policy, sampling decisions and reviews.

`SamplingPolicy` holds the risk rules per scheme (or the default for every scheme without its own),
with a validity period, editable in the admin. The IMG publishes none of its values: every default
here is a marked PLACEHOLDER (docs/open-questions.md).

`SamplingDecision` is what the rules said about one draft decision, with the policy's values as
they were then (a snapshot, since a policy can be edited later), the lot drawn and the Dutch
reasons. `Review` is the reviewer's outcome. Both are written only through `services`.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .rules import PolicyValues

# PLACEHOLDER: the IMG's threshold for always reviewing a decision is not published
# (docs/open-questions.md). The first 20 decisions and 5% are stand-ins too.
DEFAULT_AMOUNT_THRESHOLD = Decimal("25000.00")
DEFAULT_NEW_HANDLER_COUNT = 20
DEFAULT_RANDOM_SHARE = Decimal("5.00")


def new_seed() -> str:
    """A fresh seed per policy, so the lottery cannot be predicted from the source code."""
    return secrets.token_hex(16)


class ValueStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("bevestigd (met bron)")
    PLACEHOLDER = "placeholder", _("voorlopige waarde (bron niet gevonden)")


class SamplingPolicy(models.Model):
    scheme_code = models.CharField(
        _("regeling"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("Laat leeg voor het standaardbeleid: dat geldt voor elke regeling zonder eigen beleid."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    amount_threshold = models.DecimalField(
        _("altijd toetsen boven dit bedrag (euro)"),
        max_digits=12,
        decimal_places=2,
        default=DEFAULT_AMOUNT_THRESHOLD,
        validators=[MinValueValidator(Decimal("0"))],
    )
    review_deviations = models.BooleanField(_("altijd toetsen als de behandelaar afwijkt van de regels"), default=True)
    new_handler_count = models.PositiveIntegerField(
        _("aantal eerste besluiten van een nieuwe behandelaar dat altijd getoetst wordt"),
        default=DEFAULT_NEW_HANDLER_COUNT,
    )
    random_share = models.DecimalField(
        _("willekeurig deel van de overige besluiten (procent)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_RANDOM_SHARE,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    seed = models.CharField(
        _("startwaarde van de loting"),
        max_length=64,
        default=new_seed,
        help_text=_("Met deze waarde kan een controleur narekenen waarom een zaak is geloot."),
    )
    status = models.CharField(
        _("status van de waarden"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.PLACEHOLDER
    )
    source = models.TextField(_("bron of toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("toetsingsbeleid")
        verbose_name_plural = _("toetsingsbeleid")
        ordering = ["scheme_code", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="sampling_policy_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(random_share__gte=0) & Q(random_share__lte=100), name="sampling_policy_share_is_percent"
            ),
            models.CheckConstraint(condition=Q(amount_threshold__gte=0), name="sampling_policy_threshold_not_negative"),
            models.UniqueConstraint(fields=["scheme_code", "valid_from"], name="sampling_policy_one_per_start"),
        ]

    def __str__(self) -> str:
        scheme = self.scheme_code or _("standaard")
        return f"{scheme} {_('vanaf')} {self.valid_from:%d-%m-%Y}"

    def values(self) -> PolicyValues:
        return PolicyValues(
            amount_threshold=Decimal(self.amount_threshold).quantize(Decimal("0.01")),
            review_deviations=self.review_deviations,
            new_handler_count=self.new_handler_count,
            random_share=Decimal(self.random_share).quantize(Decimal("0.01")),
            seed=self.seed,
        )

    def clean(self):
        """Refuse an unknown scheme and a period that overlaps another policy of the same scheme."""
        from schadeloket.schemes.registry import UnknownSchemeError, get_scheme

        errors = {}
        if self.scheme_code:
            try:
                get_scheme(self.scheme_code)
            except UnknownSchemeError:
                errors["scheme_code"] = _("Regeling '%(code)s' bestaat niet.") % {"code": self.scheme_code}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("De einddatum ligt voor de begindatum.")
        if self.valid_from and not errors:
            others = SamplingPolicy.objects.filter(scheme_code=self.scheme_code).exclude(pk=self.pk)
            if self.valid_until:
                others = others.filter(valid_from__lte=self.valid_until)
            others = others.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=self.valid_from))
            clash = others.first()
            if clash is not None:
                errors["valid_from"] = _(
                    "Deze periode overlapt met het beleid dat geldt vanaf %(start)s. "
                    "Geef dat beleid eerst een einddatum."
                ) % {"start": f"{clash.valid_from:%d-%m-%Y}"}
        if errors:
            raise ValidationError(errors)


class SamplingDecision(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="sampling_decisions", verbose_name=_("zaak")
    )
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="sampling_decisions", verbose_name=_("besluit")
    )
    scheme_code = models.CharField(_("regeling"), max_length=30, db_index=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("behandelaar"),
    )
    required = models.BooleanField(_("toetsen"))
    rules = models.JSONField(_("regels die golden"), default=list)
    reasons = models.JSONField(_("redenen"), default=list)
    lot = models.PositiveIntegerField(_("lotnummer"), null=True, blank=True)
    policy = models.ForeignKey(
        SamplingPolicy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sampling_decisions",
        verbose_name=_("toetsingsbeleid"),
    )
    policy_version = models.CharField(_("versie van het beleid"), max_length=12, blank=True)
    policy_values = models.JSONField(_("waarden van het beleid"), default=dict)
    created_at = models.DateTimeField(_("bepaald op"), default=timezone.now)

    class Meta:
        verbose_name = _("steekproefbeslissing")
        verbose_name_plural = _("steekproefbeslissingen")
        indexes = [
            models.Index(fields=["case", "-id"], name="sampling_decision_latest"),
            models.Index(fields=["handler", "scheme_code"], name="sampling_decision_stats"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {_('toetsen') if self.required else _('niet toetsen')}"


class ReviewOutcome(models.TextChoices):
    APPROVED = "approved", _("akkoord")
    RETURNED = "returned", _("teruggestuurd")


class Review(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="reviews", verbose_name=_("zaak"))
    sampling = models.ForeignKey(
        SamplingDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviews",
        verbose_name=_("steekproefbeslissing"),
        help_text=_("De laatste steekproefbeslissing van de zaak op het moment van toetsen."),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("toetser")
    )
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reden"), blank=True)
    at = models.DateTimeField(_("getoetst op"), default=timezone.now)

    class Meta:
        verbose_name = _("toetsing")
        verbose_name_plural = _("toetsingen")
        constraints = [
            models.CheckConstraint(condition=Q(outcome="approved") | ~Q(reason=""), name="review_return_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_outcome_display()}"
