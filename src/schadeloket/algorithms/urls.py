from django.urls import path

from . import views

app_name = "algorithms"

urlpatterns = [
    path("", views.algorithm_list, name="list"),
    path("<str:code>.json", views.algorithm_json, name="json"),
    path("<str:code>/", views.algorithm_detail, name="detail"),
]
