"""Mijn Dossier: Dutch paths under /mijn/. A case is named by its reference, never by a BSN."""

from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<str:reference>/", views.case_page, name="case"),
    path("<str:reference>/berichten/", views.send_message, name="message"),
    path("<str:reference>/documenten/", views.upload, name="upload"),
    path("<str:reference>/documenten/<uuid:public_id>/", views.document_download, name="document"),
    path("<str:reference>/brieven/<int:letter_id>/", views.letter_download, name="letter"),
    path("<str:reference>/zienswijze/", views.view, name="view"),
    path("<str:reference>/bezwaar/", views.objection, name="objection"),
    path("<str:reference>/bezwaar/<uuid:public_id>/", views.objection_receipt, name="objection-receipt"),
    path("<str:reference>/bezwaar/<uuid:public_id>/gronden/", views.objection_grounds, name="objection-grounds"),
    path("<str:reference>/tevredenheid/", views.satisfaction, name="satisfaction"),
]
