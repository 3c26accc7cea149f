"""Gas fields, the evidence-presumption area (art. 10oa Besluit Twg) and configurable areas."""

import io
import json
from datetime import date, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from shapely.geometry import box

from schadeloket.register.areas import geometry as geo
from schadeloket.register.areas.models import Area, AreaKind, GasField
from schadeloket.register.areas.selectors import (
    areas_of,
    nearest_gas_field_distance_km,
    within_6km_of_gas_field,
)
from schadeloket.register.areas.services import (
    AreaValidationError,
    load_area,
    rebuild_evidence_presumption_area,
)
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.earthquakes.services import import_catalogue
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

MEPPEL = {"latitude": 52.6958, "longitude": 6.1944, "place": "Meppel", "municipality": "Meppel"}


@pytest.fixture
def real_fields(shared_data):
    out = io.StringIO()
    call_command("load_gas_fields", str(shared_data / "gas-fields.geojson"), stdout=out)
    return out.getvalue()


def evidence_area_names(address, on_date=None):
    return [a.name for a in areas_of(address, on_date) if a.kind == AreaKind.EVIDENCE_PRESUMPTION]


def test_loading_the_real_gas_fields_twice_keeps_three(real_fields, shared_data):
    assert "3 gasvelden nieuw, 0 bijgewerkt" in real_fields
    out = io.StringIO()
    call_command("load_gas_fields", str(shared_data / "gas-fields.geojson"), stdout=out)
    assert "0 gasvelden nieuw, 3 bijgewerkt" in out.getvalue()
    assert sorted(GasField.objects.values_list("code", flat=True)) == ["GRK", "GRO", "NOR"]
    assert Area.objects.filter(kind=AreaKind.EVIDENCE_PRESUMPTION).count() == 1


def test_evidence_presumption_area_records_its_legal_basis(real_fields):
    area = Area.objects.get(kind=AreaKind.EVIDENCE_PRESUMPTION)
    assert str(area.pgv_threshold_mm_s) == "2.00"
    assert area.valid_from is None
    assert area.source_url == "https://zoek.officielebekendmakingen.nl/stb-2023-389.html"
    assert "not known" in area.note


def test_loppersum_lies_in_the_evidence_presumption_area(real_fields):
    loppersum = AddressFactory()
    assert within_6km_of_gas_field(loppersum)
    assert nearest_gas_field_distance_km(loppersum) == 0.0  # Loppersum is above the Groningen field
    [area] = [a for a in areas_of(loppersum) if a.kind == AreaKind.EVIDENCE_PRESUMPTION]
    assert area.matched_by == "geometry"


def test_meppel_is_far_from_the_fields_and_outside_the_area(real_fields, shared_data):
    import_catalogue(shared_data / "knmi-earthquakes.csv")
    meppel = AddressFactory(**MEPPEL)
    assert not within_6km_of_gas_field(meppel)
    assert nearest_gas_field_distance_km(meppel) > 20
    assert evidence_area_names(meppel) == []


@pytest.fixture
def square_field():
    """A synthetic 4 x 4 km 'Groningen field' north-east of the default Loppersum address."""
    x, y = 240_000.0, 600_000.0
    GasField.objects.create(code="GRO", name="Test", source="test", geometry_rd_wkt=box(x, y, x + 4000, y + 4000).wkt)
    rebuild_evidence_presumption_area()
    return x, y


def address_at_rd(x, y):
    from schadeloket.register.addresses.coordinates import rd_to_wgs84

    lat, lon = rd_to_wgs84(x, y)
    return AddressFactory(latitude=lat, longitude=lon)


def test_just_outside_6_km_is_in_the_area_only_through_a_strong_nearby_quake(square_field):
    x, y = square_field
    inside = address_at_rd(x + 2000, y - 5900)  # 5.9 km south of the boundary
    outside = address_at_rd(x + 2000, y - 6300)  # 6.3 km south
    assert within_6km_of_gas_field(inside) and not within_6km_of_gas_field(outside)
    assert [a.matched_by for a in areas_of(inside)] == ["geometry"]
    assert areas_of(outside) == []

    Earthquake.objects.create(
        knmi_key="test-near",
        origin_time=timezone.now() - timedelta(days=30),
        location_name="Testdorp",
        latitude=outside.latitude,
        longitude=outside.longitude,
        rd_x=outside.rd_x + 1000,
        rd_y=outside.rd_y,
        depth_km=3.0,
        magnitude="2.5",
    )
    [area] = areas_of(outside)
    assert area.kind == AreaKind.EVIDENCE_PRESUMPTION
    assert area.matched_by == "pgv"
    # before the quake happened, the address was not in the area yet
    assert areas_of(outside, on_date=timezone.localdate() - timedelta(days=60)) == []


def test_a_weak_far_quake_does_not_bring_an_address_in(square_field):
    x, y = square_field
    outside = address_at_rd(x + 2000, y - 20_000)
    Earthquake.objects.create(
        knmi_key="test-weak",
        origin_time=timezone.now() - timedelta(days=30),
        location_name="Testdorp",
        latitude=outside.latitude,
        longitude=outside.longitude,
        rd_x=outside.rd_x + 15_000,
        rd_y=outside.rd_y,
        depth_km=3.0,
        magnitude="1.5",
    )
    assert areas_of(outside) == []


def test_core_area_by_postcodes():
    load_area(kind="core", name="Kern Loppersum", postcodes="9919, 9921", source="test")
    in_core = AddressFactory(postcode="9919AB")
    not_in_core = AddressFactory(postcode="9700AB")
    assert [(a.name, a.matched_by) for a in areas_of(in_core)] == [("Kern Loppersum", "postcode")]
    assert areas_of(not_in_core) == []


def test_validity_dates_are_respected():
    today = timezone.localdate()
    load_area(
        kind="reinforcement",
        name="Oud",
        postcodes=["9919"],
        source="test",
        valid_from=today - timedelta(days=400),
        valid_until=today - timedelta(days=1),
    )
    load_area(
        kind="reinforcement", name="Toekomst", postcodes=["9919"], source="test", valid_from=today + timedelta(days=1)
    )
    address = AddressFactory(postcode="9919AB")
    assert areas_of(address) == []
    assert [a.name for a in areas_of(address, today - timedelta(days=1))] == ["Oud"]
    assert [a.name for a in areas_of(address, today + timedelta(days=1))] == ["Toekomst"]


def test_area_from_geojson(tmp_path):
    loppersum = AddressFactory()
    polygon = box(
        loppersum.longitude - 0.01, loppersum.latitude - 0.01, loppersum.longitude + 0.01, loppersum.latitude + 0.01
    )
    path = tmp_path / "zone.geojson"
    path.write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": polygon.__geo_interface__}))
    out = io.StringIO()
    call_command(
        "load_area",
        "--kind",
        "deep_subsidence",
        "--name",
        "Zone",
        "--geojson",
        str(path),
        "--valid-from",
        "2021-01-01",
        "--source",
        "Deltares 2021",
        stdout=out,
    )
    assert "Gebied opgeslagen" in out.getvalue()
    assert [(a.name, a.matched_by) for a in areas_of(loppersum)] == [("Zone", "geometry")]
    assert areas_of(loppersum, date(2020, 12, 31)) == []
    far = AddressFactory(**MEPPEL)
    assert areas_of(far) == []


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"kind": "wijk", "postcodes": "9919"}, "Onbekende soort gebied 'wijk'"),
        ({"kind": "core", "postcodes": "9919 99A1"}, "De postcode '99A1' is niet geldig"),
        ({"kind": "core", "postcodes": "0919"}, "De postcode '0919' is niet geldig"),
        (
            {"kind": "core", "postcodes": "9919", "valid_from": date(2024, 1, 2), "valid_until": date(2024, 1, 1)},
            "De einddatum 2024-01-01 ligt voor de begindatum 2024-01-02",
        ),
        ({"kind": "core"}, "Geef postcodes of een GeoJSON-bestand op"),
    ],
)
def test_invalid_area_input_stores_nothing(kwargs, expected):
    with pytest.raises(AreaValidationError) as caught:
        load_area(name="Gebied", source="test", **kwargs)
    assert any(expected in m for m in caught.value.messages)
    assert "Er is niets opgeslagen." in caught.value.messages
    assert not Area.objects.exists()


def test_unreadable_geojson_is_refused_in_dutch(tmp_path):
    path = tmp_path / "kapot.geojson"
    path.write_text("{niet: json")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_area", "--kind", "core", "--name", "X", "--geojson", str(path), "--source", "t", stderr=err)
    assert "kan niet gelezen worden" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("load_gas_fields", str(path), stderr=err)
    assert not Area.objects.exists() and not GasField.objects.exists()


def test_gas_field_file_with_a_point_stores_nothing(tmp_path):
    path = tmp_path / "punt.geojson"
    good = {
        "type": "Feature",
        "properties": {"field_code": "A", "field_name": "A"},
        "geometry": box(6.6, 53.2, 6.7, 53.3).__geo_interface__,
    }
    bad = {
        "type": "Feature",
        "properties": {"field_code": "B", "field_name": "B"},
        "geometry": {"type": "Point", "coordinates": [6.6, 53.2]},
    }
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [good, bad]}))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("load_gas_fields", str(path), stderr=err)
    assert "Vlak 2: verwacht een vlak" in err.getvalue()
    assert not GasField.objects.exists()


def test_evidence_area_needs_gas_fields_first():
    with pytest.raises(AreaValidationError) as caught:
        rebuild_evidence_presumption_area()
    assert "Laad eerst de gasvelden in" in caught.value.messages[0]


def test_stored_gas_field_geometry_is_in_rd_new(real_fields):
    groningen = geo.from_wkt(GasField.objects.get(code="GRO").geometry_rd_wkt)
    minx, miny, maxx, maxy = groningen.bounds
    assert 200_000 < minx < maxx < 280_000
    assert 550_000 < miny < maxy < 620_000
    assert 700 < groningen.area / 1e6 < 1000  # km²; the Groningen field is about 900 km²
