"""The report's period and schemes. GET parameters, so a report has a link that can be shared.

The checks themselves live in `weekly` (`check_period`, `check_schemes`), so the form, the export
and the Python API refuse exactly the same input with the same Dutch message.
"""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .weekly import ReportInputError, check_period, check_schemes, known_schemes

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
DEFAULT_WEEKS = 12  # without a choice: the last twelve weeks, up to today


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class ReportForm(forms.Form):
    van = forms.DateField(
        label=_("Van"),
        help_text=_("De eerste dag. Het rapport begint op de maandag van die week."),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in zoals 03-03-2025."), "required": _("Vul een begindatum in.")},
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        help_text=_("De laatste dag. Het rapport loopt tot de zondag van die week."),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in zoals 30-06-2025."), "required": _("Vul een einddatum in.")},
    )
    regelingen = forms.MultipleChoiceField(
        label=_("Regelingen"),
        help_text=_("Kies geen regeling voor alle regelingen samen."),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        error_messages={"invalid_choice": _("De regeling %(value)s bestaat niet. Kies een regeling uit de lijst.")},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["regelingen"].choices = [(code, f"{code}: {name}") for code, name in known_schemes()]

    @classmethod
    def initial_for(cls, today: dt.date) -> dict:
        return {"van": today - dt.timedelta(weeks=DEFAULT_WEEKS - 1), "tot": today}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            check_period(data.get("van"), data.get("tot"), today=self.today)
            data["regelingen"] = check_schemes(data.get("regelingen") or None)
        except ReportInputError as error:
            self.add_error(error.field or None, str(error))
        return data
