"""The process of this scheme: the shared inspection shape with its own decision term."""

from schadeloket.cases.processes import inspection_process

PROCESS = inspection_process(
    "Duurzaam herstel",
    term_days=182,
    term_source=(
        "IMG-dashboard: maatwerk binnen termijn bij minder dan 182 dagen (domain facts §3.2); "
        "overgenomen, zie docs/open-questions.md"
    ),
)
