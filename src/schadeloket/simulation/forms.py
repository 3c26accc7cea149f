"""The staff form for a policy simulation: a scheme and parameter changes as name=value lines."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from schadeloket.schemes.registry import all_schemes

from .services import ParameterError, parse_overrides, prepare


def scheme_choices():
    return [(s.code, f"{s.name} ({s.code})") for s in all_schemes()]


class SimulationForm(forms.Form):
    scheme = forms.ChoiceField(
        label=_("Regeling"),
        choices=scheme_choices,
        widget=forms.Select(attrs={"class": "utrecht-select utrecht-select--html-select"}),
        error_messages={"required": _("Kies een regeling."), "invalid_choice": _("Kies een regeling uit de lijst.")},
    )
    overrides = forms.CharField(
        label=_("Wijzigingen (niet verplicht)"),
        help_text=_("Eén per regel, als naam=waarde, bijvoorbeeld ves_amount=12500. Leeg: alleen de huidige regels."),
        required=False,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}),
    )
    on_date = forms.DateField(
        label=_("Peildatum"),
        help_text=_("Als 2025-01-31."),
        widget=forms.DateInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "type": "date"}),
        error_messages={"required": _("Vul een peildatum in."), "invalid": _("Schrijf de datum als 2025-01-31.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_date"].initial = dt.date.today()

    def clean(self):
        cleaned = super().clean()
        if "scheme" in cleaned:
            try:
                cleaned["parsed_overrides"] = parse_overrides(cleaned.get("overrides", ""))
                prepare(cleaned["scheme"], cleaned["parsed_overrides"])
            except ParameterError as error:
                self.add_error("overrides", str(error))
        return cleaned
