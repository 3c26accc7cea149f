from django.urls import path

from . import views

app_name = "forecasts"

urlpatterns = [
    path("medewerkers/prognose/", views.forecast_page, name="page"),
    path("medewerkers/prognose/capaciteit/", views.capacity_change, name="capacity"),
    path("medewerkers/prognose/rij/", views.refresh, name="refresh"),
]
