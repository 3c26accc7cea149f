"""Modelled PGV per address from the catalogue: single address and bulk, with the real data."""

from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from schadeloket.register.addresses.coordinates import wgs84_to_rd
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.earthquakes.selectors import (
    count_events_above_bulk,
    events_above,
    max_pgv_at,
    strongest_event_at,
)
from schadeloket.register.earthquakes.services import import_catalogue
from tests.factories import AddressFactory

pytestmark = pytest.mark.django_db

MEPPEL = {"latitude": 52.6958, "longitude": 6.1944, "place": "Meppel", "municipality": "Meppel"}


@pytest.fixture
def catalogue(shared_data):
    import_catalogue(shared_data / "knmi-earthquakes.csv")


def huizinge():
    return Earthquake.objects.get(location_name="Huizinge", origin_time__date="2012-08-16")


def test_huizinge_reached_more_than_2_mm_s_in_loppersum(catalogue):
    loppersum = AddressFactory()
    quake = huizinge()
    assert quake.magnitude == Decimal("3.6")

    for exceedance in ("median", "p99"):
        hits = {e.earthquake.pk: e.pgv_mm_s for e in events_above(loppersum, 2, exceedance=exceedance)}
        assert quake.pk in hits
        assert hits[quake.pk] > 2
    median = {e.earthquake.pk: e.pgv_mm_s for e in events_above(loppersum, 0, exceedance="median")}[quake.pk]
    p99 = {e.earthquake.pk: e.pgv_mm_s for e in events_above(loppersum, 0, exceedance="p99")}[quake.pk]
    assert p99 > median > 2
    assert max_pgv_at(loppersum) >= p99


def test_events_above_default_is_2_mm_s_at_1_percent(catalogue):
    loppersum = AddressFactory()
    assert huizinge().pk in {e.earthquake.pk for e in events_above(loppersum, 2)}


def test_meppel_gets_no_huizinge_event(catalogue):
    meppel = AddressFactory(**MEPPEL)
    assert huizinge().pk not in {e.earthquake.pk for e in events_above(meppel, 2)}
    assert events_above(meppel, 2) == []


def test_since_leaves_out_older_events(catalogue):
    loppersum = AddressFactory()
    after = events_above(loppersum, 2, since=date(2013, 1, 1))
    assert huizinge().pk not in {e.earthquake.pk for e in after}
    assert all(e.earthquake.origin_time.year >= 2013 for e in after)
    assert after, "Zeerijp 2018 and Westerwijtwerd 2019 are later strong events near Loppersum"


def test_strongest_event_in_loppersum_is_a_known_strong_quake(catalogue):
    strongest = strongest_event_at(AddressFactory())
    assert strongest.earthquake.magnitude >= 3
    assert strongest.pgv_mm_s == pytest.approx(max_pgv_at(AddressFactory()))


def test_bulk_counts_match_the_single_address_answer(catalogue):
    lat = np.array([53.3326, 52.6958, 53.2194, 53.40, 53.05])
    lon = np.array([6.7456, 6.1944, 6.5665, 6.85, 6.45])
    xs, ys = wgs84_to_rd(lat, lon)
    for exceedance in ("median", "p99"):
        for since in (None, date(2015, 1, 1)):
            counts = count_events_above_bulk(xs, ys, 2, since=since, exceedance=exceedance, chunk_size=2)
            for x, y, n in zip(xs, ys, counts, strict=True):
                assert n == len(events_above((x, y), 2, since=since, exceedance=exceedance))
    assert count_events_above_bulk(xs, ys, 2)[1] == 0  # Meppel


def test_cache_follows_a_changed_catalogue(catalogue):
    loppersum = AddressFactory()
    before = len(events_above(loppersum, 2))
    Earthquake.objects.create(
        knmi_key="test-extra",
        origin_time="2030-01-01T00:00:00Z",
        location_name="Loppersum",
        latitude=53.3326,
        longitude=6.7456,
        rd_x=loppersum.rd_x,
        rd_y=loppersum.rd_y,
        depth_km=3.0,
        magnitude="3.0",
    )
    assert len(events_above(loppersum, 2)) == before + 1


def test_empty_catalogue():
    address = AddressFactory()
    assert events_above(address, 2) == []
    assert max_pgv_at(address) == 0.0
    assert strongest_event_at(address) is None
    assert count_events_above_bulk([address.rd_x], [address.rd_y], 2).tolist() == [0]
