"""Admin for buildings with their owners and residents inline; changes are audited."""

from django.contrib import admin

from schadeloket.audit.admin import AuditedAdminMixin

from .models import Building, BuildingRelation


class BuildingRelationInline(admin.TabularInline):
    model = BuildingRelation
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "kind", "valid_from", "valid_until"]


@admin.register(Building)
class BuildingAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "kind", "construction_year", "is_monument"]
    list_filter = ["kind", "is_monument", "has_manure_cellar"]
    search_fields = ["address__postcode", "address__street", "pand_id"]
    autocomplete_fields = ["address"]
    inlines = [BuildingRelationInline]
    list_select_related = ["address"]
    show_full_result_count = False
