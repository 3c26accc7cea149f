"""Forms of the forecast page. They check the shape of the input in Dutch; `services` holds the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.schemes.registry import all_schemes

from .parameters import DEFAULT_HORIZON_WEEKS, MAX_HORIZON_WEEKS, MAX_WEEKLY_CAPACITY

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
UNKNOWN_SCHEME = _("De regeling '%(value)s' bestaat niet. Kies een regeling uit de lijst.")
TOO_LOW = _("De capaciteit moet minstens 1 besluit per week zijn. Bij 0 of minder valt er niets te voorspellen.")


def scheme_choices() -> list[tuple[str, str]]:
    return [(scheme.code, f"{scheme.code} – {scheme.name}") for scheme in all_schemes()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class ForecastFilterForm(forms.Form):
    scheme = forms.ChoiceField(
        label=_("Regeling"), required=False, widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": UNKNOWN_SCHEME},
    )  # fmt: skip
    weeks = forms.IntegerField(
        label=_("Aantal weken vooruit"),
        required=False,
        min_value=1,
        max_value=MAX_HORIZON_WEEKS,
        help_text=_("Van 1 tot en met %(max)s weken.") % {"max": MAX_HORIZON_WEEKS},
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Vul een heel aantal weken in, zoals 26."),
            "min_value": _("Kies een horizon van 1 tot en met %(max)s weken.") % {"max": MAX_HORIZON_WEEKS},
            "max_value": _("Kies een horizon van 1 tot en met %(max)s weken.") % {"max": MAX_HORIZON_WEEKS},
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = scheme_choices()

    def values(self) -> tuple[str, int]:
        """The chosen scheme (default AVV) and horizon (default 26); call after is_valid()."""
        return self.cleaned_data.get("scheme") or "AVV", self.cleaned_data.get("weeks") or DEFAULT_HORIZON_WEEKS


class CapacityForm(forms.Form):
    scheme = forms.ChoiceField(
        label=_("Regeling"), widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": UNKNOWN_SCHEME, "required": _("Kies een regeling.")},
    )  # fmt: skip
    decisions_per_week = forms.IntegerField(
        label=_("Besluiten per week"),
        min_value=1,
        max_value=MAX_WEEKLY_CAPACITY,
        help_text=_(
            "Hoeveel besluiten het IMG (Instituut Mijnbouwschade Groningen) per week neemt voor deze regeling."
        ),
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul het aantal besluiten per week in."),
            "invalid": _("Vul een heel aantal besluiten per week in, zoals 1000."),
            "min_value": TOO_LOW,
            "max_value": _("Vul hoogstens %(limit_value)s besluiten per week in."),
        },
    )
    valid_from = forms.DateField(
        label=_("Geldig vanaf"),
        widget=DateInput(),
        error_messages={
            "invalid": _("Vul een geldige datum in, zoals 31-01-2025."),
            "required": _("Vul een datum in."),
        },
    )
    note = forms.CharField(
        label=_("Toelichting (niet verplicht)"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT),
        error_messages={"max_length": _("Gebruik hoogstens 200 tekens.")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "capaciteit-%s")
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = scheme_choices()
        if not self.is_bound:
            self.initial.setdefault("valid_from", timezone.localdate())
