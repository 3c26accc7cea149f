"""The letter to the people on a list (PDF/A, one building at a time) and the file for the mail house.

The PDF uses the decision letters' machinery (`decisions.letters.render_pdf`: WeasyPrint, PDF/A-3b,
DejaVu embedded) and their style sheet, with a letter of its own: an invitation, not a decision.
It is rendered when staff open it; a whole campaign goes to the mail house as CSV (one row per
person, or per address when nobody is known by name), which scales to half a million letters.
The CSV never holds a BSN; cells that a spreadsheet would read as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from schadeloket.db import any_of
from schadeloket.decisions.letters import render_pdf
from schadeloket.register.addresses.validators import format_postcode

from . import quake
from .eligibility import scheme_name
from .models import Campaign, CampaignEntry, CampaignKind, CampaignRecipient

TEMPLATE = "outreach/letters/invitation.html"
CSV_CHUNK = 5_000
CSV_COLUMNS = [
    "kenmerk",
    "volgnummer",
    "naam",
    "straat",
    "huisnummer",
    "postcode",
    "woonplaats",
    "gemeente",
    "kerngebied",
    "onderwerp",
]


def recipient_names(entry: CampaignEntry) -> list[str]:
    return [recipient.person.full_name for recipient in entry.recipients.all()]


def letter_context(campaign: Campaign, entry: CampaignEntry, *, sent_on) -> dict:
    names = recipient_names(entry)
    context = {
        "campaign": campaign,
        "reference": f"{campaign.reference}-{entry.position}",
        "names": names,
        "address": entry.address,
        "building": entry.building,
        "sent_on": sent_on,
        "phone": settings.SCHADELOKET_PHONE,
        "entry": entry,
        "after_earthquake": campaign.kind == CampaignKind.AFTER_EARTHQUAKE,
    }
    if campaign.kind == CampaignKind.AFTER_EARTHQUAKE:
        context.update(
            event=quake.describe(campaign.earthquake),
            pgv=f"{entry.pgv_mm_s:.0f}" if entry.pgv_mm_s and entry.pgv_mm_s >= 1 else f"{entry.pgv_mm_s or 0:.1f}",
            newly_eligible=[scheme_name(code) for code in entry.newly_eligible_codes],
        )
    else:
        from schadeloket.schemes.registry import get_scheme

        scheme = get_scheme(campaign.scheme_code)
        context.update(scheme_name=scheme.name, scheme_description=scheme.short_description)
    return context


def render_letter(campaign: Campaign, entry: CampaignEntry, *, sent_on) -> bytes:
    """The letter for one building as PDF/A bytes, always in Dutch."""
    with translation.override("nl"):
        html = render_to_string(TEMPLATE, letter_context(campaign, entry, sent_on=sent_on))
    return render_pdf(html)


def _cell(value) -> str:
    """Text for a spreadsheet cell: a leading =, +, - or @ would make it a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _subject(campaign: Campaign, entry: CampaignEntry) -> str:
    if campaign.kind == CampaignKind.SILENT_VICTIMS:
        return scheme_name(campaign.scheme_code)
    parts = [_("na de beving")]
    if entry.new_report_possible:
        parts.append(_("nieuwe melding mogelijk"))
    parts += [scheme_name(code) for code in entry.newly_eligible_codes]
    return "; ".join(parts)


def csv_lines(campaign: Campaign) -> Iterator[str]:
    """The mail-house file line by line (header first), read in chunks of the list's order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    last = 0
    base = CampaignEntry.objects.filter(campaign=campaign).select_related("address").order_by("position")
    while True:
        entries = list(base.filter(position__gt=last)[:CSV_CHUNK])
        if not entries:
            return
        last = entries[-1].position
        people: dict[int, list[str]] = {}
        for entry_id, first, initials, prefix, surname in (
            CampaignRecipient.objects.filter(any_of("entry_id", [e.pk for e in entries]))
            .order_by("entry_id", "relation", "person_id")
            .values_list(
                "entry_id", "person__first_names", "person__initials", "person__surname_prefix", "person__surname"
            )
        ):
            name = " ".join(part for part in (first or initials, prefix, surname) if part)
            people.setdefault(entry_id, []).append(name)
        for entry in entries:
            address = entry.address
            for name in people.get(entry.pk) or [_("De eigenaar of bewoner")]:
                writer.writerow(
                    [
                        _cell(f"{campaign.reference}-{entry.position}"),
                        entry.position,
                        _cell(name),
                        _cell(address.street),
                        _cell(address.house_number_display),
                        _cell(format_postcode(address.postcode)),
                        _cell(address.place),
                        _cell(entry.municipality),
                        _("ja") if entry.in_core_area else _("nee"),
                        _cell(_subject(campaign, entry)),
                    ]
                )
        yield flush()
