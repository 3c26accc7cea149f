"""Admin: the library's DigiD configuration stays; what we do not use (eHerkenning, the mock users) goes.

Machtigingen are recorded by case guides on their own page (`identity:authorisations`), through the
services and with audit events; the admin only shows them.
"""

from digid_eherkenning.models import EherkenningConfiguration
from digid_eherkenning.models.digid import MockDigidUser
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered

from .models import Authorisation

for model in (EherkenningConfiguration, MockDigidUser):
    try:
        admin.site.unregister(model)
    except NotRegistered:
        pass


@admin.register(Authorisation)
class AuthorisationAdmin(admin.ModelAdmin):
    list_display = ["case_guide", "person", "consent_given_on", "valid_from", "valid_until", "revoked_at"]
    list_filter = ["consent_method"]
    list_select_related = ["case_guide", "person"]
    ordering = ["-recorded_at"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
