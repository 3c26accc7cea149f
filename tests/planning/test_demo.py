"""Demo planning: regions and support points on seed, the demo staff's week and slots with the accounts."""

from io import StringIO

import pytest
from django.core.management import call_command

from schadeloket.demo.planning import load_planning_demo, plan_demo_availability
from schadeloket.planning.models import Availability, Region, Slot, SlotKind, SupportPoint

pytestmark = pytest.mark.django_db


def test_without_accounts_only_regions_and_support_points():
    lines = load_planning_demo()
    assert Region.objects.count() == 6 and SupportPoint.objects.count() == 23
    assert not Availability.objects.exists() and not Slot.objects.exists()
    assert lines[0].startswith("Regio's geladen: 6")
    assert all("de echte gegevens komen van het IMG" in p.source for p in SupportPoint.objects.all())


def test_with_the_demo_accounts_the_inspector_and_case_guide_get_a_week_and_slots(settings):
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("create_demo_accounts", stdout=out)  # also plans (and loads the files when missing)
    assert "Demoplanning: 8 beschikbaarheden toegevoegd." in out.getvalue()
    assert Slot.objects.filter(kind=SlotKind.INSPECTION, region__code="noord").exists()
    assert Slot.objects.filter(kind=SlotKind.CASE_GUIDE, support_point__code="loppersum").exists()
    assert Slot.objects.filter(kind=SlotKind.CASE_GUIDE, support_point__isnull=True).exists()
    count = Slot.objects.count()
    again = plan_demo_availability()
    assert again[0] == "Demoplanning: 0 beschikbaarheden toegevoegd."
    assert Slot.objects.count() == count
