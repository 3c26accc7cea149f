"""Admin for the weekly capacity per scheme (audited). Queue positions and runs are derived data:
read-only here, written only by `services.refresh_queue_positions`."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schadeloket.audit.admin import AuditedAdminMixin

from .forms import scheme_choices
from .models import ForecastRun, WeeklyCapacity


class WeeklyCapacityAdminForm(forms.ModelForm):
    """The scheme from the registry's list: a typo cannot make a capacity for a scheme that does not exist."""

    scheme_code = forms.ChoiceField(label=_("regeling"), choices=scheme_choices)

    class Meta:
        model = WeeklyCapacity
        fields = ("scheme_code", "valid_from", "decisions_per_week", "note")


@admin.register(WeeklyCapacity)
class WeeklyCapacityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = WeeklyCapacityAdminForm
    list_display = ("scheme_code", "valid_from", "decisions_per_week", "note", "set_by")
    list_filter = ("scheme_code",)
    ordering = ("scheme_code", "-valid_from")

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ForecastRun)
class ForecastRunAdmin(admin.ModelAdmin):
    list_display = ("computed_at", "base_week", "cases", "seconds", "requested_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
