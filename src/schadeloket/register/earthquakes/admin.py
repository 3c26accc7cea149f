"""Admin for the earthquake catalogue: read-only, because the KNMI import is the only writer."""

from django.contrib import admin

from .models import Earthquake


@admin.register(Earthquake)
class EarthquakeAdmin(admin.ModelAdmin):
    list_display = ("origin_time", "magnitude", "location_name", "depth_km", "evaluation_mode")
    list_filter = ("evaluation_mode", "source")
    search_fields = ("location_name", "knmi_key")
    date_hierarchy = "origin_time"
    ordering = ("-origin_time",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
