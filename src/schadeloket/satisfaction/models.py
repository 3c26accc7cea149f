"""The satisfaction question after a decision: a score from 1 to 10 and, if the person wants, a comment.

One response per person per final decision. `scheme_code` and `submitted_at` are kept on the row so
reports can count per month and per scheme without joining the cases (the weekly dashboard shows a
running average score). The comment is the person's own words: it never goes into the audit trail.
"""

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

MIN_SCORE = 1
MAX_SCORE = 10
MAX_COMMENT_LENGTH = 2000


class SatisfactionResponse(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    decision = models.ForeignKey(
        "decisions.Decision", on_delete=models.PROTECT, related_name="satisfaction_responses", verbose_name=_("besluit")
    )
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="satisfaction_responses", verbose_name=_("persoon")
    )
    scheme_code = models.CharField(_("regeling"), max_length=30, db_index=True)
    score = models.PositiveSmallIntegerField(_("cijfer"))
    comment = models.TextField(_("toelichting"), blank=True, max_length=MAX_COMMENT_LENGTH)
    submitted_at = models.DateTimeField(_("gegeven op"), db_index=True)

    class Meta:
        verbose_name = _("tevredenheidsreactie")
        verbose_name_plural = _("tevredenheidsreacties")
        constraints = [
            models.UniqueConstraint(fields=["decision", "person"], name="satisfaction_one_per_person_decision"),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE), name="satisfaction_score_1_to_10"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_code} {self.score} ({self.submitted_at:%Y-%m})"
