"""Vaste overlastvergoeding: a fixed nuisance payment. Not defined in public: every parameter UNDECIDED.

Domain facts §1.5: a separate fixed nuisance scheme is not found; only the € 300 / € 600 nuisance
items of the incidental costs under maatwerk are (those belong to the maatwerk scheme).
decide() always says the scheme is not yet open.
"""

from decimal import Decimal

from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.scheme import Outcome, Scheme
from ..repeat_payment.scheme import decide_not_open

SOURCE = (
    "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/maatwerk-herstel-in-natura/"
    "bijkomende-kosten"
)


class NuisancePayment(Scheme):
    code = "OVERLAST"
    name = "Vaste overlastvergoeding"
    short_description = (
        "Een vast bedrag voor de overlast van schade en herstel. Deze regeling is nog niet open: de regels en bedragen "
        "zijn nog niet vastgesteld. Bij maatwerk krijgt u wel een vergoeding voor overlast."
    )
    goal = "Overlast van schade en herstel vergoeden met een vast bedrag (nog niet vastgesteld)."
    legal_basis = "Nog niet vastgesteld"
    legal_basis_url = SOURCE
    human_involvement = "Nog niet bekend: de regeling is nog niet vastgesteld."
    needs = ()
    effort = "Nog niet bekend"
    closes_off = "Nog niet bekend"
    status = "in ontwikkeling"
    table_files = ("status.dmn",)
    parameters = ParameterSet(
        [
            Parameter(
                "overlast_opened",
                False,
                "Is de regeling geopend?",
                "NIET VASTGESTELD: geen openbare bron, zie docs/open-questions.md",
                status=Status.UNDECIDED,
            ),
            Parameter(
                "overlast_amount",
                Decimal("0"),
                "Vast bedrag voor overlast",
                "NIET VASTGESTELD: geen openbare bron; geen bedrag (0 is geen besluit), zie docs/open-questions.md",
                status=Status.UNDECIDED,
                unit="EUR",
                minimum=Decimal("0"),
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        return decide_not_open(self, "overlast_status", facts, parameters or self.parameters)
