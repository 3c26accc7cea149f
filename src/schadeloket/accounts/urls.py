from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.StaffLoginView.as_view(), name="login"),
    path("uitloggen/", views.StaffLogoutView.as_view(), name="logout"),
]
