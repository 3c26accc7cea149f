"""Read-only admin for payment orders and batches.

Why read-only: every change to a payment must go through `services.py` (exactly once, within the
decision's amount, with an audit event). The admin is for looking things up, never for editing.
"""

from django.contrib import admin

from .models import PaymentBatch, PaymentOrder


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyAdmin):
    list_display = ("idempotency_key", "payee_kind", "amount", "status", "batch", "created_at")
    list_filter = ("status", "payee_kind")
    search_fields = ("idempotency_key", "remittance")
    list_select_related = ("batch",)
    raw_id_fields = ("decision", "batch")


@admin.register(PaymentBatch)
class PaymentBatchAdmin(ReadOnlyAdmin):
    list_display = ("message_id", "created_at", "order_count", "total", "sha256")
    search_fields = ("message_id",)
    exclude = ("xml",)
    readonly_fields = ("message_id", "created_at", "order_count", "total", "sha256")
