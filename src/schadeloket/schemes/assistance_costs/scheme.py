"""Bouwkundige en financiële bijstand: at most 20 hours at € 137 excl. VAT, paid to the adviser.

Only for help with the reaction [zienswijze] to the advice report, not before it nor after it
(an objection); the adviser is on the IMG's list or vetted first. Domain facts §1.12.
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..engine.answers import read_answers
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE = "https://www.schadedoormijnbouw.nl/vergoeding-voor-bouwkundig-en-financieel-advies"
SOURCE_ADVISER = "https://www.schadedoormijnbouw.nl/bouwkundig-of-financieel-advies"
PHASES = ("zienswijze", "voor_adviesrapport", "bezwaar")

ANSWERS = {
    "hours_claimed": None,  # hours the adviser claims
    "phase": None,  # "zienswijze" (reaction to the advice report), "voor_adviesrapport" or "bezwaar"
    "adviser_approved": None,  # adviser on the IMG's list, or vetted first
}
QUESTIONS = (
    Question(
        "hours_claimed",
        _("Hoeveel uur heeft de adviseur gedeclareerd?"),
        Kind.NUMBER,
        help_text=_(
            "Een aantal uren. Een half uur mag, bijvoorbeeld 12,5. Het IMG betaalt tot een maximum aantal uren."
        ),
    ),
    Question(
        "phase",
        _("Waarover ging het advies?"),
        Kind.CHOICE,
        help_text=_("Alleen hulp bij de reactie op het adviesrapport (zienswijze) wordt vergoed."),
        choices=(
            ("zienswijze", _("De reactie op het adviesrapport (zienswijze)")),
            ("voor_adviesrapport", _("Hulp voordat het adviesrapport er was")),
            ("bezwaar", _("Hulp bij bezwaar tegen het besluit")),
        ),
    ),
    Question(
        "adviser_approved",
        _("Staat de adviseur op de lijst van het IMG, of is de adviseur vooraf getoetst?"),
        Kind.YES_NO,
    ),
)
CONDITIONS = {
    "phase": (
        "Het advies gaat over uw zienswijze op het adviesrapport.",
        "Alleen hulp bij uw zienswijze op het adviesrapport wordt vergoed. "
        "Advies daarvoor of daarna (bij bezwaar) niet.",
    ),
    "adviser": (
        "Uw adviseur staat op de lijst van het IMG of is getoetst.",
        "Uw adviseur staat niet op de lijst van het IMG en is niet getoetst.",
    ),
    "hours": ("Er zijn uren gedeclareerd.", "Er zijn geen uren gedeclareerd."),
}
UNKNOWN = {
    "phase": "gaat het advies over uw zienswijze op het adviesrapport?",
    "adviser": "staat uw adviseur op de lijst van het IMG, of is hij getoetst?",
    "hours": "hoeveel uur heeft uw adviseur gewerkt?",
}


class AssistanceCosts(Scheme):
    code = "BIJSTAND"
    name = "Bouwkundige en financiële bijstand"
    short_description = (
        "Hulp van een bouwkundig of financieel adviseur bij uw reactie op het adviesrapport. Het IMG betaalt "
        "de adviseur "
        "direct: maximaal 20 uur van € 137 (zonder btw)."
    )
    goal = "Aanvragers helpen om goed te reageren op het adviesrapport."
    legal_basis = "Tijdelijke wet Groningen; IMG, vergoeding voor bouwkundig en financieel advies"
    legal_basis_url = SOURCE
    human_involvement = "Een behandelaar controleert de declaratie van de adviseur."
    needs = ("Een adviseur van de lijst van het IMG, of een adviseur die vooraf is getoetst", "De declaratie met uren")
    effort = "Geen inspectie"
    closes_off = "Vervangt de oude vergoeding voor advieskosten bij de bijkomende kosten."
    table_files = ("conditions.dmn", "amount.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "bijstand_max_hours",
                Decimal("20"),
                "Maximum aantal uren",
                f"IMG, vergoeding voor bouwkundig en financieel advies: max. 20 uur | {SOURCE}",
                unit="uur",
                minimum=Decimal("0"),
            ),
            Parameter(
                "bijstand_hourly_rate",
                Decimal("137"),
                "Uurtarief exclusief btw",
                f"IMG, vergoeding voor bouwkundig en financieel advies: € 137 excl. btw | {SOURCE}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = read_answers(
            answers, ANSWERS, decimals=("hours_claimed",), booleans=("adviser_approved",), choices={"phase": PHASES}
        )
        context = {**facts.as_context(), **parameters.as_context(), **given}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        failed = set(self.evaluate("bijstand_conditions", context, outcome)["condition"])
        unknown = {
            "phase": given["phase"] is None,
            "adviser": given["adviser_approved"] is None,
            "hours": given["hours_claimed"] is None,
        }
        for code, (met_text, failed_text) in CONDITIONS.items():
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown[code]:
                outcome.conditions.append(Condition(UNKNOWN[code], None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        if failed:
            outcome.open = False
            return outcome
        maximum = parameters["bijstand_max_hours"] * parameters["bijstand_hourly_rate"]
        if given["hours_claimed"] is None:
            outcome.amount_max = maximum
            outcome.reasons.append(
                f"Het IMG betaalt maximaal {parameters['bijstand_max_hours']} uur van "
                f"{euro(parameters['bijstand_hourly_rate'])}"
                f" (zonder btw): samen maximaal {euro(maximum)}."
            )
            return outcome
        result = self.evaluate("bijstand_amount", context, outcome)
        outcome.open = None if any(unknown.values()) else True
        outcome.amount = result["amount"]
        hours = given["hours_claimed"]
        if result["capped"]:
            outcome.reasons.append(
                f"Uw adviseur declareert {hours} uur. Het IMG betaalt maximaal {parameters['bijstand_max_hours']} uur."
            )
        outcome.reasons.append(
            f"{min(hours, parameters['bijstand_max_hours'])} uur van {euro(parameters['bijstand_hourly_rate'])} "
            f"(zonder btw) is {euro(result['amount'])}. Het IMG betaalt dit rechtstreeks aan uw adviseur."
        )
        return outcome
