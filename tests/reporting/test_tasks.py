"""The Celery task that keeps the public dashboard warm, and its beat entry."""

import pytest
from celery import current_app
from django.conf import settings
from django.core.cache import cache
from freezegun import freeze_time

from schadeloket.reporting.dashboard import CACHE_KEY, DASHBOARD_CACHE_SECONDS
from schadeloket.reporting.tasks import warm_dashboard_task

from .conftest import week

pytestmark = pytest.mark.django_db


@freeze_time("2025-06-30 12:00")
def test_warming_puts_fresh_figures_in_the_cache(client, history, tasks_inline):
    client.get("/dashboard/")  # a visitor fills the cache: nothing handled yet
    assert cache.get(CACHE_KEY)["handled"] == 0
    history("VES", week(20), decide=week(21))
    history("AVV", week(20), withdraw=week(22))
    result = warm_dashboard_task.delay().get(timeout=30)
    assert result["handled"] == 2 and result["schemes"] == 2
    assert result["computed_at"].startswith("2025-06-30T")
    assert cache.get(CACHE_KEY)["handled"] == 2
    assert client.get("/dashboard/").context["data"]["handled"] == 2


def test_an_operator_can_warm_for_a_given_day(history):
    history("VES", week(20), decide=week(21))
    with freeze_time("2025-06-30 12:00"):
        assert warm_dashboard_task("2025-05-18")["handled"] == 0  # the Sunday before the decision
        assert warm_dashboard_task("2025-05-25")["handled"] == 1


def test_beat_warms_every_hour_before_the_cache_runs_out():
    entry = settings.CELERY_BEAT_SCHEDULE["reporting-warm-dashboard"]
    assert entry["task"] == "reporting.warm_dashboard" == warm_dashboard_task.name
    assert entry["task"] in current_app.tasks
    schedule = entry["schedule"]
    assert schedule.minute == {7} and schedule.hour == set(range(24))
    assert DASHBOARD_CACHE_SECONDS > 60 * 60
