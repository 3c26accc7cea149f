"""Reads for outreach: campaigns with their conversion, the list page by page, the table per municipality.

Why here: the pages and the CSV export read the same lists; every figure is one aggregate query
over the campaign's entries (a narrow table with an index on campaign), so a list of half a
million buildings is counted in the database, not in Python.

"Applied afterwards": a case for the entry's building, in the campaign's scheme (any scheme for an
after-earthquake list), received on or after the day the letters went out. The conversion rate is
that count divided by the number of buildings on the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from schadeloket.cases.models import Case
from schadeloket.register.earthquakes.models import Earthquake

from .models import Campaign, CampaignEntry, CampaignKind, CampaignRecipient, CampaignStatus

#: How many events each group of the after-earthquake form offers.
RECENT_EVENTS = 60
STRONGEST_EVENTS = 20


@dataclass(frozen=True)
class Conversion:
    letters: int  # buildings written to
    applied: int  # of which applied afterwards

    @property
    def rate(self) -> Decimal | None:
        """Percentage with one decimal (Decimal, exact), or None before any letter."""
        if not self.letters:
            return None
        return (Decimal(self.applied) * 100 / Decimal(self.letters)).quantize(Decimal("0.1"), ROUND_HALF_UP)

    @property
    def rate_text(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{rate}%".replace(".", ",")


def campaign_by_public_id(public_id) -> Campaign | None:
    return Campaign.objects.select_related("earthquake", "created_by").filter(public_id=public_id).first()


def campaigns(kind: str | None = None) -> QuerySet:
    queryset = Campaign.objects.select_related("earthquake")
    return queryset.filter(kind=kind) if kind else queryset


def applied_afterwards(campaign: Campaign) -> Exists:
    """EXISTS(a case for the entry's building received on or after the letter date, in the scheme)."""
    cases = Case.objects.filter(building=OuterRef("building_id"), received_on__gte=campaign.letter_sent_on)
    if campaign.kind == CampaignKind.SILENT_VICTIMS:
        cases = cases.filter(scheme_code=campaign.scheme_code)
    return Exists(cases)


def conversion(campaign: Campaign) -> Conversion | None:
    """Buildings written to and how many of them applied afterwards; None before the letters went out."""
    if campaign.letter_sent_on is None or campaign.status != CampaignStatus.READY:
        return None
    applied = CampaignEntry.objects.filter(campaign=campaign).filter(applied_afterwards(campaign)).count()
    return Conversion(campaign.entry_count, applied)


def with_conversion(campaign_list) -> list[tuple[Campaign, Conversion | None]]:
    return [(campaign, conversion(campaign)) for campaign in campaign_list]


def entries_page_queryset(campaign: Campaign) -> QuerySet:
    """The list in its order (core area first), with address, building, recipients and, once the
    letters went out, whether each building applied afterwards."""
    queryset = (
        CampaignEntry.objects.filter(campaign=campaign)
        .select_related("address", "building")
        .prefetch_related("recipients__person")
        .order_by("position")
    )
    if campaign.letter_sent_on is not None:
        queryset = queryset.annotate(applied=applied_afterwards(campaign))
    return queryset


@dataclass
class MunicipalityLine:
    municipality: str
    addresses: int
    buildings: int
    residents: int
    with_open_case: int
    newly_eligible: int
    new_report_possible: int
    core: int


def municipality_table(campaign: Campaign) -> tuple[list[MunicipalityLine], MunicipalityLine]:
    """Per municipality: addresses reached, residents (distinct people to write to), addresses with
    an open case, addresses where a scheme newly opened, and where a new damage report is possible.
    Returns the lines (alphabetical) and the total line. Two GROUP BY queries."""
    rows = (
        CampaignEntry.objects.filter(campaign=campaign)
        .values("municipality")
        .annotate(
            addresses=Count("address_id", distinct=True),
            buildings=Count("id"),
            with_open_case=Count("address_id", distinct=True, filter=Q(has_open_case=True)),
            newly_eligible=Count("address_id", distinct=True, filter=~Q(newly_eligible="")),
            new_report_possible=Count("address_id", distinct=True, filter=Q(new_report_possible=True)),
            core=Count("address_id", distinct=True, filter=Q(in_core_area=True)),
        )
        .order_by("municipality")
    )
    residents = dict(
        CampaignRecipient.objects.filter(entry__campaign=campaign)
        .values("entry__municipality")
        .annotate(n=Count("person_id", distinct=True))
        .values_list("entry__municipality", "n")
    )
    lines = [
        MunicipalityLine(
            municipality=row["municipality"],
            addresses=row["addresses"],
            buildings=row["buildings"],
            residents=residents.get(row["municipality"], 0),
            with_open_case=row["with_open_case"],
            newly_eligible=row["newly_eligible"],
            new_report_possible=row["new_report_possible"],
            core=row["core"],
        )
        for row in rows
    ]
    totals = CampaignEntry.objects.filter(campaign=campaign).aggregate(
        addresses=Count("address_id", distinct=True),
        buildings=Count("id"),
        with_open_case=Count("address_id", distinct=True, filter=Q(has_open_case=True)),
        newly_eligible=Count("address_id", distinct=True, filter=~Q(newly_eligible="")),
        new_report_possible=Count("address_id", distinct=True, filter=Q(new_report_possible=True)),
        core=Count("address_id", distinct=True, filter=Q(in_core_area=True)),
    )
    total_residents = CampaignRecipient.objects.filter(entry__campaign=campaign).aggregate(
        n=Count("person_id", distinct=True)
    )["n"]
    total = MunicipalityLine(municipality="", residents=total_residents, **totals)
    return lines, total


def newly_eligible_counts(campaign: Campaign) -> list[tuple[str, int]]:
    """(scheme code, buildings) for the schemes the event newly opened, most first."""
    counts: dict[str, int] = {}
    for codes, n in (
        CampaignEntry.objects.filter(campaign=campaign)
        .exclude(newly_eligible="")
        .values_list("newly_eligible")
        .annotate(n=Count("id"))
        .order_by()
    ):
        for code in codes.split(","):
            counts[code] = counts.get(code, 0) + n
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def event_choices() -> list[tuple[str, list[tuple[int, Earthquake]]]]:
    """The events the after-earthquake form offers: the newest and the strongest of the catalogue."""
    recent = list(Earthquake.objects.order_by("-origin_time", "-id")[:RECENT_EVENTS])
    strongest = list(Earthquake.objects.order_by("-magnitude", "origin_time")[:STRONGEST_EVENTS])
    return [("recent", recent), ("strongest", strongest)]
