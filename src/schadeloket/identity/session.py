"""The applicant of this session: one API for the whole codebase.

Who is "the applicant" on a portal page: the resident who logged in with DigiD (or, in dev, with
the demo DigiD login), or the resident for whom a case guide acts with a machtiging. Portal code
asks only this module:

    login_applicant(request, bsn, *, via)            after DigiD (or the demo login) said who it is
    logout_applicant(request, *, reason="logout")
    is_applicant(request) -> bool
    applicant_bsn(request) -> str | None             nine digits: never in a URL, a log line or a page
    current_applicant(request) -> Person | None      the register person, None when not in the register
    acting_authorisation(request) -> Authorisation | None   set when a case guide acts for someone
    act_for(request, authorisation) / stop_acting(request)
    record_applicant_event(request, *, action, ...)  an audit event that says who acted, and for whom
    applicant_required                               view decorator: to the login page with ?next=

What the session holds: the BSN only Fernet-encrypted plus its keyed hash (the session table alone
reveals nothing), how the person logged in, and two timestamps. DigiD requires the session to end
after at most 15 idle minutes (`APPLICANT_IDLE_TIMEOUT`); `enforce_idle_timeout` (called by the
middleware on every request) does that. Staff logins (django.contrib.auth plus OTP) are separate:
ending the applicant part never logs a staff member out.
"""

import logging
import math
import re
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_variables

from schadeloket.audit.services import record_event
from schadeloket.register.persons.bsn import decrypt_bsn, encrypt_bsn, hash_bsn, normalize_bsn
from schadeloket.register.persons.logging import scrub_bsn
from schadeloket.register.persons.models import Person

from .models import Authorisation

logger = logging.getLogger(__name__)

SESSION_KEY = "_applicant"
VIA_DIGID = "digid"
VIA_DEMO = "demo"
VIA_AUTHORISATION = "authorisation"
LOGIN_METHODS = (VIA_DIGID, VIA_DEMO)
# Write the "last seen" time at most this often, so a page with many requests is one session write.
TOUCH_INTERVAL_SECONDS = 10

# Audit actions (free text in the audit trail, at most 40 characters).
ACTION_LOGIN = "applicant_login"
ACTION_LOGOUT = "applicant_logout"
ACTION_ACTING_STARTED = "acting_for_started"
ACTION_ACTING_STOPPED = "acting_for_stopped"

# How an event done by a case guide for an applicant says so. The audit model has no field for it,
# so it goes at the end of the reason, always in this form (see `on_behalf_of_note`).
_ON_BEHALF_OF = re.compile(
    r"\[on_behalf_of person=(?P<person>[0-9a-f-]{36}) authorisation=(?P<authorisation>[0-9a-f-]{36})\]"
)

_CACHE_PERSON = "_identity_person"
_CACHE_AUTHORISATION = "_identity_authorisation"


# --- reading ---------------------------------------------------------------------------------------


def _data(request) -> dict | None:
    session = getattr(request, "session", None)
    if session is None:
        return None
    return session.get(SESSION_KEY)


def _now() -> float:
    return timezone.now().timestamp()


def is_applicant(request) -> bool:
    """Whether this session has an applicant (logged in, or a case guide acting for one)."""
    return _data(request) is not None


def login_method(request) -> str | None:
    """'digid', 'demo' or 'authorisation' (a case guide acts), or None."""
    data = _data(request)
    return data["via"] if data else None


@sensitive_variables()
def applicant_bsn(request) -> str | None:
    """The applicant's BSN (nine digits), decrypted. Keep it in memory: never log or show it."""
    data = _data(request)
    return decrypt_bsn(data["bsn"]) if data else None


def current_applicant(request) -> Person | None:
    """The register person of this session's applicant, or None (not logged in, or not in the register)."""
    data = _data(request)
    if data is None:
        return None
    cached = getattr(request, _CACHE_PERSON, None)
    if cached is not None and cached[0] == data["hash"]:
        return cached[1]
    person = Person.objects.filter(bsn_hash=data["hash"]).first()
    setattr(request, _CACHE_PERSON, (data["hash"], person))
    return person


def acting_authorisation(request) -> Authorisation | None:
    """The machtiging a case guide uses in this session, or None when the applicant acts themselves."""
    data = _data(request)
    if data is None or data["via"] != VIA_AUTHORISATION:
        return None
    cached = getattr(request, _CACHE_AUTHORISATION, None)
    if cached is not None and str(cached.public_id) == data["authorisation"]:
        return cached
    authorisation = (
        Authorisation.objects.select_related("person", "case_guide").filter(public_id=data["authorisation"]).first()
    )
    setattr(request, _CACHE_AUTHORISATION, authorisation)
    return authorisation


def seconds_left(request) -> int:
    """Seconds until the applicant part of the session ends without activity (0 when there is none)."""
    data = _data(request)
    if data is None:
        return 0
    return max(0, math.ceil(settings.APPLICANT_IDLE_TIMEOUT - (_now() - data["seen"])))


# --- logging in and out ----------------------------------------------------------------------------


def _forget_cached(request) -> None:
    for attribute in (_CACHE_PERSON, _CACHE_AUTHORISATION):
        if hasattr(request, attribute):
            delattr(request, attribute)


def _store(request, data: dict) -> None:
    request.session[SESSION_KEY] = data
    _forget_cached(request)


def applicant_actor_label(person: Person) -> str:
    """How a registered applicant appears as actor in the audit trail: the person's public id, never the BSN.

    Other apps name an applicant with this, so the audit trail has one form for residents.
    """
    return f"applicant:{person.public_id}"


def _actor_label(person: Person | None, bsn_hash: str) -> str:
    if person is not None:
        return applicant_actor_label(person)
    return f"applicant:unregistered:{bsn_hash[:16]}"


def _audit_object(person: Person | None):
    return person if person is not None else ("identity.applicant", "unregistered")


@sensitive_variables("bsn", "digits")
def login_applicant(request, bsn: str, *, via: str) -> Person | None:
    """Make the holder of this BSN the applicant of this session; return their register person (or None).

    `via` says who vouched for the BSN: 'digid' (the SAML flow) or 'demo' (the demo login, dev only).
    Raises ValidationError for a BSN that cannot exist. A new session key is issued (no session
    fixation); without a staff login the whole session gets the 15-minute DigiD lifetime.
    """
    if via not in LOGIN_METHODS:
        raise ValueError(f"Unknown login method {via!r}.")
    digits = normalize_bsn(bsn)
    if _data(request) is not None:
        logout_applicant(request, reason="new login")
    request.session.cycle_key()
    now = _now()
    bsn_hash = hash_bsn(digits)
    _store(request, {"bsn": encrypt_bsn(digits), "hash": bsn_hash, "via": via, "since": now, "seen": now})
    if not request.user.is_authenticated:
        # A backstop only: the middleware ends the applicant part after the idle timeout (and says
        # so); the stored session and its cookie go a little later, so that message can be shown.
        request.session.set_expiry(2 * settings.APPLICANT_IDLE_TIMEOUT)
    person = current_applicant(request)
    record_event(
        actor=_actor_label(person, bsn_hash), action=ACTION_LOGIN, obj=_audit_object(person), reason=f"via {via}"
    )
    logger.info("Applicant logged in via %s (%s).", via, "registered" if person else "not in the register")
    return person


def logout_applicant(request, *, reason: str = "logout") -> bool:
    """End the applicant part of the session (a staff login stays). False when there was none."""
    data = _data(request)
    if data is None:
        return False
    if data["via"] == VIA_AUTHORISATION:
        authorisation = acting_authorisation(request)
        person = authorisation.person if authorisation else None
        note = on_behalf_of_note(person, authorisation) if authorisation else ""
        record_event(
            actor=request.user if request.user.is_authenticated else "system",
            action=ACTION_ACTING_STOPPED,
            obj=authorisation or ("identity.authorisation", data["authorisation"]),
            reason=f"{reason} {note}".strip(),
        )
    else:
        person = current_applicant(request)
        record_event(
            actor=_actor_label(person, data["hash"]),
            action=ACTION_LOGOUT,
            obj=_audit_object(person),
            reason=f"via {data['via']}; {reason}",
        )
    del request.session[SESSION_KEY]
    _forget_cached(request)
    if request.user.is_authenticated:
        return True
    # Nothing else lives in this session: throw it away entirely (a new, empty one follows).
    request.session.flush()
    return True


# --- idle timeout ----------------------------------------------------------------------------------

ENDED_IDLE = "idle"
ENDED_AUTHORISATION = "authorisation"


def touch(request, *, force: bool = False) -> None:
    """Note activity now (at most every few seconds unless forced)."""
    data = _data(request)
    if data is None:
        return
    now = _now()
    if force or now - data["seen"] >= TOUCH_INTERVAL_SECONDS:
        data["seen"] = now
        request.session[SESSION_KEY] = data  # assignment marks the session as modified


def enforce_idle_timeout(request, *, activity: bool = True) -> str | None:
    """End the applicant part when it has been idle too long or its machtiging no longer holds.

    Returns why it ended ('idle' or 'authorisation'), or None when it goes on. The request counts
    as activity unless `activity` is False (the warning script asking how much time is left).
    """
    data = _data(request)
    if data is None:
        return None
    if _now() - data["seen"] >= settings.APPLICANT_IDLE_TIMEOUT:
        logout_applicant(request, reason="idle timeout")
        return ENDED_IDLE
    if data["via"] == VIA_AUTHORISATION:
        authorisation = acting_authorisation(request)
        user = request.user
        if (
            authorisation is None
            or not user.is_authenticated
            or user.pk != data["case_guide"]
            or not authorisation.is_active()
        ):
            logout_applicant(request, reason="authorisation no longer valid")
            return ENDED_AUTHORISATION
    if activity:
        touch(request)
    return None


# --- a case guide acting for an applicant ----------------------------------------------------------


def act_for(request, authorisation: Authorisation) -> None:
    """The logged-in case guide acts for the authorisation's person from now on (until stop or timeout).

    Refuses (PermissionDenied) unless the machtiging is active and belongs to this user.
    """
    user = request.user
    if not user.is_authenticated or authorisation.case_guide_id != user.pk or not authorisation.is_active():
        raise PermissionDenied
    if _data(request) is not None:
        logout_applicant(request, reason="switched to acting for someone")
    person = authorisation.person
    now = _now()
    _store(
        request,
        {
            "bsn": person.bsn_encrypted,
            "hash": person.bsn_hash,
            "via": VIA_AUTHORISATION,
            "authorisation": str(authorisation.public_id),
            "case_guide": user.pk,
            "since": now,
            "seen": now,
        },
    )
    record_event(
        actor=user, action=ACTION_ACTING_STARTED, obj=authorisation, reason=on_behalf_of_note(person, authorisation)
    )


def stop_acting(request) -> bool:
    """The case guide stops acting for the applicant (their own staff login stays)."""
    if login_method(request) != VIA_AUTHORISATION:
        return False
    return logout_applicant(request, reason="stopped by the case guide")


# --- audit -----------------------------------------------------------------------------------------


def on_behalf_of_note(person: Person, authorisation: Authorisation) -> str:
    """`[on_behalf_of person=<uuid> authorisation=<uuid>]`: the fixed form at the end of an audit reason."""
    return f"[on_behalf_of person={person.public_id} authorisation={authorisation.public_id}]"


def parse_on_behalf_of(reason: str) -> dict | None:
    """The person and machtiging public ids from an audit reason, or None when nobody acted for someone."""
    match = _ON_BEHALF_OF.search(reason or "")
    return match.groupdict() if match else None


def record_applicant_event(request, *, action: str, obj=None, changed_fields=(), reason: str = ""):
    """Record an audit event for something the applicant of this session did.

    When a case guide acts, the actor is the case guide (a staff user) and the reason ends with the
    on-behalf-of note; otherwise the actor is the applicant (by the person's public id).
    """
    data = _data(request)
    if data is None:
        raise PermissionDenied
    if data["via"] == VIA_AUTHORISATION:
        authorisation = acting_authorisation(request)
        if authorisation is None:
            raise PermissionDenied
        note = on_behalf_of_note(authorisation.person, authorisation)
        return record_event(
            actor=request.user,
            action=action,
            obj=obj,
            changed_fields=changed_fields,
            reason=f"{reason} {note}".strip(),
        )
    person = current_applicant(request)
    return record_event(
        actor=_actor_label(person, data["hash"]), action=action, obj=obj, changed_fields=changed_fields, reason=reason
    )


# --- pages -----------------------------------------------------------------------------------------


def default_next_url() -> str:
    return reverse(settings.APPLICANT_LOGIN_REDIRECT_URL)


def safe_next_url(request, candidate: str | None) -> str:
    """`candidate` when it is a path on this site (and carries no BSN), otherwise the default page."""
    candidate = (candidate or "").strip()
    if (
        candidate.startswith("/")
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=False)
        and scrub_bsn(candidate) == candidate
    ):
        return candidate
    return default_next_url()


def applicant_required(view_func):
    """Only for a session with an applicant; otherwise to the login page, and back here afterwards.

    The way back travels as `?next=<this path>`: the path only, never a BSN.
    """

    @wraps(view_func)
    def wrapper(request, *args, **kwargs):
        if not is_applicant(request):
            return redirect_to_login(request.get_full_path(), login_url=reverse("identity:login"))
        return view_func(request, *args, **kwargs)

    return wrapper
