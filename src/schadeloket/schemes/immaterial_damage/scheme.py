"""Immateriële schade (IMS): compensation for suffering, for adults (IMS_VOLWASSENE) and children (IMS_KIND).

Adults: the four building blocks [bouwstenen] each give a category (adult_blocks.dmn); the
highest category decides the fixed amount of € 1,500, € 3,000 or € 5,000 (adult_amount.dmn).
Reinforcement or demolition/new build via NCG gives € 5,000; the Persoonlijke Impact Analyse
can only raise the amount. How damage extent, handling time and an unsafe situation translate
into a category is not public: those thresholds are PLACEHOLDER parameters.

Children up to 17: the amount follows the highest award of the legal representatives
(€ 500 / € 1,000 / € 1,700 for € 1,500 / € 3,000 / € 5,000), maatwerk above € 5,000.

Follow-up applications (adults, after 12 months and a changed situation) and the automatic
top-ups pay the difference with the earlier award. Domain facts §1.10.

The building blocks are not in the register: they come as `answers` from the applicant or the
IMG's own files (see ADULT_ANSWERS and CHILD_ANSWERS).
"""

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.answers import read_answers as _read_answers
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE_BLOCKS = (
    "https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/beoordeling-van-uw-aanvraag/"
    "beoordeling-aanvraag-volwassenen"
)
SOURCE_AMOUNTS = "https://www.regiokrant.info/reader/screenreader/21723/paperarticle/23324"
SOURCE_CHILDREN = (
    "https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/voor-wie-is-het/"
    "regeling-voor-kinderen-en-jongeren-tm-17-jaar"
)
SOURCE_CHILD_AMOUNTS = (
    "https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/beoordeling-van-uw-aanvraag/"
    "beoordeling-aanvraag-kinderen-en-jongeren-tm-17-jaar (bedragen geciteerd in "
    "https://www.geenstijl.nl/5170258/live-ereschuld-mark-rutte-vs-de-groningers/)"
)
SOURCE_WHO = "https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/over-deze-regeling"
SOURCE_FOLLOW_UP = "https://schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/vergoeding-aanvragen?ta=16840"
SOURCE_TOP_UP = (
    "https://www.schadedoormijnbouw.nl/nieuws/2024/05/img-vult-vergoeding-immateriele-schade-automatisch-aan"
)

APPLICATION_KINDS = ("first", "follow_up", "automatic_top_up")

# What the applicant (or the IMG's own files) tells; None means not known yet.
ADULT_ANSWERS = {
    "lived_in_area_since_huizinge": None,  # building block 1: lived at an address in the area since 16 Aug 2012
    "reinforcement_or_demolition": False,  # building block 2: reinforcement or demolition/new build via NCG
    "unsafe_situation": False,  # building block 2: an unsafe situation in the home (e.g. an AOS)
    "damage_compensation": Decimal("0"),  # building block 3: compensation paid for physical damage to the home
    "handling_time_months": 0,  # building block 4: handling time of the damage case, in months
    "pia_category": 0,  # Persoonlijke Impact Analyse: 0 (none) or category 1-3; can only raise
    "household_highest_award": Decimal("0"),  # highest IMS award in the household (equalising)
    "ims_received_elsewhere": False,  # IMS already received from another body
    "previous_award": Decimal("0"),  # earlier IMS award by the IMG (follow-up or top-up)
    "previous_decision_date": None,  # date of the decision on the application or on the objection
    "situation_changed": None,  # follow-up: new or higher physical-damage award, or an AOS since
    "application_kind": None,  # "first", "follow_up" or "automatic_top_up"; derived when None
}
CHILD_ANSWERS = {
    "parent_awards": None,  # IMS awards of the legal representatives (list of amounts)
    "ims_received_elsewhere": False,
    "previous_award": Decimal("0"),  # earlier IMS award for this child (automatic top-up)
    "application_kind": None,  # "first" or "automatic_top_up"; derived when None
}
DECIMAL_ANSWERS = {"damage_compensation", "household_highest_award", "previous_award"}

ADULT_QUESTIONS = (
    Question(
        "lived_in_area_since_huizinge",
        _("Woonde de aanvrager sinds 16 augustus 2012 op een adres in het aardbevingsgebied?"),
        Kind.YES_NO,
    ),
    Question(
        "reinforcement_or_demolition",
        _("Wordt de woning versterkt, of gesloopt en opnieuw gebouwd via het NCG?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    Question(
        "unsafe_situation",
        _("Was er een onveilige situatie in de woning, bijvoorbeeld een acuut onveilige situatie?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    Question(
        "damage_compensation",
        _("Hoeveel vergoeding is betaald voor fysieke schade aan de woning?"),
        Kind.AMOUNT,
        help_text=_("Het totaal in euro. Leeg betekent 0."),
    ),
    Question(
        "handling_time_months",
        _("Hoe lang duurde het afhandelen van de schade?"),
        Kind.COUNT,
        help_text=_("In hele maanden. Leeg betekent 0."),
    ),
    Question(
        "pia_category",
        _("Welke categorie komt uit de Persoonlijke Impact Analyse?"),
        Kind.COUNT,
        maximum=3,
        help_text=_(
            "Vul 1, 2 of 3 in. Vul 0 in of laat leeg als er geen analyse is. De analyse kan het bedrag alleen verhogen."
        ),
    ),
    Question(
        "household_highest_award",
        _("Wat is het hoogste bedrag voor immateriële schade dat iemand in het huishouden kreeg?"),
        Kind.AMOUNT,
        help_text=_("Het IMG maakt de bedragen in een huishouden gelijk. Leeg betekent 0."),
    ),
    Question(
        "ims_received_elsewhere",
        _("Kreeg de aanvrager al een vergoeding voor immateriële schade van een andere instantie?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    Question(
        "previous_award",
        _("Hoeveel kreeg de aanvrager eerder van het IMG voor immateriële schade?"),
        Kind.AMOUNT,
        help_text=_("Bij een vervolgaanvraag of een automatische aanvulling. Leeg betekent 0."),
    ),
    Question(
        "previous_decision_date",
        _("Wanneer was het besluit op de vorige aanvraag, of op het bezwaar daartegen?"),
        Kind.DATE,
        help_text=_("Alleen bij een vervolgaanvraag. Die kan pas een aantal maanden na dit besluit."),
    ),
    Question(
        "situation_changed",
        _("Is de situatie veranderd sinds de vorige aanvraag?"),
        Kind.YES_NO,
        help_text=_(
            "Alleen bij een vervolgaanvraag. Bijvoorbeeld een nieuwe of hogere vergoeding voor fysieke schade, "
            "of een acuut onveilige situatie."
        ),
    ),
    Question(
        "application_kind",
        _("Wat voor aanvraag is het?"),
        Kind.CHOICE,
        help_text=_(
            "Leeg: Schadeloket leidt het af. Zonder eerder bedrag is het een eerste aanvraag, met een eerder bedrag "
            "een vervolgaanvraag."
        ),
        choices=(
            ("first", _("Eerste aanvraag")),
            ("follow_up", _("Vervolgaanvraag")),
            ("automatic_top_up", _("Automatische aanvulling door het IMG")),
        ),
    ),
)
CHILD_QUESTIONS = (
    Question(
        "parent_awards",
        _("Welke bedragen kregen de ouders of voogden voor immateriële schade?"),
        Kind.AMOUNT_LIST,
        help_text=_("Eén bedrag per regel. Het hoogste bedrag bepaalt het bedrag voor het kind."),
    ),
    Question(
        "ims_received_elsewhere",
        _("Kreeg het kind al een vergoeding voor immateriële schade van een andere instantie?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    Question(
        "previous_award",
        _("Hoeveel kreeg het kind eerder van het IMG voor immateriële schade?"),
        Kind.AMOUNT,
        help_text=_("Bij een automatische aanvulling. Leeg betekent 0."),
    ),
    Question(
        "application_kind",
        _("Wat voor aanvraag is het?"),
        Kind.CHOICE,
        help_text=_(
            "Leeg: Schadeloket leidt het af. Zonder eerder bedrag is het een eerste aanvraag, met een eerder bedrag "
            "een automatische aanvulling. Voor kinderen is er geen vervolgaanvraag."
        ),
        # Not "follow_up": for children decide() refuses it (the IMG tops up automatically).
        choices=(
            ("first", _("Eerste aanvraag")),
            ("automatic_top_up", _("Automatische aanvulling door het IMG")),
        ),
    ),
)


def read_answers(answers: dict | None, known: dict) -> dict:
    """The shared answer reader with this scheme's amounts, yes/no answers and kinds of application."""
    return _read_answers(
        answers,
        known,
        decimals=DECIMAL_ANSWERS,
        booleans=(
            "lived_in_area_since_huizinge",
            "situation_changed",
            "ims_received_elsewhere",
            "reinforcement_or_demolition",
            "unsafe_situation",
        ),
        choices={"application_kind": APPLICATION_KINDS},
    )


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (12 on the same day one year on)."""
    months = (later.year - earlier.year) * 12 + (later.month - earlier.month)
    return months - 1 if later.day < earlier.day else months


def _amount(value: str) -> Decimal:
    return Decimal(value)


COMMON_DESCRIPTION = "Tijdelijke wet Groningen; IMG, regeling immateriële schadevergoeding"

ADULT_PARAMETERS = [
    Parameter(
        "ims_adult_amount_1",
        _amount("1500"),
        "Bedrag bij persoonsaantasting",
        f"Regiokrant / NH Nieuws, vaste bedragen volwassenen: € 1.500 | {SOURCE_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_adult_amount_2",
        _amount("3000"),
        "Bedrag bij ernstige persoonsaantasting",
        f"Regiokrant / NH Nieuws: € 3.000 | {SOURCE_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_adult_amount_3",
        _amount("5000"),
        "Bedrag bij bijzonder ernstige persoonsaantasting",
        f"Regiokrant / NH Nieuws: € 5.000 | {SOURCE_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_non_owner_damage_weight",
        Decimal("0.5"),
        "Gewicht van de schade (bouwsteen 3) voor niet-eigenaren",
        f"IMG, beoordeling aanvraag volwassenen: telt voor 50% | {SOURCE_BLOCKS}",
        minimum=Decimal("0"),
        maximum=Decimal("1"),
    ),
    Parameter(
        "ims_follow_up_wait_months",
        12,
        "Maanden na het vorige besluit voor een vervolgaanvraag",
        f"IMG, vergoeding aanvragen: vervolgaanvraag na 12 maanden | {SOURCE_FOLLOW_UP}",
        unit="maanden",
        minimum=0,
    ),
    Parameter(
        "ims_damage_threshold_serious",
        _amount("10000"),
        "Schadevergoeding (bouwsteen 3) vanaf welke de schade als ernstig telt",
        "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md (de bron noemt de bouwsteen, geen drempel)",
        status=Status.PLACEHOLDER,
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_handling_time_serious_months",
        24,
        "Doorlooptijd (bouwsteen 4) vanaf welke die als ernstig telt",
        "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md (de bron noemt de bouwsteen, geen drempel)",
        status=Status.PLACEHOLDER,
        unit="maanden",
        minimum=0,
    ),
    Parameter(
        "ims_unsafe_situation_category",
        2,
        "Categorie bij een onveilige situatie zonder versterking of sloop",
        "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md (alleen versterking/sloop geeft zeker € 5.000)",
        status=Status.PLACEHOLDER,
        minimum=1,
        maximum=3,
    ),
    Parameter(
        "ims_non_owner_open_date",
        dt.date(2024, 4, 1),
        "Datum vanaf welke niet-eigenaren konden aanvragen",
        "NIET GEVONDEN: plaatshouder; aangekondigd 19 april 2023, aanvragen 'uiterlijk eind maart 2024' open | "
        f"{SOURCE_WHO}",
        status=Status.PLACEHOLDER,
    ),
    Parameter(
        "ims_top_up_adults_date",
        dt.date(2024, 9, 1),
        "Start automatisch aanvullen voor volwassenen",
        f"NIET GEVONDEN (dag): IMG-nieuws mei 2024 noemt 'september 2024' | {SOURCE_TOP_UP}",
        status=Status.PLACEHOLDER,
    ),
]
CHILD_PARAMETERS = [
    Parameter(
        "ims_child_amount_1",
        _amount("500"),
        "Bedrag kind als de hoogste ouder € 1.500 kreeg",
        f"IMG, kinderen en jongeren t/m 17 jaar: € 500 | {SOURCE_CHILD_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_child_amount_2",
        _amount("1000"),
        "Bedrag kind als de hoogste ouder € 3.000 kreeg",
        f"IMG, kinderen en jongeren t/m 17 jaar: € 1.000 | {SOURCE_CHILD_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_child_amount_3",
        _amount("1700"),
        "Bedrag kind als de hoogste ouder € 5.000 kreeg",
        f"IMG, kinderen en jongeren t/m 17 jaar: € 1.700 | {SOURCE_CHILD_AMOUNTS}",
        unit="EUR",
        minimum=Decimal("0"),
    ),
    Parameter(
        "ims_top_up_children_date",
        dt.date(2024, 5, 23),
        "Start automatisch aanvullen voor kinderen",
        f"IMG-nieuws 23 mei 2024 | {SOURCE_TOP_UP}",
    ),
    Parameter(
        "ims_child_decision_weeks",
        8,
        "Beslistermijn voor kinderen",
        f"IMG, beoordeling aanvraag kinderen: besluit binnen 8 weken | {SOURCE_CHILD_AMOUNTS}",
        unit="weken",
        minimum=0,
    ),
    Parameter(
        "ims_child_payment_working_days",
        10,
        "Betaaltermijn na het besluit voor kinderen",
        f"IMG, beoordeling aanvraag kinderen: betaling binnen 10 werkdagen | {SOURCE_CHILD_AMOUNTS}",
        unit="werkdagen",
        minimum=0,
    ),
]

ADULT_CONDITIONS = {
    "age": (
        "U bent 18 jaar of ouder.",
        "U bent jonger dan 18 jaar. Voor kinderen en jongeren is er een aparte regeling.",
    ),
    "address": (
        "U woonde sinds 16 augustus 2012 op een adres in het aardbevingsgebied.",
        "U woonde sinds 16 augustus 2012 niet op een adres in het aardbevingsgebied.",
    ),
    "elsewhere": (
        "U kreeg nog geen vergoeding voor immateriële schade van een andere instantie.",
        "U kreeg al een vergoeding voor immateriële schade van een andere instantie.",
    ),
    "non_owner_not_open": (
        "De regeling is open voor eigenaren, huurders en andere bewoners.",
        "Op deze datum was de regeling nog niet open voor huurders en andere bewoners die geen eigenaar zijn.",
    ),
}
FOLLOW_UP_CONDITIONS = {
    "no_change": (
        "Uw situatie is veranderd sinds uw vorige aanvraag.",
        "Uw situatie is niet veranderd sinds uw vorige aanvraag. "
        "Een vervolgaanvraag kan alleen als er iets is veranderd.",
    ),
    "too_soon": (
        "Het besluit op uw vorige aanvraag is minstens 12 maanden oud.",
        "Het besluit op uw vorige aanvraag (of op uw bezwaar) is nog geen 12 maanden oud.",
    ),
}
TOP_UP_CONDITIONS = {
    "top_up_not_started": (
        "Het IMG vult bedragen automatisch aan.",
        "Op deze datum vulde het IMG de bedragen nog niet automatisch aan.",
    ),
    "no_trigger": (
        "Er is een reden om aan te vullen: versterking, sloop en nieuwbouw, of een hoger bedrag in uw huishouden.",
        "Er is geen reden om automatisch aan te vullen: geen versterking, sloop of hoger bedrag in uw huishouden.",
    ),
}
UNKNOWN_ADULT = {
    "age": "bent u 18 jaar of ouder?",
    "address": "woonde u sinds 16 augustus 2012 op een adres in het aardbevingsgebied?",
    "non_owner_not_open": "bent u eigenaar van de woning, of huurder of andere bewoner?",
    "no_change": "is uw situatie veranderd sinds uw vorige aanvraag?",
    "too_soon": "wanneer kreeg u het besluit op uw vorige aanvraag of bezwaar?",
}
BLOCK_TEXTS = {
    "address": "U woonde sinds 16 augustus 2012 in het aardbevingsgebied (bouwsteen 1). Daarvoor krijgt u minstens het "
    "bedrag voor persoonsaantasting.",
    "reinforcement": "Uw woning wordt versterkt, of gesloopt en opnieuw gebouwd via het NCG (bouwsteen 2). "
    "Dan krijgt u "
    "het hoogste bedrag.",
    "unsafe": "Er was een onveilige situatie in uw woning (bouwsteen 2).",
    "damage": "Er was veel schade aan uw woning (bouwsteen 3).",
    "handling_time": "Het afhandelen van uw schade duurde lang (bouwsteen 4).",
    "pia": "Uw antwoorden in de Persoonlijke Impact Analyse verhogen het bedrag.",
    "household": "Iemand in uw huishouden kreeg een hoger bedrag. Het IMG trekt de bedragen in een huishouden gelijk.",
}


class _ImmaterialDamage(Scheme):
    legal_basis = COMMON_DESCRIPTION
    human_involvement = (
        "Een behandelaar beoordeelt de bouwstenen en de Persoonlijke Impact Analyse en neemt het besluit. "
        "U kunt bezwaar maken, bijvoorbeeld als het IMG de verkeerde feiten gebruikte of als maatwerk nodig is."
    )
    effort = "Geen schade-opname; een vragenlijst (Persoonlijke Impact Analyse) is mogelijk"

    def _top_up(self, outcome: Outcome, amount: Decimal, previous: Decimal, kind: str) -> None:
        """Follow-up and top-up pay the difference with the earlier award, never less than nothing."""
        if kind == "first" or previous <= 0:
            outcome.amount = amount
            return
        if amount <= previous:
            outcome.open = False
            outcome.conditions.append(
                Condition(
                    f"Het nieuwe bedrag ({euro(amount)}) is niet hoger dan wat u al kreeg ({euro(previous)}).", False
                )
            )
            return
        outcome.amount = amount - previous
        outcome.reasons.append(
            f"U kreeg eerder {euro(previous)}. Het nieuwe bedrag is {euro(amount)}. U krijgt het verschil: "
            f"{euro(amount - previous)}."
        )


class ImmaterialDamageAdult(_ImmaterialDamage):
    code = "IMS_VOLWASSENE"
    name = "Immateriële schade volwassenen"
    short_description = (
        "Een vast bedrag voor leed en zorgen door de gaswinning: € 1.500, € 3.000 of € 5.000. Het IMG kijkt naar "
        "waar u woonde, veiligheid, de schade aan uw woning en hoe lang het afhandelen duurde."
    )
    goal = "Erkenning van leed, angst en zorgen door de aardbevingen met een vast bedrag per volwassene."
    legal_basis_url = SOURCE_BLOCKS
    needs = (
        "Adressen waar u sinds 16 augustus 2012 woonde",
        "Eventueel de vragenlijst Persoonlijke Impact Analyse",
    )
    closes_off = (
        "Niet als u al elders een vergoeding voor immateriële schade kreeg. Een vervolgaanvraag kan pas 12 maanden na "
        "het besluit en alleen als uw situatie veranderde."
    )
    table_files = ("adult_conditions.dmn", "adult_blocks.dmn", "adult_amount.dmn")
    questions = ADULT_QUESTIONS
    parameters = ParameterSet(ADULT_PARAMETERS)

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = read_answers(answers, ADULT_ANSWERS)
        kind = given["application_kind"] or ("first" if given["previous_award"] <= 0 else "follow_up")
        previous_date = given["previous_decision_date"]
        months = None if previous_date is None else months_between(previous_date, facts.reference_date)
        context = {
            **facts.as_context(),
            **parameters.as_context(),
            **given,
            "application_kind": kind,
            "months_since_previous_decision": months,
        }
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        failed = set(self.evaluate("ims_adult_conditions", context, outcome)["condition"])
        unknown = {
            "age": facts.applicant_age_years is None,
            "address": given["lived_in_area_since_huizinge"] is None,
            "non_owner_not_open": facts.applicant_is_owner is None,
            "no_change": kind == "follow_up" and given["situation_changed"] is None,
            "too_soon": kind == "follow_up" and months is None,
        }
        texts = dict(ADULT_CONDITIONS)
        if kind == "follow_up":
            texts.update(FOLLOW_UP_CONDITIONS)
        if kind == "automatic_top_up":
            texts.update(TOP_UP_CONDITIONS)
        for code, (met_text, failed_text) in texts.items():
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown.get(code):
                outcome.conditions.append(Condition(UNKNOWN_ADULT[code], None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        if failed:
            outcome.open = False
            return outcome

        blocks = self.evaluate("ims_adult_blocks", context, outcome)
        category = max(blocks["category"], default=0)
        if not category:
            outcome.open = None
            return outcome
        result = self.evaluate("ims_adult_amount", {**context, "category": category}, outcome)
        outcome.open = None if any(unknown.values()) else True
        seen = []
        for block in blocks["block"]:
            if block not in seen:
                seen.append(block)
                outcome.reasons.append(BLOCK_TEXTS[block])
        if "damage" in seen and facts.applicant_is_owner is not True:
            outcome.reasons.append("U bent geen eigenaar. Daarom telt de schade aan de woning voor de helft mee.")
        outcome.reasons.append(f"Dat is een {result['level']}. Het bedrag daarvoor is {euro(result['amount'])}.")
        self._top_up(outcome, result["amount"], given["previous_award"], kind)
        return outcome


class ImmaterialDamageChild(_ImmaterialDamage):
    code = "IMS_KIND"
    name = "Immateriële schade kinderen en jongeren"
    short_description = (
        "Een vast bedrag voor kinderen en jongeren tot en met 17 jaar: € 500, € 1.000 of € 1.700. Het bedrag hangt af "
        "van het hoogste bedrag dat een ouder of voogd kreeg."
    )
    goal = "Erkenning van leed en zorgen van kinderen en jongeren door de aardbevingen."
    legal_basis_url = SOURCE_CHILDREN
    needs = ("Een besluit immateriële schade voor minstens één ouder of voogd",)
    closes_off = "Niet als uw kind al elders een vergoeding voor immateriële schade kreeg."
    table_files = ("child_conditions.dmn", "child_amount.dmn")
    questions = CHILD_QUESTIONS
    parameters = ParameterSet(CHILD_PARAMETERS)

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = read_answers(answers, CHILD_ANSWERS)
        if given["application_kind"] == "follow_up":
            raise AnswerError("Voor kinderen is er geen vervolgaanvraag: het IMG vult automatisch aan.")
        kind = given["application_kind"] or ("first" if given["previous_award"] <= 0 else "automatic_top_up")
        awards = given["parent_awards"]
        try:
            highest = max((Decimal(str(a)) for a in awards or ()), default=Decimal("0"))
        except ArithmeticError:
            raise AnswerError(f"Antwoord 'parent_awards' moet een lijst met bedragen zijn, niet '{awards}'.") from None
        context = {
            **facts.as_context(),
            **parameters.as_context(),
            **given,
            "application_kind": kind,
            "highest_parent_award": highest,
        }
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        failed = set(self.evaluate("ims_child_conditions", context, outcome)["condition"])
        texts = {
            "age": (
                "Uw kind is 17 jaar of jonger.",
                "Uw kind is 18 jaar of ouder. Dan geldt de regeling voor volwassenen.",
            ),
            "no_parent_award": (
                "Minstens één ouder of voogd kreeg een vergoeding voor immateriële schade.",
                "Geen ouder of voogd kreeg een vergoeding voor immateriële schade. Dat is nodig voor uw kind.",
            ),
            "elsewhere": (
                "Uw kind kreeg nog geen vergoeding voor immateriële schade van een andere instantie.",
                "Uw kind kreeg al een vergoeding voor immateriële schade van een andere instantie.",
            ),
        }
        if kind == "automatic_top_up":
            texts["top_up_not_started"] = (
                "Het IMG vult bedragen voor kinderen automatisch aan.",
                "Op deze datum vulde het IMG de bedragen voor kinderen nog niet automatisch aan "
                "(dat kan sinds 23 mei 2024).",
            )
        unknown = {"age": facts.applicant_age_years is None, "no_parent_award": awards is None}
        unknown_texts = {
            "age": "is uw kind 17 jaar of jonger?",
            "no_parent_award": "welk bedrag kregen de ouders of voogden voor immateriële schade?",
        }
        for code, (met_text, failed_text) in texts.items():
            if code in failed and not unknown.get(code):
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown.get(code):
                outcome.conditions.append(Condition(unknown_texts[code], None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        failed -= {code for code, is_unknown in unknown.items() if is_unknown}
        if failed:
            outcome.open = False
            return outcome
        if awards is None:
            outcome.open = None
            return outcome

        result = self.evaluate("ims_child_amount", context, outcome)
        if result["route"] == "maatwerk":
            outcome.open = None
            outcome.reasons.append(
                f"Een ouder of voogd kreeg meer dan {euro(Decimal('5000'))} via maatwerk. Daarom beoordeelt "
                "het IMG ook "
                "uw kind met maatwerk."
            )
            return outcome
        outcome.open = None if any(unknown.values()) else True
        outcome.reasons.append(
            f"Het hoogste bedrag van de ouders of voogden is {euro(highest)}. "
            f"Daarom krijgt uw kind {euro(result['amount'])}."
        )
        outcome.reasons.append(
            f"Het IMG beslist binnen {parameters['ims_child_decision_weeks']} weken en betaalt binnen "
            f"{parameters['ims_child_payment_working_days']} werkdagen."
        )
        self._top_up(outcome, result["amount"], given["previous_award"], kind)
        return outcome
