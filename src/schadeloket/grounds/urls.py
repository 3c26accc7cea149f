"""Grounds analysis: coding under /behandeling/gronden/, the report under /medewerkers/gronden/.

Included at the root (config/urls.py) before case work, whose /behandeling/<reference>/ would
otherwise take "gronden" for a case reference.
"""

from django.urls import path

from . import views

app_name = "grounds"

urlpatterns = [
    path("behandeling/gronden/", views.texts_to_code_page, name="list"),
    path("behandeling/gronden/bezwaar/<uuid:public_id>/", views.code_objection_page, name="code-objection"),
    path("behandeling/gronden/zienswijze/<uuid:public_id>/", views.code_view_page, name="code-view"),
    path("medewerkers/gronden/", views.report_page, name="report"),
    path("medewerkers/gronden/<slug:table>.csv", views.report_csv, name="report-csv"),
]
