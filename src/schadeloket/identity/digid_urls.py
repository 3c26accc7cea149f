"""DigiD (SAML) under /digid/, in the `digid` namespace the library expects (its client reverses `digid:acs`).

Only our own views: the library's user-creating ACS, its single-logout views and its mock login
(which passes the BSN in the query string) are deliberately not mounted.
"""

from django.urls import path

from . import digid

app_name = "digid"

urlpatterns = [
    path("login/", digid.ApplicantDigiDLoginView.as_view(), name="login"),
    path("acs/", digid.ApplicantDigiDAcsView.as_view(), name="acs"),
]
