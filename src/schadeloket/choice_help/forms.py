"""The address form of the public choice help, with Dutch messages from the register's validators."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schadeloket.register.addresses.validators import normalize_postcode, validate_house_number

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"


class AddressForm(forms.Form):
    postcode = forms.CharField(
        label=_("Postcode"),
        help_text=_("Bijvoorbeeld 9919 AA."),
        max_length=10,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "postal-code", "size": 8}),
        error_messages={"required": _("Vul uw postcode in.")},
    )
    house_number = forms.CharField(
        label=_("Huisnummer"),
        help_text=_("Alleen het nummer, bijvoorbeeld 12."),
        max_length=6,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "inputmode": "numeric", "size": 6}),
        error_messages={"required": _("Vul uw huisnummer in.")},
    )
    house_letter = forms.CharField(
        label=_("Huisletter (niet verplicht)"),
        help_text=_("Bijvoorbeeld A bij 12A."),
        max_length=1,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "size": 2}),
        error_messages={"max_length": _("Een huisletter is één letter.")},
    )
    addition = forms.CharField(
        label=_("Toevoeging (niet verplicht)"),
        help_text=_("Bijvoorbeeld 2 bij 12-2."),
        max_length=4,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "size": 5}),
        error_messages={"max_length": _("Een toevoeging heeft hoogstens 4 tekens.")},
    )

    def clean_postcode(self):
        try:
            return normalize_postcode(self.cleaned_data["postcode"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None

    def clean_house_number(self):
        try:
            return validate_house_number(self.cleaned_data["house_number"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None

    def clean_house_letter(self):
        letter = self.cleaned_data["house_letter"].strip().upper()
        if letter and not letter.isalpha():
            raise forms.ValidationError(_("Een huisletter is één letter, zoals A."))
        return letter

    def clean_addition(self):
        return self.cleaned_data["addition"].strip().upper()
