"""Planning pages for residents, Dutch paths. A case is named by its reference, never by a BSN.

/afspraken/ ...      the applicant's appointments and zelfplannen of the damage inspection (login)
/steunpunten/        the support points with their opening hours (public)
/steunpunten/afspraak/ ...   a talk with a case guide at a support point or at home (login)
"""

from django.urls import path

from . import views

app_name = "planning"

urlpatterns = [
    path("afspraken/", views.appointments, name="appointments"),
    path("afspraken/<str:reference>/opname/", views.inspection, name="inspection"),
    path("afspraken/<str:reference>/opname/afzeggen/", views.inspection_cancel, name="inspection-cancel"),
    path("steunpunten/", views.support_point_list, name="support-points"),
    path("steunpunten/afspraak/", views.guide, name="guide"),
    path("steunpunten/afspraak/afzeggen/", views.guide_cancel, name="guide-cancel"),
]
