"""System checks: the demo DigiD login never runs without DEBUG, and the idle timeout stays within DigiD's rule."""

from django.conf import settings
from django.core.checks import Error, Tags, register

DIGID_MAX_IDLE_SECONDS = 15 * 60


@register(Tags.security)
def demo_login_only_with_debug(app_configs, **kwargs):
    """The demo login takes any valid BSN on trust: refuse it wherever DEBUG is off (production)."""
    if getattr(settings, "DIGID_DEMO_LOGIN", False) and not settings.DEBUG:
        return [
            Error(
                "DIGID_DEMO_LOGIN is on while DEBUG is off.",
                hint="The demo DigiD login lets anyone in with any valid BSN. It is for development only: "
                "set DIGID_DEMO_LOGIN=false.",
                id="identity.E001",
            )
        ]
    return []


@register(Tags.security)
def idle_timeout_within_digid_rule(app_configs, **kwargs):
    timeout = getattr(settings, "APPLICANT_IDLE_TIMEOUT", DIGID_MAX_IDLE_SECONDS)
    warning = getattr(settings, "APPLICANT_IDLE_WARNING", 0)
    errors = []
    if not 0 < timeout <= DIGID_MAX_IDLE_SECONDS:
        errors.append(
            Error(
                f"APPLICANT_IDLE_TIMEOUT is {timeout} seconds.",
                hint="DigiD requires an applicant session to end after at most 15 idle minutes (900 seconds).",
                id="identity.E002",
            )
        )
    if not 0 < warning < timeout:
        errors.append(
            Error(
                f"APPLICANT_IDLE_WARNING is {warning} seconds.",
                hint="The warning must come before the session ends: more than 0 and less than the timeout.",
                id="identity.E003",
            )
        )
    return errors
