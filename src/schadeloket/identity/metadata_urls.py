"""Our DigiD service-provider metadata, in the `metadata` namespace the library's admin links to."""

from django.urls import path

from . import digid

app_name = "metadata"

urlpatterns = [
    path("", digid.ApplicantDigiDMetadataView.as_view(), name="digid"),
]
