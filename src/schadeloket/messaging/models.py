"""Messages between the applicant and the institute on one case.

A message is written once and never changed: only `read_at` is set, when the other side has read
it. `author_label` is what the other side sees as the sender (the resident's name, "Bea Jansen
(IMG)", or a case guide acting for the resident); who it really was stays in `author_user` /
`author_person` and in the audit trail.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_MESSAGE_LENGTH = 5000


class Message(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="messages", verbose_name=_("zaak"))
    from_applicant = models.BooleanField(_("van de aanvrager"))
    author_label = models.CharField(_("afzender"), max_length=150)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("medewerker"),
        help_text=_("De medewerker die schreef, ook een zaakbegeleider die namens de aanvrager schreef."),
    )
    author_person = models.ForeignKey(
        "persons.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aanvrager"),
    )
    text = models.TextField(_("bericht"), max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"], name="message_case_created")]

    def __str__(self) -> str:
        return f"{self.case} {self.created_at:%Y-%m-%d %H:%M}"
