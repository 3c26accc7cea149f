"""Maatwerk: compensation after an expert has assessed the cause of each damage.

The process is inspection → advice report (a verdict per damage and the repair costs) → the
applicant's reaction (zienswijze) → decision. This scheme computes the decision from the advice
report, passed as `answers`, and gives the amounts as separate lines, as IMG decisions do
(domain facts §1.7): damage, statutory interest, incidental costs (§1.5).

Tables: presumption.dmn (does the evidence presumption of art. 6:177a BW apply), damage_item.dmn
(does one damage count, evaluated once per damage), interest.dmn (the statutory interest: its
method is not found, so no interest line unless the case handler gives the amount),
overnight_cap.dmn (maximum per night) and incidental_costs.dmn (the incidental-cost lines).

Answers (all optional; unknown names are refused, nothing is decided on partial input):

- `damage_items`: the advice report, a list of `DamageItem` or dicts with `description`,
  `verdict` (True/"yes"/"ja", False/"no"/"nee", None/"unknown"/"onbekend") and `repair_cost`;
- `half_days_inspection`: half days the applicant stayed home for the inspection;
- `half_days_repair`: half days at home during repair (paid on request);
- `cleaning_requested` (bool) and `damage_reports` (number of damage reports, default 1);
- `overnight_costs_per_night`: the actual cost of each night (paid on request), with
  `household_persons` (default 2);
- `application_date` and `decision_date` (default: the reference date) for the extra nuisance payment;
- `statutory_interest`: an interest amount the case handler computed (the method is an open question).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE_COSTS = (
    "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/maatwerk-herstel-in-natura/"
    "bijkomende-kosten"
)
SOURCE_PRESUMPTION = (
    "https://www.schadedoormijnbouw.nl/schade-gebouwen-objecten/schade-beoordelen/toepassing-bewijsvermoeden"
)
CENT = Decimal("0.01")

ANSWER_NAMES = frozenset(
    {
        "damage_items",
        "half_days_inspection",
        "half_days_repair",
        "cleaning_requested",
        "damage_reports",
        "overnight_costs_per_night",
        "household_persons",
        "application_date",
        "decision_date",
        "statutory_interest",
    }
)
# What staff fill in on the form. Not `damage_items`: that comes from the inspection report and the expert's advice.
QUESTIONS = (
    Question(
        "half_days_inspection",
        _("Hoeveel dagdelen bleef de aanvrager thuis voor de schade-opname?"),
        Kind.COUNT,
        help_text=_("Een dagdeel is een ochtend of een middag. Leeg betekent 0."),
    ),
    Question(
        "half_days_repair",
        _("Hoeveel dagdelen bleef de aanvrager thuis tijdens het herstel?"),
        Kind.COUNT,
        help_text=_("Alleen als de aanvrager daarom vroeg. Een dagdeel is een ochtend of een middag. Leeg betekent 0."),
    ),
    Question(
        "cleaning_requested",
        _("Vraagt de aanvrager om een vergoeding voor schoonmaakkosten?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    Question(
        "damage_reports",
        _("Voor hoeveel schademeldingen gelden de schoonmaakkosten?"),
        Kind.COUNT,
        help_text=_("Er is een vast bedrag per schademelding. Leeg betekent 1."),
        minimum=1,
    ),
    Question(
        "overnight_costs_per_night",
        _("Wat kostte elke nacht dat het huishouden ergens anders sliep?"),
        Kind.AMOUNT_LIST,
        help_text=_(
            "Alleen als de aanvrager daarom vroeg. Eén nacht per regel, de werkelijke kosten in euro. Het IMG betaalt "
            "tot een maximum per nacht."
        ),
    ),
    Question(
        "household_persons",
        _("Met hoeveel personen sliep het huishouden ergens anders?"),
        Kind.COUNT,
        help_text=_("Bij 3 of meer personen is het maximum per nacht hoger. Leeg betekent 2."),
        minimum=1,
    ),
    Question(
        "application_date",
        _("Wanneer deed de aanvrager de aanvraag?"),
        Kind.DATE,
        help_text=_("Nodig voor de extra overlastvergoeding als het besluit meer dan 1 of 2 jaar later komt."),
    ),
    Question(
        "decision_date",
        _("Op welke datum valt het besluit?"),
        Kind.DATE,
        help_text=_("Leeg betekent de peildatum van de berekening."),
    ),
    Question(
        "statutory_interest",
        _("Hoeveel wettelijke rente heeft de behandelaar berekend?"),
        Kind.AMOUNT,
        help_text=_(
            "In euro. Hoe de rente wordt berekend, is nog niet vastgesteld. Leeg: het besluit noemt geen bedrag voor "
            "rente."
        ),
    ),
)
VERDICTS = {
    True: "yes",
    "yes": "yes",
    "ja": "yes",
    False: "no",
    "no": "no",
    "nee": "no",
    None: "unknown",
    "unknown": "unknown",
    "onbekend": "unknown",
}

PRESUMPTION_TEXTS = {
    "in_area": (
        "Uw gebouw ligt in het gebied van het bewijsvermoeden. Schade die door de gaswinning kan komen, "
        "geldt dan als mijnbouwschade, tenzij de deskundige iets anders vaststelt."
    ),
    "outside_area": (
        "Uw gebouw ligt buiten het gebied van het bewijsvermoeden. De deskundige moet dan vaststellen "
        "dat de schade door de gaswinning komt."
    ),
    "before_law": "Het bewijsvermoeden gold toen nog niet. Het geldt sinds 31 december 2016.",
}


@dataclass(frozen=True)
class DamageItem:
    """One damage from the advice report: what it is, the expert's verdict, and the repair cost."""

    description: str
    verdict: bool | None  # mining damage: yes, no, or unknown (the expert could not tell)
    repair_cost: Decimal


@dataclass(frozen=True)
class _Answers:
    items: tuple[tuple[str, str, Decimal], ...] | None
    half_days_inspection: int
    half_days_repair: int
    cleaning_reports: int
    overnight_costs: tuple[Decimal, ...]
    household_persons: int
    application_date: dt.date | None
    decision_date: dt.date
    statutory_interest: Decimal | None


def _money(name: str, value) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise AnswerError(f"'{name}' moet een bedrag zijn, zoals 3400 of 3400.50.")
    try:
        amount = Decimal(str(value).replace(",", ".")) if isinstance(value, str | float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise AnswerError(f"'{name}' moet een bedrag zijn, zoals 3400 of 3400.50; '{value}' is dat niet.") from None
    if not amount.is_finite() or amount < 0:
        raise AnswerError(f"'{name}' moet een bedrag van 0 of meer zijn; '{value}' is dat niet.")
    return amount


def _count(name: str, value, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise AnswerError(f"'{name}' moet een heel getal van {minimum} of meer zijn; '{value}' is dat niet.")
    return value


def _date(name: str, value) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise AnswerError(f"'{name}' moet een datum zijn; '{value}' is dat niet.")
    return value


def _item(number: int, item) -> tuple[str, str, Decimal]:
    if isinstance(item, DamageItem):
        description, verdict, cost = item.description, item.verdict, item.repair_cost
    elif isinstance(item, dict):
        unknown = set(item) - {"description", "verdict", "repair_cost"}
        if unknown or "repair_cost" not in item:
            raise AnswerError(
                f"Schade {number}: geef 'description', 'verdict' en 'repair_cost'"
                + (f" (onbekend: {', '.join(sorted(unknown))})." if unknown else ".")
            )
        description, verdict, cost = item.get("description", ""), item.get("verdict"), item["repair_cost"]
    else:
        raise AnswerError(f"Schade {number} is geen schade uit het adviesrapport.")
    key = verdict.strip().lower() if isinstance(verdict, str) else verdict
    if key not in VERDICTS:
        raise AnswerError(f"Schade {number}: oordeel '{verdict}' is onbekend. Kies uit ja, nee of onbekend.")
    return str(description or f"schade {number}"), VERDICTS[key], _money(f"Schade {number}: repair_cost", cost)


def _parse_answers(answers: dict | None, facts) -> _Answers:
    answers = dict(answers or {})
    unknown = sorted(set(answers) - ANSWER_NAMES)
    if unknown:
        raise AnswerError(
            f"Onbekend antwoord: {', '.join(unknown)}. Bekende antwoorden: {', '.join(sorted(ANSWER_NAMES))}."
        )
    items = answers.get("damage_items")
    if items is not None:
        if isinstance(items, str | bytes | dict) or not hasattr(items, "__iter__"):
            raise AnswerError("'damage_items' moet een lijst met schades uit het adviesrapport zijn.")
        items = tuple(_item(number, item) for number, item in enumerate(items, start=1))
    cleaning = answers.get("cleaning_requested", False)
    if not isinstance(cleaning, bool):
        raise AnswerError(f"'cleaning_requested' moet ja of nee zijn; '{cleaning}' is dat niet.")
    reports = _count("damage_reports", answers.get("damage_reports", 1), minimum=1)
    nights = answers.get("overnight_costs_per_night", ())
    if isinstance(nights, str | bytes | dict) or not hasattr(nights, "__iter__"):
        raise AnswerError("'overnight_costs_per_night' moet een lijst met de kosten per nacht zijn.")
    application_date = answers.get("application_date")
    if application_date is not None:
        application_date = _date("application_date", application_date)
    decision_date = _date("decision_date", answers.get("decision_date", facts.reference_date))
    if application_date is not None and decision_date < application_date:
        raise AnswerError("De datum van het besluit ligt voor de datum van de aanvraag.")
    interest = answers.get("statutory_interest")
    return _Answers(
        items=items,
        half_days_inspection=_count("half_days_inspection", answers.get("half_days_inspection", 0)),
        half_days_repair=_count("half_days_repair", answers.get("half_days_repair", 0)),
        cleaning_reports=reports if cleaning else 0,
        overnight_costs=tuple(_money(f"overnight_costs_per_night[{n}]", c) for n, c in enumerate(nights, start=1)),
        household_persons=_count("household_persons", answers.get("household_persons", 2), minimum=1),
        application_date=application_date,
        decision_date=decision_date,
        statutory_interest=None if interest is None else _money("statutory_interest", interest),
    )


def years_later(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _half_days(count: int) -> str:
    return "1 dagdeel" if count == 1 else f"{count} dagdelen"


class Maatwerk(Scheme):
    code = "MAATWERK"
    name = "Schadevergoeding op maat"
    short_description = (
        "Een deskundige komt langs en bekijkt elke schade. Hij schrijft in een adviesrapport of de schade door "
        "de gaswinning komt en wat herstel kost. U mag daarop reageren. Daarna krijgt u een besluit met het bedrag."
    )
    goal = (
        "Schade vergoeden die door de gaswinning komt, voor het bedrag dat herstel echt kost, met de wettelijke rente "
        "en de bijkomende kosten als aparte bedragen."
    )
    legal_basis = (
        "Tijdelijke wet Groningen; BW art. 6:177a (wettelijk bewijsvermoeden); art. 10oa Besluit Twg "
        "(effectgebied); IMG, bijkomende kosten"
    )
    legal_basis_url = SOURCE_PRESUMPTION
    human_involvement = (
        "Een onafhankelijke deskundige beoordeelt elke schade ter plekke. De aanvrager kan reageren op het "
        "adviesrapport (zienswijze) en om een andere deskundige vragen. Een behandelaar neemt het besluit; "
        "Schadeloket rekent de bedragen uit."
    )
    needs = (
        "Schade-opname door een deskundige",
        "Adviesrapport met een oordeel en herstelkosten per schade",
        "Uw reactie op het adviesrapport (zienswijze)",
    )
    effort = "Schade-opname en adviesrapport door een onafhankelijke deskundige"
    closes_off = (
        "Of u dezelfde schade na een besluit opnieuw kunt melden (finaliteit), is nog niet bekend: "
        "dat is een open vraag."
    )
    table_files = (
        "presumption.dmn",
        "damage_item.dmn",
        "interest.dmn",
        "overnight_cap.dmn",
        "incidental_costs.dmn",
    )
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "maatwerk_half_day_rate",
                Decimal("110"),
                "Vergoeding per dagdeel thuisblijven (schade-opname, en op verzoek tijdens herstel)",
                f"IMG, bijkomende kosten: € 110 per dagdeel | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_nuisance_small",
                Decimal("300"),
                "Overlastvergoeding bij schade onder € 10.000",
                f"IMG, bijkomende kosten: € 300 bij schade < € 10.000 | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_nuisance_large",
                Decimal("600"),
                "Overlastvergoeding bij schade van € 10.000 of meer",
                f"IMG, bijkomende kosten: € 600 bij schade ≥ € 10.000 | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_extra_nuisance_after_1_year",
                Decimal("300"),
                "Extra overlastvergoeding als het besluit meer dan 1 jaar na de aanvraag kwam",
                f"IMG, bijkomende kosten: € 300 na meer dan 1 jaar | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_extra_nuisance_after_2_years",
                Decimal("600"),
                "Extra overlastvergoeding als het besluit meer dan 2 jaar na de aanvraag kwam",
                f"IMG, bijkomende kosten: € 600 na meer dan 2 jaar | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_cleaning_per_report",
                Decimal("175"),
                "Schoonmaakkosten per schademelding (op verzoek)",
                f"IMG, bijkomende kosten: € 175 per schademelding | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_overnight_max_1_2_persons",
                Decimal("115"),
                "Maximum per nacht voor een overnachting met 1 of 2 personen (op verzoek, werkelijke kosten)",
                f"IMG, bijkomende kosten: werkelijke kosten, max € 115 per nacht voor 1–2 personen | {SOURCE_COSTS}",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_overnight_max_larger_household",
                Decimal("230"),
                "Maximum per nacht voor een overnachting met 3 of meer personen",
                "NIET GEVONDEN: plaatshouder. De tekst op de IMG-pagina bijkomende kosten is afgebroken "
                "('€ 230 per nacht v...'); voor wie dit bedrag geldt, is niet bevestigd. Zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "maatwerk_interest_method",
                "unknown",
                "Berekeningswijze (begindatum en methode) van de wettelijke rente",
                "NIET GEVONDEN: plaatshouder 'unknown', er wordt geen rente berekend. Zie docs/open-questions.md "
                "(domeinfeiten §3.3)",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "maatwerk_finality",
                "unknown",
                "Finaliteit: kan dezelfde schade na een maatwerkbesluit opnieuw worden gemeld",
                "NIET GEVONDEN: plaatshouder 'unknown'. Zie docs/open-questions.md (domeinfeiten §1.7)",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = _parse_answers(answers, facts)  # bad input stops here, before anything is decided
        context = {**facts.as_context(), **parameters.as_context()}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=True, parameters=parameters.as_context())

        presumption = self.evaluate("maatwerk_presumption", context, outcome)
        applies = bool(presumption["applies"])
        outcome.conditions.append(Condition(PRESUMPTION_TEXTS[presumption["reason"]], applies))

        if given.items is None:
            outcome.conditions.append(
                Condition("welke schade erkent de deskundige in het adviesrapport, en wat kost het herstel?", None)
            )
            outcome.reasons.append(PRESUMPTION_TEXTS[presumption["reason"]])
            return outcome

        damage_total = Decimal("0")
        recognised, refused, presumed = [], [], []
        for description, verdict, cost in given.items:
            item = self.evaluate(
                "maatwerk_damage_item",
                {"verdict": verdict, "repair_cost": cost, "presumption_applies": applies},
                outcome,
            )
            if item["recognised"]:
                damage_total += item["amount"]
                recognised.append(description)
                if verdict == "unknown":
                    presumed.append(description)
            else:
                refused.append((description, verdict))

        lines: list[Decimal] = []
        if damage_total > 0:
            lines.append(damage_total)
            outcome.reasons.append(
                f"Schade: {euro(damage_total)}. De deskundige erkent {len(recognised)} van de {len(given.items)} "
                "schades als mijnbouwschade."
            )
        else:
            outcome.reasons.append(
                "Schade: € 0. Geen van de schades telt als mijnbouwschade. Daarom krijgt u geen schadevergoeding en "
                "ook geen bijkomende kosten. Bijkomende kosten worden alleen betaald als er ook schade aan het gebouw "
                "wordt vergoed."
            )
        if presumed:
            outcome.reasons.append(
                f"Bij {', '.join(presumed)} kon de deskundige de oorzaak niet vaststellen. Omdat het bewijsvermoeden "
                "geldt, telt die schade toch mee als mijnbouwschade."
            )
        for description, verdict in refused:
            why = (
                "volgens de deskundige geen mijnbouwschade"
                if verdict == "no"
                else "oorzaak niet vastgesteld en het bewijsvermoeden geldt hier niet"
            )
            outcome.reasons.append(f"Niet vergoed: {description} ({why}).")

        interest_context = {**context, "statutory_interest": given.statutory_interest}
        interest = self.evaluate("maatwerk_interest", interest_context, outcome)
        if damage_total > 0:
            if interest.get("line") == "interest":
                lines.append(interest["amount"])
                outcome.reasons.append(f"Wettelijke rente: {euro(interest['amount'])}.")
            else:
                outcome.reasons.append(
                    "Wettelijke rente: berekening volgt. Hoe de rente wordt berekend, is nog niet vastgesteld."
                )

        cap = self.evaluate(
            "maatwerk_overnight_cap", {**context, "household_persons": given.household_persons}, outcome
        )
        overnight_total = sum((min(cost, cap["cap"]) for cost in given.overnight_costs), Decimal("0"))

        late_1 = given.application_date is not None and given.decision_date > years_later(given.application_date, 1)
        late_2 = given.application_date is not None and given.decision_date > years_later(given.application_date, 2)
        cost_context = {
            **context,
            "damage_total": damage_total,
            "half_days_inspection": given.half_days_inspection,
            "decided_after_1_year": late_1,
            "decided_after_2_years": late_2,
            "half_days_repair": given.half_days_repair,
            "cleaning_reports": given.cleaning_reports,
            "overnight_total": overnight_total,
        }
        costs = self.evaluate("maatwerk_incidental_costs", cost_context, outcome)
        rate = parameters["maatwerk_half_day_rate"]
        for line, amount in zip(costs["line"], costs["amount"], strict=True):
            lines.append(amount)
            outcome.reasons.append(
                self._cost_text(line, amount, given, rate, cap["cap"], late_2, damage_total, parameters)
            )
        if damage_total > 0 and given.application_date is None:
            outcome.conditions.append(
                Condition("wanneer heeft u de aanvraag gedaan? Dat is nodig voor de extra overlastvergoeding.", None)
            )
        outcome.reasons.append(PRESUMPTION_TEXTS[presumption["reason"]])
        outcome.amount = sum(lines, Decimal("0")).quantize(CENT)
        return outcome

    @staticmethod
    def _cost_text(line, amount, given, rate, night_cap, late_2, damage_total, parameters) -> str:
        if line == "inspection_at_home":
            return (
                f"Thuisblijven voor de schade-opname: {euro(amount)} "
                f"({_half_days(given.half_days_inspection)} van {euro(rate)})."
            )
        if line == "nuisance":
            size = "lager dan € 10.000" if damage_total < 10000 else "€ 10.000 of meer"
            return f"Overlastvergoeding: {euro(amount)}, omdat de schade {size} is."
        if line == "extra_nuisance":
            years = "2 jaar" if late_2 else "1 jaar"
            return f"Extra overlastvergoeding: {euro(amount)}, omdat het besluit meer dan {years} na uw aanvraag kwam."
        if line == "at_home_during_repair":
            return (
                f"Thuisblijven tijdens het herstel: {euro(amount)} "
                f"({_half_days(given.half_days_repair)} van {euro(rate)})."
            )
        if line == "cleaning":
            reports = "1 schademelding" if given.cleaning_reports == 1 else f"{given.cleaning_reports} schademeldingen"
            return (
                f"Schoonmaakkosten: {euro(amount)} ({reports} van {euro(parameters['maatwerk_cleaning_per_report'])})."
            )
        if line == "overnight":
            nights = "1 nacht" if len(given.overnight_costs) == 1 else f"{len(given.overnight_costs)} nachten"
            return f"Overnachting: {euro(amount)} ({nights}, de werkelijke kosten tot {euro(night_cap)} per nacht)."
        return f"{line}: {euro(amount)}."
