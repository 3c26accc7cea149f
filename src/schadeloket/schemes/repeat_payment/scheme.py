"""VHV: the fixed repeat payment. Not defined in public: every parameter UNDECIDED, switched off.

Domain facts §1.4: no source defines the VHV. In March 2023 the IMG proposed "a fixed payment per
quake for future damage, e.g. € 2,500 in the core of the quake area": kept as an UNDECIDED
parameter, not as a rule. decide() always says the scheme is not yet open.
"""

from decimal import Decimal

from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE = (
    "https://www.schadedoormijnbouw.nl/nieuws/voorstellen-voor-mildere-menselijkere-en-makkelijkere-schadeafhandeling"
)


def decide_not_open(scheme: Scheme, table_id: str, facts, parameters: ParameterSet) -> Outcome:
    """The outcome of a scheme that is not yet open: open=False, with the reason and the trace."""
    context = {**facts.as_context(), **parameters.as_context()}
    outcome = Outcome(scheme=scheme.code, scheme_name=scheme.name, open=False, parameters=parameters.as_context())
    status = scheme.evaluate(table_id, context, outcome)["status"]
    undecided = any(p.status is Status.UNDECIDED for p in parameters)
    if undecided or status != "open":
        outcome.conditions.append(
            Condition(
                "Deze regeling is nog niet open. De regels en bedragen zijn nog niet vastgesteld. "
                "U kunt nu kiezen voor een andere regeling.",
                False,
            )
        )
    return outcome


class RepeatPayment(Scheme):
    code = "VHV"
    name = "Vaste herhaalvergoeding"
    short_description = (
        "Een vast bedrag als u na een nieuwe beving opnieuw schade heeft. Deze regeling is nog niet open: de regels en "
        "bedragen zijn nog niet vastgesteld."
    )
    goal = "Herhaalde schade na een nieuwe beving snel en eenvoudig vergoeden (nog niet vastgesteld)."
    legal_basis = "Nog niet vastgesteld; IMG-voorstel van maart 2023"
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
                "vhv_opened",
                False,
                "Is de regeling geopend?",
                "NIET VASTGESTELD: geen openbare bron, zie docs/open-questions.md",
                status=Status.UNDECIDED,
            ),
            Parameter(
                "vhv_amount_core",
                Decimal("2500"),
                "Bedrag per beving in de kern van het bevingsgebied",
                f"NIET VASTGESTELD: alleen een voorstel van het IMG (maart 2023), bijvoorbeeld € 2.500 | {SOURCE}",
                status=Status.UNDECIDED,
                unit="EUR",
                minimum=Decimal("0"),
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        return decide_not_open(self, "vhv_status", facts, parameters or self.parameters)
