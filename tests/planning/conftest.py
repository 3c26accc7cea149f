"""Planning fixtures. The clock is fixed at Monday 19 May 2025, 10:00 in Amsterdam (Ascension Day is
Thursday 29 May, Whit Monday 9 June), so tests never depend on the day they run."""

import datetime as dt

import pytest

from schadeloket.cases.services import open_case, transition
from schadeloket.planning import times
from schadeloket.planning.models import SlotKind
from schadeloket.planning.times import AMSTERDAM
from tests.factories import BuildingFactory, PersonFactory, UserFactory

from .factories import RegionFactory, SlotFactory, SupportPointFactory

NOW = dt.datetime(2025, 5, 19, 10, 0, tzinfo=AMSTERDAM)  # a Monday


def at(day: dt.date, clock: str) -> dt.datetime:
    return times.at(day, dt.time.fromisoformat(clock))


MON, TUE, WED, THU, FRI = (dt.date(2025, 5, 19) + dt.timedelta(days=n) for n in range(5))


@pytest.fixture(autouse=True)
def frozen_now(monkeypatch):
    monkeypatch.setattr(times, "now", lambda: NOW)
    return NOW


@pytest.fixture
def region():
    return RegionFactory(code="noord", name="Noord", municipalities=["Eemsdelta", "Het Hogeland"])


@pytest.fixture
def other_region():
    return RegionFactory(code="west", name="West", municipalities=["Westerkwartier"])


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def inspector():
    return UserFactory(roles=["Opnemer"])


@pytest.fixture
def guide():
    return UserFactory(roles=["Zaakbegeleider"])


@pytest.fixture
def applicant():
    return PersonFactory()


def planned_case(handler, applicant, building=None, scheme_code="MAATWERK"):
    """A case at 'Schade-opname gepland' (which opens the inspection task); the building is in Eemsdelta."""
    case = open_case(
        scheme_code=scheme_code,
        building=building or BuildingFactory(),
        applicant=applicant,
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )
    transition(case, "start", actor=handler, expected_version=case.version)
    transition(case, "plan_inspection", actor=handler, expected_version=case.version)
    return case


@pytest.fixture
def case(handler, applicant, region):
    return planned_case(handler, applicant)


@pytest.fixture
def make_slot(inspector, region):
    def make(day=WED, clock="09:00", **kwargs):
        kwargs.setdefault("staff", inspector)
        kwargs.setdefault("region", region)
        return SlotFactory(starts_at=at(day, clock), **kwargs)

    return make


@pytest.fixture
def slot(make_slot):
    return make_slot()


@pytest.fixture
def support_point():
    """Open Tuesday to Thursday 09:00-12:30 and 13:00-17:00."""
    return SupportPointFactory(
        code="loppersum",
        name="Steunpunt Loppersum",
        hours=[(day, opens, closes) for day in (1, 2, 3) for opens, closes in (("09:00", "12:30"), ("13:00", "17:00"))],
    )


@pytest.fixture
def make_guide_slot(guide, support_point):
    def make(day=WED, clock="09:00", minutes=60, **kwargs):
        kwargs.setdefault("staff", guide)
        if "region" not in kwargs:
            kwargs.setdefault("support_point", support_point)
        kwargs.setdefault("region", None)
        start = at(day, clock)
        return SlotFactory(
            kind=SlotKind.CASE_GUIDE, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes), **kwargs
        )

    return make
