"""Forms of the planning pages. They check the shape of the input, with a Dutch message per field;
the planning services decide the rest (is the time free, may this person change it). A form that
comes back with an error keeps what was typed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schadeloket.identity.forms import AccessibleFormMixin

from .services import MAX_REASON, MAX_TOPIC

AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
HOME = "thuis"


class SlotForm(AccessibleFormMixin, forms.Form):
    """A time chosen from the list (its public id), and when moving an optional reason.

    The radio buttons are drawn by the template (grouped per day); `vanaf` keeps the page of times.
    """

    slot = forms.UUIDField(
        label=_("Kies een tijd"),
        error_messages={
            "required": _("Kies een tijd uit de lijst."),
            "invalid": _("Deze tijd bestaat niet (meer). Kies een tijd uit de lijst."),
        },
    )
    reason = forms.CharField(
        label=_("Waarom verplaatst u de afspraak?"),
        help_text=_("Dit hoeft u niet in te vullen. Het helpt ons wel om beter te plannen."),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs=AREA),
        error_messages={
            "max_length": _("Houd de reden kort: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )
    vanaf = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "afspraak-%s")
        super().__init__(*args, **kwargs)

    def chosen(self) -> str:
        """The time the person had ticked (also when the form is invalid), to tick it again."""
        return (self.data.get("slot") or "").strip() if self.is_bound else ""


class GuideSlotForm(SlotForm):
    """A talk with a case guide: the time, where (hidden, from the place form), and for a new
    appointment what it is about and (optionally) which case."""

    waar = forms.CharField(required=False, widget=forms.HiddenInput)
    topic = forms.CharField(
        label=_("Waarover wilt u praten?"),
        help_text=_(
            "Dit hoeft u niet in te vullen. Een paar woorden is genoeg, bijvoorbeeld 'vragen over mijn besluit'."
        ),
        required=False,
        max_length=MAX_TOPIC,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={
            "max_length": _("Houd het onderwerp kort: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )
    case = forms.ChoiceField(
        label=_("Gaat het over een zaak?"),
        required=False,
        widget=forms.Select(attrs=SELECT),
        error_messages={"invalid_choice": _("Kies een van uw zaken, of 'Geen zaak of weet ik niet'.")},
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", _("Geen zaak of weet ik niet"))] + [
            (case.reference, f"{case.reference} ({case.scheme_code})") for case in cases
        ]


class PlaceForm(AccessibleFormMixin, forms.Form):
    """Where the talk with a case guide is: a support point (its public id) or at home."""

    waar = forms.ChoiceField(
        label=_("Waar wilt u praten?"),
        help_text=_("Bij een steunpunt bij u in de buurt, of bij u thuis."),
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Kies waar u wilt praten."),
            "invalid_choice": _("Kies een steunpunt uit de lijst, of bij u thuis."),
        },
    )

    def __init__(self, *args, points=(), home=None, **kwargs):
        kwargs.setdefault("auto_id", "plaats-%s")
        super().__init__(*args, **kwargs)
        choices = []
        if home is not None:
            choices.append((HOME, _("Bij mij thuis: %(address)s") % {"address": home}))
        for point in points:
            where = _("mobiel, elke dag op een andere plek") if point.is_mobile else point.place
            choices.append((str(point.public_id), f"{point.name} ({where})"))
        self.fields["waar"].choices = choices


class CancelForm(AccessibleFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Waarom zegt u de afspraak af?"),
        help_text=_("Dit hoeft u niet in te vullen."),
        required=False,
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs=AREA),
        error_messages={
            "max_length": _("Houd de reden kort: hoogstens %(limit_value)d tekens (nu %(show_value)d)."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "afzeggen-%s")
        super().__init__(*args, **kwargs)
