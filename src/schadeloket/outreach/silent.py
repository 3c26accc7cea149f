"""Stille gedupeerden: buildings in the effect area whose owner is likely entitled to a scheme that
nobody applied for.

Set-based, for IMG's register (half a million addresses): one SQL query picks the buildings of the
area without a case of the scheme (`selection.candidate_buildings`); `gather_facts_bulk` reads the
register's facts for them in chunks (a handful of queries per 20,000 buildings); the scheme decides
each one with its own rules (see `eligibility`). Runs in a Celery task (`tasks.build_campaign`),
never in a request.
"""

from __future__ import annotations

import datetime as dt

from schadeloket.db import any_of
from schadeloket.register.buildings.models import Building
from schadeloket.schemes.facts import gather_facts_bulk
from schadeloket.schemes.registry import get_scheme

from .lists import CHUNK, ListRow, address_details
from .models import EntryOutcome
from .selection import AreaSelection, candidate_buildings


def find_silent_victims(scheme_code: str, selection: AreaSelection, on_date: dt.date) -> list[ListRow]:
    """The rows of a silent-victims list, unsorted; each row's `sort_key` puts the core area first,
    then municipality, postcode and house number."""
    decide = get_scheme(scheme_code).without_explanations().decide
    found: dict[int, tuple[bool, str, str]] = {}  # building id -> (core, municipality, outcome)
    records = gather_facts_bulk(
        candidate_buildings(selection, scheme_code), on_date, applicant="owner", assume_consent=True
    )
    for building_id, facts in records:
        if not facts.in_effect_area or (selection.core_only and not facts.in_core_area):
            continue
        is_open = decide(facts).open
        if is_open is False:
            continue
        outcome = EntryOutcome.LIKELY if is_open else EntryOutcome.DEPENDS
        found[building_id] = (facts.in_core_area, facts.municipality, outcome)

    address_of: dict[int, int] = {}
    ids = sorted(found)
    for start in range(0, len(ids), CHUNK):
        address_of.update(
            Building.objects.filter(any_of("id", ids[start : start + CHUNK])).values_list("id", "address_id")
        )
    details = address_details(address_of.values())
    rows = []
    for building_id, (core, municipality, outcome) in found.items():
        address_id = address_of[building_id]
        postcode, number, letter, addition, _municipality = details[address_id]
        rows.append(
            ListRow(
                building_id=building_id,
                address_id=address_id,
                municipality=municipality,
                in_core_area=core,
                outcome=outcome,
                sort_key=(not core, municipality, postcode, number, letter, addition, building_id),
            )
        )
    return rows
