"""Admin for gas fields and areas. Outlines are long WKT texts, so they are shown read-only;
change them through the load commands, which validate and write the audit trail.
"""

from django.contrib import admin

from .models import Area, GasField


@admin.register(GasField)
class GasFieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "source")
    search_fields = ("code", "name")
    readonly_fields = ("geometry_rd_wkt",)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "valid_from", "valid_until", "pgv_threshold_mm_s", "source")
    list_filter = ("kind",)
    search_fields = ("name", "source")
    readonly_fields = ("geometry_rd_wkt",)
