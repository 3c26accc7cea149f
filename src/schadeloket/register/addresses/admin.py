"""Admin for addresses: searchable by postcode, street and place; changes are audited."""

from django.contrib import admin

from schadeloket.audit.admin import AuditedAdminMixin

from .models import Address


@admin.register(Address)
class AddressAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["street", "house_number_display", "postcode", "place", "municipality"]
    list_filter = ["municipality"]
    search_fields = ["postcode", "street", "place", "nummeraanduiding_id"]
    ordering = ["postcode", "house_number"]
    show_full_result_count = False
