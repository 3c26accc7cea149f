from django.urls import path

from . import views

app_name = "backoffice"

urlpatterns = [
    path("", views.home, name="home"),
    path("personen/zoeken/", views.person_search, name="person-search"),
    path("personen/<uuid:public_id>/", views.person_detail, name="person-detail"),
]
