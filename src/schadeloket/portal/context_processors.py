"""Values every template may show: whether this is a demo environment."""

from django.conf import settings


def platform(request):
    return {"demo_mode": settings.DEMO_MODE}
