"""Samenloop with NCG: handling damage and reinforcement together, only with consent to share data.

When the building is in the reinforcement area and the owner wants it, NCG and IMG handle damage
and reinforcement together; that needs the owner's consent to exchange personal data, which can
be withdrawn at any time. Damage that affects safety is always included in the reinforcement.
The text of the Besluit Twg definition of "samenloop" and the term "koppelkans" are not found: a
PLACEHOLDER parameter keeps the koppelkans route closed. Domain facts §1.15.
"""

from django.utils.translation import gettext_lazy as _

from ..aos.scheme import RoutedOutcome
from ..engine.answers import read_answers
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Scheme

SOURCE = "https://www.nationaalcoordinatorgroningen.nl/aardbevingsschade/schade-en-versterken-samen-oppakken"

ANSWERS = {
    "consent": None,  # the owner's consent to exchange personal data between IMG and NCG
    "wants_joint_approach": None,  # the owner wants damage and reinforcement handled together
    "damage_affects_safety": None,  # the damage affects the safety of the building
}
QUESTIONS = (
    Question(
        "consent",
        _("Geeft de eigenaar toestemming om gegevens te delen tussen het IMG en het NCG?"),
        Kind.YES_NO,
        help_text=_("De eigenaar kan deze toestemming altijd intrekken."),
    ),
    Question(
        "wants_joint_approach",
        _("Wil de eigenaar schade en versterken samen laten oppakken?"),
        Kind.YES_NO,
    ),
    Question(
        "damage_affects_safety",
        _("Raakt de schade de veiligheid van het gebouw?"),
        Kind.YES_NO,
        help_text=_("Zulke schade neemt het NCG altijd mee in de versterking, ook zonder toestemming."),
    ),
)
CONDITIONS = {
    "area": ("Uw gebouw staat in het versterkingsgebied.", "Uw gebouw staat niet in het versterkingsgebied."),
    "consent": (
        "U geeft toestemming om uw gegevens te delen tussen het IMG en het NCG.",
        "U geeft geen toestemming om uw gegevens te delen. Dan handelen het IMG en het NCG alles apart af.",
    ),
    "wish": (
        "U wilt schade en versterken samen laten oppakken.",
        "U wilt schade en versterken niet samen laten oppakken.",
    ),
}
UNKNOWN = {
    "consent": "geeft u toestemming om uw gegevens te delen tussen het IMG en het NCG?",
    "wish": "wilt u schade en versterken samen laten oppakken?",
}
ROUTE_TEXTS = {
    "joint_approach": "Het NCG en het IMG pakken uw schade en de versterking samen op. Vraag uw bewonersbegeleider van "
    "het NCG of uw zaakbegeleider van het IMG. U kunt uw toestemming altijd intrekken.",
    "safety_in_reinforcement": "Schade die de veiligheid raakt, neemt het NCG altijd mee in de versterking.",
    "koppelkans": "Uw schadevergoeding kan rechtstreeks naar het NCG, zodat het herstel meegaat in de versterking.",
}


class Concurrence(Scheme):
    code = "SAMENLOOP"
    name = "Schade en versterken samen"
    short_description = (
        "Wordt uw huis versterkt en heeft u ook schade? Dan kunnen het NCG en het IMG dat samen oppakken. "
        "Daarvoor geeft u toestemming om uw gegevens te delen. U kunt die altijd intrekken."
    )
    goal = "Bewoners met schade en versterking één aanpak geven in plaats van twee."
    legal_basis = (
        "Tijdelijke wet Groningen; Besluit Tijdelijke wet Groningen, art. 1 (samenloop); AMvB gegevensuitwisseling"
    )
    legal_basis_url = SOURCE
    human_involvement = (
        "De bewonersbegeleider van het NCG en de zaakbegeleider van het IMG maken samen afspraken met u."
    )
    needs = ("Toestemming om persoonsgegevens te delen tussen het IMG en het NCG",)
    effort = "Gesprekken met bewonersbegeleider en zaakbegeleider"
    closes_off = "Niets: u kunt uw toestemming altijd intrekken."
    table_files = ("conditions.dmn", "routes.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "koppelkans_available",
                False,
                "Is de koppelkans (vergoeding naar het NCG) een route?",
                "NIET GEVONDEN: de term koppelkans en de definitie van samenloop (art. 1 Besluit Twg) zijn niet "
                "gevonden; plaatshouder, zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> RoutedOutcome:
        parameters = parameters or self.parameters
        given = read_answers(answers, ANSWERS, booleans=tuple(ANSWERS))
        context = {**facts.as_context(), **parameters.as_context(), **given}
        outcome = RoutedOutcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        failed = set(self.evaluate("samenloop_conditions", context, outcome)["condition"])
        unknown = {"consent": given["consent"] is None, "wish": given["wants_joint_approach"] is None}
        for code, (met_text, failed_text) in CONDITIONS.items():
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown.get(code):
                outcome.conditions.append(Condition(UNKNOWN[code], None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        outcome.routes = list(self.evaluate("samenloop_routes", context, outcome)["route"])
        for route in outcome.routes:
            outcome.reasons.append(ROUTE_TEXTS[route])
        if failed:
            outcome.open = False
        elif not any(unknown.values()):
            outcome.open = True
        return outcome
