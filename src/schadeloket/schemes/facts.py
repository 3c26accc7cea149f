"""Facts: everything a scheme may ask about one applicant, building and date, in one flat record.

Why one record: the DMN tables name their inputs by these field names, the choice help and the
intake fill it from the register, and the policy simulation fills it for every address at once.
A value the register cannot know (a co-owner's consent, say) is None: the scheme then reports
the condition as "to be asked" instead of guessing.

`gather_facts` builds one record from the register; `gather_facts_bulk` builds them for many
buildings at once with a bounded number of queries (for simulation).
"""

import datetime as dt
from dataclasses import asdict, dataclass
from decimal import Decimal

HUIZINGE_DATE = dt.date(2012, 8, 16)


@dataclass(frozen=True)
class Facts:
    reference_date: dt.date

    # The applicant
    applicant_is_natural_person: bool | None = True
    applicant_is_owner: bool | None = None  # owner of the building on reference_date
    applicant_is_former_owner: bool | None = None
    applicant_owner_on_huizinge_date: bool | None = None  # owner on 16 August 2012 (value loss, non-homes)
    applicant_is_resident: bool | None = None
    co_owners_consent: bool | None = None
    applicant_age_years: int | None = None
    pre_registered_avv: bool = False

    # The building
    building_kind: str = "home"
    cultuurcode: int | None = None
    floor_area_m2: int | None = None
    woz_value: Decimal | None = None
    construction_year: int | None = None
    has_manure_cellar: bool = False
    manure_cellar_volume_m3: int | None = None
    is_monument: bool = False

    # The location
    pc4: str = ""
    municipality: str = ""
    within_6km: bool = False
    in_effect_area: bool = False  # evidence-presumption area (6 km or 2 mm/s at 1%)
    in_deep_subsidence_area: bool = False
    in_reinforcement_area: bool = False
    in_core_area: bool = False
    max_pgv_p99_mm_s: float = 0.0
    events_2mms_since_construction: int = 0  # at 1% exceedance, after the construction year
    events_10mms_p99: int = 0  # manure cellars
    events_2_9mms_median: int = 0  # value loss: 2.9 mm/s at more than 50% exceedance

    # History
    earlier_ves_or_repair_applications: int = 0
    first_application_at_address: bool = True
    prior_damage_total: Decimal = Decimal("0.00")  # NAM, CVW, TCMG, IMG; no incidental costs or interest
    prior_total_received: Decimal = Decimal("0.00")  # everything ever paid for this building
    prior_payment_count: int = 0
    chose_maatwerk_after_ves_offer: bool = False

    def as_context(self) -> dict:
        """The facts as DMN input names → values."""
        return asdict(self)
