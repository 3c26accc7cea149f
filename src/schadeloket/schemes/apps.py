from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "schadeloket.schemes"
    label = "schemes"
    verbose_name = "Regelingen"

    def ready(self):
        from .registry import all_schemes

        # Load and check every decision table now: a malformed table or overlapping UNIQUE rows
        # must stop the platform at start-up, not surprise an applicant later.
        all_schemes()
