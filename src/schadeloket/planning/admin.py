"""Admin for planning staff: regions, support points with opening hours, and availability (audited).

Slots are made by `services.generate_slots` (an action on availability, or `manage.py
generate_slots`) and taken out of the planning by an action that calls `services.close_slots`.
Appointments are read-only here: they are written only by `services`, with their checks and audit.
"""

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from schadeloket.audit.admin import AuditedAdminMixin

from . import times
from .models import (
    Availability,
    GuideAppointment,
    InspectionAppointment,
    OpeningHours,
    Region,
    RegionMunicipality,
    RegionPostcode,
    Slot,
    SupportPoint,
)
from .services import PlanningError, close_slots, generate_slots

GENERATE_WEEKS = 8


class RegionMunicipalityInline(admin.TabularInline):
    model = RegionMunicipality
    extra = 0


class RegionPostcodeInline(admin.TabularInline):
    model = RegionPostcode
    extra = 0


@admin.register(Region)
class RegionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "code", "source")
    search_fields = ("name", "code", "municipalities__municipality", "postcodes__pc4")
    inlines = [RegionMunicipalityInline, RegionPostcodeInline]


class OpeningHoursFormSet(BaseInlineFormSet):
    """Opening periods on one day may not overlap."""

    def clean(self):
        super().clean()
        periods = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not all(data.get(k) for k in ("weekday", "opens_at", "closes_at")):
                continue
            weekday, opens, closes = int(data["weekday"]), data["opens_at"], data["closes_at"]
            if any(w == weekday and o < closes and opens < c for w, o, c in periods):
                raise ValidationError(gettext("Twee openingstijden op dezelfde dag overlappen. Pas er een aan."))
            periods.append((weekday, opens, closes))


class OpeningHoursInline(admin.TabularInline):
    model = OpeningHours
    formset = OpeningHoursFormSet
    extra = 0


@admin.register(SupportPoint)
class SupportPointAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "place", "municipality", "is_mobile", "is_active")
    list_filter = ("is_mobile", "is_active", "municipality")
    search_fields = ("name", "code", "place", "municipality")
    inlines = [OpeningHoursInline]


@admin.register(Availability)
class AvailabilityAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "staff",
        "kind",
        "weekday",
        "start_time",
        "end_time",
        "slot_minutes",
        "max_per_day",
        "region",
        "support_point",
        "valid_from",
        "valid_until",
    )
    list_filter = ("kind", "weekday", "region", "support_point")
    search_fields = ("staff__username", "staff__last_name")
    actions = ["make_slots"]

    @admin.action(description=_("Tijden maken voor de komende 8 weken"))
    def make_slots(self, request, queryset):
        start = times.today()
        end = start + dt.timedelta(weeks=GENERATE_WEEKS) - dt.timedelta(days=1)
        for staff_id in sorted(set(queryset.values_list("staff_id", flat=True))):
            staff = queryset.filter(staff_id=staff_id).first().staff
            try:
                report = generate_slots(start=start, end=end, actor=request.user, staff=staff)
            except PlanningError as error:
                self.message_user(request, str(error), messages.ERROR)
                continue
            self.message_user(request, f"{staff}: " + " ".join(report.lines()), messages.SUCCESS)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    list_display = ("starts_at", "ends_at", "staff", "kind", "region", "support_point", "is_open")
    list_filter = ("kind", "is_open", "region", "support_point")
    search_fields = ("staff__username",)
    date_hierarchy = "starts_at"
    actions = ["close"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Niet meer aanbieden (vrije tijden)"))
    def close(self, request, queryset):
        try:
            report = close_slots(list(queryset), actor=request.user, reason=gettext("via beheer"))
        except PlanningError as error:
            self.message_user(request, str(error), messages.ERROR)
            return
        self.message_user(
            request,
            gettext("%(n)s tijden worden niet meer aangeboden; %(b)s hebben een afspraak: verplaats die eerst.")
            % {"n": report.closed, "b": len(report.still_booked)},
            messages.SUCCESS,
        )


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InspectionAppointment)
class InspectionAppointmentAdmin(_ReadOnly):
    list_display = ("case", "slot", "status", "booked_by", "created_at")
    list_filter = ("status", "booked_by")
    search_fields = ("case__reference",)


@admin.register(GuideAppointment)
class GuideAppointmentAdmin(_ReadOnly):
    list_display = ("slot", "case", "status", "booked_by", "created_at")
    list_filter = ("status", "booked_by")
    search_fields = ("case__reference",)
