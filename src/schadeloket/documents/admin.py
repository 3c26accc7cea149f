"""Read-only admin: documents are added through `services.upload_document` only, so that every one
is checked by content and has its audit event."""

from django.contrib import admin

from .models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("case", "kind", "original_filename", "version", "content_type", "size", "uploaded_at")
    list_filter = ("kind", "content_type")
    search_fields = ("case__reference", "sha256")
    readonly_fields = [field.name for field in Document._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
