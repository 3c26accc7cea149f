"""Forms of the staff area."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schadeloket.register.persons.bsn import normalize_bsn


class PersonSearchForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        help_text=_("Negen cijfers. Het nummer komt niet in de adresbalk en niet in logbestanden."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "inputmode": "numeric",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
        error_messages={"required": _("Vul een burgerservicenummer (BSN) in.")},
    )

    def clean_bsn(self):
        value = self.cleaned_data["bsn"]
        try:
            return normalize_bsn(value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None
