"""The answers form: built from a scheme's declared questions (schemes.engine.questions).

One form for every scheme, so that staff can give the rules what the register cannot know and
take any case to a decision. Fields are left empty for "not known yet". Amounts are read with the
one euro parser (schadeloket.money); a wrong value gets a Dutch message on its own field, and
everything typed stays on the page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schadeloket.money import parse_euro
from schadeloket.schemes.engine.questions import Kind, Question

from .forms import AREA, SELECT, TEXT, DateInput, VersionForm

YES_NO_CHOICES = (("", _("Nog niet bekend")), ("yes", _("Ja")), ("no", _("Nee")))
EXTRA_ROWS = 2  # empty damage rows below the filled ones
MIN_ROWS = 3


def _amount(text: str):
    return parse_euro(text) if text.strip() else None


class AmountField(forms.Field):
    """A euro amount as people type it; empty means not known."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal", "maxlength": 30}), **kwargs)

    def to_python(self, value):
        try:
            return _amount(str(value or ""))
        except ValueError as error:
            raise ValidationError(str(error)) from None


class LinesField(forms.CharField):
    """One entry per line: texts, or amounts (`amounts=True`)."""

    def __init__(self, *, amounts: bool, **kwargs):
        self.amounts = amounts
        super().__init__(widget=forms.Textarea(attrs={**AREA, "rows": 3}), **kwargs)

    def to_python(self, value):
        lines = [line.strip() for line in (super().to_python(value) or "").splitlines() if line.strip()]
        if not self.amounts:
            return lines
        result = []
        for number, line in enumerate(lines, start=1):
            try:
                result.append(parse_euro(line))
            except ValueError as error:
                raise ValidationError(gettext("Regel %(number)s: %(error)s") % {"number": number, "error": error})
        return result


def _field(question: Question) -> forms.Field:
    common = {"label": question.label, "help_text": question.help_text, "required": False}
    if question.kind is Kind.YES_NO:
        return forms.TypedChoiceField(
            choices=YES_NO_CHOICES,
            coerce=lambda value: value == "yes",
            empty_value=None,
            widget=forms.Select(attrs=SELECT),
            **common,
        )
    if question.kind is Kind.AMOUNT:
        return AmountField(**common)
    if question.kind is Kind.NUMBER:
        return forms.DecimalField(
            min_value=0,
            decimal_places=2,
            localize=True,
            widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
            error_messages={
                "invalid": _("Vul een getal in, zoals 12 of 12,5."),
                "min_value": _("Vul 0 of meer in."),
                "max_decimal_places": _("Vul hoogstens twee cijfers achter de komma in."),
            },
            **common,
        )
    if question.kind is Kind.COUNT:
        return forms.IntegerField(
            min_value=question.minimum,
            max_value=question.maximum,
            widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
            error_messages={
                "invalid": _("Vul een heel getal in, zoals 3."),
                "min_value": _("Vul %(limit_value)s of meer in."),
                "max_value": _("Vul %(limit_value)s of minder in."),
            },
            **common,
        )
    if question.kind is Kind.CHOICE:
        return forms.TypedChoiceField(
            choices=(("", _("Nog niet bekend")), *question.choices),
            empty_value=None,
            widget=forms.Select(attrs=SELECT),
            **common,
        )
    if question.kind is Kind.DATE:
        return forms.DateField(widget=DateInput(), error_messages={"invalid": _("Vul een geldige datum in.")}, **common)
    if question.kind is Kind.DATETIME:
        return forms.DateTimeField(
            widget=forms.DateTimeInput(attrs={**TEXT, "type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
            error_messages={"invalid": _("Vul een geldige datum en tijd in.")},
            **common,
        )
    if question.kind in (Kind.TEXT_LIST, Kind.AMOUNT_LIST):
        return LinesField(amounts=question.kind is Kind.AMOUNT_LIST, **common)
    raise ValueError(f"No form field for question kind {question.kind}")


def _initial(question: Question, value):
    """A stored answer (as `decide` reads it) as the form shows it."""
    if value is None:
        return None
    if question.kind is Kind.YES_NO:
        return "yes" if value else "no"
    if question.kind in (Kind.AMOUNT, Kind.NUMBER):
        return str(value).replace(".", ",")
    if question.kind is Kind.TEXT_LIST:
        return "\n".join(value)
    if question.kind is Kind.AMOUNT_LIST:
        return "\n".join(str(amount).replace(".", ",") for amount in value)
    return value


class AnswersForm(VersionForm):
    """The scheme's questions; `answers()` gives every answer as `decide` reads it (None: not known)."""

    def __init__(self, *args, questions: tuple[Question, ...], stored: dict | None = None, **kwargs):
        kwargs.setdefault("auto_id", "antwoord-%s")
        stored = stored or {}
        self.questions = questions
        self.rows: dict[str, int] = {}
        initial = kwargs.pop("initial", {}) or {}
        for question in questions:
            if question.kind is Kind.REPAIR_ITEMS:
                for number, item in enumerate(stored.get(question.name) or (), start=1):
                    prefix = f"{question.name}-{number}"
                    initial[f"{prefix}-description"] = item.get("description", "")
                    initial[f"{prefix}-type"] = item.get("type", "")
                    initial[f"{prefix}-room"] = item.get("room", "")
                    amount = item.get("amount")
                    initial[f"{prefix}-amount"] = "" if amount is None else str(amount).replace(".", ",")
                    initial[f"{prefix}-assessed_before"] = bool(item.get("assessed_before"))
            else:
                initial[question.name] = _initial(question, stored.get(question.name))
        super().__init__(*args, initial=initial, **kwargs)
        for question in questions:
            if question.kind is Kind.REPAIR_ITEMS:
                self._add_rows(question, len(stored.get(question.name) or ()))
            else:
                self.fields[question.name] = _field(question)

    def _add_rows(self, question: Question, filled: int) -> None:
        posted = 0
        if self.is_bound:
            while f"{question.name}-{posted + 1}-description" in self.data:
                posted += 1
        rows = max(filled + EXTRA_ROWS, MIN_ROWS, posted)
        self.rows[question.name] = rows
        for number in range(1, rows + 1):
            prefix = f"{question.name}-{number}"
            self.fields[f"{prefix}-description"] = forms.CharField(
                label=_("Omschrijving"), required=False, max_length=200, widget=forms.TextInput(attrs=TEXT)
            )
            self.fields[f"{prefix}-type"] = forms.ChoiceField(
                label=_("Soort schade"),
                required=False,
                choices=(("", _("Kies de soort")), *question.choices),
                widget=forms.Select(attrs=SELECT),
            )
            self.fields[f"{prefix}-room"] = forms.CharField(
                label=_("Ruimte"), required=False, max_length=100, widget=forms.TextInput(attrs=TEXT)
            )
            self.fields[f"{prefix}-amount"] = AmountField(label=_("Bedrag (euro)"), required=False)
            self.fields[f"{prefix}-assessed_before"] = forms.BooleanField(
                label=_("Eerder beoordeeld"),
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
            )

    def clean(self):
        data = super().clean()
        for question in self.questions:
            if question.kind is not Kind.REPAIR_ITEMS:
                continue
            items = []
            for number in range(1, self.rows[question.name] + 1):
                prefix = f"{question.name}-{number}"
                values = {key: data.get(f"{prefix}-{key}") for key in ("description", "type", "room", "amount")}
                if not any(value not in (None, "") for value in values.values()):
                    continue  # an empty row
                if not values["type"]:
                    self.add_error(f"{prefix}-type", gettext("Kies de soort schade voor schade %(n)s.") % {"n": number})
                    continue
                items.append(
                    {
                        "description": values["description"] or "",
                        "type": values["type"],
                        "room": values["room"] or "",
                        "amount": values["amount"],
                        "assessed_before": bool(data.get(f"{prefix}-assessed_before")),
                    }
                )
            data[question.name] = items or None
        return data

    def answers(self) -> dict:
        return {question.name: self.cleaned_data.get(question.name) for question in self.questions}

    def layout(self) -> list[dict]:
        """What the template shows, in the scheme's order: single fields, or numbered damage rows."""
        parts = []
        for question in self.questions:
            if question.kind is Kind.REPAIR_ITEMS:
                rows = [
                    {
                        "number": number,
                        "fields": [
                            self[f"{question.name}-{number}-{key}"]
                            for key in ("description", "type", "room", "amount", "assessed_before")
                        ],
                    }
                    for number in range(1, self.rows[question.name] + 1)
                ]
                parts.append({"question": question, "rows": rows})
            else:
                parts.append({"question": question, "field": self[question.name]})
        return parts
