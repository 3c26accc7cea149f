"""Documents on a case: photos, quotes, reports, letters. Checked by content, stored with a checksum.

Why versions instead of overwriting: what a decision was based on must stay visible. A new
version of a document (a corrected quote, a revised report) points at the one it `supersedes`;
all versions of one logical document share a `series` and count up their `version`. The original
filename is kept to show staff what the sender called it, but the stored file gets a name of our
own: a name from outside is never used as a path.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    PHOTO = "photo", _("foto")
    QUOTE = "quote", _("offerte")
    REPORT = "report", _("rapport")
    LETTER = "letter", _("brief")
    OTHER = "other", _("overig")


def document_path(instance: "Document", filename: str) -> str:
    """`documents/<case public id>/<random>.<ext>`; `filename` is ours (see services), never the sender's."""
    return f"documents/{instance.case.public_id}/{filename}"


class Document(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="documents", verbose_name=_("zaak"))
    kind = models.CharField(_("soort"), max_length=10, choices=DocumentKind.choices)
    series = models.UUIDField(_("reeks"), default=uuid.uuid4, editable=False, db_index=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("vervangt"),
    )
    original_filename = models.CharField(
        _("oorspronkelijke bestandsnaam"), max_length=255, help_text=_("Alleen om te tonen; nooit gebruikt als pad.")
    )
    content_type = models.CharField(_("soort inhoud"), max_length=50, help_text=_("Vastgesteld uit de inhoud."))
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    file = models.FileField(_("bestand"), upload_to=document_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="uploaded_documents",
        verbose_name=_("geplaatst door"),
        help_text=_("Leeg wanneer de aanvrager of een systeem het plaatste."),
    )
    uploaded_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        constraints = [
            models.UniqueConstraint(fields=["series", "version"], name="document_series_version_unique"),
        ]
        indexes = [models.Index(fields=["case", "uploaded_at"], name="document_case_uploaded")]

    def __str__(self) -> str:
        return f"{self.original_filename} (versie {self.version})"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")
