"""The Celery app. Embedded default: tasks run eagerly in-process; CI and production use Redis."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schadeloket.config.settings.dev")

app = Celery("schadeloket")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
