"""What every template may know about the applicant of this session (lazily: no query unless used)."""

from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import session


def applicant(request):
    if not session.is_applicant(request):
        return {"applicant_session": None}
    return {
        "applicant_session": {
            "person": SimpleLazyObject(lambda: session.current_applicant(request)),
            "authorisation": SimpleLazyObject(lambda: session.acting_authorisation(request)),
            "acting": session.login_method(request) == session.VIA_AUTHORISATION,
            "via": session.login_method(request),
            "seconds_left": session.seconds_left(request),
            "timeout": settings.APPLICANT_IDLE_TIMEOUT,
            "warning": settings.APPLICANT_IDLE_WARNING,
            "warning_minutes": max(1, settings.APPLICANT_IDLE_WARNING // 60),
        }
    }
