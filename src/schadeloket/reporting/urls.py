from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("medewerkers/rapportage/", views.report_page, name="report"),
    path("medewerkers/rapportage/export.csv", views.export_csv, name="export-csv"),
    path("medewerkers/rapportage/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("dashboard/", views.dashboard_page, name="dashboard"),
]
