"""AuditEvent and the chain head that makes the trail tamper-evident.

Each event stores the SHA-256 of its own canonical content plus the previous event's hash. The
single `ChainHead` row holds the newest hash and the count, so removing the last event is noticed
too. Events are never updated or deleted by the application (`save` and `delete` refuse).
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    CREATE = "create", _("aangemaakt")
    UPDATE = "update", _("gewijzigd")
    DELETE = "delete", _("verwijderd")
    VIEW = "view", _("bekeken")
    IMPORT = "import", _("ingelezen")
    LOGIN = "login", _("ingelogd")
    LOGIN_FAILED = "login_failed", _("inloggen mislukt")
    LOGOUT = "logout", _("uitgelogd")


class AuditEventQuerySet(models.QuerySet):
    """Bulk updates and deletes would bypass `save`/`delete`: refuse them too."""

    def update(self, **kwargs):
        raise RuntimeError("Audit events are append-only.")

    def delete(self):
        raise RuntimeError("Audit events are append-only.")


class AuditEvent(models.Model):
    sequence = models.BigIntegerField(_("volgnummer"), unique=True)
    timestamp = models.DateTimeField(_("tijdstip"), db_index=True)
    actor_id = models.BigIntegerField(_("actor-ID"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=150)
    action = models.CharField(_("handeling"), max_length=40, choices=AuditAction.choices)
    object_type = models.CharField(_("objecttype"), max_length=80, blank=True)
    object_id = models.CharField(_("object-ID"), max_length=64, blank=True)
    changed_fields = models.JSONField(_("gewijzigde velden"), default=list, blank=True)
    reason = models.TextField(_("reden"), blank=True)
    previous_hash = models.CharField(_("vorige hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit-gebeurtenis")
        verbose_name_plural = _("audit-gebeurtenissen")
        ordering = ["sequence"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.timestamp:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_type}"

    def save(self, *args, **kwargs):
        if self.pk is not None and AuditEvent.objects.filter(pk=self.pk).exists():
            raise RuntimeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("Audit events are append-only.")

    def canonical_content(self) -> bytes:
        """The fields the hash covers, in a fixed order and format."""
        content = {
            "sequence": self.sequence,
            "timestamp": self.timestamp.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "changed_fields": self.changed_fields,
            "reason": self.reason,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical_content()).hexdigest()


class ChainHead(models.Model):
    """One row: the newest event's hash and the number of events, locked while appending."""

    last_event_id = models.BigIntegerField(null=True)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("kop van de auditketen")

    def __str__(self) -> str:
        return f"{self.count} events, last {self.last_hash[:12]}"
