"""Signals of the process engine, for apps that must act when a case changes but that `cases` must
not import (planning, for one).

`case_closed` is sent inside the transition's transaction when a case reaches a final state of its
process (closed, withdrawn), with `case`, `status` (the final state) and `actor` (who made the
step). A receiver that fails rolls the transition back: nothing is stored half.
"""

from django.dispatch import Signal

case_closed = Signal()
