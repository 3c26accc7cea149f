"""Handling time staff record on a case, and the hourly rate per role that turns it into euros.

Why: management wants the cost of handling per scheme and per case (the IMG publishes its yearly
execution costs next to what it paid, domain facts §3.4). The platform knows the cases; the time
spent on them is recorded by staff on the case (`TimeEntry`, one row per piece of work), and a rate
per role valid from a date (`HourlyRate`, kept in the admin) prices it. A rate change never
rewrites history: each minute is priced at the rate valid on the day the work was done.

`scheme_code` is copied from the case onto the entry so the weekly figures group without a join,
as `cases.StatusChange` does.

Entries are never edited or deleted, as in any financial or time record of a government body: a
wrong entry is corrected with new entries that point to it (`corrects`): a reversal (the same
minutes, negative, on the same day, role and scheme, so every sum nets it to zero) and, when the
time was not wrong altogether, a replacement with the right figures. Each carries the reason and who
recorded it (`recorded_by`: the staff member or a manager), and the audit trail has an event. An
entry is corrected once (two partial unique constraints); a correction of a correction is made on
the latest entry of the chain. Sums therefore need no special case: SUM(minutes) is the corrected
figure. Only "which entries still count" (for counting cases) asks for `corrections`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from schadeloket.accounts.roles import ROLES_BY_CODE

MIN_MINUTES = 1
MAX_MINUTES = 600  # ten hours in one entry: more is a typo or should be split per day


def role_label(code: str) -> str:
    """The role's Dutch name (accounts.roles); the code itself for a role that no longer exists.

    Role codes are not model choices on purpose: roles are code (accounts.roles) and grow, and a
    choices list would make every new role a migration of this app. Services and forms check them.
    """
    role = ROLES_BY_CODE.get(code)
    return str(role.label) if role else code


class Activity(models.TextChoices):
    INSPECTION = "inspection", _("schade-opname")
    ADVICE = "advice", _("advies")
    DECISION = "decision", _("besluit")
    OBJECTION = "objection", _("bezwaar")
    CONTACT = "contact", _("contact met aanvrager")
    OTHER = "other", _("overig")


class EntryKind(models.TextChoices):
    RECORDED = "recorded", _("vastgelegd")
    REVERSAL = "reversal", _("terugdraaiing")
    REPLACEMENT = "replacement", _("vervanging")


class TimeEntry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("zaak")
    )
    scheme_code = models.CharField(_("regeling"), max_length=30)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("medewerker")
    )
    role = models.CharField(_("rol"), max_length=30)
    activity = models.CharField(_("activiteit"), max_length=20, choices=Activity.choices)
    minutes = models.SmallIntegerField(_("minuten"), help_text=_("Negatief bij een terugdraaiing."))
    worked_on = models.DateField(_("datum"))
    recorded_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    kind = models.CharField(_("soort"), max_length=12, choices=EntryKind.choices, default=EntryKind.RECORDED)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrigeert"),
    )
    reason = models.CharField(_("reden van de correctie"), max_length=500, blank=True)
    # Who typed it: the staff member themself, or a manager who corrected their time. Empty on
    # entries from before corrections existed (then it was `staff`).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )

    class Meta:
        verbose_name = _("bestede tijd")
        verbose_name_plural = _("bestede tijd")
        indexes = [
            models.Index(fields=["scheme_code", "worked_on"], name="timeentry_report"),
            models.Index(fields=["case", "worked_on"], name="timeentry_case"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(kind=EntryKind.REVERSAL) & Q(minutes__gte=MIN_MINUTES) & Q(minutes__lte=MAX_MINUTES))
                | (Q(kind=EntryKind.REVERSAL) & Q(minutes__gte=-MAX_MINUTES) & Q(minutes__lte=-MIN_MINUTES)),
                name="timeentry_minutes_range",
            ),
            models.CheckConstraint(
                condition=(Q(kind=EntryKind.RECORDED) & Q(corrects__isnull=True))
                | (~Q(kind=EntryKind.RECORDED) & Q(corrects__isnull=False) & ~Q(reason="")),
                name="timeentry_correction_linked",
            ),
            # Corrected once: one reversal and at most one replacement per entry, even on a double submit.
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(kind=EntryKind.REVERSAL), name="timeentry_reversed_once"
            ),
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(kind=EntryKind.REPLACEMENT), name="timeentry_replaced_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.role} {self.minutes} min {self.worked_on}"

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def typed_by(self):
        """Who recorded this row (older rows: the staff member)."""
        return self.recorded_by or self.staff


class HourlyRate(models.Model):
    """What an hour of one role costs, in euros, from `valid_from` until the next rate of that role.

    The real IMG rates are not public (domain facts: not found); until they are entered here, the
    demo rates of `costs.parameters.DEMO_HOURLY_RATES` apply and every page says so.
    """

    role = models.CharField(_("rol"), max_length=30)
    valid_from = models.DateField(_("geldig vanaf"))
    euros_per_hour = models.DecimalField(_("euro per uur"), max_digits=8, decimal_places=2)
    note = models.CharField(_("toelichting of bron"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("uurtarief")
        verbose_name_plural = _("uurtarieven")
        ordering = ["role", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["role", "valid_from"], name="hourlyrate_role_from_unique"),
            models.CheckConstraint(condition=Q(euros_per_hour__gte=0), name="hourlyrate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.role} € {self.euros_per_hour} vanaf {self.valid_from}"

    @property
    def role_label(self) -> str:
        return role_label(self.role)
