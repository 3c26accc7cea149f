"""Forms of the outreach pages. They check the shape of the input; the services decide the rest."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.register.earthquakes.models import Earthquake

from .eligibility import scheme_choices
from .selection import municipality_choices
from .selectors import event_choices

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class CampaignForm(forms.Form):
    """A silent-victims campaign: a scheme and an area."""

    scheme = forms.ChoiceField(
        label=_("Regeling"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Kies een regeling."), "invalid_choice": _("Kies een regeling uit de lijst.")},
    )
    municipality = forms.ChoiceField(
        label=_("Gemeente"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een gemeente uit de lijst.")},
    )
    pc4_from = forms.CharField(
        label=_("Postcode vanaf (niet verplicht)"),
        help_text=_("De eerste 4 cijfers, bijvoorbeeld 9901."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    pc4_to = forms.CharField(
        label=_("Postcode tot en met (niet verplicht)"),
        help_text=_("Bijvoorbeeld 9999. Leeg: alleen de postcode hierboven en hoger."),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric", "autocomplete": "off"}),
    )
    core_only = forms.BooleanField(
        label=_("Alleen adressen in het kerngebied"),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )
    name = forms.CharField(
        label=_("Naam van de campagne (niet verplicht)"),
        help_text=_("Leeg: de regeling en het gebied."),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [("", _("Kies een regeling")), *scheme_choices()]
        self.fields["municipality"].choices = [("", _("Alle gemeenten"))] + [
            (name, name) for name in municipality_choices()
        ]


def event_label(quake: Earthquake) -> str:
    day = formats.date_format(timezone.localtime(quake.origin_time), "j-n-Y")
    return f"{quake.location_name}, {day}, {str(quake.magnitude).replace('.', ',')}"


class AfterEarthquakeForm(forms.Form):
    """Start the after-earthquake list for an event of the catalogue (the newest and the strongest are offered)."""

    earthquake = forms.ModelChoiceField(
        label=_("Aardbeving (plaats, datum, kracht)"),
        queryset=Earthquake.objects.all(),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Kies een aardbeving."),
            "invalid_choice": _("Deze aardbeving staat niet in de catalogus. Kies een aardbeving uit de lijst."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"recent": _("Nieuwste bevingen"), "strongest": _("Zwaarste bevingen")}
        self.fields["earthquake"].widget.choices = [("", _("Kies een aardbeving"))] + [
            (str(labels[group]), [(quake.pk, event_label(quake)) for quake in quakes])
            for group, quakes in event_choices()
        ]


class LettersSentForm(forms.Form):
    sent_on = forms.DateField(
        label=_("Datum waarop de brieven zijn verstuurd"),
        help_text=_("Als 2026-03-31."),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de datum in waarop de brieven zijn verstuurd."),
            "invalid": _("Schrijf de datum als 2026-03-31."),
        },
    )
