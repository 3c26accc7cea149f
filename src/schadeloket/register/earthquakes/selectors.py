"""Reads for earthquakes."""

from django.db.models import Max, Min

from .models import Earthquake


def catalogue_summary() -> dict:
    """Count, first and last date and the strongest event: for the public start page."""
    stats = Earthquake.objects.aggregate(first=Min("origin_time"), last=Max("origin_time"))
    count = Earthquake.objects.count()
    strongest = Earthquake.objects.order_by("-magnitude", "origin_time").first() if count else None
    return {"count": count, "strongest": strongest, **stats}
