"""Forms of the case work pages. They check the shape of the input; the services decide the rest."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.documents.models import DocumentKind
from schadeloket.payment_orders.models import PayeeKind
from schadeloket.register.persons.bsn import normalize_bsn

from . import selectors

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 3}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}


class IdPrefixMixin:
    """Several forms share one page: each gets its own id prefix, so every id stays unique."""

    id_prefix = ""

    def __init__(self, *args, **kwargs):
        if self.id_prefix:
            kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


class WorkListFilterForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Regeling"), required=False, widget=forms.Select(attrs=SELECT))
    status = forms.ChoiceField(label=_("Status"), required=False, widget=forms.Select(attrs=SELECT))
    area = forms.ChoiceField(
        label=_("Gebied"), required=False, choices=selectors.AREA_CHOICES, widget=forms.Select(attrs=SELECT)
    )
    municipality = forms.ChoiceField(label=_("Gemeente"), required=False, widget=forms.Select(attrs=SELECT))
    handler = forms.ChoiceField(
        label=_("Behandelaar"), required=False, choices=selectors.HANDLER_CHOICES, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [("", _("Alle regelingen")), *selectors.scheme_choices()]
        self.fields["status"].choices = [("", _("Alle open statussen")), *selectors.status_choices()]
        self.fields["municipality"].choices = [("", _("Alle gemeenten"))] + [
            (name, name) for name in selectors.municipality_choices()
        ]

    def filters(self) -> dict:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "scheme": data.get("scheme", ""),
            "status": data.get("status", ""),
            "area": data.get("area", ""),
            "municipality": data.get("municipality", ""),
            "handler": data.get("handler") or "all",
        }


class BsnForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN van de aanvrager"),
        help_text=_("Negen cijfers. Het nummer komt niet in de adresbalk en wordt niet getoond."),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "inputmode": "numeric"}),
        error_messages={"required": _("Vul een burgerservicenummer (BSN) in.")},
    )

    def clean_bsn(self):
        try:
            return normalize_bsn(self.cleaned_data["bsn"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0]) from None


class ApplicationForm(forms.Form):
    """Step two at the counter: the person is known (by an opaque id), now building, scheme and date."""

    person = forms.UUIDField(widget=forms.HiddenInput)
    building = forms.ChoiceField(
        label=_("Gebouw"),
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        error_messages={"required": _("Kies het gebouw waar de aanvraag over gaat.")},
    )
    scheme = forms.ChoiceField(
        label=_("Regeling"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Kies een regeling.")},
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"),
        help_text=_("De dag waarop de aanvraag binnenkwam. Hiermee begint de beslistermijn."),
        widget=DateInput(),
        error_messages={"required": _("Vul de datum van ontvangst in."), "invalid": _("Vul een geldige datum in.")},
    )
    pre_registered = forms.BooleanField(
        label=_("Vooraf ingeschreven (voorinschrijving AVV)"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}),
    )

    def __init__(self, *args, relations=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.relations = {str(relation.building.pk): relation for relation in relations}
        self.fields["building"].choices = [
            (key, f"{relation.building.address} ({relation.get_kind_display()})")
            for key, relation in self.relations.items()
        ]
        self.fields["scheme"].choices = [("", _("Kies een regeling")), *selectors.scheme_choices(open_only=True)]

    def clean_received_on(self):
        value = self.cleaned_data["received_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("De datum van ontvangst kan niet in de toekomst liggen."))
        return value

    def building_obj(self):
        return self.relations[self.cleaned_data["building"]].building


class VersionForm(forms.Form):
    """Every change carries the version of the case the user saw (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class TransitionForm(IdPrefixMixin, VersionForm):
    id_prefix = "stap"
    name = forms.CharField(widget=forms.HiddenInput, max_length=60)
    reason = forms.CharField(label=_("Reden"), required=False, max_length=2000, widget=forms.Textarea(attrs=AREA))


class AssignForm(IdPrefixMixin, VersionForm):
    id_prefix = "toewijzen"
    handler = forms.CharField(label=_("Toewijzen aan"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, handlers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["handler"].widget.choices = [("", _("Niemand (teruglegen)"))] + [
            (str(user.pk), user.get_full_name() or user.username) for user in handlers
        ]


class DocumentForm(IdPrefixMixin, forms.Form):
    id_prefix = "document"
    kind = forms.ChoiceField(label=_("Soort document"), choices=DocumentKind.choices, widget=forms.Select(attrs=SELECT))
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_("Een foto (JPEG of PNG) of een PDF."),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg.")},
    )
    replaces = forms.ChoiceField(label=_("Nieuwe versie van"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = {str(group.current.public_id): group.current for group in documents}
        self.fields["replaces"].choices = [("", _("Geen: dit is een nieuw document"))] + [
            (key, f"{doc.get_kind_display()}: {doc.original_filename} (versie {doc.version})")
            for key, doc in self.documents.items()
        ]


class InspectionForm(IdPrefixMixin, forms.Form):
    id_prefix = "opname"
    inspector = forms.ChoiceField(label=_("Opnemer"), widget=forms.Select(attrs=SELECT))
    inspected_on = forms.DateField(
        label=_("Opgenomen op"),
        widget=DateInput(),
        error_messages={"required": _("Vul de datum van de opname in."), "invalid": _("Vul een geldige datum in.")},
    )
    items = forms.CharField(
        label=_("Schades"),
        help_text=_("Eén schade per regel: omschrijving; plek. Bijvoorbeeld: scheur in de gevel; voorgevel"),
        widget=forms.Textarea(attrs={**AREA, "rows": 5}),
        error_messages={"required": _("Vul minstens één schade in.")},
    )
    notes = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs=AREA))

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.inspectors = {str(user.pk): user for user in inspectors}
        self.fields["inspector"].choices = [
            (key, user.get_full_name() or user.username) for key, user in self.inspectors.items()
        ]

    def item_list(self) -> list[dict]:
        items = []
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            description, _sep, location = line.partition(";")
            items.append({"description": description.strip(), "location": location.strip()})
        return items


class AssessmentForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Oordeel"),
        choices=(
            ("yes", _("mijnbouwschade")),
            ("no", _("geen mijnbouwschade")),
            ("unknown", _("niet vast te stellen")),
        ),
        widget=forms.Select(attrs=SELECT),
    )
    repair_cost = forms.CharField(
        label=_("Herstelkosten (euro)"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
        error_messages={"required": _("Vul de herstelkosten in, zoals 3400 of 3400,50.")},
    )
    expert = forms.ChoiceField(label=_("Deskundige"), widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, inspectors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.inspectors = {str(user.pk): user for user in inspectors}
        self.fields["expert"].choices = [
            (key, user.get_full_name() or user.username) for key, user in self.inspectors.items()
        ]


class DeviateForm(IdPrefixMixin, VersionForm):
    id_prefix = "afwijken"
    granted = forms.TypedChoiceField(
        label=_("Uitkomst"),
        choices=(("yes", _("Toekennen")), ("no", _("Afwijzen"))),
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}),
        error_messages={"required": _("Kies of de aanvraag wordt toegekend of afgewezen.")},
    )
    amount = forms.CharField(
        label=_("Bedrag (euro)"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
        error_messages={"required": _("Vul het bedrag in euro's in, zoals 10000 of 10000,50.")},
    )
    reason = forms.CharField(
        label=_("Reden van afwijken"),
        help_text=_("De aanvrager leest deze reden in de brief. Schrijf duidelijk en eenvoudig."),
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("Schrijf op waarom u afwijkt van de regels. Zonder reden kan afwijken niet.")},
    )


class ViewForm(IdPrefixMixin, forms.Form):
    id_prefix = "zienswijze"
    text = forms.CharField(
        label=_("Reactie van de aanvrager (zienswijze)"),
        widget=forms.Textarea(attrs=AREA),
        error_messages={"required": _("Vul in wat de aanvrager als reactie (zienswijze) heeft gegeven.")},
    )


class PaymentForm(IdPrefixMixin, forms.Form):
    id_prefix = "betaling"
    payee_kind = forms.ChoiceField(label=_("Betalen aan"), choices=PayeeKind.choices, widget=forms.Select(attrs=SELECT))
    payee_name = forms.CharField(
        label=_("Naam ontvanger"),
        max_length=70,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        error_messages={"required": _("Vul de naam van de ontvanger in.")},
    )
    iban = forms.CharField(
        label=_("IBAN"),
        help_text=_("Bijvoorbeeld NL91 ABNA 0417 1643 00."),
        max_length=42,
        widget=forms.TextInput(
            attrs={**TEXT, "autocomplete": "off", "class": TEXT["class"] + " utrecht-textbox--iban-size"}
        ),
        error_messages={"required": _("Vul het IBAN in.")},
    )


class ReviewForm(IdPrefixMixin, VersionForm):
    id_prefix = "toetsing"
    outcome = forms.ChoiceField(choices=(("approve", "approve"), ("return", "return")), widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reden (verplicht bij terugsturen)"), required=False, widget=forms.Textarea(attrs=AREA)
    )


class ExportForm(IdPrefixMixin, forms.Form):
    id_prefix = "export"
    execution_date = forms.DateField(
        label=_("Uitvoerdatum"),
        widget=DateInput(),
        error_messages={"required": _("Vul de uitvoerdatum in."), "invalid": _("Vul een geldige datum in.")},
    )


class StatisticsFilterForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Regeling"), required=False, widget=forms.Select(attrs=SELECT))
    since = forms.DateField(label=_("Vanaf"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Tot en met"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [("", _("Alle regelingen")), *selectors.scheme_choices()]
