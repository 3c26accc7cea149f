"""Aanvragen: the intake for every scheme (Dutch paths)."""

from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("", views.start, name="start"),
    path("opnieuw/", views.discard, name="discard"),
    path("stap/<slug:slug>/", views.step, name="step"),
    path("foto/<uuid:public_id>/", views.photo, name="photo"),
    path("versturen/", views.submit, name="submit"),
    path("ontvangen/<uuid:public_id>/", views.receipt, name="receipt"),
]
