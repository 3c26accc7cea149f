"""The intake draft: what a resident answered so far, kept on the server so no work is ever lost.

Why a server-side draft instead of a long form or the session: the DigiD session ends after 15 idle
minutes and people close their browser; the answers must survive both. One open draft per person
(a partial unique constraint); it is saved on every step. On submit the draft is linked to the case
it became (`submitted_case`), and that link, taken under a row lock, is what makes a double click or
a replayed POST show the same receipt instead of opening a second case.

`submit_token` changes with every saved change: the confirmation page carries it, so what is sent
is exactly what the resident last saw (another tab that changed the draft makes an old page stale).
"""

import secrets
import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_token() -> str:
    return secrets.token_urlsafe(24)


class StatedRelation(models.TextChoices):
    """What the resident says they are to the building (the register may say otherwise)."""

    OWNER = "owner", _("Eigenaar")
    FORMER_OWNER = "former_owner", _("Oud-eigenaar")
    TENANT = "tenant", _("Huurder")
    USER = "user", _("Gebruiker")


class RegisterRelation(models.TextChoices):
    """What the register says the person is to the building today."""

    OWNER = "owner", _("eigenaar")
    FORMER_OWNER = "former_owner", _("oud-eigenaar")
    RESIDENT = "resident", _("bewoner")
    NONE = "none", _("niet bekend bij dit gebouw")


class ApplicationDraft(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "persons.Person", on_delete=models.PROTECT, related_name="intake_drafts", verbose_name=_("aanvrager")
    )
    step = models.CharField(_("huidige stap"), max_length=20, default="adres")
    address = models.ForeignKey(
        "addresses.Address", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("adres")
    )
    building = models.ForeignKey(
        "buildings.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_drafts",
        verbose_name=_("gebouw"),
    )
    relation = models.CharField(
        _("relatie volgens de aanvrager"), max_length=20, choices=StatedRelation.choices, blank=True
    )
    register_relation = models.CharField(
        _("relatie volgens het register"), max_length=20, choices=RegisterRelation.choices, blank=True
    )
    needs_register_check = models.BooleanField(
        _("register nakijken"),
        default=False,
        help_text=_("De aanvrager zegt iets anders over het gebouw dan het register. Een medewerker kijkt het na."),
    )
    scheme_code = models.CharField(_("gekozen regeling"), max_length=30, blank=True)
    answers = models.JSONField(_("antwoorden"), default=dict, blank=True)
    submit_token = models.CharField(_("verstuurcode"), max_length=64, default=new_token, db_index=True)
    submitted_case = models.OneToOneField(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intake_draft",
        verbose_name=_("zaak"),
    )
    submitted_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("begonnen op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst bewaard op"), auto_now=True)

    class Meta:
        verbose_name = _("aanvraag in uitvoering")
        verbose_name_plural = _("aanvragen in uitvoering")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(submitted_case__isnull=True), name="intake_one_open_draft_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Aanvraag {self.public_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_case_id is not None


def draft_photo_path(instance: "DraftPhoto", filename: str) -> str:
    """`intake/<draft public id>/<random>.<ext>`: `filename` is ours, never the sender's."""
    return f"intake/{instance.draft.public_id}/{filename}"


class DraftPhoto(models.Model):
    """A photo checked by content and re-encoded at upload, kept privately until the case exists."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    draft = models.ForeignKey(ApplicationDraft, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("bestand"), upload_to=draft_photo_path, max_length=200, blank=True)
    original_filename = models.CharField(_("oorspronkelijke bestandsnaam"), max_length=255)
    content_type = models.CharField(_("soort inhoud"), max_length=50)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("controlegetal (SHA-256)"), max_length=64)
    uploaded_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)
    document = models.OneToOneField(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document bij de zaak"),
    )

    class Meta:
        verbose_name = _("foto bij een aanvraag")
        verbose_name_plural = _("foto's bij aanvragen")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_filename
