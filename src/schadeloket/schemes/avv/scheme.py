"""AVV: the supplementary fixed payment (aanvullende vaste vergoeding).

A top-up of everything NAM, CVW, TCMG and IMG paid earlier for damage to the building, to a fixed
total: € 5,000 in the 2022-2023 design, € 10,000 for buildings and € 5,000 for small objects in
the 2025 design. Domain facts §1.2.

Tables: amount.dmn (total and top-up), opening.dmn (opening date per municipality), priority.dmn
(who goes first) and conditions.dmn (the conditions not met). The date the 2025 amounts took
effect, the AVV start date, the small-object test and most opening dates are not public: they are
marked PLACEHOLDER parameters, listed in docs/open-questions.md.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Outcome, Scheme

SOURCE_2022 = "https://www.schadedoormijnbouw.nl/nieuws/aanvullende-vaste-vergoeding-na-afwijzing"
SOURCE_CONDITIONS = "https://www.schadedoormijnbouw.nl/schade-gebouw/vaste-vergoeding/aanvullende-vaste-vergoeding"
SOURCE_2025 = "https://www.oogtv.nl/2025/10/aanvraag-aanvullende-vaste-vergoeding-img-vanaf-maandag-mogelijk-in-gemeente-groningen/"
SOURCE_PRE_REGISTRATION = "https://www.oogtv.nl/2025/04/img-ook-oud-woningbezitters-krijgen-in-de-toekomst-tot-10-000-euro-extra-bij-bevingsschade/"

NO_DATE_YET = dt.date(9999, 12, 31)  # "closed until a date is set"

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# The extra things the applicant tells us (not in Facts): name → accepted types.
ANSWERS = {
    "had_ves_before": (bool, type(None)),  # 2022-2023 design: chose VES before
    "former_owner_has_decision_letter": (bool, type(None)),  # own decision from NAM, CVW, TCMG or IMG
}
QUESTIONS = (
    Question(
        "had_ves_before",
        _("Heeft de aanvrager eerder gekozen voor de vaste vergoeding?"),
        Kind.YES_NO,
        help_text=_("Alleen nodig bij de regels van 2022 en 2023. Bij de regels van 2025 telt dit niet."),
    ),
    Question(
        "former_owner_has_decision_letter",
        _("Heeft de oud-eigenaar een eigen besluit van NAM, CVW, TCMG of IMG?"),
        Kind.YES_NO,
        help_text=_("Alleen nodig als de aanvrager oud-eigenaar is en geen eigenaar meer."),
    ),
)

PRIORITY_TEXTS = {
    1: "U heeft zich vooraf ingeschreven. Daarom bent u als eerste aan de beurt.",
    2: "U bent eigenaar. Eigenaren zijn aan de beurt na wie zich vooraf inschreef.",
    3: "U bent oud-eigenaar. Oud-eigenaren zijn later aan de beurt.",
}
UNKNOWN_TEXTS = {
    "natural_person": "vraagt u aan als persoon (niet als bedrijf)?",
    "owner": "bent u eigenaar of oud-eigenaar van het gebouw?",
    "former_owner_letter": "heeft u als oud-eigenaar een eigen besluit van NAM, CVW, TCMG of IMG?",
    "co_owner_consent": "geven eventuele mede-eigenaren toestemming?",
    "ves_before": "heeft u eerder gekozen voor de vaste vergoeding?",
}


def check_answers(answers: dict | None) -> dict:
    answers = dict(answers or {})
    for name, value in answers.items():
        if name not in ANSWERS:
            known = ", ".join(sorted(ANSWERS))
            raise AnswerError(f"Het antwoord '{name}' hoort niet bij de aanvullende vaste vergoeding. Bekend: {known}.")
        if not isinstance(value, ANSWERS[name]):
            raise AnswerError(f"Het antwoord '{name}' moet ja of nee zijn (of leeg als het niet bekend is).")
    return {name: answers.get(name) for name in ANSWERS}


@dataclass
class AVVOutcome(Outcome):
    """An AVV outcome also says who goes first and from when the municipality is open."""

    priority: int | None = None  # 1 pre-registered, 2 current owner, 3 former owner; None: unknown
    open_from: dt.date | None = None  # opening date for the municipality (None: no date known yet)

    def as_dict(self) -> dict:
        result = super().as_dict()
        result["priority"] = self.priority
        result["open_from"] = None if self.open_from is None else self.open_from.isoformat()
        return result


class AVV(Scheme):
    code = "AVV"
    name = "Aanvullende vaste vergoeding"
    short_description = (
        "Kreeg u eerder minder dan € 10.000 voor schade aan uw gebouw? Dan vult het IMG dat aan tot € 10.000, "
        "of tot € 5.000 voor een klein object. Alles wat NAM, CVW, TCMG en IMG eerder betaalden telt mee. "
        "Er komt geen deskundige langs."
    )
    goal = (
        "Mensen die eerder weinig of niets kregen voor schade, een vast totaalbedrag geven zonder nieuwe schade-opname."
    )
    legal_basis = "Tijdelijke wet Groningen; IMG, regeling aanvullende vaste vergoeding"
    legal_basis_url = SOURCE_CONDITIONS
    human_involvement = (
        "Het IMG zoekt de eerdere betalingen op per kadastraal object. Een behandelaar controleert de aanvraag en "
        "neemt het besluit."
    )
    needs = (
        "Toestemming van mede-eigenaren",
        "Als oud-eigenaar: een eigen besluit van NAM, CVW, TCMG of IMG",
    )
    effort = "Geen schade-opname, geen deskundige"
    closes_off = (
        "Weinig: u kunt daarna nog kiezen voor herstel of maatwerk, bijvoorbeeld bij nieuwe schade of als de "
        "aanvulling de kosten niet dekt."
    )
    table_files = ("amount.dmn", "opening.dmn", "priority.dmn", "conditions.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "avv_cap_building",
                Decimal("10000"),
                "Totaalbedrag voor een gebouw (regels 2025)",
                f"OOG tv oktober 2025: aanvulling voor gebouwen tot € 10.000 ({SOURCE_2025})",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "avv_cap_small_object",
                Decimal("5000"),
                "Totaalbedrag voor een klein object (regels 2025)",
                f"OOG tv oktober 2025: aanvulling voor kleine objecten tot € 5.000 ({SOURCE_2025})",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "avv_cap_before_2025",
                Decimal("5000"),
                "Totaalbedrag in de opzet van 2022-2023",
                f"IMG, aanvullende vaste vergoeding na afwijzing: aanvulling tot € 5.000 ({SOURCE_2022})",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "avv_start_date",
                dt.date(2022, 1, 1),
                "Datum waarop de aanvullende vaste vergoeding begon (opzet 2022-2023)",
                "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md (de bron spreekt alleen van de opzet van "
                "2022-2023)",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "avv_2025_amounts_from",
                dt.date(2024, 11, 1),
                "Datum vanaf wanneer de bedragen van 2025 gelden (€ 10.000 / € 5.000)",
                "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md (gekozen: het begin van de voorinschrijving "
                "in november 2024)",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "avv_small_object_uses_ves_test",
                True,
                "Klein object volgens de toets van de vaste vergoeding (cultuurcode 18, 100 of onbekend, en kleiner "
                "dan 30 m² of WOZ onder € 50.000); nee: geen enkel gebouw telt als klein object",
                "NIET GEVONDEN: de definitie van klein object voor de AVV is niet gepubliceerd; plaatshouder, zie "
                "docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "avv_former_owners_from",
                dt.date(2027, 1, 1),
                "Datum vanaf wanneer oud-eigenaren kunnen aanvragen",
                f"OOG tv april 2025: oud-eigenaren naar verwachting vanaf 2027; precieze datum NIET GEVONDEN, "
                f"plaatshouder ({SOURCE_PRE_REGISTRATION})",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "avv_open_from_eemsdelta",
                dt.date(2025, 9, 15),
                "Openingsdatum gemeente Eemsdelta",
                f"OOG tv oktober 2025: half september 2025; precieze datum NIET GEVONDEN, plaatshouder ({SOURCE_2025})",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "avv_open_from_groningen",
                dt.date(2025, 10, 13),
                "Openingsdatum gemeente Groningen",
                f"OOG tv oktober 2025: de maandag na 9 oktober 2025 ({SOURCE_2025})",
            ),
            Parameter(
                "avv_open_from_other_municipalities",
                NO_DATE_YET,
                "Openingsdatum van de andere gemeenten (9999-12-31: nog geen datum, dus gesloten)",
                "NIET GEVONDEN: het IMG publiceert per periode welke postcodes open zijn; geen openbaar schema. "
                "Plaatshouder: gesloten tot een datum is vastgesteld, zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> AVVOutcome:
        parameters = parameters or self.parameters
        answers = check_answers(answers)
        context = {**facts.as_context(), **parameters.as_context(), **answers}
        outcome = AVVOutcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        amount = self.evaluate("avv_amount", context, outcome)
        opening = self.evaluate("avv_opening", context, outcome)
        context["avv_top_up"] = amount["top_up"]
        context["avv_open_from"] = opening["open_from"]
        outcome.priority = self.evaluate("avv_priority", context, outcome).get("priority")
        outcome.open_from = None if opening["open_from"] >= NO_DATE_YET else opening["open_from"]
        failed = set(self.evaluate("avv_conditions", context, outcome)["condition"])

        rules_2025 = facts.reference_date >= parameters["avv_2025_amounts_from"]
        owner, former = facts.applicant_is_owner, facts.applicant_is_former_owner
        is_former_only = owner is not True and former is True
        unknown = {
            "natural_person": facts.applicant_is_natural_person is None,
            "owner": owner is not True and former is not True and (owner is None or former is None),
            "former_owner_letter": is_former_only and answers["former_owner_has_decision_letter"] is None,
            "co_owner_consent": facts.co_owners_consent is None,
            "ves_before": not rules_2025 and answers["had_ves_before"] is None,
        }
        texts = self._condition_texts(facts, parameters, amount["cap"], outcome.open_from)
        relevant = {
            "former_owner_not_yet": is_former_only,
            "former_owner_letter": is_former_only,
            "ves_before": not rules_2025,
            "not_open": rules_2025,
        }
        if not outcome.settle_conditions(texts, failed, unknown, UNKNOWN_TEXTS, relevant):
            return outcome
        outcome.amount = amount["top_up"]
        outcome.reasons = self._reasons(facts, parameters, amount, outcome)
        return outcome

    @staticmethod
    def _condition_texts(facts, parameters, cap, open_from) -> dict[str, tuple[str, str]]:
        """Per condition code: (text when met, text when not met)."""
        if open_from is None:
            not_open = "De aanvraag is in uw gemeente nog niet open. Er is nog geen datum bekend."
            is_open = "De aanvraag is open in uw gemeente."
        else:
            not_open = f"De aanvraag is in uw gemeente nog niet open. U kunt aanvragen vanaf {dutch_date(open_from)}."
            is_open = f"De aanvraag is open in uw gemeente sinds {dutch_date(open_from)}."
        former_from = dutch_date(parameters["avv_former_owners_from"])
        return {
            "not_started": (
                "De aanvullende vaste vergoeding bestond toen al.",
                "De aanvullende vaste vergoeding bestond toen nog niet.",
            ),
            "natural_person": (
                "U vraagt aan als persoon.",
                "Een bedrijf of stichting kan de aanvullende vaste vergoeding niet aanvragen.",
            ),
            "owner": (
                "U bent eigenaar of oud-eigenaar van het gebouw.",
                "U bent geen eigenaar en geen oud-eigenaar van het gebouw.",
            ),
            "former_owner_not_yet": (
                "Oud-eigenaren kunnen nu aanvragen.",
                f"Oud-eigenaren kunnen pas aanvragen vanaf {former_from}.",
            ),
            "former_owner_letter": (
                "U heeft als oud-eigenaar een eigen besluit van NAM, CVW, TCMG of IMG.",
                "Als oud-eigenaar heeft u een eigen besluit nodig van NAM, CVW, TCMG of IMG.",
            ),
            "co_owner_consent": (
                "Eventuele mede-eigenaren geven toestemming.",
                "De mede-eigenaren geven geen toestemming.",
            ),
            "location": (
                "Het gebouw staat in het effectgebied van de beving bij Huizinge of in een gebied met diepe "
                "bodemdaling.",
                "Het gebouw staat niet in het effectgebied van de beving bij Huizinge en niet in een gebied met diepe "
                "bodemdaling.",
            ),
            "quake": (
                "Er was op deze plek na het bouwjaar minstens een beving van 2 mm/s of meer.",
                "Er was op deze plek na het bouwjaar geen beving van 2 mm/s of meer.",
            ),
            "maatwerk": (
                "U koos niet voor maatwerk nadat u een vaste vergoeding kreeg aangeboden.",
                "U kreeg vanaf 17 mei 2021 een vaste vergoeding aangeboden en koos toen voor maatwerk.",
            ),
            "ves_before": (
                "U koos niet eerder voor de vaste vergoeding.",
                "U koos al eerder voor de vaste vergoeding.",
            ),
            "not_open": (is_open, not_open),
            "already_received": (
                f"U kreeg eerder minder dan {euro(cap)}.",
                f"U heeft al {euro(cap)} of meer gekregen van NAM, CVW, TCMG of IMG.",
            ),
        }

    @staticmethod
    def _reasons(facts, parameters, amount, outcome) -> list[str]:
        cap, top_up = amount["cap"], amount["top_up"]
        rules_2025 = facts.reference_date >= parameters["avv_2025_amounts_from"]
        if not rules_2025:
            reasons = [f"De aanvulling gaat tot {euro(cap)} (de regels van 2022 en 2023)."]
        elif cap == parameters["avv_cap_small_object"] and cap != parameters["avv_cap_building"]:
            reasons = [
                f"Het gaat om een klein object. Daarvoor is het totaal {euro(cap)}.",
                "Let op: wat een klein object is, staat nog niet vast. We gebruiken nu de regel van de vaste "
                "vergoeding.",
            ]
        else:
            reasons = [f"Voor een gebouw is het totaal {euro(cap)}."]
        prior = facts.prior_damage_total
        if prior:
            reasons.append(
                f"U kreeg eerder {euro(prior)} van NAM, CVW, TCMG of IMG. Vergoedingen voor bijkomende kosten "
                "tellen niet mee."
            )
            reasons.append(f"De aanvulling is {euro(cap)} min {euro(prior)}. Dat is {euro(top_up)}.")
        else:
            reasons.append(
                f"U kreeg eerder niets van NAM, CVW, TCMG of IMG. Dus krijgt u het hele bedrag: {euro(top_up)}."
            )
        if outcome.priority in PRIORITY_TEXTS:
            reasons.append(PRIORITY_TEXTS[outcome.priority])
        return reasons
