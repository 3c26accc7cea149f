"""The process of every scheme as a Mermaid diagram, generated from the declarations.

`docs/processes.md` is this module's output (`manage.py process_diagrams --write`); a test checks
it is up to date, so the picture in the docs is always the process the engine runs.
"""

from schadeloket.schemes.registry import all_schemes

from .process import diagram
from .selectors import process_for


def processes_markdown() -> str:
    lines = [
        "# Processes per scheme",
        "",
        "Generated from the declarations in `src/schadeloket/schemes/<scheme>/process.py` by",
        "`python manage.py process_diagrams --write`; do not edit by hand.",
        "",
    ]
    for scheme in all_schemes():
        process = process_for(scheme.code)
        lines += [
            f"## {scheme.code}: {scheme.name}",
            "",
            f"Decision term: {process.term_days} days ({process.term_source}).",
            "",
            "| step | from | to | who | term |",
            "|---|---|---|---|---|",
        ]
        for t in process.transitions:
            sources = ", ".join(process.states[s] for s in t.source)
            term = t.term.value if t.term else ""
            lines.append(f"| {t.label} | {sources} | {process.states[t.target]} | {', '.join(t.roles)} | {term} |")
        lines += ["", "```mermaid", diagram(process), "```", ""]
    return "\n".join(lines)
