"""Admin for prior payments: look up and check what NAM, CVW, TCMG and IMG paid before.

Payments come in through `import_payments` (validated, audited); the admin is for reading.
"""

from django.contrib import admin

from .models import PriorPayment


@admin.register(PriorPayment)
class PriorPaymentAdmin(admin.ModelAdmin):
    list_display = ["reference", "payer", "paid_on", "amount", "kind", "scheme", "building"]
    list_filter = ["payer", "kind"]
    search_fields = ["reference", "scheme"]
    date_hierarchy = "paid_on"
    raw_id_fields = ["building"]
    list_select_related = ["building__address"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
