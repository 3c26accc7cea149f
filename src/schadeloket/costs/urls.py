from django.urls import path

from . import views

app_name = "costs"

urlpatterns = [
    path("behandeling/<str:reference>/tijd/", views.record_time_page, name="record-time"),
    path(
        "behandeling/<str:reference>/tijd/<uuid:public_id>/corrigeren/",
        views.correct_time_page,
        name="correct-time",
    ),
    path("medewerkers/kosten/", views.cost_overview, name="overview"),
]
