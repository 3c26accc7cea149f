from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def record_versions_after_migrate(sender, using="default", **kwargs):
    """After every migrate: note the hash of every decision table that is new since last time."""
    from django.db import connections

    from .models import RuleVersion
    from .services import record_rule_versions

    if RuleVersion._meta.db_table not in connections[using].introspection.table_names():
        return  # migrated back to zero: nothing to record into
    record_rule_versions(using=using)


class AlgorithmsConfig(AppConfig):
    name = "schadeloket.algorithms"
    label = "algorithms"
    verbose_name = _("Algoritmeregister")

    def ready(self):
        post_migrate.connect(record_versions_after_migrate, sender=self, dispatch_uid="algorithms.record_versions")
