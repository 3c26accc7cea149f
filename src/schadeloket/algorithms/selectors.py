"""Reads for the register pages: the list of algorithms, one entry with its version history."""

from .models import RuleVersion
from .services import Entry, all_entries, build_entry


def algorithm_list() -> list[dict]:
    """Code, name, short description and status of every algorithm, in register order."""
    return [
        {
            "code": entry.code,
            "name": entry.name,
            "short_description": entry.fields["Korte omschrijving"],
            "status": entry.fields["Status"],
        }
        for entry in all_entries()
    ]


def version_history(table_ids) -> dict[str, list[RuleVersion]]:
    """table id → its versions, oldest first."""
    history: dict[str, list[RuleVersion]] = {table_id: [] for table_id in table_ids}
    for version in RuleVersion.objects.filter(table_id__in=list(history)).order_by("first_seen", "pk"):
        history[version.table_id].append(version)
    return history


def algorithm_detail(code: str, page_url: str = "", json_url: str = "") -> tuple[Entry, dict[str, list[RuleVersion]]]:
    """The entry and the version history of its tables; UnknownAlgorithmError for an unknown code."""
    entry = build_entry(code, page_url=page_url, json_url=json_url)
    return entry, version_history(source.table_id for source in entry.sources)
