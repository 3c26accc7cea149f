"""Demo hourly rates per role: DEMO VALUES, not IMG's rates.

The domain facts hold no hourly cost of IMG staff (only the yearly total: €240.3M execution costs in
2023 for €309.6M paid, facts §3.4). Until the real rates are entered as `HourlyRate` rows in the
admin, these stand-ins price the recorded time so the page works; every page that uses one says
"demowaarde". See docs/open-questions.md, item 92.
"""

from decimal import Decimal

DEMO_RATE_LABEL = "DEMOWAARDE: geen echt tarief van het IMG"

#: Euros per hour per role code (accounts.roles). Round, plainly invented demo numbers.
DEMO_HOURLY_RATES: dict[str, Decimal] = {
    "case_guide": Decimal("65.00"),
    "case_handler": Decimal("75.00"),
    "reviewer": Decimal("85.00"),
    "objection_lawyer": Decimal("95.00"),
    "inspector": Decimal("90.00"),
    "contractor": Decimal("70.00"),
    "manager": Decimal("100.00"),
    "admin": Decimal("70.00"),
}
#: For a role code that is not in the table above (a role added later).
DEMO_DEFAULT_RATE = Decimal("75.00")

#: The IMG's own yearly reference, shown as context on the cost page (facts §3.4, annual report 2023).
ANNUAL_REFERENCE = {"year": 2023, "costs": Decimal("240300000"), "paid": Decimal("309600000")}
