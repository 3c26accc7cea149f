"""Forecasts: the weekly capacity per scheme, and each open case's place in its scheme's queue.

Why a table of positions (`QueuePosition`): at IMG scale there are hundreds of thousands of open
cases, and a resident's place in the queue is the count of cases before theirs in the bulk order.
Counting that on every page view would be a heavy query; instead one set-based statement (a
ROW_NUMBER() window per scheme) computes every position at once, nightly and on demand
(`services.refresh_queue_positions`), and Mijn Dossier reads one row.

Why `WeeklyCapacity` is data with a date: capacity is a management decision that changes (more
staff, a bulk run); the row valid on a day says what was assumed then. Without a row the named
default of `parameters` applies. Capacity is at least 1: "no decisions at all" cannot be a forecast
(every expected week would be infinitely far), and the forms say so in Dutch.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .parameters import MAX_WEEKLY_CAPACITY


class WeeklyCapacity(models.Model):
    scheme_code = models.CharField(_("regeling"), max_length=30)
    valid_from = models.DateField(_("geldig vanaf"))
    decisions_per_week = models.PositiveIntegerField(
        _("besluiten per week"), validators=[MinValueValidator(1), MaxValueValidator(MAX_WEEKLY_CAPACITY)]
    )
    note = models.CharField(_("toelichting"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("ingesteld door")
    )
    set_at = models.DateTimeField(_("ingesteld op"), auto_now=True)

    class Meta:
        verbose_name = _("capaciteit per week")
        verbose_name_plural = _("capaciteit per week")
        ordering = ["scheme_code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["scheme_code", "valid_from"], name="capacity_scheme_from_unique"),
            models.CheckConstraint(condition=Q(decisions_per_week__gte=1), name="capacity_at_least_one"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code} {self.decisions_per_week}/week vanaf {self.valid_from}"


class QueuePosition(models.Model):
    """One open case's place in its scheme's queue, as of the last refresh (derived data, never edited).

    position: 1 is next. weeks_ahead: (position - 1) // capacity, with the capacity valid on the day of
    the refresh. expected_week: the Monday of the week the decision is expected.
    """

    # No database foreign-key constraint: the table is rebuilt wholesale from the cases in one transaction,
    # and on PostgreSQL Django's deferred constraint check costs one trigger per row at commit (about half
    # of a 150,000-row refresh). Deleting a case still deletes its row (Django's CASCADE runs in Python).
    case = models.OneToOneField(
        "cases.Case",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="queue_position",
        verbose_name=_("zaak"),
        db_constraint=False,
    )
    scheme_code = models.CharField(_("regeling"), max_length=30)
    position = models.PositiveIntegerField(_("plaats in de rij"))
    weeks_ahead = models.PositiveIntegerField(_("weken vooruit"))
    expected_week = models.DateField(_("verwachte week (maandag)"))
    computed_at = models.DateTimeField(_("berekend op"))

    class Meta:
        verbose_name = _("plaats in de rij")
        verbose_name_plural = _("plaatsen in de rij")
        indexes = [models.Index(fields=["scheme_code", "expected_week"], name="queueposition_week")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.position} ({self.scheme_code})"


class ForecastRun(models.Model):
    """One refresh of the queue positions: when, with which capacities, how many cases, how long."""

    computed_at = models.DateTimeField(_("berekend op"), db_index=True)
    base_week = models.DateField(_("week van berekening (maandag)"))
    capacities = models.JSONField(_("gebruikte capaciteit per regeling"), default=dict)
    cases = models.PositiveIntegerField(_("aantal open zaken"))
    seconds = models.DecimalField(_("duur (seconden)"), max_digits=8, decimal_places=3)
    requested_by = models.CharField(_("aangevraagd door"), max_length=150)

    class Meta:
        verbose_name = _("berekening van de rij")
        verbose_name_plural = _("berekeningen van de rij")

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.cases})"
