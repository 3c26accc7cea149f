"""Decision and Letter.

A decision keeps what the rules said (`rule_outcome`: the scheme's Outcome.as_dict with traces,
inputs and rule versions) next to what was decided (`amount`, `granted`). When a person decides
otherwise than the rules, `deviates` is set and `deviation_reason` says why: a human judgement is
always possible and always recorded.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    DRAFT = "draft", _("ontwerpbesluit")
    FINAL = "final", _("besluit")


class Decision(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("zaak"))
    kind = models.CharField(_("soort"), max_length=10, choices=DecisionKind.choices)
    granted = models.BooleanField(_("toegekend"))
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2, default=0)
    rule_outcome = models.JSONField(_("uitkomst van de regels"), default=dict)
    rule_amount = models.DecimalField(
        _("bedrag volgens de regels"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deviates = models.BooleanField(_("wijkt af van de regels"), default=False)
    deviation_reason = models.TextField(_("reden van afwijken"), blank=True)
    explanation = models.TextField(_("uitleg voor de aanvrager"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("besloten door")
    )
    decided_at = models.DateTimeField(_("besloten op"))
    view_period_ends = models.DateField(_("zienswijze mogelijk tot en met"), null=True, blank=True)
    # The applicant's reaction on a draft (zienswijze): when it came and what it said. Once it has
    # come, the final decision need not wait for the end of the period.
    view_received_at = models.DateTimeField(_("zienswijze ontvangen op"), null=True, blank=True)
    view_text = models.TextField(_("zienswijze"), blank=True)
    # Final decisions: the last day to object (bezwaar), from the scheme's objection term and the
    # day the letter was sent; Mijn Dossier shows the objection button until then.
    objection_period_ends = models.DateField(_("bezwaar mogelijk tot en met"), null=True, blank=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        constraints = [
            models.CheckConstraint(
                condition=Q(deviates=False) | ~Q(deviation_reason=""), name="decision_deviation_has_reason"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="decision_amount_not_negative"),
            # one final decision per case (a new one after objection gets its own case or kind later)
            models.UniqueConstraint(fields=["case"], condition=Q(kind="final"), name="decision_one_final_per_case"),
        ]
        indexes = [
            # The zienswijzen among hundreds of thousands of decisions, for the grounds work list.
            models.Index(
                fields=["view_received_at"],
                condition=Q(kind="draft", view_received_at__isnull=False),
                name="decision_views_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()}"


class Letter(models.Model):
    """A letter as sent: the rendered PDF/A, its checksum, and the template it came from."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters", verbose_name=_("besluit"))
    template = models.CharField(_("sjabloon"), max_length=100)
    pdf = models.FileField(_("PDF"), upload_to="letters/%Y/%m/")
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    sent_on = models.DateField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")

    def __str__(self) -> str:
        return f"{self.decision} {self.template}"


class RuleAnswers(models.Model):
    """What staff answered to the scheme's questions for a case (see schemes.engine.questions).

    Stored apart from any decision, so that answers typed today are still there tomorrow, and a
    draft made later decides on exactly these answers. JSON as each question's `to_json` gives it.
    """

    case = models.OneToOneField(
        "cases.Case", on_delete=models.PROTECT, related_name="rule_answers", verbose_name=_("zaak")
    )
    answers = models.JSONField(_("antwoorden"), default=dict)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ingevuld door")
    )
    updated_at = models.DateTimeField(_("ingevuld op"), auto_now=True)

    class Meta:
        verbose_name = _("antwoorden voor de regels")
        verbose_name_plural = _("antwoorden voor de regels")

    def __str__(self) -> str:
        return f"{self.case} antwoorden"
