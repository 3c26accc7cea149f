"""Shares the Mijn Dossier fixtures: a resident, cases through the engine, a decided case."""

from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    acting_guide,
    applicant,
    applicant_client,
    decided_case,
    demo_login_on,
    draft_case,
    eligible,
    handler,
    media_root,
    no_sampling,
    other_person,
    others_case,
    own_case,
)
