"""factory_boy factories for the planning app (kept here, next to its tests)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from schadeloket.planning.models import (
    Availability,
    OpeningHours,
    Region,
    RegionMunicipality,
    Slot,
    SlotKind,
    SupportPoint,
)
from schadeloket.planning.times import AMSTERDAM
from tests.factories import UserFactory


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"regio-{n}")
    name = factory.Sequence(lambda n: f"Regio {n}")

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        """`RegionFactory(municipalities=["Eemsdelta"])`."""
        if create and extracted:
            for name in extracted:
                RegionMunicipality.objects.create(region=self, municipality=name)


class SupportPointFactory(DjangoModelFactory):
    class Meta:
        model = SupportPoint
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"steunpunt-{n}")
    name = factory.Sequence(lambda n: f"Steunpunt {n}")
    street = "Kerkstraat"
    house_number = "1"
    postcode = "9919AA"
    place = "Loppersum"
    municipality = "Eemsdelta"

    @factory.post_generation
    def hours(self, create, extracted, **kwargs):
        """`SupportPointFactory(hours=[(1, "09:00", "17:00")])`: weekday, opens, closes."""
        if create and extracted:
            for weekday, opens, closes in extracted:
                OpeningHours.objects.create(
                    support_point=self,
                    weekday=weekday,
                    opens_at=dt.time.fromisoformat(opens),
                    closes_at=dt.time.fromisoformat(closes),
                )


class AvailabilityFactory(DjangoModelFactory):
    class Meta:
        model = Availability

    kind = SlotKind.INSPECTION
    staff = factory.SubFactory(UserFactory, roles=["Opnemer"])
    weekday = 0
    start_time = dt.time(8, 30)
    end_time = dt.time(16, 30)
    slot_minutes = 120
    region = factory.SubFactory(RegionFactory)
    valid_from = dt.date(2025, 1, 1)


class SlotFactory(DjangoModelFactory):
    class Meta:
        model = Slot

    kind = SlotKind.INSPECTION
    staff = factory.SubFactory(UserFactory, roles=["Opnemer"])
    starts_at = dt.datetime(2025, 5, 21, 9, 0, tzinfo=AMSTERDAM)
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    region = factory.SubFactory(RegionFactory)
