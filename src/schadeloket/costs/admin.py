"""Admin for the hourly rates per role (audited). Time entries are read-only: staff record them on the
case (`/behandeling/<zaak>/tijd/`) through `services.record_time`, with its checks and audit event."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schadeloket.accounts.roles import ROLES
from schadeloket.audit.admin import AuditedAdminMixin

from .models import HourlyRate, TimeEntry


def _role_choices():
    return [(role.code, role.label) for role in ROLES]


class HourlyRateAdminForm(forms.ModelForm):
    """The role from accounts.roles: a typo cannot price a role that does not exist."""

    role = forms.ChoiceField(label=_("rol"), choices=_role_choices)

    class Meta:
        model = HourlyRate
        fields = ("role", "valid_from", "euros_per_hour", "note")


@admin.register(HourlyRate)
class HourlyRateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = HourlyRateAdminForm
    list_display = ("role", "valid_from", "euros_per_hour", "note")
    list_filter = ("role",)
    ordering = ("role", "-valid_from")


@admin.register(TimeEntry)
class TimeEntryAdmin(admin.ModelAdmin):
    list_display = ("case", "scheme_code", "staff", "role", "activity", "minutes", "worked_on", "kind")
    list_filter = ("scheme_code", "role", "activity", "kind")
    date_hierarchy = "worked_on"
    raw_id_fields = ("case", "staff", "corrects", "recorded_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
