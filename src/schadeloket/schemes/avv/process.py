"""The process of this scheme: the shared fixed-payment shape with its own decision term."""

from schadeloket.cases.processes import fixed_payment_process

PROCESS = fixed_payment_process(
    "AVV", term_days=56, term_source="IMG-dashboard: AVV binnen termijn bij minder dan 56 dagen (domain facts §3.2)"
)
