"""The process of this scheme: the shared inspection shape with its own decision term."""

from schadeloket.cases.processes import AWB_8_WEEKS, inspection_process

PROCESS = inspection_process("Mestkelders", term_days=56, term_source=AWB_8_WEEKS)
