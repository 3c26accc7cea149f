"""The version history of the decision tables: one row per table per content hash ever seen."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RuleVersion(models.Model):
    """A version of one decision table (sha256 of its DMN file) and when Schadeloket first saw it.

    Written only by `services.record_rule_versions`; a known (table, version) pair is never
    written twice, so the history only grows when a table file really changes.
    """

    table_id = models.CharField(_("tabel"), max_length=100)
    scheme_code = models.CharField(_("regeling"), max_length=50, db_index=True)
    version = models.CharField(_("versie (sha256)"), max_length=64)
    file_name = models.CharField(_("bestand"), max_length=200)
    first_seen = models.DateTimeField(_("eerst gezien"), default=timezone.now)

    class Meta:
        verbose_name = _("versie van een beslistabel")
        verbose_name_plural = _("versies van beslistabellen")
        ordering = ["table_id", "first_seen", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["table_id", "version"], name="algorithms_rule_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.table_id} {self.short_version}"

    @property
    def short_version(self) -> str:
        return self.version[:12]
