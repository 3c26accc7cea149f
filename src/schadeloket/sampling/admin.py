"""Admin: the sampling policy is edited here (audited); sampling decisions and reviews are read-only,
because they are evidence of what happened and are written only by `services`.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from schadeloket.audit.admin import AuditedAdminMixin

from .models import Review, SamplingDecision, SamplingPolicy


@admin.register(SamplingPolicy)
class SamplingPolicyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = (
        "scheme_code",
        "valid_from",
        "valid_until",
        "amount_threshold",
        "new_handler_count",
        "random_share",
        "status",
        "version",
    )
    list_filter = ("scheme_code", "status")
    readonly_fields = ("version", "updated_at")

    @admin.display(description=_("versie"))
    def version(self, obj):
        return obj.values().version() if obj.pk else "-"


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SamplingDecision)
class SamplingDecisionAdmin(_ReadOnly):
    list_display = ("case", "scheme_code", "handler", "required", "lot", "policy_version", "created_at")
    list_filter = ("required", "scheme_code")
    search_fields = ("case__reference",)


@admin.register(Review)
class ReviewAdmin(_ReadOnly):
    list_display = ("case", "reviewer", "outcome", "at")
    list_filter = ("outcome",)
    search_fields = ("case__reference",)
