"""Fixtures for the forecast tests: staff logged in the real way (the case work fixtures)."""

import pytest

from tests.casework.conftest import (  # noqa: F401  (fixtures)
    applicant,
    client_for,
    eligible,
    handler,
    handler_client,
    make_case,
    media_root,
    no_sampling,
)


@pytest.fixture(autouse=True)
def _tasks_inline(tasks_inline):
    """Pages and services here start tasks and show their result: run them inline (see tests/conftest.py)."""
