"""Forms of the objection pages. They check the shape of the input, with a Dutch message per field;
the services decide the rest. Several forms share the objection page: each has its own id prefix,
so every id on the page is unique, and each carries the version of the objection the lawyer saw
(optimistic lock). A form that comes back with an error keeps what was typed."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.documents.content import what_we_take
from schadeloket.documents.models import DocumentKind
from schadeloket.identity.forms import AccessibleFormMixin
from schadeloket.planning.models import SupportPoint

from .models import (
    DECISION_OUTCOMES,
    AppealEffect,
    AppealFiledBy,
    AppealOutcome,
    ContactChannel,
    ContactOutcome,
    Court,
    HearingLocation,
    InadmissibleGround,
    NoHearingReason,
    RepairKind,
    WithdrawalConfirmation,
)
from .services.common import MAX_TEXT_LENGTH
from .services.receipt import MAX_GROUNDS_LENGTH

TEXT = {"class": "utrecht-textbox utrecht-textbox--html-input"}
AREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 4}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
FILE = {"class": "utrecht-textbox", "accept": ".jpg,.jpeg,.png,.pdf"}
DATE_ERRORS = {"required": _("Vul een datum in."), "invalid": _("Vul een geldige datum in, zoals 31-01-2026.")}
TOO_LONG = _("De tekst is te lang. Het mag hoogstens %(limit_value)d tekens zijn (nu %(show_value)d).")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={**TEXT, **(attrs or {})}, format="%Y-%m-%d")


def date_field(label, *, required=True, help_text=""):
    return forms.DateField(
        label=label, required=required, help_text=help_text, widget=DateInput(), error_messages=DATE_ERRORS
    )


def text_area(label, *, required=True, help_text="", required_message="", max_length=MAX_TEXT_LENGTH, rows=4):
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={**AREA, "rows": rows}),
        error_messages={"required": required_message or _("Vul dit in."), "max_length": TOO_LONG},
    )


def choice_field(label, choices, *, required=True, message="", blank=""):
    options = list(choices)
    if blank:
        options = [("", blank), *options]
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=options,
        widget=forms.Select(attrs=SELECT),
        error_messages={
            "required": message or _("Kies een van de mogelijkheden."),
            "invalid_choice": message or _("Kies een van de mogelijkheden."),
        },
    )


class StaffForm(AccessibleFormMixin, forms.Form):
    """A form on the objection page: its own id prefix and the objection's version."""

    id_prefix = ""
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


# --- receipt by letter ----------------------------------------------------------------------------


class CaseReferenceForm(AccessibleFormMixin, forms.Form):
    reference = forms.CharField(
        label=_("Zaaknummer"),
        help_text=_("Het zaaknummer uit de brief, zoals IMG-2025-000123."),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Vul het zaaknummer in.")},
    )

    def clean_reference(self):
        return self.cleaned_data["reference"].strip().upper()


class LetterObjectionForm(AccessibleFormMixin, forms.Form):
    reference = forms.CharField(widget=forms.HiddenInput, max_length=20)
    objector = forms.ChoiceField(
        label=_("Van wie is de brief?"),
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Kies wie de brief stuurde."), "invalid_choice": _("Kies wie de brief stuurde.")},
    )
    received_on = date_field(_("Ontvangen op"), help_text=_("De dag waarop de brief binnenkwam."))
    posted_on = date_field(
        _("Op de post gedaan op (poststempel)"),
        required=False,
        help_text=_("Alleen als dat bekend is (Awb 6:9 lid 2)."),
    )
    grounds = text_area(
        _("Gronden van het bezwaar"),
        required=False,
        help_text=_("Neem over wat de indiener schrijft. Leeg: een pro-formabezwaar, de gronden volgen later."),
        max_length=MAX_GROUNDS_LENGTH,
        rows=8,
    )
    attachment = forms.FileField(
        label=_("De brief zelf (scan) of een bijlage"),
        required=False,
        widget=forms.ClearableFileInput(attrs=FILE),
        error_messages={"empty": _("Het bestand is leeg. Kies het bestand opnieuw.")},
    )

    def __init__(self, *args, parties=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.parties = {str(party.person.public_id): party.person for party in parties}
        self.fields["objector"].choices = (
            [("", _("Kies de afzender"))]
            + [
                (str(party.person.public_id), f"{party.person.full_name} ({party.get_role_display()})")
                for party in parties
            ]
            + [("other", _("Iemand anders (geen partij bij de zaak)"))]
        )
        self.fields["attachment"].help_text = what_we_take()


# --- the objection page ---------------------------------------------------------------------------


class AssignForm(StaffForm):
    id_prefix = "eigenaar"
    lawyer = forms.ChoiceField(label=_("Bezwaarjurist"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lawyers = {str(user.pk): user for user in lawyers}
        self.fields["lawyer"].choices = [("", _("Kies een bezwaarjurist"))] + [
            (key, user.get_full_name() or user.username) for key, user in self.lawyers.items()
        ]


class LatenessForm(StaffForm):
    id_prefix = "termijn"
    excusable = forms.TypedChoiceField(
        label=_("Is de termijnoverschrijding verschoonbaar? (Awb 6:11)"),
        choices=(("", _("Kies")), ("yes", _("Ja, verschoonbaar")), ("no", _("Nee, niet verschoonbaar"))),
        coerce=lambda value: value == "yes",
        widget=forms.Select(attrs=SELECT),
        error_messages={"required": _("Kies of de termijnoverschrijding verschoonbaar is.")},
    )
    reasoning = text_area(
        _("Waarom?"), required_message=_("Schrijf op waarom de termijnoverschrijding wel of niet verschoonbaar is.")
    )


class RepairRequestForm(StaffForm):
    id_prefix = "herstel"
    kind = choice_field(_("Wat ontbreekt?"), RepairKind.choices, message=_("Kies wat er ontbreekt."))
    description = text_area(
        _("Uitleg voor de indiener"),
        help_text=_("De indiener krijgt deze tekst als bericht. Schrijf eenvoudig wat er ontbreekt en hoe het kan."),
        required_message=_("Schrijf voor de indiener wat er ontbreekt."),
    )
    due_on = date_field(
        _("Uiterlijk op (mag leeg)"),
        required=False,
        help_text=_("Leeg: de vaste termijn. Langer mag, korter niet."),
    )


class RepairDoneForm(StaffForm):
    id_prefix = "hersteld"
    repaired_on = date_field(_("Hersteld op"))


class GroundsForm(StaffForm):
    id_prefix = "gronden"
    grounds = text_area(
        _("Gronden (of aanvulling)"),
        help_text=_("Neem over wat de indiener stuurde."),
        required_message=_("Vul de gronden in."),
        max_length=MAX_GROUNDS_LENGTH,
        rows=6,
    )
    received_on = date_field(_("Ontvangen op"))


class ContactForm(StaffForm):
    id_prefix = "contact"
    contacted_on = date_field(_("Datum van het contact"))
    channel = choice_field(_("Hoe?"), ContactChannel.choices, message=_("Kies hoe het contact was."))
    outcome = choice_field(_("Uitkomst"), ContactOutcome.choices, message=_("Kies de uitkomst van het contact."))
    note = text_area(_("Aantekening (mag leeg)"), required=False, rows=3)


class AttachmentForm(StaffForm):
    id_prefix = "bijlage"
    kind = choice_field(_("Soort document"), DocumentKind.choices)
    file = forms.FileField(
        label=_("Bestand"),
        widget=forms.ClearableFileInput(attrs=FILE),
        error_messages={"required": _("Kies een bestand."), "empty": _("Het bestand is leeg. Kies het opnieuw.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = what_we_take()


class CommitteeForm(StaffForm):
    id_prefix = "commissie"


class ExtendForm(StaffForm):
    id_prefix = "verdagen"
    days = forms.IntegerField(
        label=_("Aantal dagen (hoogstens 42)"),
        min_value=1,
        max_value=42,
        initial=42,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul het aantal dagen in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul minstens 1 dag in."),
            "max_value": _("Verdagen kan met hoogstens 42 dagen (zes weken, Awb 7:10 lid 3)."),
        },
    )
    reason = text_area(
        _("Reden (de indiener krijgt deze tekst)"), required_message=_("Schrijf op waarom meer tijd nodig is.")
    )


class ConsentForm(StaffForm):
    id_prefix = "uitstel"
    days = forms.IntegerField(
        label=_("Aantal dagen uitstel"),
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={**TEXT, "inputmode": "numeric"}),
        error_messages={
            "required": _("Vul het aantal dagen in."),
            "invalid": _("Vul een heel getal in."),
            "min_value": _("Vul minstens 1 dag in."),
            "max_value": _("Hoogstens 365 dagen. Kijk het getal na."),
        },
    )
    consent_on = date_field(_("Indiener stemde in op"))
    consent_channel = choice_field(_("Hoe stemde de indiener in?"), ContactChannel.choices)


class HearingForm(StaffForm):
    id_prefix = "hoorzitting"
    location_kind = choice_field(_("Waar?"), HearingLocation.choices, message=_("Kies waar de hoorzitting is."))
    support_point = forms.ChoiceField(
        label=_("Steunpunt (bij steunpunt of mobiel steunpunt)"), required=False, widget=forms.Select(attrs=SELECT)
    )
    location_detail = forms.CharField(
        label=_("Adres of plek"),
        required=False,
        max_length=200,
        help_text=_("Bij kantoor: het adres (en de zaal). Bij het mobiele steunpunt: waar het die dag staat."),
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"max_length": TOO_LONG},
    )
    day = date_field(_("Datum"))
    time = forms.TimeField(
        label=_("Tijd"),
        widget=forms.TimeInput(attrs={**TEXT, "type": "time"}, format="%H:%M"),
        error_messages={"required": _("Vul een tijd in."), "invalid": _("Vul een geldige tijd in, zoals 10:30.")},
    )
    with_committee = forms.BooleanField(
        label=_("Met de Bezwaaradviescommissie"), required=False, widget=forms.CheckboxInput(attrs=CHECKBOX)
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.points = {str(point.public_id): point for point in SupportPoint.objects.filter(is_active=True)}
        self.fields["support_point"].choices = [("", _("Geen (kantoor of video)"))] + [
            (key, f"{point.name}" + (f", {point.place}" if point.place else ""))
            for key, point in sorted(self.points.items(), key=lambda item: item[1].name)
        ]

    def clean_support_point(self):
        key = self.cleaned_data["support_point"]
        if key and key not in self.points:
            raise forms.ValidationError(_("Kies een steunpunt uit de lijst."))
        return self.points.get(key)

    def starts_at(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.cleaned_data["day"], self.cleaned_data["time"]))


class MinutesForm(StaffForm):
    id_prefix = "verslag"
    minutes = forms.FileField(
        label=_("Verslag van de hoorzitting"),
        widget=forms.ClearableFileInput(attrs=FILE),
        error_messages={"required": _("Kies het verslag (PDF of foto)."), "empty": _("Het bestand is leeg.")},
    )


class CancelHearingForm(StaffForm):
    id_prefix = "afzeggen"
    reason = text_area(
        _("Reden (de indiener krijgt deze tekst)"),
        required_message=_("Schrijf op waarom de hoorzitting niet doorgaat."),
        rows=2,
    )


class DecideForm(StaffForm):
    id_prefix = "beslissen"
    outcome = choice_field(
        _("Uitkomst"),
        [(outcome.value, outcome.label) for outcome in DECISION_OUTCOMES],
        message=_("Kies de uitkomst."),
        blank=_("Kies de uitkomst"),
    )
    reasons = text_area(
        _("Motivering (komt in de brief)"),
        help_text=_("Schrijf in eenvoudige taal waarom. De indiener leest dit in de brief."),
        required_message=_("Schrijf de motivering."),
        rows=6,
    )
    new_amount = forms.CharField(
        label=_("Nieuw totaalbedrag in euro (mag leeg)"),
        required=False,
        max_length=20,
        help_text=_("Alleen als het bedrag verandert. Het verschil wordt een nieuw besluit en wordt één keer betaald."),
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    inadmissible_ground = choice_field(
        _("Reden niet-ontvankelijk"), InadmissibleGround.choices, required=False, blank=_("Niet van toepassing")
    )
    no_hearing_reason = choice_field(
        _("Geen hoorzitting geweest? Waarom niet (Awb 7:3)"),
        NoHearingReason.choices,
        required=False,
        blank=_("Er is een hoorzitting geweest"),
    )


class WithdrawForm(StaffForm):
    id_prefix = "intrekken"
    confirmed_on = date_field(_("Intrekking bevestigd op"))
    confirmation = choice_field(
        _("Bevestigd via (Awb 6:21)"), WithdrawalConfirmation.choices, message=_("Kies hoe de intrekking is bevestigd.")
    )
    note = text_area(_("Toelichting (mag leeg)"), required=False, rows=2)


class ResolveForm(StaffForm):
    id_prefix = "oplossen"
    new_amount = forms.CharField(
        label=_("Nieuw totaalbedrag in euro"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
        error_messages={"required": _("Vul het nieuwe totaalbedrag in, zoals 15000.")},
    )
    note = text_area(_("Wat is afgesproken?"), required_message=_("Schrijf op wat u samen heeft afgesproken."), rows=3)


class AppealForm(StaffForm):
    id_prefix = "beroep"
    court = choice_field(_("Rechter"), Court.choices, message=_("Kies de rechter."))
    case_number = forms.CharField(
        label=_("Zaaknummer bij de rechter"),
        max_length=40,
        widget=forms.TextInput(attrs={**TEXT, "spellcheck": "false"}),
        error_messages={"required": _("Vul het zaaknummer van de rechter in."), "max_length": TOO_LONG},
    )
    filed_on = date_field(_("Ingediend op"))
    filed_by = choice_field(_("Ingesteld door"), AppealFiledBy.choices)
    appeal_of = forms.ChoiceField(
        label=_("Bij hoger beroep: tegen de uitspraak in"), required=False, widget=forms.Select(attrs=SELECT)
    )

    def __init__(self, *args, appeals=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.appeals = {str(appeal.public_id): appeal for appeal in appeals if not appeal.is_higher_appeal}
        self.fields["appeal_of"].choices = [("", _("Niet van toepassing (beroep)"))] + [
            (key, appeal.case_number) for key, appeal in self.appeals.items()
        ]


class AppealUpdateForm(StaffForm):
    id_prefix = "uitspraak"
    hearing_on = date_field(_("Zitting op"), required=False)
    judgment_on = date_field(_("Uitspraak (of einde zaak) op"), required=False)
    outcome = choice_field(_("Uitkomst"), AppealOutcome.choices, required=False, blank=_("Nog niet bekend"))
    effect = choice_field(
        _("Gevolg voor het besluit"), AppealEffect.choices, required=False, blank=_("Nog niet bekend")
    )
    ordered_amount = forms.CharField(
        label=_("Bedrag volgens de uitspraak (nieuw totaal, euro)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    new_decision_due_on = date_field(_("Opnieuw beslissen uiterlijk op"), required=False)
    effect_note = text_area(_("Toelichting (mag leeg)"), required=False, rows=2)

    def __init__(self, *args, prefix_id="", **kwargs):
        if prefix_id:
            kwargs["auto_id"] = f"uitspraak-{prefix_id}-%s"
        super().__init__(*args, **kwargs)


class PayDifferenceForm(StaffForm):
    id_prefix = "betalen"
    payee_name = forms.CharField(
        label=_("Naam rekeninghouder"),
        max_length=70,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"}),
        error_messages={"required": _("Vul de naam van de rekeninghouder in.")},
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Vul het IBAN in, zoals NL91 ABNA 0417 1643 00.")},
    )

    def __init__(self, *args, prefix_id="", **kwargs):
        if prefix_id:
            kwargs["auto_id"] = f"betalen-{prefix_id}-%s"
        super().__init__(*args, **kwargs)


class WorkListFilterForm(forms.Form):
    wie = forms.ChoiceField(label=_("Welke bezwaren"), required=False, widget=forms.Select(attrs=SELECT))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wie"].choices = list(choices)


# --- Mijn Dossier ---------------------------------------------------------------------------------


class PortalGroundsForm(AccessibleFormMixin, forms.Form):
    grounds = forms.CharField(
        label=_("Waarom bent u het niet eens met het besluit?"),
        help_text=_("Schrijf het in uw eigen woorden. Het komt bij uw bezwaar."),
        max_length=MAX_GROUNDS_LENGTH,
        widget=forms.Textarea(attrs={**AREA, "rows": 8}),
        error_messages={"required": _("Schrijf eerst uw redenen."), "max_length": TOO_LONG},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "gronden-%s")
        super().__init__(*args, **kwargs)
