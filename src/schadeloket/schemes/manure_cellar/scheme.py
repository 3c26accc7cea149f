"""Mestkelders: the extra cost of removing manure from a damaged cellar, or an expert's estimate.

Only in the area where a quake could give 10 mm/s at 1% exceedance probability (Facts.events_10mms_p99;
inside it the cause is not questioned). Until 1 July 2023 the IMG paid the extra removal cost,
on average € 10.00 per m³ (raised from € 8.50), or more if proven; from 1 July 2023 an independent
expert estimates the business damage and the IMG pays quickly when both parties agree.
Domain facts §1.11.
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..engine.answers import read_answers
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE_2021 = "https://www.schadedoormijnbouw.nl/nieuws/2021/05/start-van-afhandeling-schade-mestkelders"
SOURCE_2023 = "https://www.schadedoormijnbouw.nl/nieuws/2023/06/start-regeling-voor-mestkelders"
SOURCE_PAGE = "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/schade-aan-mestkelder"

ANSWERS = {
    "proven_removal_costs": Decimal("0"),  # until 1 July 2023: higher removal costs the owner proves
    "expert_estimate": None,  # from 1 July 2023: the independent expert's estimate of the business damage
    "estimate_agreed": None,  # both parties agree with the estimate
}
QUESTIONS = (
    Question(
        "proven_removal_costs",
        _("Welke hogere kosten voor het afvoeren van mest heeft de eigenaar aangetoond?"),
        Kind.AMOUNT,
        help_text=_(
            "Alleen bij de aanpak tot 1 juli 2023. Het totaal in euro. Leeg betekent 0: dan geldt het vaste bedrag "
            "per m³."
        ),
    ),
    Question(
        "expert_estimate",
        _("Wat is de raming van de onafhankelijke deskundige?"),
        Kind.AMOUNT,
        help_text=_("Vanaf 1 juli 2023: de geschatte schade aan het bedrijf, in euro."),
    ),
    Question(
        "estimate_agreed",
        _("Zijn de eigenaar en het IMG het eens met de raming?"),
        Kind.YES_NO,
        help_text=_("Laat dit leeg zolang dat nog niet bekend is."),
    ),
)
CONDITIONS = {
    "cellar": ("Er is een mestkelder.", "Er is geen mestkelder bekend bij dit gebouw."),
    "area": (
        "Het gebouw staat in het gebied waar een beving 10 mm/s of meer kan geven. Daar is de oorzaak geen vraag.",
        "Het gebouw staat niet in het gebied waar een beving 10 mm/s of meer kan geven.",
    ),
    "start": (
        "De aanpak voor mestkelders was gestart.",
        "De aanpak voor mestkelders was op deze datum nog niet gestart.",
    ),
}


class ManureCellar(Scheme):
    code = "MESTKELDER"
    name = "Schade aan mestkelders"
    short_description = (
        "Vergoeding voor schade aan een mestkelder door de gaswinning, in het gebied waar bevingen van 10 mm/s of meer "
        "kunnen voorkomen. Een onafhankelijke deskundige schat de schade aan uw bedrijf."
    )
    goal = "Boeren snel vergoeden voor schade aan mestkelders, zonder discussie over de oorzaak in het 10 mm/s-gebied."
    legal_basis = "Tijdelijke wet Groningen; IMG, regeling mestkelders (1 juli 2023); aanpak mestkelders (2021)"
    legal_basis_url = SOURCE_PAGE
    human_involvement = "Een onafhankelijke deskundige maakt een raming. Een behandelaar neemt het besluit."
    needs = ("Gegevens over de mestkelder (inhoud in m³)", "Een raming door een onafhankelijke deskundige")
    effort = "Deskundige beoordeelt de schade"
    closes_off = "Het besluit gaat over de schade aan de mestkelder."
    table_files = ("conditions.dmn", "amount.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "manure_removal_cost_per_m3",
                Decimal("10.00"),
                "Extra kosten van mest afvoeren per m³ (aanpak 2021; eerder € 8,50)",
                f"IMG-nieuws mei 2021: gemiddeld € 10,00 per m³, verhoogd van € 8,50 | {SOURCE_2021}",
                unit="EUR/m³",
                minimum=Decimal("0"),
            ),
            Parameter(
                "manure_cellar_start_date",
                dt.date(2021, 5, 1),
                "Start van de aanpak mestkelders",
                f"NIET GEVONDEN (dag): IMG-nieuws mei 2021 | {SOURCE_2021}",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "manure_cellar_target_months",
                6,
                "Streeftijd inclusief betaling bij een gedeelde raming",
                f"IMG-nieuws juni 2023: 3 tot 6 maanden | {SOURCE_2023}",
                unit="maanden",
                minimum=0,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = read_answers(
            answers, ANSWERS, decimals=("proven_removal_costs", "expert_estimate"), booleans=("estimate_agreed",)
        )
        context = {**facts.as_context(), **parameters.as_context(), **given}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        failed = set(self.evaluate("mestkelder_conditions", context, outcome)["condition"])
        for code, (met_text, failed_text) in CONDITIONS.items():
            outcome.conditions.append(Condition(failed_text, False) if code in failed else Condition(met_text, True))
        if failed:
            outcome.open = False
            return outcome
        result = self.evaluate("mestkelder_amount", context, outcome)
        rate = parameters["manure_removal_cost_per_m3"]
        if result["method"] == "per_m3":
            if facts.manure_cellar_volume_m3 is None:
                outcome.conditions.append(Condition("hoeveel m³ mest past in de kelder?", None))
                outcome.reasons.append(
                    f"U krijgt de extra kosten van het afvoeren van mest: gemiddeld {euro(rate)} per m³."
                )
                return outcome
            outcome.open = True
            outcome.amount = result["amount"]
            outcome.reasons.append(
                f"Uw mestkelder is {facts.manure_cellar_volume_m3} m³. Het IMG betaalt de extra kosten "
                "van het afvoeren van "
                f"mest: {euro(rate)} per m³, samen {euro(rate * facts.manure_cellar_volume_m3)}."
            )
            if given["proven_removal_costs"] > rate * facts.manure_cellar_volume_m3:
                outcome.reasons.append(
                    f"U toont hogere kosten aan: {euro(given['proven_removal_costs'])}. Dat krijgt u."
                )
            return outcome
        outcome.reasons.append("Een onafhankelijke deskundige maakt een raming van de schade aan uw bedrijf.")
        if result["amount"] is not None:
            outcome.open = True
            outcome.amount = result["amount"]
            outcome.reasons.append(
                f"U en het IMG zijn het eens met de raming. Het IMG betaalt snel: het doel is binnen "
                f"{parameters['manure_cellar_target_months']} maanden, met de betaling."
            )
        elif given["estimate_agreed"] is False:
            outcome.open = True
            outcome.reasons.append("U en het IMG zijn het niet eens met de raming. Dan volgt een langer onderzoek.")
        else:
            outcome.conditions.append(
                Condition("wat is de raming van de deskundige, en bent u het daarmee eens?", None)
            )
        return outcome
