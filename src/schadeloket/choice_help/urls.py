from django.urls import path

from . import views

app_name = "choice_help"

urlpatterns = [
    path("", views.choice_help, name="index"),
]
