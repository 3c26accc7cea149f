from django.apps import AppConfig


class SimulationConfig(AppConfig):
    name = "schadeloket.simulation"
    label = "simulation"
    verbose_name = "Beleidssimulatie"
