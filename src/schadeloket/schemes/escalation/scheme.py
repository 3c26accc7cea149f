"""Escalation routes for stuck or special situations: who may refer a case, and where it goes.

- Interventieteam Vastgelopen Situaties (mandate of 24 June 2021): mayors of Eemsdelta, Groningen,
  Het Hogeland, Midden-Groningen and Oldambt refer (other municipalities if circumstances warrant);
  IMG or NCG only in very special cases; residents cannot refer themselves; its advice binds IMG and NCG.
- Commissie Bijzondere Situaties (since April 2014): via mayors or the independent counsellor.
- Knelpuntenpot: not found in public sources; a PLACEHOLDER parameter keeps the route closed.

Not a payment: the outcome lists the routes (RoutedOutcome). Domain facts §1.14.
"""

from django.utils.translation import gettext_lazy as _

from ..aos.scheme import RoutedOutcome
from ..engine.answers import read_answers
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Scheme

SOURCE_IVS = "https://www.schadedoormijnbouw.nl/interventieteam-vastgelopen-situaties"
REFERRERS = ("burgemeester", "raadsman", "img", "ncg", "bewoner")

ANSWERS = {
    "situation_stuck": None,  # a stuck [vastgelopen] or special situation
    "referred_by": None,  # who refers: "burgemeester", "raadsman" (onafhankelijke raadsman), "img", "ncg", "bewoner"
    "very_special_case": False,  # IMG or NCG may refer to the Interventieteam only in very special cases
    "circumstances_warrant": None,  # a municipality outside the mandate: circumstances warrant it
}
QUESTIONS = (
    Question("situation_stuck", _("Is de situatie vastgelopen of heel bijzonder?"), Kind.YES_NO),
    Question(
        "referred_by",
        _("Wie meldt de situatie aan?"),
        Kind.CHOICE,
        help_text=_("Een bewoner kan zich niet zelf aanmelden."),
        choices=(
            ("burgemeester", _("De burgemeester")),
            ("raadsman", _("De onafhankelijke raadsman")),
            ("img", _("Het IMG")),
            ("ncg", _("Het NCG")),
            ("bewoner", _("De bewoner zelf")),
        ),
    ),
    Question(
        "very_special_case",
        _("Is het een heel bijzonder geval?"),
        Kind.YES_NO,
        help_text=_(
            "Alleen in een heel bijzonder geval mogen het IMG of het NCG iemand aanmelden bij het Interventieteam. "
            "Leeg betekent nee."
        ),
    ),
    Question(
        "circumstances_warrant",
        _("Is er een goede reden om een situatie uit een andere gemeente aan te melden bij het Interventieteam?"),
        Kind.YES_NO,
        help_text=_(
            "Alleen nodig voor gemeenten buiten Eemsdelta, Groningen, Het Hogeland, Midden-Groningen en Oldambt."
        ),
    ),
)
ROUTE_TEXTS = {
    "interventieteam": "Het Interventieteam Vastgelopen Situaties kijkt naar uw situatie. Het IMG en het NCG moeten "
    "het advies van het team uitvoeren.",
    "commissie_bijzondere_situaties": "De Commissie Bijzondere Situaties kijkt naar uw situatie. De commissie kan "
    "bijvoorbeeld helpen met verhuiskosten, een financieel coach, tijdelijke huur of herstel.",
    "knelpuntenpot": "Uw situatie kan naar de Knelpuntenpot.",
}


class Escalation(Scheme):
    code = "ESCALATIE"
    name = "Vastgelopen en bijzondere situaties"
    short_description = (
        "Loopt uw situatie vast, of is die heel bijzonder? Dan kan de burgemeester of de onafhankelijke raadsman uw "
        "situatie aanmelden bij het Interventieteam of de Commissie Bijzondere Situaties. "
        "U kunt zich niet zelf aanmelden."
    )
    goal = "Vastgelopen en bijzondere situaties van bewoners oplossen als de gewone regelingen niet helpen."
    legal_basis = "Mandaatbesluit vastgelopen situaties (Stcrt. 2021, 33674); Commissie Bijzondere Situaties"
    legal_basis_url = "https://zoek.officielebekendmakingen.nl/stcrt-2021-33674.html"
    human_involvement = (
        "Een onafhankelijk team of een commissie beoordeelt elke situatie apart. Er is geen automatisch besluit."
    )
    needs = ("Een aanmelding door de burgemeester of de onafhankelijke raadsman",)
    effort = "Gesprekken met het team of de commissie"
    closes_off = "Niets: de gewone regelingen blijven mogelijk."
    table_files = ("routes.dmn",)
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "knelpuntenpot_available",
                False,
                "Is de Knelpuntenpot een route?",
                "NIET GEVONDEN: geen openbare bron over de Knelpuntenpot; plaatshouder, zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> RoutedOutcome:
        parameters = parameters or self.parameters
        given = read_answers(
            answers,
            ANSWERS,
            booleans=("situation_stuck", "very_special_case", "circumstances_warrant"),
            choices={"referred_by": REFERRERS},
        )
        context = {**facts.as_context(), **parameters.as_context(), **given}
        outcome = RoutedOutcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        if given["situation_stuck"] is False:
            outcome.open = False
            outcome.conditions.append(Condition("Uw situatie is niet vastgelopen en niet bijzonder.", False))
            return outcome
        if given["situation_stuck"] is None:
            outcome.conditions.append(Condition("is uw situatie vastgelopen of heel bijzonder?", None))
        referrer = given["referred_by"]
        if referrer == "bewoner":
            outcome.open = False
            outcome.conditions.append(
                Condition(
                    "U kunt zich niet zelf aanmelden. Vraag uw burgemeester of de onafhankelijke raadsman.", False
                )
            )
            return outcome
        if referrer is None:
            # Show what is possible when the mayor refers the case, without deciding it.
            context = {**context, "referred_by": "burgemeester", "situation_stuck": True}
            outcome.conditions.append(
                Condition("meldt uw burgemeester of de onafhankelijke raadsman uw situatie aan?", None)
            )
        else:
            context["situation_stuck"] = True if given["situation_stuck"] is None else given["situation_stuck"]
        routes = self.evaluate("escalation_routes", context, outcome)["route"]
        outcome.routes = list(dict.fromkeys(routes))
        if not outcome.routes:
            outcome.open = False
            outcome.conditions.append(
                Condition("Voor deze aanmelding, gemeente en datum is er geen escalatieroute.", False)
            )
            return outcome
        if referrer is not None and given["situation_stuck"] is True:
            outcome.open = True
        prefix = "Als de burgemeester uw situatie aanmeldt: " if referrer is None else ""
        for route in outcome.routes:
            outcome.reasons.append(prefix + ROUTE_TEXTS[route])
        return outcome
