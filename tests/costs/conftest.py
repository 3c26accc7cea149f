"""Fixtures for the cost tests: staff logged in the real way and cases through the engine (the case
work fixtures), plus a manager."""

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
