"""An objection (bezwaar) as it was received: the start of the objection process.

Only the receipt lives here for now: which decision, who objected, through which channel, what they
wrote (blank = pro forma, the reasons follow later), when it came in, and whether that was within
the objection term. The handling (owner, hearing, decision on the objection) builds on this model
later; `status` starts at "received" and grows then.

`received_in_time` is decided once, at receipt, from `term_ends` (the last day of the objection
term with the Algemene termijnenwet applied) and kept with it, so the judgement can be checked
later even if a term parameter changes. A late objection is still received: whether the lateness
is excusable (Awb 6:11) is a judgement for the objection process, never for the form.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectionChannel(models.TextChoices):
    PORTAL = "portal", _("Mijn Dossier")
    LETTER = "letter", _("brief")


class ObjectionStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")


class Objection(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="objections", verbose_name=_("besluit")
    )
    objector = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("indiener"),
        help_text=_("De persoon die bezwaar maakt (een partij bij de zaak)."),
    )
    channel = models.CharField(_("ingediend via"), max_length=10, choices=ObjectionChannel.choices)
    grounds = models.TextField(_("gronden van het bezwaar"), blank=True, help_text=_("Leeg: pro-formabezwaar."))
    submitted_at = models.DateTimeField(_("ontvangen op (tijdstip)"))
    submitted_by_label = models.CharField(
        _("ingediend door"), max_length=150, help_text=_("Wie het indiende, zoals in het auditspoor.")
    )
    received_on = models.DateField(_("ontvangen op"))
    posted_on = models.DateField(
        _("op de post gedaan op"), null=True, blank=True, help_text=_("Alleen bij een brief (Awb art. 6:9 lid 2).")
    )
    term_ends = models.DateField(_("bezwaartermijn liep tot en met"))
    received_in_time = models.BooleanField(_("op tijd ontvangen"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.RECEIVED
    )

    class Meta:
        verbose_name = _("bezwaar")
        verbose_name_plural = _("bezwaren")
        constraints = [
            # One objection per person per decision: a second one adds grounds to the first (later).
            models.UniqueConstraint(fields=["decision", "objector"], name="objection_one_per_objector"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} bezwaar {self.submitted_at:%Y-%m-%d}"

    @property
    def pro_forma(self) -> bool:
        return not self.grounds.strip()
