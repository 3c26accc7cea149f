"""Shared fixtures. Data files come from ../shared/data when it exists (CI and developers)."""

from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO_DIR.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: cached lists (the work list's municipalities, the
    dashboard's figures) must not carry one test's data into the next."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def shared_data() -> Path:
    """The folder with the real public data; tests that need it are skipped without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not present on this machine")
    return SHARED_DATA


@pytest.fixture
def tasks_inline():
    """Run Celery tasks in the calling thread, also when a broker is configured (CI has Redis).

    For tests of what a page or service does with a task's result (a recomputed queue, a built
    campaign), not of the queue itself: those tests start a real worker against the broker (see
    tests/audit/test_tasks.py). Without this, a `.delay()` in CI goes to Redis where no worker
    listens, and the page's effect never happens within the test.
    """
    from schadeloket.config.celery import app

    before = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = before
