"""The process of this scheme: the shared fixed-payment shape with its own decision term."""

from schadeloket.cases.processes import AWB_8_WEEKS, fixed_payment_process

PROCESS = fixed_payment_process("VES", term_days=56, term_source=AWB_8_WEEKS)
