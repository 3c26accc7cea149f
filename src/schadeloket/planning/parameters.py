"""The planning rules that are policy, not code: named parameters with their source and status.

The domain facts give no IMG rule for how late an applicant may still book, move or cancel an
appointment themselves, so that value is a PLACEHOLDER, listed in docs/open-questions.md.
"""

from schadeloket.schemes.engine.parameters import Parameter, Status

# Counted in working days (no weekend, no public holiday: `cases.terms.is_working_day`). With 1, an
# appointment on Tuesday can be changed by the applicant up to and including Monday; one on Monday up
# to and including the Friday before. Staff can still change it later (an inspector falls ill).
APPOINTMENT_CHANGE_WORKING_DAYS = Parameter(
    name="APPOINTMENT_CHANGE_WORKING_DAYS",
    value=1,
    description=(
        "Tot en met hoeveel werkdagen voor de afspraak de aanvrager zelf een afspraak kan maken, "
        "verplaatsen of afzeggen."
    ),
    source="NIET GEVONDEN (domain facts: geen IMG-regel voor zelfplannen): tijdelijke waarde, "
    "zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="werkdagen",
    minimum=0,
    maximum=10,
)

# How far ahead `generate_slots` may plan in one run: a year, so a typo cannot make millions of rows.
MAX_GENERATION_DAYS = 366

# How many free times a selector returns at most, whatever the caller asks.
MAX_FREE_SLOTS = 100
