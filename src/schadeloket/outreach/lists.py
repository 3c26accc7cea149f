"""Writing a campaign list: rows in the agreed order, with the people to write to, in bulk.

Why here and not in the two finders: a silent-victims list and an after-earthquake list differ in
how rows are found, not in how they are stored. Rows are kept as small slotted objects (hundreds of
thousands fit in memory), sorted once (core area first), and written in chunks with
`schadeloket.db.insert_new` (COPY on PostgreSQL), entries first and then their recipients, inside
the caller's transaction: the list exists whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q

from schadeloket.db import any_of, insert_new
from schadeloket.register.addresses.models import Address
from schadeloket.register.buildings.models import BuildingRelation, RelationKind

from .models import Campaign, CampaignEntry, CampaignRecipient

CHUNK = 10_000


class RecipientRule:
    """Whom a letter is addressed to."""

    #: Owners on the date; a building without a known owner gets its residents (they can pass the
    #: letter on), and with neither the letter goes to "the owner or resident of this address".
    OWNERS_ELSE_RESIDENTS = "owners_else_residents"
    #: Everybody who owns or lives in the building on the date (after an earthquake: it concerns all).
    OWNERS_AND_RESIDENTS = "owners_and_residents"


@dataclass(slots=True)
class ListRow:
    building_id: int
    address_id: int
    municipality: str = ""
    in_core_area: bool = False
    outcome: str = ""
    pgv_mm_s: float | None = None
    has_open_case: bool = False
    new_report_possible: bool = False
    newly_eligible: str = ""
    sort_key: tuple = ()


def address_details(address_ids) -> dict[int, tuple]:
    """address id -> (postcode, house number, letter, addition, municipality), chunked."""
    ids = sorted(set(address_ids))
    found: dict[int, tuple] = {}
    for start in range(0, len(ids), CHUNK):
        part = ids[start : start + CHUNK]
        for row in Address.objects.filter(any_of("id", part)).values_list(
            "id", "postcode", "house_number", "house_letter", "house_number_addition", "municipality"
        ):
            found[row[0]] = row[1:]
    return found


def recipients_for(building_ids: list[int], on_date: dt.date, rule: str) -> dict[int, list[tuple[int, str]]]:
    """building id -> [(person id, "owner" | "resident")], living persons only, each person once."""
    relations: dict[int, dict[int, str]] = defaultdict(dict)
    valid = Q(valid_from__lte=on_date) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on_date))
    alive = Q(person__date_of_death__isnull=True) | Q(person__date_of_death__gt=on_date)
    rows = (
        BuildingRelation.objects.filter(any_of("building_id", building_ids))
        .filter(valid, alive)
        .values_list("building_id", "person_id", "kind")
        .order_by("building_id", "person_id")
    )
    for building_id, person_id, kind in rows:
        known = relations[building_id].get(person_id)
        if known != RelationKind.OWNER:  # an owner who also lives there is written to as the owner
            relations[building_id][person_id] = kind
    result: dict[int, list[tuple[int, str]]] = {}
    for building_id, people in relations.items():
        owners = [(p, k) for p, k in people.items() if k == RelationKind.OWNER]
        if rule == RecipientRule.OWNERS_ELSE_RESIDENTS:
            result[building_id] = owners or list(people.items())
        else:
            result[building_id] = list(people.items())
    return result


def write_rows(campaign: Campaign, rows: list[ListRow], *, on_date: dt.date, rule: str) -> dict[str, int]:
    """Store the rows (sorted by `sort_key`) as the campaign's entries with their recipients.

    Returns the counts the campaign keeps: entries, distinct addresses, entries in the core area.
    Call inside a transaction.
    """
    rows.sort(key=lambda row: row.sort_key)
    addresses = set()
    core = 0
    for start in range(0, len(rows), CHUNK):
        part = rows[start : start + CHUNK]
        people = recipients_for([row.building_id for row in part], on_date, rule)
        entries = []
        for offset, row in enumerate(part):
            addresses.add(row.address_id)
            core += row.in_core_area
            entries.append(
                CampaignEntry(
                    campaign_id=campaign.pk,
                    position=start + offset + 1,
                    building_id=row.building_id,
                    address_id=row.address_id,
                    municipality=row.municipality,
                    in_core_area=row.in_core_area,
                    outcome=row.outcome,
                    pgv_mm_s=row.pgv_mm_s,
                    has_open_case=row.has_open_case,
                    new_report_possible=row.new_report_possible,
                    newly_eligible=row.newly_eligible,
                    recipient_count=len(people.get(row.building_id, ())),
                )
            )
        insert_new(CampaignEntry, entries)
        recipients = [
            CampaignRecipient(entry_id=entry.pk, person_id=person_id, relation=kind)
            for entry in entries
            for person_id, kind in people.get(entry.building_id, ())
        ]
        insert_new(CampaignRecipient, recipients)
    return {"entries": len(rows), "addresses": len(addresses), "core": core}
