"""The process of this scheme: the shared fixed-payment shape with its own decision term."""

from schadeloket.cases.processes import fixed_payment_process

PROCESS = fixed_payment_process(
    "Immateriële schade",
    term_days=56,
    term_source="Immateriële schade: besluit binnen 8 weken (domain facts §1.10 en §3.2)",
)
