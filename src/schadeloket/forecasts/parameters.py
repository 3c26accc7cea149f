"""Forecast parameters that are policy, not code: named, with their source and status.

The only capacity the sources give is the AVV target of 1,000 decisions a week (IMG's own figure,
DESIGN.md "Scale to design for"). For every other scheme the weekly capacity is a PLACEHOLDER until
management enters the real one (a `WeeklyCapacity` row, on the forecast page or in the admin): see
docs/open-questions.md, items 93 to 95. Likewise the time between a HIN decision and the start of the repair.
"""

from schadeloket.schemes.engine.parameters import Parameter, Status

AVV_WEEKLY_CAPACITY = Parameter(
    name="AVV_WEEKLY_CAPACITY",
    value=1000,
    description="Hoeveel AVV-besluiten het IMG per week neemt, als er geen capaciteit is ingesteld.",
    source="IMG: doel van 1.000 AVV-besluiten per week (DESIGN.md, cijfers van het IMG eind 2024)",
    status=Status.CONFIRMED,
    unit="besluiten per week",
    minimum=1,
)

DEFAULT_WEEKLY_CAPACITY = Parameter(
    name="DEFAULT_WEEKLY_CAPACITY",
    value=100,
    description="Hoeveel besluiten per week voor een regeling zonder ingestelde capaciteit (behalve AVV).",
    source="NIET GEVONDEN (domain facts geven geen capaciteit per regeling): tijdelijke waarde, "
    "zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="besluiten per week",
    minimum=1,
)

REPAIR_START_LEAD_WEEKS = Parameter(
    name="REPAIR_START_LEAD_WEEKS",
    value=0,
    description="Hoeveel weken na het besluit een herstel door een aannemer van het IMG (HIN) begint.",
    source="NIET GEVONDEN (domain facts §1.3 noemen geen starttermijn): tijdelijke waarde 0, het herstel telt "
    "in de week van het besluit; zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="weken",
    minimum=0,
    maximum=52,
)

#: How many past weeks the inflow trend averages (complete ISO weeks before the current one).
INFLOW_WEEKS = 8
#: The projection's horizon: 26 weeks (half a year, the contractors' planning horizon in DESIGN.md).
DEFAULT_HORIZON_WEEKS = 26
MAX_HORIZON_WEEKS = 104
#: The largest weekly capacity the page accepts: far above IMG's busiest scheme, small enough to catch a typo.
MAX_WEEKLY_CAPACITY = 100_000


def default_capacity(scheme_code: str) -> int:
    return AVV_WEEKLY_CAPACITY.value if scheme_code == "AVV" else DEFAULT_WEEKLY_CAPACITY.value
