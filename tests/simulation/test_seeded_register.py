"""`simulate` on the small demo register (seed_demo --scale small --addresses 600, with the real quakes)."""

import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def seeded(shared_data):
    call_command(
        "seed_demo", "--scale", "small", "--addresses", "600", "--data-dir", str(shared_data), stdout=io.StringIO()
    )


def run(*sets) -> dict:
    out = io.StringIO()
    args = [arg for name_value in sets for arg in ("--set", name_value)]
    call_command("simulate", "VES", *args, "--date", "2025-11-01", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_raising_both_ves_amounts_costs_exactly_eligible_times_2500(seeded):
    data = run("ves_amount=12500", "ves_amount_small_object=7500")
    current, changed = data["current"]["total"], data["changed"]["total"]
    assert current["eligible"] > 0
    assert changed["eligible"] == current["eligible"]
    assert Decimal(changed["cost"]) - Decimal(current["cost"]) == current["eligible"] * Decimal("2500")


def test_raising_the_building_amount_only_leaves_small_objects_as_they_are(seeded):
    data = run("ves_amount=12500")
    current, changed = data["current"]["total"], data["changed"]["total"]
    assert changed["eligible"] == current["eligible"]
    difference = Decimal(changed["cost"]) - Decimal(current["cost"])
    assert 0 < difference <= current["eligible"] * Decimal("2500")
    assert difference % 2500 == 0
