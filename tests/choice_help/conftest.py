"""A Loppersum register: a synthetic gas field around the village, its evidence area and a quake."""

from datetime import UTC, date, datetime

import pytest
from shapely.geometry import box

from schadeloket.register.addresses.coordinates import rd_to_wgs84
from schadeloket.register.areas.models import GasField
from schadeloket.register.areas.services import rebuild_evidence_presumption_area
from schadeloket.register.earthquakes.models import Earthquake

LOPPERSUM_RD = (245_493.9, 594_872.8)  # where AddressFactory puts every address by default


@pytest.fixture
def loppersum(db):
    x, y = LOPPERSUM_RD
    GasField.objects.create(
        code="GRO", name="Test", source="test", geometry_rd_wkt=box(x - 5000, y - 5000, x + 5000, y + 5000).wkt
    )
    lat, lon = rd_to_wgs84(x + 500, y)
    Earthquake.objects.create(
        knmi_key="test-huizinge",
        origin_time=datetime(2012, 8, 16, 12, tzinfo=UTC),
        location_name="Huizinge",
        latitude=lat,
        longitude=lon,
        rd_x=x + 500,
        rd_y=y,
        depth_km=3.0,
        magnitude="3.6",
    )
    rebuild_evidence_presumption_area()
    return x, y


ON = date(2025, 11, 1)
