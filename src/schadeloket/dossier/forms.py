"""Forms of the Mijn Dossier pages. They check the shape of the input, with a Dutch message per field;
the services decide the rest. Every form keeps what was typed when it comes back with an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from schadeloket.documents.content import what_we_take
from schadeloket.documents.models import DocumentKind
from schadeloket.identity.forms import AccessibleFormMixin
from schadeloket.objections.services import MAX_GROUNDS_LENGTH
from schadeloket.satisfaction.models import MAX_COMMENT_LENGTH, MAX_SCORE, MIN_SCORE

from .selectors import APPLICANT_DOCUMENT_KINDS
from .services import MAX_VIEW_LENGTH

AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea"}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class ViewForm(AccessibleFormMixin, forms.Form):
    """The reaction on a draft decision (zienswijze)."""

    text = forms.CharField(
        label=_("Uw reactie"),
        help_text=_("Schrijf wat u van het ontwerpbesluit vindt. Klopt er iets niet? Zeg dan wat en waarom."),
        max_length=MAX_VIEW_LENGTH,
        widget=forms.Textarea(attrs={**AREA, "rows": 8}),
        error_messages={
            "required": _("Schrijf eerst uw reactie."),
            "max_length": _(
                "Uw reactie is te lang. Het mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d)."
            ),
        },
    )


class DocumentForm(AccessibleFormMixin, forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat voor document is het?"),
        choices=[
            (kind.value, str(kind.label).capitalize()) for kind in DocumentKind if kind in APPLICANT_DOCUMENT_KINDS
        ],
        initial=DocumentKind.PHOTO,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": _("Kies wat voor document dit is."),
            "invalid_choice": _("Kies wat voor document dit is."),
        },
    )
    file = forms.FileField(
        label=_("Bestand"),
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox", "accept": ".jpg,.jpeg,.png,.pdf"}),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg. Kies het bestand opnieuw."),
            "invalid": _("Dit is geen bestand. Kies een bestand."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "document-%s")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = what_we_take()


class ObjectionForm(AccessibleFormMixin, forms.Form):
    grounds = forms.CharField(
        label=_("Waarom bent u het niet eens met het besluit?"),
        help_text=_(
            "Weet u het nog niet precies? Laat dit dan leeg of schrijf een korte zin. De redenen mag u later sturen."
        ),
        required=False,
        max_length=MAX_GROUNDS_LENGTH,
        widget=forms.Textarea(attrs={**AREA, "rows": 8}),
        error_messages={
            "max_length": _("Uw tekst is te lang. Het mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d)."),
        },
    )
    attachment = forms.FileField(
        label=_("Wilt u een foto of document meesturen? (mag leeg blijven)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "utrecht-textbox", "accept": ".jpg,.jpeg,.png,.pdf"}),
        error_messages={
            "empty": _("Het bestand is leeg. Kies het bestand opnieuw."),
            "invalid": _("Dit is geen bestand. Kies een bestand."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].help_text = (
            what_we_take() + " " + str(_("Meer documenten kunt u later toevoegen op de pagina van uw zaak."))
        )


class SatisfactionForm(AccessibleFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Welk cijfer geeft u ons?"),
        help_text=_("1 is heel slecht, 10 is heel goed."),
        choices=[(str(n), str(n)) for n in range(MIN_SCORE, MAX_SCORE + 1)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een cijfer van 1 tot en met 10."),
            "invalid_choice": _("Kies een cijfer van 1 tot en met 10."),
        },
    )
    comment = forms.CharField(
        label=_("Wilt u iets uitleggen? (mag leeg blijven)"),
        required=False,
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={**AREA, "rows": 4}),
        error_messages={
            "max_length": _("Uw uitleg is te lang. Het mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d)."),
        },
    )
