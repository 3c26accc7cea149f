"""Actual repair (daadwerkelijk herstel): HEA (own contractor) and HIN (a contractor of the IMG).

Both repair all damage that by its nature could be mining damage, up to € 60,000, without research
into the cause. They share three tables: damage_item.dmn (does this damage count?), cap.dmn (the
€ 60,000 maximum) and conditions.dmn (the conditions not met, with a column for the variant).
The applicant gets no money: the IMG pays the contractor. Domain facts §1.3.

What the register cannot know comes in as `answers` (see HEA_ANSWERS and HIN_ANSWERS): the damage
items with their type, room and amount, the quote and its approval, the contractor's requirements,
the rooms that are finished, and whether business activities block the work.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterSet
from ..engine.questions import Kind, Question
from ..engine.scheme import Outcome, Scheme

SOURCE_PRINCIPLE = (
    "https://www.schadedoormijnbouw.nl/regelingen/nieuwe-aanpak-schadeafhandeling/lopende-of-gepauzeerde-aanvraag/"
    "keuze-voor-maatwerkdossiers"
)
SOURCE_HEA = "https://www.schadedoormijnbouw.nl/regelingen/herstel-met-eigen-aannemer/over-herstel-met-eigen-aannemer"
SOURCE_HIN = (
    "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/"
    "maatwerk-met-onderzoek-naar-oorzaak-schade/herstel-met-onderzoek-naar-oorzaak-schade?ta=16424"
)

# Damage types an applicant or inspector can give, with the Dutch words for explanations.
DAMAGE_TYPES = {
    "crack": "scheur",
    "peeling_paint": "afbladderende verf",
    "wood_rot": "houtrot",
    "settlement": "zetting of verzakking",
    "other": "andere schade",
}


@dataclass(frozen=True)
class DamageItem:
    description: str
    type: str
    assessed_before: bool = False
    room: str = ""
    amount: Decimal | None = None  # price in the quote (HEA) or the estimate (HIN)

    @property
    def type_words(self) -> str:
        return DAMAGE_TYPES[self.type]


@dataclass(frozen=True)
class InterimPayment:
    """A payment to the contractor for one finished room (HEA)."""

    room: str
    amount: Decimal


@dataclass
class RepairOutcome(Outcome):
    """A repair outcome: the amount goes to the contractor, never to the applicant."""

    paid_to: str = "aannemer"
    included_items: list[DamageItem] = field(default_factory=list)
    excluded_items: list[tuple[DamageItem, str]] = field(default_factory=list)  # (item, reason code)
    interim_payments: list[InterimPayment] = field(default_factory=list)

    def as_dict(self) -> dict:
        result = super().as_dict()
        result["paid_to"] = self.paid_to
        result["included_items"] = [_item_dict(item) for item in self.included_items]
        result["excluded_items"] = [{**_item_dict(item), "reason": reason} for item, reason in self.excluded_items]
        result["interim_payments"] = [{"room": p.room, "amount": str(p.amount)} for p in self.interim_payments]
        return result


def _item_dict(item: DamageItem) -> dict:
    return {
        "description": item.description,
        "type": item.type,
        "assessed_before": item.assessed_before,
        "room": item.room,
        "amount": None if item.amount is None else str(item.amount),
    }


def _decimal(value, name: str) -> Decimal:
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AnswerError(f"'{name}' moet een bedrag zijn, zoals 4200 of 4200.50.") from None
    if isinstance(value, bool | float) or not amount.is_finite() or amount < 0:
        raise AnswerError(f"'{name}' moet een bedrag van 0 of meer zijn, zoals 4200 of 4200.50.")
    return amount


def parse_damage_items(raw) -> list[DamageItem]:
    if not isinstance(raw, list | tuple):
        raise AnswerError("'damage_items' moet een lijst van schades zijn.")
    items = []
    for number, entry in enumerate(raw, start=1):
        if isinstance(entry, DamageItem):
            entry = _item_dict(entry)
        if not isinstance(entry, dict):
            raise AnswerError(f"Schade {number} moet beschrijving en soort hebben.")
        unknown = set(entry) - {"description", "type", "assessed_before", "room", "amount"}
        if unknown:
            raise AnswerError(f"Schade {number} heeft onbekende gegevens: {', '.join(sorted(unknown))}.")
        kind = entry.get("type")
        if kind not in DAMAGE_TYPES:
            raise AnswerError(f"Schade {number}: soort '{kind}' bestaat niet. Bekend: {', '.join(DAMAGE_TYPES)}.")
        assessed = entry.get("assessed_before", False)
        if not isinstance(assessed, bool):
            raise AnswerError(f"Schade {number}: 'assessed_before' moet ja of nee zijn.")
        amount = entry.get("amount")
        items.append(
            DamageItem(
                description=str(entry.get("description") or DAMAGE_TYPES[kind]),
                type=kind,
                assessed_before=assessed,
                room=str(entry.get("room") or ""),
                amount=None if amount is None else _decimal(amount, f"bedrag van schade {number}"),
            )
        )
    return items


UNKNOWN_TEXTS = {
    "no_items": "welke schade wilt u laten herstellen?",
    "quote_not_approved": "heeft het IMG de offerte goedgekeurd?",
    "contractor": "voldoet uw aannemer aan de eisen van het IMG?",
    "business": "staan bedrijfsactiviteiten in het gebouw het herstel in de weg?",
    "settlement": "is er schade door zetting of verzakking?",
}
CONDITION_TEXTS = {
    "no_items": (
        "Er is schade die naar haar aard mijnbouwschade kan zijn.",
        "Er is geen schade die meetelt: alle gemelde schade is al eerder beoordeeld of kan naar haar aard geen "
        "mijnbouwschade zijn.",
    ),
    "quote_not_approved": (
        "Het IMG heeft de offerte goedgekeurd.",
        "Het IMG heeft de offerte niet goedgekeurd. Het IMG betaalt alleen schade die in een goedgekeurde "
        "offerte staat.",
    ),
    "contractor": (
        "Uw aannemer voldoet aan de eisen van het IMG.",
        "Uw aannemer voldoet niet aan de eisen van het IMG (ervaring, geschillencommissie, KvK en veiligheid).",
    ),
    "monument": (
        "Het gebouw is geen monument.",
        "Het gebouw is een monument. Daarvoor is een gespecialiseerde monumentenarchitect nodig. Dat kan niet met "
        "een aannemer van het IMG.",
    ),
    "business": (
        "Bedrijfsactiviteiten staan het herstel niet in de weg.",
        "Bedrijfsactiviteiten in het gebouw staan het herstel in de weg. Dat kan niet met een aannemer van het IMG.",
    ),
    "settlement": (
        "Er is geen schade door zetting of verzakking.",
        "Er is schade door zetting of verzakking. Die kan niet met een aannemer van het IMG worden hersteld.",
    ),
}
EXCLUSION_TEXTS = {
    "assessed_before": "'{description}' telt niet mee: deze schade is al eerder beoordeeld.",
    "not_mining_damage": "'{description}' telt niet mee: {type_words} kan naar zijn aard geen mijnbouwschade zijn.",
}

REPAIR_CAP = Parameter(
    "repair_cap",
    Decimal("60000"),
    "Maximum voor herstel zonder onderzoek naar de oorzaak",
    f"IMG, keuze voor maatwerkdossiers: herstel tot € 60.000 zonder causaliteitsonderzoek ({SOURCE_PRINCIPLE})",
    unit="EUR",
    minimum=Decimal("0"),
)
COMMON_ANSWERS = ("damage_items",)

# The damage types as the staff form shows them; one label per DAMAGE_TYPES key (a new type without a label
# fails at import).
DAMAGE_TYPE_LABELS = {
    "crack": _("Scheur"),
    "peeling_paint": _("Afbladderende verf"),
    "wood_rot": _("Houtrot"),
    "settlement": _("Zetting of verzakking"),
    "other": _("Andere schade"),
}
DAMAGE_TYPE_CHOICES = tuple((code, DAMAGE_TYPE_LABELS[code]) for code in DAMAGE_TYPES)


def _damage_items_question(help_text) -> Question:
    return Question(
        "damage_items",
        _("Welke schade moet worden hersteld?"),
        Kind.REPAIR_ITEMS,
        help_text=help_text,
        choices=DAMAGE_TYPE_CHOICES,
    )


HEA_QUESTIONS = (
    _damage_items_question(
        _(
            "Per schade: een korte beschrijving, de soort, de ruimte en het bedrag uit de offerte. Vink aan als de "
            "schade al eerder is beoordeeld: die telt dan niet mee."
        )
    ),
    Question(
        "quote_amount",
        _("Wat is het totaalbedrag van de offerte?"),
        Kind.AMOUNT,
        help_text=_("In euro. Heeft u bedragen per schade ingevuld? Dan moet dit de som daarvan zijn."),
    ),
    Question("quote_approved", _("Heeft het IMG de offerte goedgekeurd?"), Kind.YES_NO),
    Question(
        "contractor_meets_requirements",
        _("Voldoet de aannemer aan de eisen van het IMG?"),
        Kind.YES_NO,
        help_text=_(
            "De eisen: ervaring, aangesloten bij een geschillencommissie, ingeschreven bij de KvK en veilig werken."
        ),
    ),
    Question(
        "completed_rooms",
        _("Welke ruimtes zijn klaar?"),
        Kind.TEXT_LIST,
        help_text=_(
            "Eén ruimte per regel, precies zoals bij de schade. Voor elke ruimte die klaar is, betaalt het IMG de "
            "aannemer alvast."
        ),
    ),
)
HIN_QUESTIONS = (
    _damage_items_question(
        _(
            "Per schade: een korte beschrijving, de soort, de ruimte en het bedrag uit de raming van de aannemer. "
            "Vink aan als de schade al eerder is beoordeeld: die telt dan niet mee."
        )
    ),
    Question(
        "business_activities_block_work",
        _("Staan bedrijfsactiviteiten in het gebouw het herstel in de weg?"),
        Kind.YES_NO,
    ),
)


class _Repair(Scheme):
    """Shared logic of HEA and HIN; the subclasses set `code` (the table's `variant`) and the texts."""

    legal_basis = "Tijdelijke wet Groningen; IMG, regeling daadwerkelijk herstel"
    legal_basis_url = SOURCE_PRINCIPLE
    closes_off = (
        "Herstel telt als aanvraag: wie drie keer of vaker een vaste vergoeding of herstel aanvroeg, kan geen "
        "vaste vergoeding meer kiezen. Schade die al is beoordeeld, telt bij een nieuwe aanvraag niet mee."
    )
    table_files = ("damage_item.dmn", "cap.dmn", "conditions.dmn")
    parameters = ParameterSet([REPAIR_CAP])
    answer_names: tuple[str, ...] = COMMON_ANSWERS
    unknown_conditions: tuple[str, ...] = ()
    condition_codes: tuple[str, ...] = ()

    def check_answers(self, answers: dict | None) -> dict:
        answers = dict(answers or {})
        for name in answers:
            if name not in self.answer_names:
                known = ", ".join(self.answer_names)
                raise AnswerError(f"Het antwoord '{name}' hoort niet bij {self.name}. Bekend: {known}.")
        result = {name: answers.get(name) for name in self.answer_names}
        if result["damage_items"] is not None:
            result["damage_items"] = parse_damage_items(result["damage_items"])
        for name in ("quote_approved", "contractor_meets_requirements", "business_activities_block_work"):
            if result.get(name) is not None and not isinstance(result[name], bool):
                raise AnswerError(f"Het antwoord '{name}' moet ja of nee zijn (of leeg als het niet bekend is).")
        return result

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> RepairOutcome:
        parameters = parameters or self.parameters
        answers = self.check_answers(answers)
        outcome = RepairOutcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        items = answers["damage_items"]

        if items is not None:
            for item in items:
                result = self.evaluate(
                    "repair_damage_item",
                    {"item_assessed_before": item.assessed_before, "item_type": item.type},
                    outcome,
                )
                if result["included"]:
                    outcome.included_items.append(item)
                else:
                    outcome.excluded_items.append((item, result["exclusion"]))
        total = self.repair_total(outcome, answers)

        context = {
            **facts.as_context(),
            **parameters.as_context(),
            "quote_approved": None,
            "contractor_meets_requirements": None,
            "business_activities_block_work": None,
            **{k: v for k, v in answers.items() if k != "damage_items"},
            "variant": self.code,
            "has_included_items": None if items is None else bool(outcome.included_items),
            "has_settlement_damage": None if items is None else any(i.type == "settlement" for i in items),
        }
        failed = set(self.evaluate("repair_conditions", context, outcome)["condition"])
        unknown = {code: context[name] is None for code, name in self.unknown_conditions}
        texts = {code: CONDITION_TEXTS[code] for code in self.condition_codes}
        if not outcome.settle_conditions(texts, failed, unknown, UNKNOWN_TEXTS):
            return outcome
        cap = parameters["repair_cap"]
        outcome.reasons = list(self.intro_reasons(cap))
        if total is None:
            outcome.amount_max = cap
        else:
            capped = self.evaluate("repair_cap", {**context, "repair_total": total}, outcome)
            outcome.amount = capped["amount"]
            if capped["capped"]:
                outcome.reasons.append(
                    f"De herstelkosten zijn {euro(total)}. Dat is meer dan {euro(cap)}. "
                    f"Het IMG betaalt tot {euro(cap)}."
                )
        for item, reason in outcome.excluded_items:
            outcome.reasons.append(
                EXCLUSION_TEXTS[reason].format(description=item.description, type_words=item.type_words)
            )
        self.add_payments(outcome, answers)
        return outcome

    def repair_total(self, outcome: RepairOutcome, answers: dict) -> Decimal | None:
        """The cost of the damage that counts, when every such item has an amount."""
        included = outcome.included_items
        if answers["damage_items"] is None or any(item.amount is None for item in included):
            return None
        return sum((item.amount for item in included), Decimal("0"))

    def intro_reasons(self, cap: Decimal) -> tuple[str, ...]:
        return ()

    def add_payments(self, outcome: RepairOutcome, answers: dict) -> None:
        """Interim payments (HEA only)."""


class HEA(_Repair):
    code = "HEA"
    name = "Herstel met eigen aannemer"
    short_description = (
        "U laat de schade herstellen door een aannemer die u zelf kiest. Het IMG betaalt de aannemer rechtstreeks, "
        "tot € 60.000. Er is geen onderzoek naar de oorzaak. Alleen schade in een goedgekeurde offerte wordt betaald."
    )
    goal = "Schade snel laten herstellen, zonder onderzoek naar de oorzaak, met een aannemer die de aanvrager kent."
    human_involvement = (
        "Een medewerker van het IMG beoordeelt de offerte van de aannemer en keurt die goed. Het IMG sluit een "
        "overeenkomst met de aanvrager."
    )
    needs = (
        "Een offerte op het sjabloon van het IMG, met de herstelmatrix en het calculatiemodel",
        "Een aannemer die voldoet aan de eisen van het IMG",
        "Een overeenkomst met het IMG; u bent zelf opdrachtgever",
    )
    effort = "Zelf een aannemer kiezen en een offerte laten maken; geen onderzoek naar de oorzaak"
    answer_names = (
        *COMMON_ANSWERS,
        "quote_amount",
        "quote_approved",
        "contractor_meets_requirements",
        "completed_rooms",
    )
    questions = HEA_QUESTIONS
    condition_codes = ("no_items", "quote_not_approved", "contractor")
    unknown_conditions = (
        ("no_items", "has_included_items"),
        ("quote_not_approved", "quote_approved"),
        ("contractor", "contractor_meets_requirements"),
    )

    def check_answers(self, answers: dict | None) -> dict:
        result = super().check_answers(answers)
        if result["quote_amount"] is not None:
            result["quote_amount"] = _decimal(result["quote_amount"], "quote_amount")
        rooms = result["completed_rooms"]
        if rooms is not None and (not isinstance(rooms, list | tuple) or not all(isinstance(r, str) for r in rooms)):
            raise AnswerError("'completed_rooms' moet een lijst van kamers zijn, zoals ['keuken', 'badkamer'].")
        return result

    def repair_total(self, outcome: RepairOutcome, answers: dict) -> Decimal | None:
        items, quote = answers["damage_items"], answers["quote_amount"]
        if items is not None and quote is not None:
            if all(item.amount is not None for item in items):
                listed = sum((item.amount for item in items), Decimal("0"))
                if listed != quote:
                    raise AnswerError(
                        f"Het totaal van de offerte ({euro(quote)}) is niet gelijk aan de som van de schades "
                        f"({euro(listed)})."
                    )
            elif not outcome.excluded_items:
                return quote
            else:
                raise AnswerError("Geef per schade het bedrag uit de offerte: niet alle schade telt mee.")
        return super().repair_total(outcome, answers)

    def intro_reasons(self, cap: Decimal) -> tuple[str, ...]:
        return (
            "U kiest zelf een aannemer en bent opdrachtgever. Het IMG betaalt uw aannemer rechtstreeks. U krijgt "
            "het bedrag dus niet zelf.",
            "Het IMG betaalt alleen schade die in de goedgekeurde offerte staat.",
            f"Herstel zonder onderzoek naar de oorzaak kan tot {euro(cap)}.",
        )

    def add_payments(self, outcome: RepairOutcome, answers: dict) -> None:
        """Per finished room, the contractor can be paid for that room already, within the total."""
        rooms = answers["completed_rooms"] or []
        if outcome.amount is None or outcome.open is False:
            return
        known_rooms = {item.room for item in outcome.included_items}
        paid = Decimal("0")
        for room in rooms:
            if room not in known_rooms:
                raise AnswerError(f"De kamer '{room}' staat niet bij de schade in de offerte.")
            room_total = sum((i.amount for i in outcome.included_items if i.room == room), Decimal("0"))
            payment = min(room_total, outcome.amount - paid)
            paid += payment
            outcome.interim_payments.append(InterimPayment(room, payment))
            outcome.reasons.append(
                f"De ruimte '{room}' is klaar. Het IMG betaalt de aannemer daarvoor alvast {euro(payment)}."
            )


class HIN(_Repair):
    code = "HIN"
    name = "Herstel door een aannemer van het IMG"
    short_description = (
        "Een aannemer van het IMG herstelt de schade aan uw gebouw, tot € 60.000. Er is geen onderzoek naar de "
        "oorzaak. U krijgt zelf geen geld: het IMG betaalt de aannemer."
    )
    goal = "Schade laten herstellen zonder dat de aanvrager zelf een aannemer hoeft te zoeken of te betalen."
    legal_basis_url = SOURCE_HIN
    human_involvement = (
        "Een medewerker van het IMG kijkt of herstel door een aannemer van het IMG kan (geen monument, geen "
        "bedrijfsactiviteiten in de weg, geen zetting of verzakking) en wijst een aannemer toe."
    )
    needs = ("Toegang tot het gebouw voor de aannemer",)
    effort = "Een aannemer van het IMG komt langs; geen onderzoek naar de oorzaak"
    answer_names = (*COMMON_ANSWERS, "business_activities_block_work")
    questions = HIN_QUESTIONS
    condition_codes = ("no_items", "monument", "business", "settlement")
    unknown_conditions = (
        ("no_items", "has_included_items"),
        ("business", "business_activities_block_work"),
        ("settlement", "has_settlement_damage"),
    )

    def intro_reasons(self, cap: Decimal) -> tuple[str, ...]:
        return (
            "Een aannemer van het IMG herstelt de schade. U krijgt zelf geen geld: het IMG betaalt de aannemer.",
            f"Herstel zonder onderzoek naar de oorzaak kan tot {euro(cap)}.",
        )
