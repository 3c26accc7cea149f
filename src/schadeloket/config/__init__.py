"""Project configuration: settings per environment, URLs, WSGI and the Celery app."""
