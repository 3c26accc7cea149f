"""The objection lawyers' pages: Dutch paths under /behandeling/bezwaren/. An objection is named by
its public id, never by a BSN or a database key."""

from django.urls import path

from . import views

app_name = "objections"

urlpatterns = [
    path("", views.work_list, name="work-list"),
    path("nieuw/", views.new_letter, name="new-letter"),
    path("<uuid:public_id>/", views.objection_page, name="objection"),
    path("<uuid:public_id>/hoorzitting/<uuid:hearing_id>/<str:name>/", views.hearing_step, name="hearing-step"),
    path("<uuid:public_id>/beroep/<uuid:appeal_id>/", views.appeal_step, name="appeal-step"),
    path("<uuid:public_id>/verschil/<int:revision_id>/", views.pay_difference, name="pay-difference"),
    path("<uuid:public_id>/<str:name>/", views.step, name="step"),
]
