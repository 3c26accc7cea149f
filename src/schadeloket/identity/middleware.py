"""Ends the applicant part of a session after 15 idle minutes (DigiD's rule), and says so on the next page."""

from functools import cache

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext as _

from schadeloket.audit.services import reason_note

from . import session


@cache
def _status_path() -> str:
    return reverse("identity:session-status")


class ApplicantSessionMiddleware:
    """Runs after the session, auth and message middleware; staff logins are never touched."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The warning script asking how much time is left is not activity; every other request is.
        ended = session.enforce_idle_timeout(request, activity=request.path != _status_path())
        if ended == session.ENDED_IDLE:
            messages.warning(
                request,
                _("U was 15 minuten niet actief. Daarom bent u uitgelogd. Log opnieuw in om verder te gaan."),
            )
        elif ended == session.ENDED_AUTHORISATION:
            messages.warning(
                request,
                _("De machtiging geldt niet meer. U handelt niet langer namens deze inwoner."),
            )
        acting = session.login_method(request) == session.VIA_AUTHORISATION
        authorisation = session.acting_authorisation(request) if acting else None
        if authorisation is None:
            return self.get_response(request)
        # A case guide acts for a resident: every audit event of this request says so.
        with reason_note(session.on_behalf_of_note(authorisation.person, authorisation)):
            return self.get_response(request)
