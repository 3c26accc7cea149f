from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarthquakesConfig(AppConfig):
    name = "schadeloket.register.earthquakes"
    label = "earthquakes"
    verbose_name = _("Aardbevingen")

    def ready(self):
        # Keep the in-process catalogue arrays (selectors) in step with single-row changes.
        from django.db.models.signals import post_delete, post_save

        from .models import Earthquake
        from .selectors import invalidate_catalogue_cache

        post_save.connect(invalidate_catalogue_cache, sender=Earthquake, dispatch_uid="earthquake_cache_save")
        post_delete.connect(invalidate_catalogue_cache, sender=Earthquake, dispatch_uid="earthquake_cache_delete")
