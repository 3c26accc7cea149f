"""Public pages. Thin views: figures come from selectors, never from the template."""

from django.shortcuts import render

from schadeloket.register.earthquakes.selectors import catalogue_summary


def home(request):
    return render(request, "portal/home.html", {"catalogue": catalogue_summary()})
