"""Kept for the migration history: the default sampling policy is now made by
`sampling.defaults.ensure_default_policy` after every migrate and flush (post_migrate)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("sampling", "0001_initial")]

    operations = []
