"""Admin for persons: names and masked BSN only; the BSN is typed in, checked and stored encrypted.

Why a custom form: the model keeps only `bsn_encrypted` and `bsn_hash`, which must never be shown
or edited. The form has a plain "BSN" field instead, validated with the 11-test and stored through
`persons.services`, which also writes the audit events (field names only). Opening a person's page
writes a VIEW event, as the staff pages do. The changelist searches by surname only: a BSN typed
into the admin search would end up in the URL.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from schadeloket.audit.models import AuditAction
from schadeloket.audit.services import record_event

from . import services
from .bsn import normalize_bsn
from .models import Person

EDITABLE_FIELDS = [
    "initials",
    "first_names",
    "surname_prefix",
    "surname",
    "date_of_birth",
    "date_of_death",
    "email",
    "phone",
]


class PersonAdminForm(forms.ModelForm):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
        help_text=_("Negen cijfers. Bij wijzigen: laat leeg om het huidige BSN te houden."),
    )

    class Meta:
        model = Person
        fields = ["bsn", *EDITABLE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Required when adding; optional when changing (empty keeps the stored BSN).
        self.fields["bsn"].required = self.instance.pk is None
        self.fields["bsn"].error_messages["required"] = _("Vul een burgerservicenummer (BSN) in.")

    def clean_bsn(self):
        value = self.cleaned_data.get("bsn", "")
        if not value:
            return ""
        try:
            digits = normalize_bsn(value)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code=error.code) from None
        if services.bsn_in_use(digits, exclude=self.instance):
            raise forms.ValidationError(
                _("Er staat al een persoon met dit BSN in het register. Zoek die persoon op."), code="duplicate"
            )
        return digits


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonAdminForm
    list_display = ["full_name", "bsn_masked", "date_of_birth"]
    search_fields = ["surname"]
    ordering = ["surname", "first_names"]
    readonly_fields = ["bsn_masked", "public_id", "created_at"]
    show_full_result_count = False

    @admin.display(description=_("naam"), ordering="surname")
    def full_name(self, obj):
        return obj.full_name

    @admin.display(description=_("BSN"))
    def bsn_masked(self, obj):
        return obj.bsn_masked if obj.pk else "–"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["bsn", *EDITABLE_FIELDS]
        return ["bsn_masked", "bsn", *EDITABLE_FIELDS, "public_id", "created_at"]

    def has_delete_permission(self, request, obj=None):
        # Removing personal data follows its own procedure (retention, audit), not a button.
        return False

    def save_model(self, request, obj, form, change):
        bsn = form.cleaned_data.get("bsn") or None
        if change:
            services.update_person(obj, actor=request.user, changed_fields=form.changed_data, bsn=bsn, reason="admin")
            return
        fields = {name: form.cleaned_data[name] for name in EDITABLE_FIELDS if name != "surname"}
        person = services.create_person(
            bsn=bsn, surname=form.cleaned_data["surname"], actor=request.user, reason="admin", **fields
        )
        # The admin goes on with `obj` (log entry, redirect): let it point at the saved person.
        obj.pk, obj.public_id, obj.created_at = person.pk, person.public_id, person.created_at
        obj.bsn_encrypted, obj.bsn_hash = person.bsn_encrypted, person.bsn_hash
        obj._state.adding, obj._state.db = False, person._state.db

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            person = self.get_object(request, object_id)
            if person is not None and self.has_view_or_change_permission(request, person):
                record_event(actor=request.user, action=AuditAction.VIEW, obj=person, reason="admin person record")
        return super().change_view(request, object_id, form_url, extra_context)
