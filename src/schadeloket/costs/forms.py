"""Forms of the cost pages. They check the shape of the input in Dutch; `services` holds the rules."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.accounts.roles import ROLES_BY_CODE

from .models import MAX_MINUTES, MIN_MINUTES, Activity

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
#: The longest period the cost page sums at once: enough for a few years, small enough to stay quick.
MAX_PERIOD_DAYS = 3 * 366


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


DATE_ERRORS = {"invalid": _("Vul een geldige datum in, zoals 31-01-2025."), "required": _("Vul een datum in.")}


class TimeEntryForm(forms.Form):
    role = forms.ChoiceField(label=_("In welke rol?"), widget=forms.Select(attrs=SELECT))
    activity = forms.ChoiceField(
        label=_("Wat hebt u gedaan?"),
        choices=Activity.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Kies een activiteit."),
            "invalid_choice": _("Kies een activiteit uit de lijst."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Hoeveel minuten?"),
        help_text=_("Van %(min)s tot en met %(max)s minuten. Meer dan 10 uur? Verdeel het over de dagen.")
        % {"min": MIN_MINUTES, "max": MAX_MINUTES},
        min_value=MIN_MINUTES,
        max_value=MAX_MINUTES,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul het aantal minuten in."),
            "invalid": _("Vul een heel aantal minuten in, zoals 45."),
            "min_value": _("Vul minstens %(limit_value)s minuut in."),
            "max_value": _("Vul hoogstens %(limit_value)s minuten in (10 uur)."),
        },
    )
    worked_on = forms.DateField(label=_("Op welke dag?"), widget=DateInput(), error_messages=DATE_ERRORS)

    def __init__(self, *args, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(code, ROLES_BY_CODE[code].label) for code in roles]
        self.fields["role"].error_messages = {
            "required": _("Kies uw rol."),
            "invalid_choice": _("Kies een rol die u hebt."),
        }
        if not self.is_bound:
            self.initial.setdefault("worked_on", timezone.localdate())
            if roles:
                self.initial.setdefault("role", roles[0])

    def clean_worked_on(self):
        worked_on = self.cleaned_data["worked_on"]
        if worked_on > timezone.localdate():
            raise forms.ValidationError(_("De datum ligt in de toekomst. Leg alleen tijd vast die al gewerkt is."))
        return worked_on


class PeriodForm(forms.Form):
    """The period of the cost page; without input, the current calendar year up to today."""

    start = forms.DateField(label=_("Van"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    end = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        start = data.get("start") or dt.date(today.year, 1, 1)
        end = data.get("end") or today
        if self.errors:
            return data
        if end < start:
            raise forms.ValidationError(_("De einddatum ligt voor de begindatum. Draai ze om."))
        if (end - start).days > MAX_PERIOD_DAYS:
            raise forms.ValidationError(_("Kies een periode van hoogstens drie jaar."))
        data["start"], data["end"] = start, end
        return data


RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


class CorrectionForm(forms.Form):
    """Correct one entry: replace it with the right figures (prefilled with the old ones), or reverse
    it. The new figures are only read for "vervangen"; `services.correct_time` holds the rules."""

    action = forms.ChoiceField(
        label=_("Wat wilt u doen?"),
        choices=(
            ("replace", _("Vervangen: het aantal minuten, de datum of de activiteit klopt niet")),
            (
                "reverse",
                _(
                    "Terugdraaien: deze tijd telt helemaal niet mee, bijvoorbeeld omdat hij bij een andere zaak "
                    "hoort of dubbel is vastgelegd"
                ),
            ),
        ),
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={
            "required": _("Kies of u de regel wilt vervangen of terugdraaien."),
            "invalid_choice": _("Kies of u de regel wilt vervangen of terugdraaien."),
        },
    )
    minutes = forms.IntegerField(
        label=_("Juiste aantal minuten"),
        required=False,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={"invalid": _("Vul een heel aantal minuten in, zoals 45.")},
    )
    worked_on = forms.DateField(label=_("Juiste dag"), required=False, widget=DateInput(), error_messages=DATE_ERRORS)
    activity = forms.ChoiceField(
        label=_("Juiste activiteit"),
        required=False,
        choices=Activity.choices,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een activiteit uit de lijst.")},
    )
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        help_text=_(
            "Schrijf kort wat er mis was, zoals: 45 in plaats van 15 getypt. Noem geen gegevens van de aanvrager."
        ),
        max_length=500,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}),
        error_messages={
            "required": _("Vul de reden van de correctie in."),
            "max_length": _("Maak de reden korter: hoogstens %(limit_value)s tekens."),
        },
    )

    def __init__(self, *args, entry, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = _(
            "Alleen bij vervangen. Hoogstens %(max)s minuten, het aantal op de regel. "
            "Meer gewerkt? Leg de extra tijd vast als nieuwe regel."
        ) % {"max": entry.minutes}
        if not self.is_bound:
            self.initial.update({"minutes": entry.minutes, "worked_on": entry.worked_on, "activity": entry.activity})

    def clean(self):
        data = super().clean()
        if data.get("action") != "replace":
            return data
        needed = {
            "minutes": _("Vul het juiste aantal minuten in."),
            "worked_on": _("Vul de juiste dag in."),
            "activity": _("Kies de juiste activiteit."),
        }
        for name, message in needed.items():
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        worked_on = data.get("worked_on")
        if worked_on and worked_on > timezone.localdate():
            self.add_error("worked_on", _("De datum ligt in de toekomst. Leg alleen tijd vast die al gewerkt is."))
        return data
