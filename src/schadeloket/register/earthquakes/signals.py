"""Signals of the earthquake register, for apps the register must not import (outreach, for one).

`earthquakes_imported` is sent after an import's transaction has committed, with `events`: the
Earthquake rows that were new. A receiver's failure must never undo or fail the import (it has
committed already): receivers log their own problems.
"""

from django.dispatch import Signal

earthquakes_imported = Signal()
