"""The process of this scheme: the shared fixed-payment shape with its own decision term."""

from schadeloket.cases.processes import fixed_payment_process

PROCESS = fixed_payment_process(
    "AOS", term_days=2, term_source="AOS: binnen 48 uur veilig gemaakt (domain facts §1.13)"
)
