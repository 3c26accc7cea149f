"""Admin for the audit trail (read-only) and a mixin that audits changes made in the admin.

Audit events: admins may look, nobody may change or delete. `AuditedAdminMixin` writes one event
per created, changed or deleted object (inline rows included), naming the changed fields only.
"""

from django.contrib import admin
from django.db import transaction

from .models import AuditAction, AuditEvent
from .services import record_event


class AuditedAdminMixin:
    """Record CREATE/UPDATE/DELETE audit events for admin changes, field names only."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and not form.changed_data:
                return
            record_event(
                actor=request.user,
                action=AuditAction.UPDATE if change else AuditAction.CREATE,
                obj=obj,
                changed_fields=sorted(form.changed_data),
                reason="admin",
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            record_event(actor=request.user, action=AuditAction.DELETE, obj=obj, reason="admin")
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                record_event(actor=request.user, action=AuditAction.DELETE, obj=obj, reason="admin")
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            # Deleted rows lose their primary key once deleted: name them before.
            for deleted_form in formset.deleted_forms:
                if deleted_form.instance.pk is not None:
                    record_event(
                        actor=request.user,
                        action=AuditAction.DELETE,
                        obj=deleted_form.instance,
                        reason="admin inline",
                    )
            super().save_formset(request, form, formset, change)
            for obj in formset.new_objects:
                record_event(actor=request.user, action=AuditAction.CREATE, obj=obj, reason="admin inline")
            for obj, fields in formset.changed_objects:
                record_event(
                    actor=request.user,
                    action=AuditAction.UPDATE,
                    obj=obj,
                    changed_fields=sorted(fields),
                    reason="admin inline",
                )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["id", "timestamp", "actor_label", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "object_id"]
    date_hierarchy = "timestamp"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
