"""Sustainable repair (duurzaam herstel): repair of a structural defect that keeps causing damage.

Nobody can apply: the IMG invites. `decide` therefore always returns open=False for an
application, and reports separately whether the building is eligible for an invitation
(`invitation_eligible`): in the pilot area (area.dmn), more than € 15,000 received, damage reported
several times, not rented out commercially, and a construction that leads to repeat damage
(conditions.dmn). No money is paid: the damage is repaired. Domain facts §1.6.

Answers (not in Facts): `rented_out_commercially` and `construction_causes_repeat_damage`
(an expert's judgement), both yes/no or None when not known.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE_POLICY_2023 = "https://zoek.officielebekendmakingen.nl/stcrt-2023-17664.html"
SOURCE_POLICY_2025 = "https://zoek.officielebekendmakingen.nl/stcrt-2025-40634.html"
SOURCE_PILOT = (
    "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/pilot-duurzaam-herstel?ta=16821"
)
SOURCE_NCG = (
    "https://www.schadedoormijnbouw.nl/nieuws/2024/04/ncg-neemt-img-pilot-duurzaam-herstel-mee-in-de-versterking"
)

# Postcodes of the places of the old municipalities (before the mergers into Eemsdelta in 2021 and
# Groningen in 2019), read from the place names in pc4-groningen-drenthe.csv: a marked placeholder.
OLD_MUNICIPALITY_PC4S = {
    "Loppersum": "9911,9912,9913,9914,9915,9917,9918,9919,9921,9922,9923,9924,9987,9991,9992,9993,9994",
    "Ten Boer": "9791,9792,9793,9794,9795,9796,9797,9798",
    "Appingedam": "9901,9902,9903",
}

ANSWERS = ("rented_out_commercially", "construction_causes_repeat_damage")
QUESTIONS = (
    Question("rented_out_commercially", _("Wordt het gebouw commercieel verhuurd?"), Kind.YES_NO),
    Question(
        "construction_causes_repeat_damage",
        _("Heeft de deskundige vastgesteld dat de bouw van het gebouw steeds tot nieuwe schade leidt?"),
        Kind.YES_NO,
        help_text=_("Laat dit leeg zolang de deskundige van het IMG het gebouw nog niet heeft beoordeeld."),
    ),
)

ROUTE_TEXTS = {
    "old_municipality": "Het gebouw staat in de oude gemeente Loppersum, Ten Boer of Appingedam, waar de pilot begon.",
    "reinforcement_area": (
        "Het gebouw staat in het versterkingsgebied van de NCG. Daar loopt de pilot sinds maart 2024."
    ),
}
UNKNOWN_TEXTS = {
    "rented": "wordt het gebouw commercieel verhuurd?",
    "structural_defect": (
        "leidt de bouw van het gebouw steeds tot nieuwe schade? Een deskundige van het IMG kijkt dat na."
    ),
}


def check_answers(answers: dict | None) -> dict:
    answers = dict(answers or {})
    for name, value in answers.items():
        if name not in ANSWERS:
            raise AnswerError(f"Het antwoord '{name}' hoort niet bij duurzaam herstel. Bekend: {', '.join(ANSWERS)}.")
        if value is not None and not isinstance(value, bool):
            raise AnswerError(f"Het antwoord '{name}' moet ja of nee zijn (of leeg als het niet bekend is).")
    return {name: answers.get(name) for name in ANSWERS}


@dataclass
class SustainableRepairOutcome(Outcome):
    """Never open for an application; `invitation_eligible` says whether the IMG may invite."""

    invitation_eligible: bool | None = None  # None: depends on answers the register cannot know

    def as_dict(self) -> dict:
        result = super().as_dict()
        result["invitation_eligible"] = self.invitation_eligible
        return result


class SustainableRepair(Scheme):
    code = "DUURZAAM_HERSTEL"
    name = "Duurzaam herstel"
    short_description = (
        "Heeft uw gebouw steeds weer schade door een fout in de bouw? Dan kan het IMG die fout laten herstellen. "
        "U kunt dit niet zelf aanvragen: het IMG neemt contact met u op. U krijgt geen geld; de schade wordt "
        "hersteld."
    )
    goal = "Een gebrek aan de constructie dat steeds nieuwe schade geeft, in één keer duurzaam herstellen."
    legal_basis = (
        "Beleidsregel duurzaam herstel van 8 juni 2023 (Stcrt. 2023, 17664), art. 2 lid 10 Tijdelijke wet Groningen "
        "en art. 4:81 Awb; nieuwe beleidsregel Stcrt. 2025, 40634"
    )
    legal_basis_url = SOURCE_POLICY_2023
    human_involvement = (
        "Het IMG kiest wie een uitnodiging krijgt. Een deskundige beoordeelt of de bouw tot herhaalschade leidt "
        "en wat er hersteld wordt, volgens het technisch kader."
    )
    needs = ("Een uitnodiging van het IMG", "Een beoordeling van het gebouw door een deskundige")
    effort = "Een deskundige van het IMG komt langs"
    closes_off = "Het is een tegemoetkoming in natura: u krijgt geen geld, de schade wordt hersteld."
    table_files = ("area.dmn", "conditions.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "sustainable_repair_min_received",
                Decimal("15000"),
                "Ontvangen vergoeding moet hoger zijn dan dit bedrag",
                f"IMG, pilot duurzaam herstel: meer dan € 15.000 vergoeding ontvangen ({SOURCE_PILOT})",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "sustainable_repair_min_damage_reports",
                2,
                'Minimaal aantal eerdere schadevergoedingen ("meerdere schades gemeld"), geteld als eerdere betalingen',
                "NIET GEVONDEN: de bron zegt alleen 'meerdere schades gemeld'; plaatshouder 2, "
                "zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
                minimum=1,
            ),
            Parameter(
                "sustainable_repair_pilot_pc4s",
                ",".join(OLD_MUNICIPALITY_PC4S.values()),
                "Postcodes (4 cijfers) van de oude gemeenten Loppersum, Ten Boer en Appingedam",
                "NIET GEVONDEN als lijst: plaatshouder, samengesteld uit de plaatsnamen in pc4-groningen-drenthe.csv, "
                "zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(
        self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None
    ) -> SustainableRepairOutcome:
        parameters = parameters or self.parameters
        answers = check_answers(answers)
        context = {**facts.as_context(), **parameters.as_context(), **answers}
        outcome = SustainableRepairOutcome(
            scheme=self.code, scheme_name=self.name, open=False, parameters=parameters.as_context()
        )
        routes = self.evaluate("sustainable_repair_area", context, outcome)["route"]
        context["in_pilot_area"] = bool(routes)
        failed = set(self.evaluate("sustainable_repair_conditions", context, outcome)["condition"])
        unknown = {
            "rented": answers["rented_out_commercially"] is None,
            "structural_defect": answers["construction_causes_repeat_damage"] is None,
        }
        if failed:
            outcome.invitation_eligible = False
        else:
            outcome.invitation_eligible = None if any(unknown.values()) else True

        if outcome.invitation_eligible is False:
            apply_text = "U kunt duurzaam herstel niet zelf aanvragen. Het IMG nodigt mensen uit."
        elif outcome.invitation_eligible is None:
            apply_text = (
                "U kunt duurzaam herstel niet zelf aanvragen. Het IMG nodigt mensen uit. U voldoet misschien aan de "
                "voorwaarden voor een uitnodiging."
            )
        else:
            apply_text = (
                "U kunt duurzaam herstel niet zelf aanvragen. U voldoet wel aan de voorwaarden voor een uitnodiging: "
                "het IMG kan contact met u opnemen."
            )
        outcome.conditions.append(Condition(apply_text, False))
        for code, (met_text, failed_text) in self._condition_texts(facts, parameters, routes).items():
            if code == "not_started" and code not in failed:
                continue
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown.get(code):
                outcome.conditions.append(Condition(UNKNOWN_TEXTS[code], None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        outcome.reasons = [
            "U krijgt geen geld. Het IMG laat de schade herstellen.",
            *(ROUTE_TEXTS[route] for route in routes),
        ]
        return outcome

    @staticmethod
    def _condition_texts(facts, parameters, routes) -> dict[str, tuple[str, str]]:
        minimum = euro(parameters["sustainable_repair_min_received"])
        reports = parameters["sustainable_repair_min_damage_reports"]
        area_met = ROUTE_TEXTS[routes[0]] if routes else ""
        if facts.in_reinforcement_area and facts.reference_date < dt.date(2024, 3, 1):
            area_failed = "Het versterkingsgebied van de NCG hoorde toen nog niet bij de pilot."
        else:
            area_failed = (
                "Het gebouw staat niet in de oude gemeenten Loppersum, Ten Boer of Appingedam en niet in het "
                "versterkingsgebied van de NCG."
            )
        return {
            "not_started": ("", "Duurzaam herstel bestond toen nog niet."),
            "area": (area_met, area_failed),
            "received": (
                f"U kreeg meer dan {minimum} vergoeding.",
                f"U kreeg niet meer dan {minimum} vergoeding.",
            ),
            "repeated_damage": (
                "U heeft vaker schade gemeld.",
                f"U kreeg minder dan {reports} keer een vergoeding voor schade.",
            ),
            "rented": ("Het gebouw wordt niet commercieel verhuurd.", "Het gebouw wordt commercieel verhuurd."),
            "structural_defect": (
                "De bouw van het gebouw leidt steeds tot nieuwe schade.",
                "Een deskundige vond geen fout in de bouw die steeds tot nieuwe schade leidt.",
            ),
        }
