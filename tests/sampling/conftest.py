"""Fixtures for the sampling tests."""

import pytest

from schadeloket.sampling.models import SamplingPolicy
from tests.factories import UserFactory


@pytest.fixture
def policy():
    """One known policy: the migration's default gets a fixed seed, so draws are predictable here."""
    policy = SamplingPolicy.objects.get(scheme_code="")
    policy.seed = "test-seed"
    policy.new_handler_count = 3
    policy.save()
    return policy


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def reviewer():
    return UserFactory(roles=["Toetser"])
