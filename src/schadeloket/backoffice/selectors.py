"""Reads for the staff start page."""

from schadeloket.audit.models import AuditEvent
from schadeloket.register.addresses.models import Address
from schadeloket.register.buildings.models import Building
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.payments.models import PriorPayment
from schadeloket.register.persons.models import Person


def register_counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "addresses": Address.objects.count(),
        "buildings": Building.objects.count(),
        "earthquakes": Earthquake.objects.count(),
        "payments": PriorPayment.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }
