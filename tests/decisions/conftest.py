"""Fixtures for decisions: a handler, cases of both process shapes, facts the rules grant on, and a
private media folder per test so letters never land in the developer's var/media.
"""

import datetime as dt
from decimal import Decimal

import pytest

from schadeloket.cases.services import open_case, transition
from schadeloket.schemes.facts import Facts
from tests.factories import BuildingFactory, PersonFactory, UserFactory

RECEIVED = dt.date(2025, 3, 3)  # a Monday


@pytest.fixture(autouse=True)
def sampling_off(request, db):
    """These tests are about deciding, so no draft is sampled for review here unless a test asks
    for the real policy with `@pytest.mark.sampling` (tests/sampling covers the rules)."""
    if request.node.get_closest_marker("sampling"):
        return
    from schadeloket.sampling.models import SamplingPolicy

    SamplingPolicy.objects.update(
        new_handler_count=0, random_share=Decimal("0"), amount_threshold=Decimal("1000000000"), review_deviations=False
    )


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


def eligible_facts(on_date: dt.date) -> Facts:
    """An owner in Loppersum whose 1930 house felt several quakes: VES grants € 10.000."""
    return Facts(
        reference_date=on_date,
        applicant_is_owner=True,
        co_owners_consent=True,
        in_effect_area=True,
        within_6km=True,
        events_2mms_since_construction=3,
        construction_year=1930,
        floor_area_m2=120,
        woz_value=Decimal("240000"),
    )


@pytest.fixture
def facts_calls(monkeypatch):
    """Replace the register lookup by eligible facts, and record what it was asked."""
    calls = []

    def fake_gather_facts(*, building, person=None, on_date, pre_registered_avv=False):
        calls.append({"building": building, "person": person, "on_date": on_date, "pre": pre_registered_avv})
        return eligible_facts(on_date)

    monkeypatch.setattr("schadeloket.decisions.services.gather_facts", fake_gather_facts)
    return calls


@pytest.fixture
def ves_case(handler):
    """A VES case (fixed process, no zienswijze) in progress."""
    case = open_case(
        scheme_code="VES", building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED, actor=handler
    )
    transition(case, "start", actor=handler, expected_version=case.version)
    return case


@pytest.fixture
def maatwerk_case(handler):
    """A maatwerk case (inspection process) whose advice came in: it waits for the draft decision."""
    case = open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=RECEIVED,
        actor=handler,
    )
    from schadeloket.inspections.services import record_expert_assessment, record_inspection

    expert = UserFactory(roles=["Opnemer"])
    for step in ("start", "plan_inspection"):
        transition(case, step, actor=handler, expected_version=case.version)
    report = record_inspection(
        case, inspector=expert, inspected_on=RECEIVED, actor=expert,
        items=[{"description": "Scheur in de muur van de woonkamer", "location": "woonkamer"}],
    )  # fmt: skip
    transition(case, "inspection_done", actor=handler, expected_version=case.version)
    for item in report.items.all():
        record_expert_assessment(item, verdict=True, repair_cost=Decimal("3400"), expert=expert, actor=expert)
    transition(case, "advice_received", actor=handler, expected_version=case.version)
    assert case.status == "draft_decision"
    return case


ADVICE = {
    "damage_items": [{"description": "scheur in de gevel", "verdict": "yes", "repair_cost": "3400"}],
    "application_date": dt.date(2024, 9, 1),
}
