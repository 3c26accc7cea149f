"""factory_boy factories for the register and accounts, Dutch data from Faker (nl_NL).

Add a factory here when a new model needs one; keep them minimal and valid by default.
"""

import datetime

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory
from stdnum.nl import bsn as stdnum_bsn

from schadeloket.accounts.models import User
from schadeloket.register.addresses.coordinates import wgs84_to_rd
from schadeloket.register.addresses.models import Address
from schadeloket.register.buildings.models import Building, BuildingKind, BuildingRelation, RelationKind
from schadeloket.register.persons.bsn import encrypt_bsn, hash_bsn

factory.Faker._DEFAULT_LOCALE = "nl_NL"


def valid_bsn(n: int) -> str:
    """The n-th nine-digit number (from 100000000 on) that passes the 11-test."""
    candidate = 100000000
    found = -1
    while True:
        digits = f"{candidate:09d}"
        if stdnum_bsn.is_valid(digits):
            found += 1
            if found == n:
                return digits
        candidate += 1


class AddressFactory(DjangoModelFactory):
    class Meta:
        model = Address

    nummeraanduiding_id = factory.Sequence(lambda n: f"0003200000{n:06d}")
    verblijfsobject_id = factory.Sequence(lambda n: f"0003010000{n:06d}")
    street = factory.Faker("street_name")
    house_number = factory.Sequence(lambda n: n % 200 + 1)
    postcode = factory.Sequence(lambda n: f"99{n // 1000 % 100:02d}{'ABCDEFGHJK'[n % 10]}{'LMNPRTVWXZ'[n // 10 % 10]}")
    place = "Loppersum"
    municipality = "Eemsdelta"
    # Loppersum, church square area (WGS84)
    latitude = 53.3326
    longitude = 6.7456
    rd_x = factory.LazyAttribute(lambda o: wgs84_to_rd(o.latitude, o.longitude)[0])
    rd_y = factory.LazyAttribute(lambda o: wgs84_to_rd(o.latitude, o.longitude)[1])


class PersonFactory(DjangoModelFactory):
    """Creates persons directly (not through the service) so tests control audit events."""

    class Meta:
        model = "persons.Person"

    class Params:
        bsn = factory.Sequence(lambda n: valid_bsn(n))

    bsn_encrypted = factory.LazyAttribute(lambda o: encrypt_bsn(o.bsn))
    bsn_hash = factory.LazyAttribute(lambda o: hash_bsn(o.bsn))
    initials = factory.Faker("random_uppercase_letter")
    first_names = factory.Faker("first_name")
    surname = factory.Faker("last_name")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=18, maximum_age=95)


class BuildingFactory(DjangoModelFactory):
    class Meta:
        model = Building

    address = factory.SubFactory(AddressFactory)
    kind = BuildingKind.HOME
    construction_year = 1965
    floor_area_m2 = 120


class BuildingRelationFactory(DjangoModelFactory):
    class Meta:
        model = BuildingRelation

    person = factory.SubFactory(PersonFactory)
    building = factory.SubFactory(BuildingFactory)
    kind = RelationKind.OWNER
    # A fixed window, not one relative to today: tests decide on fixed dates (2025 and later), and
    # an ownership that starts after such a date would make them depend on the day they run.
    valid_from = factory.Faker(
        "date_between", start_date=datetime.date(1990, 1, 1), end_date=datetime.date(2011, 12, 31)
    )


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"medewerker{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "een-lang-wachtwoord-123")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """`UserFactory(roles=["Behandelaar"])` puts the user in those role groups."""
        if create and extracted:
            self.groups.set([Group.objects.get(name=name) for name in extracted])
        if create:
            self.save()


def final_decision_for(case, user, amount="5000.00", granted=True):
    """A final decision on a case, as decisions.services.finalize would store it (without a letter):
    for tests that need a decided case but are not about deciding."""
    from decimal import Decimal

    from django.utils import timezone

    from schadeloket.decisions.models import Decision, DecisionKind

    return Decision.objects.create(
        case=case, kind=DecisionKind.FINAL, granted=granted, amount=Decimal(amount), decided_by=user,
        decided_at=timezone.now(),
    )  # fmt: skip


class TimeEntryFactory(DjangoModelFactory):
    """Recorded handling time on a case (costs app); pass `case` and `staff`."""

    class Meta:
        model = "costs.TimeEntry"

    scheme_code = factory.LazyAttribute(lambda o: o.case.scheme_code)
    role = "case_handler"
    activity = "decision"
    minutes = 60
    worked_on = factory.LazyAttribute(lambda o: o.case.received_on)


class HourlyRateFactory(DjangoModelFactory):
    class Meta:
        model = "costs.HourlyRate"

    role = "case_handler"
    valid_from = datetime.date(2020, 1, 1)
    euros_per_hour = "80.00"


class QueueCaseFactory(DjangoModelFactory):
    """A bare case straight in the table, for tests about many cases at once (forecasts: the queue).
    Cases that a test follows through the process are opened with `cases.services.open_case`."""

    class Meta:
        model = "cases.Case"

    reference = factory.Sequence(lambda n: f"IMG-2099-{n:06d}")
    scheme_code = "AVV"
    building = factory.SubFactory(BuildingFactory)
    status = "received"
    received_on = datetime.date(2025, 3, 3)
    term_days = 56
    deadline = factory.LazyAttribute(lambda o: o.received_on + datetime.timedelta(days=o.term_days))


class PriorPaymentFactory(DjangoModelFactory):
    """An earlier damage payment for a building (register.payments); pass `building`."""

    class Meta:
        model = "payments.PriorPayment"

    reference = factory.Sequence(lambda n: f"TEST-{n:06d}")
    payer = "IMG"
    paid_on = datetime.date(2020, 6, 1)
    amount = "1500.00"
    scheme = "IMG fysieke schade"
    kind = "damage"
