"""Admin for decisions and letters: read-only.

Decisions change only through `services` (which checks, audits and keeps the letter and its
checksum together); the admin lets staff with access look, never edit or delete.
"""

from django.contrib import admin

from .models import Decision, Letter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LetterInline(admin.TabularInline):
    model = Letter
    extra = 0
    fields = ("template", "sent_on", "sha256", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ("case", "kind", "granted", "amount", "deviates", "decided_at")
    list_filter = ("kind", "granted", "deviates")
    search_fields = ("case__reference",)
    list_select_related = ("case",)
    inlines = [LetterInline]


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ("decision", "template", "sent_on", "sha256")
    search_fields = ("decision__case__reference", "sha256")
    list_select_related = ("decision__case",)
