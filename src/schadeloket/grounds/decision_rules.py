"""What a decision stored about the rules that decided it, read for coding.

`Decision.rule_outcome` is the scheme's `Outcome.as_dict()`: `traces` lists each decision table
that was evaluated, with its `version` (SHA-256 of the DMN file) and the `matched_rows` (row
number, rule id, legal basis). A decision made by hand or imported may have no traces: then there
is no rule version, and the coding says so instead of guessing.
"""

import hashlib
from dataclasses import dataclass


@dataclass(frozen=True)
class MatchedRule:
    table_id: str
    table_name: str
    table_version: str
    row: int
    rule_id: str
    legal_basis: str
    link: str

    @property
    def key(self) -> str:
        return f"{self.table_id}:{self.row}"


def _traces(outcome) -> list[dict]:
    traces = (outcome or {}).get("traces") if isinstance(outcome, dict) else None
    return [trace for trace in traces or [] if isinstance(trace, dict) and trace.get("table_id")]


def rule_tables(outcome) -> list[dict]:
    """The decision tables that decided, as [{"table_id", "version", "file"}], sorted by table."""
    tables = {
        trace["table_id"]: {
            "table_id": str(trace["table_id"]),
            "version": str(trace.get("version") or ""),
            "file": str(trace.get("file") or ""),
        }
        for trace in _traces(outcome)
    }
    return [tables[key] for key in sorted(tables)]


def rule_set_version(tables: list[dict]) -> str:
    """One SHA-256 over the sorted (table, version) pairs; "" when no table decided.

    Any change to any table of the scheme gives a new value, so a report per rule-set version
    shows when objections changed after the rules did."""
    if not tables:
        return ""
    text = "\n".join(f"{table['table_id']}:{table['version']}" for table in sorted(tables, key=lambda t: t["table_id"]))
    return hashlib.sha256(text.encode()).hexdigest()


def matched_rules(outcome) -> list[MatchedRule]:
    """Every decision-table row that matched, in the order the scheme evaluated the tables."""
    rules = []
    seen = set()
    for trace in _traces(outcome):
        for match in trace.get("matched_rows") or []:
            try:
                row = int(match.get("row"))
            except (TypeError, ValueError):
                continue
            rule = MatchedRule(
                table_id=str(trace["table_id"]),
                table_name=str(trace.get("table_name") or trace["table_id"]),
                table_version=str(trace.get("version") or ""),
                row=row,
                rule_id=str(match.get("rule_id") or ""),
                legal_basis=str(match.get("legal_basis") or ""),
                link=str(match.get("link") or ""),
            )
            if rule.key not in seen:
                seen.add(rule.key)
                rules.append(rule)
    return rules
