"""Fixtures for the forecast tests: staff logged in the real way (the case work fixtures)."""

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
