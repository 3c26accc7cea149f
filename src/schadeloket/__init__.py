"""Schadeloket: one counter for mining-damage claims in Groningen and Drenthe."""

from .config.celery import app as celery_app

__all__ = ["celery_app"]
