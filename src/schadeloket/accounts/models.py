"""The user model. Staff today; applicants (DigiD) get their own identity when the portal comes."""

from django.contrib.auth.models import AbstractUser
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. A custom model from the start, so fields can be added later."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
