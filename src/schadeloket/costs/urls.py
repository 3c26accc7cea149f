from django.urls import path

from . import views

app_name = "costs"

urlpatterns = [
    path("behandeling/<str:reference>/tijd/", views.record_time_page, name="record-time"),
    path("medewerkers/kosten/", views.cost_overview, name="overview"),
]
