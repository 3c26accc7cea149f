"""Regions and support points from files: the demo set, and clear Dutch errors for a wrong file."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from schadeloket.audit.models import AuditEvent
from schadeloket.planning.models import OpeningHours, Region, RegionMunicipality, SupportPoint
from schadeloket.planning.selectors import weekly_opening_hours
from schadeloket.planning.services import PlanningError, load_regions, load_support_points

from .factories import AvailabilityFactory

pytestmark = pytest.mark.django_db
DATA = Path(__file__).resolve().parents[2] / "src" / "schadeloket" / "planning" / "data"
POINTS = DATA / "support_points_demo.csv"
HOURS = DATA / "support_point_hours_demo.csv"
REGIONS = DATA / "regions_demo.csv"
GRONINGEN_MUNICIPALITIES = {
    "Groningen",
    "Het Hogeland",
    "Eemsdelta",
    "Midden-Groningen",
    "Oldambt",
    "Pekela",
    "Stadskanaal",
    "Veendam",
    "Westerkwartier",
    "Westerwolde",
}


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_demo_set_is_22_support_points_in_groningen_plus_a_mobile_one():
    lines = load_support_points(POINTS, HOURS, actor="test", source="demo")
    assert lines == ["Steunpunten geladen: 23, waarvan 1 mobiel, met 143 openingstijden."]
    fixed = SupportPoint.objects.filter(is_mobile=False)
    assert fixed.count() == 22
    assert set(fixed.values_list("municipality", flat=True)) <= GRONINGEN_MUNICIPALITIES
    assert all("(demo)" in name for name in SupportPoint.objects.values_list("name", flat=True))
    mobile = SupportPoint.objects.get(is_mobile=True)
    assert mobile.address_display == ""
    assert [p.location for day in weekly_opening_hours(mobile)[:5] for p in day.periods][0].startswith("Garrelsweer")
    assert all(point.opening_hours.exists() for point in SupportPoint.objects.all())
    assert AuditEvent.objects.get(action="support_points_loaded").reason == "23 steunpunten, 143 openingstijden"


def test_loading_again_updates_in_place():
    load_support_points(POINTS, HOURS, actor="test")
    load_support_points(POINTS, HOURS, actor="test")
    assert SupportPoint.objects.count() == 23 and OpeningHours.objects.count() == 143


def test_the_demo_regions_cover_every_municipality_of_groningen_and_drenthe(shared_data):
    load_regions(REGIONS, actor="test")
    municipalities = {
        line.split(",")[2] for line in (shared_data / "pc4-groningen-drenthe.csv").read_text().splitlines()[1:]
    }
    assert set(RegionMunicipality.objects.values_list("municipality", flat=True)) == municipalities
    assert Region.objects.count() == 6


def test_a_municipality_moves_to_the_region_the_new_file_gives(tmp_path):
    load_regions(
        write(tmp_path, "a.csv", "region_code,region_name,municipality,pc4\nnoord,Noord,Eemsdelta,\n"), actor="t"
    )
    load_regions(
        write(tmp_path, "b.csv", "region_code,region_name,municipality,pc4\nkern,Kern,Eemsdelta,\nkern,Kern,,9919\n"),
        actor="t",
    )
    assert RegionMunicipality.objects.get(municipality="Eemsdelta").region.code == "kern"
    assert list(Region.objects.get(code="kern").postcodes.values_list("pc4", flat=True)) == ["9919"]


@pytest.mark.parametrize(
    ("points", "hours", "message"),
    [
        ("code,name\nx,X\n", "code,weekday,opens,closes\n", "ontbreken de kolommen"),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,nee,,,,,\n",
            "code,weekday,opens,closes\n",
            "regel 2: vul straat, huisnummer, postcode, plaats en gemeente in",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,nee,Dorpsstraat,1,1234 SA,Y,Z\n",
            "code,weekday,opens,closes\n",
            "Postcodes met de letters SA bestaan niet",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,misschien,,,,,\n",
            "code,weekday,opens,closes\n",
            "ja of nee",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,ja,,,,,\n",
            "code,weekday,opens,closes\nx,maandag,9 uur,12:00\n",
            "regel 2: vul een tijd in als 09:00",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,ja,,,,,\n",
            "code,weekday,opens,closes\nx,ma,09:00,12:00\nx,ma,11:00,13:00\n",
            "regel 3: deze tijden overlappen",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,ja,,,,,\n",
            "code,weekday,opens,closes\ny,ma,09:00,12:00\n",
            "steunpunt y staat niet in het bestand",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,ja,,,,,\n",
            "code,weekday,opens,closes\nx,maan,09:00,12:00\n",
            "vul een dag in als ma",
        ),
        (
            "code,name,is_mobile,street,house_number,postcode,place,municipality\nx,X,ja,,,,,\n",
            "code,weekday,opens,closes\nx,di,12:00,09:00\n",
            "sluitingstijd moet later",
        ),
    ],
)
def test_a_wrong_file_is_refused_with_its_line_and_nothing_is_stored(tmp_path, points, hours, message):
    with pytest.raises(PlanningError, match=message):
        load_support_points(write(tmp_path, "p.csv", points), write(tmp_path, "h.csv", hours), actor="test")
    assert not SupportPoint.objects.exists() and not AuditEvent.objects.exists()


def test_wrong_region_files_are_refused(tmp_path):
    header = "region_code,region_name,municipality,pc4\n"
    for body, message in (
        ("noord,Noord,Eemsdelta,9919\n", "niet allebei"),
        ("noord,Noord,,99\n", "vier cijfers"),
        ("noord,Noord,Eemsdelta,\nwest,West,Eemsdelta,\n", "Eemsdelta staat al bij een andere regio"),
        ("Noord!,Noord,Eemsdelta,\n", "kleine letters"),
        ("", "geen regels"),
    ):
        with pytest.raises(PlanningError, match=message):
            load_regions(write(tmp_path, "r.csv", header + body), actor="test")
    with pytest.raises(PlanningError, match="bestaat niet"):
        load_regions(tmp_path / "weg.csv", actor="test")
    assert not Region.objects.exists()


def test_commands_load_and_make_slots(tmp_path, inspector):
    out = StringIO()
    call_command("load_regions", str(REGIONS), stdout=out)
    call_command("load_support_points", str(POINTS), str(HOURS), stdout=out)
    assert "Regio's geladen: 6" in out.getvalue() and "Steunpunten geladen: 23" in out.getvalue()
    AvailabilityFactory(staff=inspector, region=Region.objects.get(code="noord"), weekday=2)
    call_command("generate_slots", "--from", "2025-05-19", "--to", "2025-05-25", stdout=out)
    assert "Tijden gemaakt van 19-05-2025 tot en met 25-05-2025: 4 nieuw, 0 bestonden al." in out.getvalue()
    with pytest.raises(CommandError, match="2025-06-02"):
        call_command("generate_slots", "--from", "morgen")
    with pytest.raises(CommandError, match="Er is geen gebruiker"):
        call_command("generate_slots", "--staff", "niemand")
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("load_support_points", str(tmp_path / "x.csv"), str(HOURS))
