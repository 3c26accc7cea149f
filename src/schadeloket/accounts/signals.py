"""Audit events for staff logins, logouts and failed logins (without the password, of course)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event


@receiver(user_logged_in, dispatch_uid="accounts.audit_login")
def audit_login(sender, request, user, **kwargs):
    record_event(actor=user, action=AuditAction.LOGIN, obj=user)


@receiver(user_logged_out, dispatch_uid="accounts.audit_logout")
def audit_logout(sender, request, user, **kwargs):
    if user is not None:
        record_event(actor=user, action=AuditAction.LOGOUT, obj=user)


@receiver(user_login_failed, dispatch_uid="accounts.audit_login_failed")
def audit_login_failed(sender, credentials, request=None, **kwargs):
    # The username is what the person typed; keep it short and never keep the password.
    username = str(credentials.get("username", ""))[:150]
    record_event(actor="anonymous", action=AuditAction.LOGIN_FAILED, reason=f"username: {username}")
