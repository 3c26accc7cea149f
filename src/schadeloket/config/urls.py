"""Top-level URLs. Dutch paths for people; the admin sits behind the second factor."""

from django.contrib import admin
from django.urls import include, path
from django_otp.admin import OTPAdminSite

admin.site.__class__ = OTPAdminSite
admin.site.site_header = "Schadeloket beheer"
admin.site.site_title = "Schadeloket beheer"

urlpatterns = [
    path("", include("schadeloket.portal.urls")),
    path("", include("schadeloket.identity.urls")),
    path("digid/", include("schadeloket.identity.digid_urls")),
    path("digid/metadata/", include("schadeloket.identity.metadata_urls")),
    path("medewerkers/", include("schadeloket.backoffice.urls")),
    path("medewerkers/", include("schadeloket.accounts.urls")),
    path("keuzehulp/", include("schadeloket.choice_help.urls")),
    path("aanvragen/", include("schadeloket.intake.urls")),
    path("medewerkers/simulatie/", include("schadeloket.simulation.urls")),
    path("medewerkers/campagnes/", include("schadeloket.outreach.urls")),
    path("algoritmes/", include("schadeloket.algorithms.urls")),
    # Grounds analysis (/behandeling/gronden/, /medewerkers/gronden/): before case work, whose
    # /behandeling/<reference>/ would take "gronden" for a case reference.
    path("", include("schadeloket.grounds.urls")),
    # Objections (/behandeling/bezwaren/): before case work, for the same reason.
    path("behandeling/bezwaren/", include("schadeloket.objections.urls")),
    path("behandeling/", include("schadeloket.casework.urls")),
    path("mijn/", include("schadeloket.dossier.urls")),
    path("", include("schadeloket.planning.urls")),
    path("", include("schadeloket.costs.urls")),
    path("", include("schadeloket.forecasts.urls")),
    path("", include("schadeloket.reporting.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
