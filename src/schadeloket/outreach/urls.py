from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("nieuw/", views.new_campaign, name="new"),
    path("na-beving/", views.after_earthquake, name="after-earthquake"),
    path("<uuid:public_id>/", views.detail, name="detail"),
    path("<uuid:public_id>/adressen/", views.entries, name="entries"),
    path("<uuid:public_id>/adressen.csv", views.entries_csv, name="entries-csv"),
    path("<uuid:public_id>/brief/<int:position>/", views.letter, name="letter"),
    path("<uuid:public_id>/verstuurd/", views.letters_sent, name="letters-sent"),
]
