from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "schadeloket.intake"
    label = "intake"
    verbose_name = "Aanvragen"
