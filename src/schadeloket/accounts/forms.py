"""The staff login form: username, password and the six-digit code from the authenticator app."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, match_token

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event


class StaffLoginForm(AuthenticationForm):
    """Password plus TOTP in one step; every error says in Dutch what to do next."""

    error_messages = {
        "invalid_login": _("De gebruikersnaam of het wachtwoord klopt niet. Let op hoofdletters en kleine letters."),
        "inactive": _("Dit account is niet actief. Neem contact op met de beheerder."),
        "not_staff": _("Dit account is geen medewerkersaccount. Inwoners loggen in met DigiD."),
        "throttled": _("Er zijn te veel verkeerde codes ingevuld. Wacht een paar seconden en typ dan de nieuwe code."),
        "invalid_token": _(
            "De code klopt niet of is verlopen. Typ de zes cijfers die uw authenticator-app nu laat zien."
        ),
    }

    otp_token = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        help_text=_("Zes cijfers. De code verandert elke 30 seconden."),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]*"}),
        error_messages={
            "required": _("Vul de code uit uw authenticator-app in."),
            "min_length": _("De code heeft zes cijfers."),
            "max_length": _("De code heeft zes cijfers."),
        },
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Gebruikersnaam")
        self.fields["password"].label = _("Wachtwoord")
        self.fields["username"].error_messages["required"] = _("Vul uw gebruikersnaam in.")
        self.fields["password"].error_messages["required"] = _("Vul uw wachtwoord in.")
        self.otp_device = None
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "utrecht-textbox utrecht-textbox--html-input")

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not user.is_staff:
            raise forms.ValidationError(self.error_messages["not_staff"], code="not_staff")
        token = self.cleaned_data.get("otp_token")
        if not token:
            return
        # django-otp refuses every code for a short, growing time after a wrong one; say so,
        # otherwise a right code typed quickly after a typo would look wrong too.
        devices = list(devices_for_user(user))
        if devices and not any(device.verify_is_allowed()[0] for device in devices):
            record_event(actor="anonymous", action=AuditAction.LOGIN_FAILED, obj=user, reason="TOTP throttled")
            raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
        device = match_token(user, token)
        if device is None:
            # The password was right, so Django sends no user_login_failed: audit it here.
            record_event(actor="anonymous", action=AuditAction.LOGIN_FAILED, obj=user, reason="invalid TOTP code")
            raise forms.ValidationError(self.error_messages["invalid_token"], code="invalid_token")
        self.otp_device = device
