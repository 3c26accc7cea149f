"""Forms for coding grounds, filtering the list, and choosing the report's period and scheme.

Every message says what to fix, in Dutch. The report's months are written as 2025-03 (the value a
browser's month field sends); 3-2025 and 03-2025 are understood too.
"""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import GroundCategory, GroundsSubject
from .report import MAX_MONTHS, Period, add_months, default_period
from .selectors import scheme_choices
from .services import MAX_NOTE_LENGTH

SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
UNKNOWN_SCHEME = _("Deze regeling kennen wij niet: %(value)s. Kies een regeling uit de lijst.")
SUBJECT_PARAMETERS = {"bezwaar": GroundsSubject.OBJECTION.value, "zienswijze": GroundsSubject.VIEW.value}


class CodingForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Waar gaan de gronden over?"),
        help_text=_("Kies alles wat past. Gebruik de spatiebalk om een vakje aan of uit te zetten."),
        choices=GroundCategory.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        error_messages={
            "required": _("Kies minstens één categorie. Past er geen? Kies dan 'Anders' en schrijf een notitie."),
            "invalid_choice": _("Deze categorie bestaat niet: %(value)s. Kies uit de lijst."),
        },
    )
    rules = forms.MultipleChoiceField(
        label=_("Over welke regel gaan de gronden? (niet verplicht)"),
        help_text=_(
            "Dit zijn de regels die bij het besluit de doorslag gaven. Kies alleen een regel die de gronden "
            "echt noemen of bestrijden."
        ),  # fmt: skip
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        error_messages={"invalid_choice": _("Deze regel hoort niet bij het besluit: %(value)s. Kies uit de lijst.")},
    )
    note = forms.CharField(
        label=_("Notitie (niet verplicht)"),
        help_text=_("Kort, voor collega's. Verplicht bij 'Anders'. Schrijf geen namen of BSN."),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}),
        error_messages={"max_length": _("De notitie is te lang: hoogstens %(limit_value)d tekens. Maak hem korter.")},
    )
    version = forms.IntegerField(
        label=_("Versie"),
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={
            "required": _("De pagina is niet volledig meegestuurd. Laad de pagina opnieuw en probeer het nog eens."),
            "invalid": _("De pagina is niet volledig meegestuurd. Laad de pagina opnieuw en probeer het nog eens."),
            "min_value": _("De pagina is niet volledig meegestuurd. Laad de pagina opnieuw en probeer het nog eens."),
        },
    )

    # The hash of the text shown (see `models`): saving after the grounds changed meanwhile is refused.
    text_version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, rules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rules"].choices = [
            (rule.key, f"{rule.table_name}, rij {rule.row}: {rule.legal_basis or rule.rule_id}") for rule in rules
        ]
        if not rules:
            del self.fields["rules"]

    def clean(self):
        cleaned = super().clean()
        if GroundCategory.OTHER in cleaned.get("categories", []) and not cleaned.get("note", "").strip():
            self.add_error("note", _("U koos 'Anders'. Schrijf in de notitie kort waar de gronden over gaan."))
        return cleaned


class TextsFilterForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Soort"),
        required=False,
        choices=[
            ("", _("Bezwaren en zienswijzen")),
            ("bezwaar", _("Alleen bezwaren")),
            ("zienswijze", _("Alleen zienswijzen")),
        ],
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een soort uit de lijst.")},
    )
    regeling = forms.ChoiceField(
        label=_("Regeling"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": UNKNOWN_SCHEME},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regeling"].choices = [("", _("Alle regelingen")), *scheme_choices()]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "subject": SUBJECT_PARAMETERS.get(data.get("soort") or ""),
            "scheme_code": data.get("regeling") or None,
        }


_MONTH = (
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$"),
    re.compile(r"^(?P<month>\d{1,2})[-/](?P<year>\d{4})$"),
)


class MonthField(forms.CharField):
    """A whole month, as the first day of it."""

    default_error_messages = {"invalid": _("Schrijf de maand als jaar-maand, bijvoorbeeld 2025-03.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.TextInput(attrs={"class": "utrecht-textbox utrecht-textbox--html-input",
                                                           "type": "month", "placeholder": "2025-03"}))  # fmt: skip
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        for pattern in _MONTH:
            match = pattern.match(value)
            if match:
                year, month = int(match["year"]), int(match["month"])
                if 1 <= month <= 12 and 2000 <= year <= 2100:
                    return dt.date(year, month, 1)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class ReportForm(forms.Form):
    van = MonthField(label=_("Van maand"), required=False, help_text=_("Bijvoorbeeld 2025-01."))
    tot = MonthField(label=_("Tot en met maand"), required=False, help_text=_("Bijvoorbeeld 2025-12."))
    regeling = forms.ChoiceField(
        label=_("Regeling"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": UNKNOWN_SCHEME},
    )

    def __init__(self, *args, today: dt.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["regeling"].choices = [("", _("Alle regelingen")), *scheme_choices()]
        period = default_period(today)
        self.fields["van"].initial = f"{period.first:%Y-%m}"
        self.fields["tot"].initial = f"{period.last:%Y-%m}"

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        default = default_period(self.today)
        first = cleaned.get("van")
        last = cleaned.get("tot")
        if first is None and last is None:
            first, last = default.first, default.last
        elif first is None:
            first = add_months(last, -(len(default.months) - 1))
        elif last is None:  # up to this month, or as far as the longest period allows
            last = min(default.last, add_months(first, MAX_MONTHS - 1)) if first <= default.last else first
        if first > last:
            raise forms.ValidationError(
                _("De eerste maand (%(first)s) ligt na de laatste maand (%(last)s). Draai ze om."),
                params={"first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"},
                code="reversed",
            )
        if add_months(first, MAX_MONTHS) <= last:
            raise forms.ValidationError(
                _("Kies hoogstens %(max)s maanden. Maak de periode korter."), params={"max": MAX_MONTHS}, code="long"
            )
        cleaned["period"] = Period(first, last)
        return cleaned
