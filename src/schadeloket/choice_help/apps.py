from django.apps import AppConfig


class ChoiceHelpConfig(AppConfig):
    name = "schadeloket.choice_help"
    label = "choice_help"
    verbose_name = "Keuzehulp"
