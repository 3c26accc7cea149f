"""Waardedaling: compensation for the lower value of a building in the quake area.

Homes (domain facts §1.8): an image effect of about 2.07% of the WOZ value of 1 January 2021 for
every home in the area, plus a part per quake of 2.9 mm/s or more at the location (exceedance
probability above 50%). The part per quake, the postcode list with minimum and maximum
percentages, and the owner reference date are not found: marked parameters. Tables:
home_opening.dmn (phasing per municipality, 2020), home_conditions.dmn, home_percentage.dmn and
home_nam_settlement.dmn (Besluit Twg art. 1a).

Non-homes (§1.9): business premises without a residential function, owner on 16 August 2012,
percentage by WOZ band (non_home_band.dmn); the formula and the table are not found, so the
formula band gives the range of the March 2023 advice (just over 3% to just over 11%).

Answers (optional; unknown names are refused):

- homes: `woz_2021`, `woz_objection_pending`, `in_value_loss_area`, `has_residential_function`,
  `nam_settlement`;
- non-homes: `woz_2022`, `in_value_loss_area`, `has_residential_function`.

Without the WOZ value in the answers, `Facts.woz_value` from the register is used and the
explanation says so.
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError
from ..engine.explain import euro
from ..engine.parameters import Parameter, ParameterError, ParameterSet, Status
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE_ENTRY = "https://www.schadedoormijnbouw.nl/over-het-img/werkwijze/uitwerking-werkwijze-waardedalingsregeling"
SOURCE_PERCENTAGE = (
    "https://www.schadedoormijnbouw.nl/regelingen/waardedaling/extra-informatie/extra-informatie/"
    "waardedaling-woningen-verschillen-binnen-gebied-bepalen?ta=16820"
)
SOURCE_POSTCODES = "https://www.schadedoormijnbouw.nl/nieuws/2020/07/fasering-en-postcodes-waardedalingsregeling-bekend"
SOURCE_NON_HOMES = "https://www.schadedoormijnbouw.nl/regelingen/waardedaling/waardedaling-niet-woningen/details-van-de-regeling?ta=16821"
SOURCE_NON_HOMES_ADVICE = (
    "https://www.schadedoormijnbouw.nl/nieuws/2023/03/regeling-voor-waardedaling-niet-woningen-in-de-maak"
)
CENT = Decimal("0.01")

IN_AREA_QUESTION = Question(
    "in_value_loss_area",
    _("Ligt het gebouw in het gebied van de waardedalingsregeling?"),
    Kind.YES_NO,
    help_text=_(
        "Leeg: Schadeloket kijkt in de lijst met postcodes. Staat die lijst nog niet in Schadeloket, dan is "
        "het onbekend."
    ),
)
RESIDENTIAL_QUESTION = Question(
    "has_residential_function",
    _("Heeft het gebouw een woonfunctie?"),
    Kind.YES_NO,
    help_text=_("Leeg: Schadeloket kijkt naar de soort gebouw in het register."),
)
HOME_QUESTIONS = (
    Question(
        "woz_2021",
        _("Wat was de WOZ-waarde van de woning op 1 januari 2021?"),
        Kind.AMOUNT,
        help_text=_("In euro. Leeg: Schadeloket gebruikt de WOZ-waarde uit het register."),
    ),
    Question(
        "woz_objection_pending",
        _("Loopt er nog bezwaar of beroep tegen de WOZ-waarde?"),
        Kind.YES_NO,
        help_text=_("Leeg betekent nee."),
    ),
    IN_AREA_QUESTION,
    RESIDENTIAL_QUESTION,
    Question(
        "nam_settlement",
        _("Hoeveel kreeg de eigenaar van NAM bij de verkoop van de woning (vaststellingsovereenkomst)?"),
        Kind.AMOUNT,
        help_text=_("In euro. Dit bedrag gaat van de waardedaling af. Leeg betekent 0."),
    ),
)
NON_HOME_QUESTIONS = (
    Question(
        "woz_2022",
        _("Wat was de WOZ-waarde van het pand op 1 januari 2022?"),
        Kind.AMOUNT,
        help_text=_("In euro. Leeg: Schadeloket gebruikt de WOZ-waarde uit het register."),
    ),
    IN_AREA_QUESTION,
    RESIDENTIAL_QUESTION,
)


def _pct(value: Decimal) -> str:
    """`2,07%`: a percentage the Dutch way, without trailing zeros."""
    text = f"{Decimal(value).quantize(Decimal('0.0001')).normalize():f}"
    return text.replace(".", ",") + "%"


def _money(name: str, value) -> Decimal:
    if isinstance(value, bool):
        raise AnswerError(f"'{name}' moet een bedrag zijn, zoals 240000.")
    try:
        amount = Decimal(str(value).replace(",", ".")) if isinstance(value, str | float) else Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise AnswerError(f"'{name}' moet een bedrag zijn, zoals 240000; '{value}' is dat niet.") from None
    if not amount.is_finite() or amount < 0:
        raise AnswerError(f"'{name}' moet een bedrag van 0 of meer zijn; '{value}' is dat niet.")
    return amount


def _parse_answers(answers: dict | None, money: set[str], flags: set[str]) -> dict:
    answers = dict(answers or {})
    unknown = sorted(set(answers) - money - flags)
    if unknown:
        raise AnswerError(
            f"Onbekend antwoord: {', '.join(unknown)}. Bekende antwoorden: {', '.join(sorted(money | flags))}."
        )
    parsed = {}
    for name, value in answers.items():
        if value is None:
            parsed[name] = None
        elif name in money:
            parsed[name] = _money(name, value)
        elif isinstance(value, bool):
            parsed[name] = value
        else:
            raise AnswerError(f"'{name}' moet ja of nee zijn; '{value}' is dat niet.")
    return parsed


def parse_area_postcodes(text: str) -> dict[str, tuple[Decimal, Decimal] | None]:
    """`"9981:4.1-12.5, 9982"` → {"9981": (4.1, 12.5), "9982": None}; empty text: the list is not known."""
    result: dict[str, tuple[Decimal, Decimal] | None] = {}
    for entry in (text or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        pc4, _sep, span = entry.partition(":")
        pc4 = pc4.strip()
        if not (len(pc4) == 4 and pc4.isdigit()):
            raise ParameterError(f"Parameter 'value_loss_area_pc4': '{pc4}' is geen postcode van vier cijfers.")
        if not span.strip():
            result[pc4] = None
            continue
        low, _dash, high = span.partition("-")
        try:
            bounds = (Decimal(low.strip().replace(",", ".")), Decimal(high.strip().replace(",", ".")))
        except InvalidOperation:
            raise ParameterError(
                f"Parameter 'value_loss_area_pc4': '{entry}' moet zo zijn: 9981:4.1-12.5 (minimum-maximum in %)."
            ) from None
        if not (0 <= bounds[0] <= bounds[1] <= 100):
            raise ParameterError(
                f"Parameter 'value_loss_area_pc4': bij {pc4} moet 0 <= minimum <= maximum <= 100 zijn."
            )
        result[pc4] = bounds
    return result


def _in_area(answer, facts, postcodes: dict) -> bool | None:
    if answer is not None:
        return answer
    if not postcodes:
        return None  # the postcode list is not known yet: ask, never guess
    return facts.pc4 in postcodes


AREA_PARAMETER = Parameter(
    "value_loss_area_pc4",
    "",
    "Postcodes (PC4) van het gebied van de waardedalingsregeling, met minimum- en maximumpercentage: "
    "'9981:4.1-12.5, 9982:3.0-9.8'. Leeg: de lijst is nog niet bekend.",
    "NIET GEVONDEN: het IMG publiceert per PC4 een minimum- en maximumpercentage (138 postcodes in 2020), maar er is "
    f"geen kopie van de lijst. Plaatshouder: leeg. Zie docs/open-questions.md | {SOURCE_POSTCODES}",
    status=Status.PLACEHOLDER,
)


class ValueLossHomes(Scheme):
    code = "WAARDEDALING_WONING"
    name = "Waardedaling woningen"
    short_description = (
        "Uw woning is minder waard door de aardbevingen. U krijgt een percentage van de WOZ-waarde van 1 januari "
        "2021. Iedere woning in het gebied krijgt ongeveer 2,07%. Waren er op uw adres zware bevingen, dan komt er "
        "een deel bij."
    )
    goal = "Eigenaren van woningen in het aardbevingsgebied compenseren voor de lagere waarde van hun woning."
    legal_basis = (
        "Tijdelijke wet Groningen; advies Commissie Hammerstein (2019), methode Atlas voor gemeenten; "
        "Besluit Twg art. 1a (aanvulling op een regeling met NAM)"
    )
    legal_basis_url = SOURCE_ENTRY
    human_involvement = (
        "Het grootste deel gaat automatisch (ongeveer 80%). Een behandelaar controleert de aanvraag en neemt het "
        "besluit; bij twijfel over de woonfunctie of de WOZ-waarde kijkt een behandelaar mee."
    )
    needs = ("WOZ-waarde op 1 januari 2021", "Bewijs dat u eigenaar bent")
    effort = "Geen schade-opname, geen deskundige"
    closes_off = "Waardedaling staat los van schade aan het gebouw: u kunt daarnaast schade melden."
    table_files = ("home_opening.dmn", "home_conditions.dmn", "home_percentage.dmn", "home_nam_settlement.dmn")
    questions = HOME_QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "value_loss_image_effect_pct",
                Decimal("2.07"),
                "Imago-effect: percentage van de WOZ-waarde voor iedere woning in het gebied",
                "IMG, verschillen binnen het gebied bepalen: ongeveer 2,07% met zekerheidstoeslag | "
                f"{SOURCE_PERCENTAGE}",
                unit="%",
                minimum=Decimal("0"),
                maximum=Decimal("100"),
            ),
            Parameter(
                "value_loss_per_event_pct",
                Decimal("0"),
                "Extra percentage per beving van 2,9 mm/s of meer op de plek (overschrijdingskans > 50%)",
                "NIET GEVONDEN: de coëfficiënt per beving is niet openbaar. Plaatshouder 0: het bedrag is dan een "
                f"ondergrens. Zie docs/open-questions.md | {SOURCE_PERCENTAGE}",
                status=Status.PLACEHOLDER,
                unit="%",
                minimum=Decimal("0"),
                maximum=Decimal("100"),
            ),
            AREA_PARAMETER,
            Parameter(
                "value_loss_home_owner_reference",
                "application_date",
                "Op welke datum moet de aanvrager eigenaar zijn geweest",
                "NIET GEVONDEN (alleen voor niet-woningen bevestigd: 16 augustus 2012). Plaatshouder: eigenaar op de "
                "aanvraagdatum (Facts.applicant_is_owner). Zie docs/open-questions.md",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    CONDITION_TEXTS = {
        "opening": (
            "De regeling is open in uw gemeente.",
            "De regeling was toen nog niet open in uw gemeente.",
            "was de regeling toen al open in uw deel van Eemsdelta? (Appingedam en Loppersum vanaf 1 september "
            "2020, Delfzijl vanaf 1 januari 2021)",
        ),
        "municipality": (
            "Uw gemeente hoort bij de gemeenten waar de regeling openging.",
            "Uw gemeente hoort niet bij de gemeenten waar de regeling openging.",
            None,
        ),
        "residential": (
            "Het pand heeft een woonfunctie.",
            "Het pand heeft geen woonfunctie. Voor bedrijfspanden is er de regeling waardedaling niet-woningen.",
            None,
        ),
        "area": (
            "Uw woning ligt in het gebied van de waardedalingsregeling.",
            "Uw woning ligt niet in het gebied van de waardedalingsregeling.",
            "ligt uw woning in het gebied van de waardedalingsregeling? De lijst met postcodes staat nog niet in "
            "Schadeloket.",
        ),
        "owner": (
            "U bent eigenaar van de woning.",
            "U bent geen eigenaar van de woning.",
            "bent u eigenaar van de woning?",
        ),
        "woz_objection": (
            "Er loopt geen bezwaar of beroep tegen de WOZ-waarde.",
            "Er loopt nog bezwaar of beroep tegen de WOZ-waarde. Daarom kan de waardedaling nog niet worden "
            "vastgesteld.",
            None,
        ),
        "woz": ("De WOZ-waarde is bekend.", None, "wat was de WOZ-waarde van uw woning op 1 januari 2021?"),
    }

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = _parse_answers(
            answers,
            money={"woz_2021", "nam_settlement"},
            flags={"woz_objection_pending", "in_value_loss_area", "has_residential_function"},
        )
        postcodes = parse_area_postcodes(parameters["value_loss_area_pc4"])
        context = {**facts.as_context(), **parameters.as_context()}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        opening = self.evaluate("value_loss_home_opening", context, outcome)
        woz_from_register = given.get("woz_2021") is None
        woz = facts.woz_value if woz_from_register else given["woz_2021"]
        residential = given.get("has_residential_function")
        context.update(
            opening=opening["status"],
            has_residential_function=facts.building_kind == "home" if residential is None else residential,
            in_value_loss_area=_in_area(given.get("in_value_loss_area"), facts, postcodes),
            woz_objection_pending=bool(given.get("woz_objection_pending")),
        )
        failed = set(self.evaluate("value_loss_home_conditions", context, outcome)["condition"])
        unknown = {
            "opening": opening["status"] == "unknown",
            "area": context["in_value_loss_area"] is None,
            "owner": facts.applicant_is_owner is None,
            "woz": woz is None,
        }
        for code, (met_text, failed_text, unknown_text) in self.CONDITION_TEXTS.items():
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif code == "municipality" and "opening" in failed:
                continue
            elif unknown.get(code):
                outcome.conditions.append(Condition(unknown_text, None))
            else:
                outcome.conditions.append(Condition(met_text, True))
        if failed:
            outcome.open = False
            return outcome
        outcome.open = None if any(unknown.values()) else True
        if woz is None:
            return outcome

        percentage = self.evaluate("value_loss_home_percentage", context, outcome)["percentage"]
        bounds = postcodes.get(facts.pc4)
        if bounds is not None and not bounds[0] <= percentage <= bounds[1]:
            clamped = min(max(percentage, bounds[0]), bounds[1])
            outcome.reasons.append(
                f"Voor postcode {facts.pc4} ligt het percentage tussen {_pct(bounds[0])} en {_pct(bounds[1])}. "
                f"Daarom rekenen we met {_pct(clamped)}."
            )
            percentage = clamped
        computed = (woz * percentage / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        nam = given.get("nam_settlement") or Decimal("0")
        amount = self.evaluate(
            "value_loss_home_nam_settlement", {"computed_amount": computed, "nam_settlement": nam}, outcome
        )["amount"]
        outcome.amount = amount.quantize(CENT)

        reasons = [
            f"Waardedaling: {euro(computed)}. Dat is {_pct(percentage)} van de WOZ-waarde op 1 januari 2021 "
            f"({euro(woz)}).",
            f"Iedere woning in het gebied krijgt ongeveer {_pct(parameters['value_loss_image_effect_pct'])} "
            "(het imago-effect, met een zekerheidstoeslag).",
        ]
        events = facts.events_2_9mms_median
        coefficient = parameters["value_loss_per_event_pct"]
        if events and coefficient == 0 and parameters.get("value_loss_per_event_pct").status is Status.PLACEHOLDER:
            reasons.append(
                f"Op uw adres waren {events} bevingen van 2,9 mm/s of meer. Het extra deel per beving is nog niet "
                "bekend (open vraag). Het bedrag kan daardoor hoger worden."
            )
        elif events:
            reasons.append(
                f"Op uw adres waren {events} bevingen van 2,9 mm/s of meer. Daarvoor komt er "
                f"{_pct(coefficient * events)} bij ({_pct(coefficient)} per beving)."
            )
        if woz_from_register:
            reasons.append(
                f"We rekenen met de WOZ-waarde uit onze gegevens ({euro(woz)}), omdat u de WOZ-waarde op 1 januari "
                "2021 niet heeft opgegeven. Klopt die niet, geef dan de WOZ-waarde op 1 januari 2021 door."
            )
        if nam > 0:
            reasons.append(
                f"U kreeg al {euro(nam)} van NAM bij de verkoop (vaststellingsovereenkomst). U krijgt het verschil: "
                f"{euro(amount)}."
            )
        outcome.reasons = reasons + outcome.reasons
        return outcome


class ValueLossNonHomes(Scheme):
    code = "WAARDEDALING_NIET_WONING"
    name = "Waardedaling niet-woningen"
    short_description = (
        "Uw bedrijfspand is minder waard door de aardbevingen. U krijgt een percentage van de WOZ-waarde. Dat "
        "percentage hangt af van de plek en de WOZ-waarde. U moest op 16 augustus 2012 al eigenaar zijn."
    )
    goal = "Eigenaren van bedrijfspanden zonder woonfunctie compenseren voor de lagere waarde van hun pand."
    legal_basis = "Tijdelijke wet Groningen; IMG, regeling waardedaling niet-woningen (details van de regeling)"
    legal_basis_url = SOURCE_NON_HOMES
    human_involvement = "Een behandelaar controleert de aanvraag, het eigendom op 16 augustus 2012 en de WOZ-waarde."
    needs = ("WOZ-waarde op 1 januari 2022", "Bewijs dat u op 16 augustus 2012 eigenaar was")
    effort = "Geen schade-opname, geen deskundige"
    closes_off = "Waardedaling staat los van schade aan het gebouw: u kunt daarnaast schade melden."
    table_files = ("non_home_conditions.dmn", "non_home_band.dmn")
    questions = NON_HOME_QUESTIONS
    parameters = ParameterSet(
        [
            AREA_PARAMETER,
            Parameter(
                "value_loss_non_home_opening_date",
                dt.date(2024, 1, 1),
                "Datum waarop de regeling open ging voor nieuwe aanvragen",
                "NIET GEVONDEN: 'in de loop van 2024'. Plaatshouder 1 januari 2024 (ruimhartig: de vroegste datum). "
                f"Zie docs/open-questions.md | {SOURCE_NON_HOMES}",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "value_loss_non_home_pct_edge",
                Decimal("3"),
                "Laagste percentage (rand van het gebied) voor panden van € 50.000 tot € 200.000",
                "Advies maart 2023: 'ruim 3%' aan de rand; het precieze getal en de formule zijn niet gevonden. "
                f"Plaatshouder. Zie docs/open-questions.md | {SOURCE_NON_HOMES_ADVICE}",
                status=Status.PLACEHOLDER,
                unit="%",
                minimum=Decimal("0"),
                maximum=Decimal("100"),
            ),
            Parameter(
                "value_loss_non_home_pct_core",
                Decimal("11"),
                "Hoogste percentage (kern van het gebied) voor panden van € 50.000 tot € 200.000",
                "Advies maart 2023: 'ruim 11%' in de kern; het precieze getal en de formule zijn niet gevonden. "
                f"Plaatshouder. Zie docs/open-questions.md | {SOURCE_NON_HOMES_ADVICE}",
                status=Status.PLACEHOLDER,
                unit="%",
                minimum=Decimal("0"),
                maximum=Decimal("100"),
            ),
            Parameter(
                "value_loss_non_home_formula",
                "unknown",
                "Formule voor panden met een WOZ-waarde van € 50.000 tot € 200.000",
                f"NIET GEVONDEN. Zie docs/open-questions.md | {SOURCE_NON_HOMES}",
                status=Status.PLACEHOLDER,
            ),
            Parameter(
                "value_loss_non_home_table",
                "unknown",
                "Tabel (met interpolatie tussen kolommen) voor panden van € 200.000 tot € 3.000.000",
                f"NIET GEVONDEN. Zie docs/open-questions.md | {SOURCE_NON_HOMES}",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    CONDITION_TEXTS = {
        "opening": ("De regeling is open voor nieuwe aanvragen.", "De regeling was toen nog niet open.", None),
        "opening_pilot_only": (
            None,
            "De regeling was toen nog niet open voor nieuwe aanvragen. Er was alleen een proef voor verkochte "
            "bedrijfspanden in Loppersum en Appingedam (vanaf 1 juli 2021).",
            None,
        ),
        "residential": (
            "Het pand heeft geen woonfunctie.",
            "Het pand heeft een woonfunctie. Daarvoor is de regeling waardedaling woningen.",
            None,
        ),
        "owner_2012": (
            "U was op 16 augustus 2012 eigenaar van het pand.",
            "U was op 16 augustus 2012 geen eigenaar van het pand.",
            "was u op 16 augustus 2012 eigenaar van het pand?",
        ),
        "area": (
            "Het pand ligt in het gebied van de waardedalingsregeling.",
            "Het pand ligt niet in het gebied van de waardedalingsregeling.",
            "ligt het pand in het gebied van de waardedalingsregeling? De lijst met postcodes staat nog niet in "
            "Schadeloket.",
        ),
        "woz": ("De WOZ-waarde is bekend.", None, "wat was de WOZ-waarde van het pand op 1 januari 2022?"),
        "band_below": (None, "De WOZ-waarde is lager dan € 50.000. Dan is er geen waardedaling.", None),
        "band_above": (None, "De WOZ-waarde is hoger dan € 3.000.000. Dan is er geen waardedaling.", None),
        "table": (
            None,
            None,
            "het percentage voor panden met een WOZ-waarde van € 200.000 tot € 3.000.000. Dat staat in een tabel "
            "die nog niet openbaar is.",
        ),
    }

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> Outcome:
        parameters = parameters or self.parameters
        given = _parse_answers(answers, money={"woz_2022"}, flags={"in_value_loss_area", "has_residential_function"})
        postcodes = parse_area_postcodes(parameters["value_loss_area_pc4"])
        context = {**facts.as_context(), **parameters.as_context()}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        residential = given.get("has_residential_function")
        context.update(
            has_residential_function=facts.building_kind == "home" if residential is None else residential,
            in_value_loss_area=_in_area(given.get("in_value_loss_area"), facts, postcodes),
        )
        failed = set(self.evaluate("value_loss_non_home_conditions", context, outcome)["condition"])
        woz_from_register = given.get("woz_2022") is None
        woz = facts.woz_value if woz_from_register else given["woz_2022"]
        band = None
        if woz is not None:
            band = self.evaluate("value_loss_non_home_band", {**context, "woz_basis": woz}, outcome)
            if band["band"] in ("below", "above"):
                failed.add(f"band_{band['band']}")
        unknown = {
            "owner_2012": facts.applicant_owner_on_huizinge_date is None,
            "area": context["in_value_loss_area"] is None,
            "woz": woz is None,
            "table": band is not None and band["band"] == "table",
        }
        for code, (met_text, failed_text, unknown_text) in self.CONDITION_TEXTS.items():
            if code in failed:
                outcome.conditions.append(Condition(failed_text, False))
            elif unknown.get(code):
                outcome.conditions.append(Condition(unknown_text, None))
            elif met_text and not (code == "opening" and "opening_pilot_only" in failed):
                outcome.conditions.append(Condition(met_text, True))
        if failed:
            outcome.open = False
            return outcome
        outcome.open = None if any(v for k, v in unknown.items() if k != "table") else True
        if band is None or band["band"] != "formula":
            return outcome

        outcome.amount = (woz * band["pct_low"] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        outcome.amount_max = (woz * band["pct_high"] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        outcome.reasons.append(
            f"Waardedaling: tussen {euro(outcome.amount)} en {euro(outcome.amount_max)}. Voor panden met een "
            f"WOZ-waarde van € 50.000 tot € 200.000 is dat ruim {_pct(band['pct_low'])} aan de rand tot ruim "
            f"{_pct(band['pct_high'])} in de kern van het gebied, van de WOZ-waarde ({euro(woz)})."
        )
        outcome.reasons.append(
            "De precieze formule is nog niet openbaar. Daarom noemen we de grenzen uit het advies van maart 2023."
        )
        if woz_from_register:
            outcome.reasons.append(
                f"We rekenen met de WOZ-waarde uit onze gegevens ({euro(woz)}), omdat u de WOZ-waarde op 1 januari "
                "2022 niet heeft opgegeven. Klopt die niet, geef dan de WOZ-waarde op 1 januari 2022 door."
            )
        return outcome
