"""The forms of the intake steps: Dutch labels and messages, typed input kept when something is wrong."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from schadeloket.choice_help.forms import TEXTBOX, AddressForm

from .models import StatedRelation
from .questions import FROM_VALUE, NO, UNKNOWN, YES

RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
#: Gas production from the Groningen field began in 1963: an earlier date is a typing error.
EARLIEST_DAMAGE_DATE = dt.date(1963, 1, 1)


class AddressStepForm(AddressForm):
    """The choice help's address fields, plus a building when the address has more than one."""

    building = forms.ChoiceField(
        label=_("Om welk gebouw gaat het?"),
        required=False,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"invalid_choice": _("Kies een gebouw uit de lijst.")},
    )

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.buildings = list(buildings)
        self.fields["building"].choices = [(str(b.pk), _building_label(b)) for b in self.buildings]

    def chosen_building(self):
        chosen = self.cleaned_data.get("building")
        return next((b for b in self.buildings if str(b.pk) == chosen), None)


def _building_label(building) -> str:
    label = str(building.get_kind_display())
    if building.description:
        label += f": {building.description}"
    if building.construction_year:
        label += f" ({_('bouwjaar')} {building.construction_year})"
    return label


CO_OWNER_CHOICES = (
    (NO, _("Nee, ik ben de enige eigenaar")),
    (YES, _("Ja, er zijn meer eigenaren")),
    (UNKNOWN, _("Weet ik niet")),
)


RELATION_HELP = {
    StatedRelation.OWNER: _("het gebouw is (ook) van u"),
    StatedRelation.FORMER_OWNER: _("het gebouw was van u, maar u heeft het verkocht"),
    StatedRelation.TENANT: _("u huurt het gebouw en woont er"),
    StatedRelation.USER: _("u woont of werkt er, maar u bent geen eigenaar en geen huurder"),
}
RELATION_CHOICES = [
    (value, format_lazy("{}: {}", label, RELATION_HELP[value])) for value, label in StatedRelation.choices
]


class RelationForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Wat bent u van dit gebouw?"),
        choices=RELATION_CHOICES,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={
            "required": _("Kies wat u bent van dit gebouw."),
            "invalid_choice": _("Kies wat u bent van dit gebouw."),
        },
    )
    co_owners = forms.ChoiceField(
        label=_("Zijn er nog andere eigenaren?"),
        help_text=_("Alleen invullen als u eigenaar of oud-eigenaar bent. Denk aan uw partner of familie."),
        choices=CO_OWNER_CHOICES,
        required=False,
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
    )

    def clean(self):
        data = super().clean()
        relation = data.get("relation")
        if relation in (StatedRelation.OWNER, StatedRelation.FORMER_OWNER) and not data.get("co_owners"):
            self.add_error(
                "co_owners", _("Zeg of er nog andere eigenaren zijn. Weet u het niet zeker? Kies dan 'Weet ik niet'.")
            )
        return data


class DamageForm(forms.Form):
    description = forms.CharField(
        label=_("Beschrijf wat er is gebeurd"),
        help_text=_(
            "Schrijf kort wat er beschadigd is, bijvoorbeeld: scheuren in de muur van de woonkamer. "
            "Gaat het niet om schade aan het gebouw, maar om iets anders (zoals zorgen en stress, of minder "
            "waarde van uw huis)? Schrijf dat dan hier."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}),
        error_messages={
            "required": _("Beschrijf kort wat er is gebeurd."),
            "max_length": _("Gebruik hoogstens %(limit_value)d tekens. U gebruikte er %(show_value)d."),
        },
    )
    noticed_on = forms.DateField(
        label=_("Wanneer zag u de schade voor het eerst? (niet verplicht)"),
        help_text=_("Bijvoorbeeld 14-3-2024. Weet u het niet precies? Vul dan ongeveer een datum in of laat het leeg."),
        required=False,
        input_formats=["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": TEXTBOX, "size": 12, "autocomplete": "off"}, format="%d-%m-%Y"),
        error_messages={"invalid": _("Vul een datum in als dag-maand-jaar, bijvoorbeeld 14-3-2024.")},
    )

    def clean_noticed_on(self):
        day = self.cleaned_data.get("noticed_on")
        if day is None:
            return None
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst. Vul de datum in waarop u de schade zag."))
        if day < EARLIEST_DAMAGE_DATE:
            raise forms.ValidationError(
                _("De gaswinning in Groningen begon in 1963. Vul een datum in vanaf 1963, zoals 14-3-2024.")
            )
        return day


ANSWER_CHOICES = ((YES, _("Ja")), (NO, _("Nee")), (UNKNOWN, _("Weet ik niet")))


class QuestionsForm(forms.Form):
    """One yes/no/don't-know question per applicant question that matters now; none is required."""

    def __init__(self, *args, questions=(), stored=None, **kwargs):
        super().__init__(*args, **kwargs)
        stored = stored or {}
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.field_name] = forms.ChoiceField(
                label=question.label,
                help_text=question.help_text,
                choices=ANSWER_CHOICES,
                required=False,
                initial=FROM_VALUE.get(stored.get(question.scheme_code, {}).get(question.name), None),
                widget=forms.RadioSelect(attrs=RADIO),
                error_messages={"invalid_choice": _("Kies ja, nee of weet ik niet.")},
            )

    def answers(self) -> dict:
        """{scheme code: {name: True, False or None}}; an unanswered question counts as 'weet ik niet'."""
        from .questions import TO_VALUE

        result = {}
        for question in self.questions:
            value = TO_VALUE[self.cleaned_data.get(question.field_name) or UNKNOWN]
            result.setdefault(question.scheme_code, {})[question.name] = value
        return result


class ChoiceForm(forms.Form):
    scheme = forms.ChoiceField(
        label=_("Welke regeling kiest u?"),
        widget=forms.RadioSelect(attrs=RADIO),
        error_messages={
            "required": _("Kies een regeling."),
            "invalid_choice": _("Deze regeling kunt u nu niet kiezen. Kies een regeling uit de lijst."),
        },
    )

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(option.code, choice_label(option)) for option in options]


def choice_label(option) -> str:
    if option.amount is None and option.amount_max is None:
        return format_lazy("{} ({})", option.name, _("bedrag nog niet bekend"))
    return f"{option.name} ({option.amount_text})"


class ConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
    truthful = forms.BooleanField(
        label=_("Ik heb alles naar waarheid ingevuld."),
        widget=forms.CheckboxInput(attrs=CHECKBOX),
        error_messages={"required": _("Zet een vinkje als alles klopt. Klopt er iets niet? Pas het dan eerst aan.")},
    )
