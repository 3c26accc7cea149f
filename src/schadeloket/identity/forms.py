"""Forms of the identity pages. They check the shape of the input; the services decide the rest."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.register.persons.bsn import normalize_bsn

from .models import ConsentMethod

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class AccessibleFormMixin:
    """Each input points at its help text and error (aria-describedby) and says when it is invalid."""

    def full_clean(self):
        super().full_clean()
        for name, field in self.fields.items():
            bound = self[name]
            described_by = []
            if field.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            if name in self.errors:
                described_by.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)


def _clean_bsn(value: str) -> str:
    try:
        return normalize_bsn(value)
    except ValidationError as error:
        raise forms.ValidationError(error.messages[0], code=error.code) from None


class DemoLoginForm(AccessibleFormMixin, forms.Form):
    """The demo DigiD login: a BSN, checked with the 11-test. What was typed stays in the field."""

    bsn = forms.CharField(
        label=_("Burgerservicenummer (BSN)"),
        help_text=_("Negen cijfers. U vindt het op uw paspoort, rijbewijs of identiteitskaart."),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
        error_messages={"required": _("Vul uw burgerservicenummer (BSN) in.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bsn"].widget.attrs.setdefault("autofocus", True)

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data["bsn"])


class AuthorisationForm(AccessibleFormMixin, forms.Form):
    """A case guide records a machtiging: whose (BSN, posted, never in the URL), how consent was given, how long."""

    bsn = forms.CharField(
        label=_("BSN van de inwoner"),
        help_text=_("Negen cijfers. Het nummer komt niet in de adresbalk en wordt niet getoond."),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": _("Vul het burgerservicenummer (BSN) van de inwoner in.")},
    )
    consent_method = forms.ChoiceField(
        label=_("Hoe gaf de inwoner toestemming?"),
        choices=ConsentMethod.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Kies hoe de inwoner toestemming gaf.")},
    )
    consent_given_on = forms.DateField(
        label=_("Datum van de toestemming"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in waarop de inwoner toestemming gaf."),
            "invalid": _("Vul een datum in, bijvoorbeeld 14-03-2025."),
        },
    )
    consent_reference = forms.CharField(
        label=_("Kenmerk van de toestemming (niet verplicht)"),
        help_text=_("Bijvoorbeeld het nummer van het ondertekende formulier. Geen persoonsgegevens."),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
    valid_until = forms.DateField(
        label=_("Geldig tot en met"),
        help_text=_("Hoogstens een jaar vanaf vandaag."),
        widget=DateInput(),
        error_messages={
            "required": _("Vul in tot wanneer de machtiging geldt."),
            "invalid": _("Vul een datum in, bijvoorbeeld 14-03-2026."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["consent_given_on"].initial = today
        self.fields["valid_until"].initial = today + dt.timedelta(days=365)

    def clean_bsn(self):
        return _clean_bsn(self.cleaned_data["bsn"])


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekken (niet verplicht)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXT),
    )
