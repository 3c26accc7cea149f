"""Read-only admin: reports and assessments are written through `services`, with roles and audit."""

from django.contrib import admin

from .models import DamageItem, InspectionReport


class DamageItemInline(admin.TabularInline):
    model = DamageItem
    extra = 0
    fields = ("number", "description", "location", "photo", "verdict", "repair_cost", "expert", "assessed_on")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InspectionReport)
class InspectionReportAdmin(admin.ModelAdmin):
    list_display = ("case", "inspected_on", "inspector", "created_at")
    search_fields = ("case__reference",)
    readonly_fields = ("case", "inspector", "inspected_on", "notes", "created_at")
    inlines = [DamageItemInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
