"""options_for: every registered scheme, with a status, an explanation, effort, lead time and what it closes off."""

from decimal import Decimal

import pytest

from schadeloket.choice_help.services import (
    LEAD_TIME_LABEL,
    LEAD_TIMES,
    Status,
    options_for,
)
from schadeloket.register.addresses.coordinates import rd_to_wgs84
from schadeloket.register.payments.models import PriorPayment
from schadeloket.schemes.registry import all_schemes
from tests.choice_help.conftest import ON
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory

pytestmark = pytest.mark.django_db


def test_every_registered_scheme_is_listed_with_status_and_explanation(loppersum):
    building = BuildingFactory(construction_year=1950)
    options = options_for(building=building, on_date=ON)
    assert sorted(o.code for o in options) == sorted(s.code for s in all_schemes())
    for option in options:
        assert option.status in {Status.OPEN, Status.CLOSED, Status.DEPENDS, Status.NOT_YET_OPEN}
        assert option.status_label
        assert option.explanation.strip()
        assert LEAD_TIME_LABEL in option.lead_time.text
        assert option.amount_text


def test_ves_for_a_loppersum_home_as_if_you_are_the_owner(loppersum):
    """VES also looks at earlier applications at the address: the public view does not, so it says so."""
    building = BuildingFactory(construction_year=1950)
    ves = next(o for o in options_for(building=building, on_date=ON) if o.code == "VES")
    assert ves.status == Status.DEPENDS and ves.depends_on_history
    assert ves.status_label == "Hangt af van eerdere vergoedingen"
    assert ves.amount is None and ves.amount_max == Decimal("10000")
    assert ves.amount_text == "tot € 10.000"
    assert ves.explanation.startswith("Of u dit krijgt en hoeveel, hangt af van eerdere vergoedingen")
    assert "Het gebouw staat op een plek waar schade door de gaswinning kan ontstaan." in ves.explanation
    assert "U bent eigenaar van het gebouw." in ves.explanation
    assert ves.closes_off and ves.effort


def test_outside_the_area_ves_is_closed_whatever_was_paid(loppersum):
    lat, lon = rd_to_wgs84(150_000, 450_000)  # Utrecht, far from any gas field
    far = BuildingFactory(address=AddressFactory(latitude=lat, longitude=lon), construction_year=1950)
    ves = next(o for o in options_for(building=far, on_date=ON) if o.code == "VES")
    assert ves.status == Status.CLOSED
    assert "niet op een plek die meetelt" in ves.explanation


def test_open_first_then_by_amount(loppersum):
    options = options_for(building=BuildingFactory(construction_year=1950), on_date=ON)
    order = {Status.OPEN: 0, Status.DEPENDS: 1, Status.CLOSED: 2, Status.NOT_YET_OPEN: 3}
    keys = [(order[o.status], -o.sort_amount) for o in options]
    assert keys == sorted(keys)


def test_the_what_if_view_never_uses_the_payment_history(loppersum):
    """Earlier payments belong to the (former) owners: the public view gives the same answer without them."""
    building = BuildingFactory(construction_year=1950)
    before = {
        (o.code, o.status, o.amount, o.amount_max, o.explanation) for o in options_for(building=building, on_date=ON)
    }
    PriorPayment.objects.create(
        reference="P1",
        payer="IMG",
        paid_on=ON.replace(year=2020),
        amount=Decimal("4321.00"),
        scheme="VES",
        kind="damage",
        building=building,
    )
    options = options_for(building=building, on_date=ON)
    after = {(o.code, o.status, o.amount, o.amount_max, o.explanation) for o in options}
    assert before == after
    assert not any("4.321" in o.explanation for o in options)


def test_with_a_person_the_register_decides_as_it_is(loppersum):
    relation = BuildingRelationFactory(building=BuildingFactory(construction_year=1950))
    BuildingRelationFactory(building=relation.building)  # a co-owner
    ves = next(
        o for o in options_for(building=relation.building, person=relation.person, on_date=ON) if o.code == "VES"
    )
    # The register cannot know whether co-owners consent: the intake still has to ask.
    assert ves.status == Status.DEPENDS
    assert "mede-eigenaren" in ves.explanation


def test_a_sole_owner_needs_nobodys_consent(loppersum):
    relation = BuildingRelationFactory(building=BuildingFactory(construction_year=1950))
    ves = next(
        o for o in options_for(building=relation.building, person=relation.person, on_date=ON) if o.code == "VES"
    )
    assert ves.status == Status.OPEN


def test_lead_times_from_the_dashboard():
    assert LEAD_TIMES["AVV"].days == 56 and not LEAD_TIMES["AVV"].placeholder
    assert LEAD_TIMES["MAATWERK"].days == 182
    assert "ongeveer 8 weken" in LEAD_TIMES["AVV"].text
    assert "plaatshouder" in LEAD_TIMES["VES"].text
    assert LEAD_TIMES["AOS"].text.startswith("binnen 2 dagen")
    assert LEAD_TIMES["MAATWERK"].text.startswith("ongeveer 6 maanden")


def test_a_switched_off_scheme_is_listed_as_not_yet_open_and_last(loppersum, monkeypatch):
    from schadeloket.choice_help import services
    from schadeloket.schemes.engine.parameters import Parameter, ParameterSet
    from schadeloket.schemes.engine.parameters import Status as ParameterStatus
    from schadeloket.schemes.engine.scheme import Outcome, Scheme

    class Undecided(Scheme):
        code = "NOG_NIET"
        name = "Nog niet vastgesteld"
        parameters = ParameterSet([Parameter("x", Decimal("1"), "x", "x", status=ParameterStatus.UNDECIDED)])

        def decide(self, facts, parameters=None):
            raise AssertionError("a switched-off scheme is never decided")

        def package_name(self):  # no tables to load
            return "ves"

    monkeypatch.setattr(services, "all_schemes", lambda: (*all_schemes(), Undecided()))
    options = options_for(building=BuildingFactory(construction_year=1950), on_date=ON)
    last = next(o for o in options if o.code == "NOG_NIET")
    assert all(o.status == Status.NOT_YET_OPEN for o in options[options.index(last) :])
    assert last.status == Status.NOT_YET_OPEN and last.status_label == "Nog niet open"
    assert last.amount_text == "—"
    assert "nog niet open" in last.explanation
    assert Outcome  # the import is the type a real scheme returns
