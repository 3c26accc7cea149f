"""Machtiging: a case guide may act for an applicant, with the applicant's recorded consent.

Why a model of its own: acting for someone is only allowed with consent, for a limited time, and
it must stay visible afterwards who gave it, how, and until when. Record and revoke through
`services`; a revoked or expired machtiging is kept (the audit trail points at it).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentMethod(models.TextChoices):
    IN_PERSON = "in_person", _("persoonlijk, met handtekening op het machtigingsformulier")
    WRITTEN = "written", _("schriftelijk (brief of formulier per post)")
    DIGID_MACHTIGEN = "digid_machtigen", _("via DigiD Machtigen")


class Authorisation(models.Model):
    """A machtiging: `case_guide` may act for `person` from `valid_from` up to and including `valid_until`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case_guide = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="authorisations",
        verbose_name=_("zaakbegeleider"),
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="authorisations", verbose_name=_("inwoner")
    )
    consent_given_on = models.DateField(_("toestemming gegeven op"))
    consent_method = models.CharField(_("manier van toestemming"), max_length=20, choices=ConsentMethod.choices)
    consent_reference = models.CharField(
        _("kenmerk van de toestemming"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld het nummer van het ondertekende formulier. Geen persoonsgegevens."),
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(_("geldig tot en met"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingetrokken door"),
    )
    revocation_reason = models.CharField(_("reden van intrekken"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("machtiging")
        verbose_name_plural = _("machtigingen")
        indexes = [models.Index(fields=["case_guide", "person", "valid_until"], name="authorisation_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="authorisation_period_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_guide} → {self.person}"

    def is_active(self, on=None) -> bool:
        """Not revoked, and `on` (default: today in Europe/Amsterdam) lies within the period."""
        on = on or timezone.localdate()
        return self.revoked_at is None and self.valid_from <= on <= self.valid_until
