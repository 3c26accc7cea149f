"""AOS: made safe within 48 hours, forwarded to NCG (domain facts §1.13)."""

import datetime as dt

from schadeloket.schemes.aos.scheme import AOS
from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.facts import Facts

SCHEME = AOS()


def test_confirmed_aos_in_ncg_area_is_made_safe_within_48_hours_and_forwarded():
    facts = Facts(reference_date=dt.date(2025, 3, 1), in_reinforcement_area=True, municipality="Loppersum")
    reported = dt.datetime(2025, 3, 1, 9, 0)
    outcome = SCHEME.decide(facts, answers={"img_confirms_unsafe": True, "reported_at": reported})
    assert outcome.open is True
    assert outcome.routes == ["make_safe", "forward_ncg", "aos_meeting"]
    assert outcome.deadline_hours == 48
    assert outcome.deadline == dt.datetime(2025, 3, 3, 9, 0)
    text = explain_for_applicant(outcome)
    assert "binnen 48 uur" in text and "NCG" in text and "AOS-overleg" in text
    assert outcome.as_dict()["deadline"] == "2025-03-03T09:00:00"
    routing = next(t for t in outcome.traces if t.table_id == "aos_routing")
    assert [m.rule_id for m in routing.matched_rows] == ["aos_r_make_safe", "aos_r_ncg", "aos_r_meeting"]


def test_outside_reinforcement_inspection_on_request_and_pending():
    facts = Facts(reference_date=dt.date(2025, 3, 1), in_reinforcement_area=False)
    outcome = SCHEME.decide(facts)
    assert outcome.open is None
    assert "inspection_on_request" in outcome.routes and "forward_ncg" not in outcome.routes
    assert "opname op verzoek" in explain_for_applicant(outcome)
    rejected = SCHEME.decide(facts, answers={"img_confirms_unsafe": False})
    assert rejected.open is False and "geen acuut onveilige situatie" in explain_for_applicant(rejected)
