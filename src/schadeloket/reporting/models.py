"""Frozen weekly figures: the report's events of every closed week, as they were counted then.

Why: the IMG counts each week's figure as this week's cumulative total minus last week's and does
not correct a closed week afterwards (docs/reporting.md, open question 105). Keeping the figures of
closed weeks makes that rule hold, and it makes the report fast at the IMG's scale: a report reads
these rows and computes only the weeks after the last freeze from the case data
(`reporting.freezing`). Aggregates only: no person and no case is named here.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WeekFreeze(models.Model):
    """One run of `freezing.freeze_closed_weeks`: from now on, weeks up to `through` are frozen."""

    through = models.DateField(_("bevroren tot en met"), unique=True, help_text=_("Een zondag."))
    made_at = models.DateTimeField(
        _("gemaakt op"),
        help_text=_(
            "Toen het bevriezen begon. Wat daarna is vastgelegd met een datum in de bevroren weken, telt als laat."
        ),
    )
    figures = models.PositiveIntegerField(_("aantal cijfers"))
    late_figures = models.PositiveIntegerField(
        _("aantal late wijzigingen"),
        default=0,
        help_text=_("Cijfers van al bevroren weken die later nog veranderden; zij tellen in de eerste nieuwe week."),
    )
    seconds = models.FloatField(_("duur in seconden"))

    class Meta:
        verbose_name = _("bevriezing van weekcijfers")
        verbose_name_plural = _("bevriezingen van weekcijfers")
        ordering = ["-through"]

    def __str__(self) -> str:
        return f"t/m {self.through:%d-%m-%Y}"


class FrozenFigure(models.Model):
    """One event measure (`reporting.queries`) of one scheme in one closed week.

    `measure` is the event key of `queries` (received, decided, older1, amount_paid, ...) or
    `median_lead_time`; for that one `scheme_code` may also be the total over all schemes (TOTAAL),
    because a median cannot be added up from the schemes' medians.
    """

    scheme_code = models.CharField(_("regeling"), max_length=30)
    week = models.DateField(_("week"), help_text=_("De maandag van de week."))
    measure = models.CharField(_("maat"), max_length=40)
    value = models.DecimalField(_("waarde"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("bevroren weekcijfer")
        verbose_name_plural = _("bevroren weekcijfers")
        constraints = [
            models.UniqueConstraint(fields=["scheme_code", "week", "measure"], name="frozenfigure_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code} {self.week} {self.measure} = {self.value}"
