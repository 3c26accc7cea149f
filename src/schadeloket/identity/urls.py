"""Applicant login and logout (Dutch paths), and the case guides' machtigingen under /medewerkers/."""

from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("inloggen/", views.login_page, name="login"),
    path("inloggen/demo-digid/", views.demo_login, name="demo-login"),
    path("uitloggen/", views.logout, name="logout"),
    path("sessie/verlengen/", views.keep_alive, name="keep-alive"),
    path("sessie/status/", views.session_status, name="session-status"),
    path("medewerkers/machtigingen/", views.authorisations, name="authorisations"),
    path("medewerkers/machtigingen/stoppen/", views.stop_acting, name="stop-acting"),
    path("medewerkers/machtigingen/<uuid:public_id>/namens/", views.act_for, name="act-for"),
    path("medewerkers/machtigingen/<uuid:public_id>/intrekken/", views.revoke, name="revoke"),
]
