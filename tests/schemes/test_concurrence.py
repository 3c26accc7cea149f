"""Samenloop with NCG: only with consent to share data (domain facts §1.15)."""

import datetime as dt

from schadeloket.schemes.concurrence.scheme import Concurrence
from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.facts import Facts

SCHEME = Concurrence()
IN_AREA = Facts(reference_date=dt.date(2025, 3, 1), in_reinforcement_area=True)


def test_joint_approach_with_consent():
    outcome = SCHEME.decide(IN_AREA, answers={"consent": True, "wants_joint_approach": True})
    assert outcome.open is True and outcome.routes == ["joint_approach"]
    assert "toestemming altijd intrekken" in explain_for_applicant(outcome)


def test_no_consent_no_joint_approach_but_safety_damage_stays_in_reinforcement():
    outcome = SCHEME.decide(
        IN_AREA, answers={"consent": False, "wants_joint_approach": True, "damage_affects_safety": True}
    )
    assert outcome.open is False
    assert outcome.routes == ["safety_in_reinforcement"]
    assert "geen toestemming" in explain_for_applicant(outcome)


def test_outside_area_and_unknown_consent():
    outside = SCHEME.decide(Facts(reference_date=dt.date(2025, 3, 1)), answers={"consent": True})
    assert outside.open is False and "niet in het versterkingsgebied" in explain_for_applicant(outside)
    unknown = SCHEME.decide(IN_AREA)
    assert unknown.open is None and "toestemming" in explain_for_applicant(unknown)


def test_koppelkans_is_a_closed_placeholder():
    answers = {"consent": True, "wants_joint_approach": True}
    assert "koppelkans" not in SCHEME.decide(IN_AREA, answers=answers).routes
    changed = SCHEME.parameters.with_overrides({"koppelkans_available": "true"})
    assert "koppelkans" in SCHEME.decide(IN_AREA, changed, answers=answers).routes
