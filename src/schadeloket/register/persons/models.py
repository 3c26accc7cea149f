"""Person: a natural person in the register. The BSN is never stored in the clear."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from .bsn import decrypt_bsn, mask_bsn


class Person(models.Model):
    """A resident, owner or former owner known to the institute.

    `public_id` is what URLs and the API use; the BSN lives only as `bsn_encrypted` (Fernet) and
    `bsn_hash` (HMAC, unique, for lookups). Create and change persons through
    `services.create_person`, which validates the BSN with the 11-test.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    bsn_encrypted = models.TextField(_("BSN (versleuteld)"), editable=False)
    bsn_hash = models.CharField(_("BSN (sleutelhash)"), max_length=64, unique=True, editable=False)
    initials = models.CharField(_("voorletters"), max_length=20, blank=True)
    first_names = models.CharField(_("voornamen"), max_length=120, blank=True)
    surname_prefix = models.CharField(_("tussenvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    date_of_birth = models.DateField(_("geboortedatum"), null=True, blank=True)
    date_of_death = models.DateField(_("overlijdensdatum"), null=True, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=20, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        indexes = [models.Index(fields=["surname"], name="person_surname")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        given = self.first_names or self.initials
        return " ".join(part for part in (given, self.surname_prefix, self.surname) if part)

    @property
    def bsn_masked(self) -> str:
        """`*****1234`: the only form in which a BSN is ever shown."""
        return mask_bsn(decrypt_bsn(self.bsn_encrypted))
