"""Reads for persons. Looking someone up by BSN never decrypts anything."""

from .bsn import hash_bsn, normalize_bsn
from .models import Person


def person_by_bsn(bsn: str) -> Person | None:
    """The person with this BSN, or None. Raises ValidationError for a BSN that cannot exist."""
    return Person.objects.filter(bsn_hash=hash_bsn(normalize_bsn(bsn))).first()


def person_overview(person: Person) -> dict:
    """Everything the staff person page shows: the person, buildings with periods, payments."""
    from schadeloket.register.payments.models import PriorPayment

    relations = list(person.building_relations.select_related("building__address").order_by("-valid_from"))
    building_ids = [relation.building_id for relation in relations]
    payments = list(
        PriorPayment.objects.filter(building_id__in=building_ids)
        .select_related("building__address")
        .order_by("-paid_on")
    )
    return {"person": person, "relations": relations, "payments": payments}
