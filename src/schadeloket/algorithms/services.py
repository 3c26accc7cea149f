"""The algorithm register: each scheme as an entry of the Dutch publication standard, and the
version history of its decision tables.

Why a mapping here and not on the Scheme: the standard (Algoritmeregister-Publicatiestandaard
1.0.10, schema 1.0.0; docs in ../shared/reference/anchors.md §10) asks for more than a scheme
describes about itself. A field the scheme has (`name`, `goal`, `legal_basis`, ...) is taken from
it; a field a scheme may add later (`theme`, `start_date`, `processing_register_url`, ...) is read
with `getattr`; "Technische werking" and "Gegevens" are generated from the DMN tables; a few
texts are generic and true of the platform itself (how the rules are checked and versioned).
Nothing legal is made up: what nobody has described yet stays `None` and reads "Nog niet
beschreven" on the page.

`record_rule_versions` is the only writer of `RuleVersion`: idempotent and one query when
nothing changed, so the pages may call it on every request.
"""

import ast
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

from schadeloket.schemes.engine.cells import CellError, Interval, ValueSet, parse_cell
from schadeloket.schemes.engine.explain import euro
from schadeloket.schemes.engine.parameters import Parameter, Status
from schadeloket.schemes.engine.tables import to_jsonable
from schadeloket.schemes.registry import all_schemes

from .models import RuleVersion

# --- Settings with defaults (ALGORITHM_REGISTER_* in the Django settings override them) --------

ORGANISATION = "Instituut Mijnbouwschade Groningen"
CONTACT = "https://www.schadedoormijnbouw.nl/"
SUPPLIER = "Schadeloket (open-source software, eigen ontwikkeling)"
SCHEMA_VERSION = "1.0.0"
LANGUAGE = "nld"
NOT_DESCRIBED = "Nog niet beschreven"


def organisation() -> str:
    return getattr(settings, "ALGORITHM_REGISTER_ORGANISATION", ORGANISATION)


def contact() -> str:
    return getattr(settings, "ALGORITHM_REGISTER_CONTACT", CONTACT)


def supplier() -> str:
    return getattr(settings, "ALGORITHM_REGISTER_SUPPLIER", SUPPLIER)


def source_code_url() -> str | None:
    return getattr(settings, "ALGORITHM_REGISTER_SOURCE_CODE_URL", "") or None


# --- The standard's fields, in its order and groups ------------------------------------------

GROUPS = ("Algemene informatie", "Verantwoord gebruik", "Werking", "Metadata")
STANDARD_FIELDS: tuple[tuple[str, str], ...] = (
    ("Algemene informatie", "Naam"),
    ("Algemene informatie", "Korte omschrijving"),
    ("Algemene informatie", "Organisatie"),
    ("Algemene informatie", "Thema"),
    ("Algemene informatie", "Status"),
    ("Algemene informatie", "Begindatum"),
    ("Algemene informatie", "Einddatum"),
    ("Algemene informatie", "Contactgegevens"),
    ("Algemene informatie", "Link naar publiekspagina"),
    ("Algemene informatie", "Publicatiecategorie"),
    ("Algemene informatie", "Link naar bronregistratie"),
    ("Verantwoord gebruik", "Doel en impact"),
    ("Verantwoord gebruik", "Afwegingen"),
    ("Verantwoord gebruik", "Menselijke tussenkomst"),
    ("Verantwoord gebruik", "Risicobeheer"),
    ("Verantwoord gebruik", "Wettelijke basis"),
    ("Verantwoord gebruik", "Titel van wettelijke basis"),
    ("Verantwoord gebruik", "Link naar wettelijke basis"),
    ("Verantwoord gebruik", "Verwerkingsregister"),
    ("Verantwoord gebruik", "Impacttoets(en)"),
    ("Verantwoord gebruik", "Link naar impacttoets"),
    ("Verantwoord gebruik", "Toelichting op impacttoetsen"),
    ("Werking", "Gegevens"),
    ("Werking", "Titel van gegevensbron"),
    ("Werking", "Link naar gegevensbron"),
    ("Werking", "Technische werking"),
    ("Werking", "Leverancier"),
    ("Werking", "Link naar broncode"),
    ("Metadata", "Taal"),
    ("Metadata", "Schema"),
    ("Metadata", "Bron-ID"),
    ("Metadata", "Zoektermen"),
)
FIELD_NAMES = tuple(name for _group, name in STANDARD_FIELDS)
REQUIRED_FIELDS = ("Naam", "Korte omschrijving", "Organisatie", "Status", "Contactgegevens", "Publicatiecategorie")
# Fields holding a URL (or an e-mail address for Contactgegevens): shown as a link.
LINK_FIELDS = frozenset(
    {
        "Contactgegevens",
        "Link naar publiekspagina",
        "Link naar bronregistratie",
        "Link naar wettelijke basis",
        "Verwerkingsregister",
        "Link naar impacttoets",
        "Link naar gegevensbron",
        "Link naar broncode",
    }
)
# Upper limits in characters (the standard says "<N").
LIMITS = {
    "Naam": 100,
    "Korte omschrijving": 350,
    "Organisatie": 100,
    "Doel en impact": 2500,
    "Afwegingen": 2500,
    "Menselijke tussenkomst": 2500,
    "Risicobeheer": 2500,
    "Wettelijke basis": 2500,
    "Titel van wettelijke basis": 100,
    "Toelichting op impacttoetsen": 2500,
    "Gegevens": 2500,
    "Titel van gegevensbron": 500,
    "Technische werking": 5000,
    "Leverancier": 200,
    "Bron-ID": 100,
    "Zoektermen": 2500,
}
STATUSES = {"in ontwikkeling": "In ontwikkeling", "in gebruik": "In gebruik", "buiten gebruik": "Buiten gebruik"}

# Classification choices (not legal facts): the theme from the TOP list, the category of the
# standard. The schemes decide on money for residents, hence "Impactvolle algoritmes".
SCHEME_THEME = "Huisvesting"
SCHEME_CATEGORY = "Impactvolle algoritmes"
# When a scheme started, where the scheme itself does not say (`start_date`): only dates the
# tables themselves carry (VES: conditions.dmn, row 1, "< date(2021, 11, 1)").
START_DATES = {"VES": "2021-11"}

GENERIC_CONSIDERATIONS = (
    "De regels staan in beslistabellen die een computer uitvoert. Zo krijgt iedereen in dezelfde situatie "
    "dezelfde uitkomst, en is elke uitkomst uit te leggen met de regel waar die op steunt. Bedragen en datums "
    "die kunnen veranderen, staan apart als parameters met hun bron."
)
GENERIC_RISK_MANAGEMENT = (
    "Bij elke uitkomst bewaart Schadeloket welke beslistabel, welke versie daarvan en welke regels de doorslag "
    "gaven, met de wettelijke basis per regel. Een beslistabel met een fout, of met regels die tegelijk kunnen "
    "gelden waar dat niet mag, wordt bij het starten geweigerd. Elke wijziging van een tabel krijgt een nieuwe "
    "versie; de versiegeschiedenis staat op deze pagina. Waarden die nog niet vaststaan, zijn gemarkeerd als "
    "voorlopig of als nog niet vastgesteld."
)
GENERIC_IMPACT = "De uitkomst bepaalt mee of iemand deze regeling kan kiezen en wat hij of zij dan krijgt."
SCHEME_DATA_SOURCE = (
    "Schadeloket-register (adressen, gebouwen, eigenaren, eerdere vergoedingen en aardbevingen van het KNMI) "
    "en de gegevens uit de aanvraag"
)
HIT_POLICY_WORDS = {
    "UNIQUE": "Er past altijd hooguit één regel.",
    "COLLECT": "Alle regels die passen, tellen mee.",
}
STATUS_MARKERS = {Status.PLACEHOLDER: "voorlopige waarde", Status.UNDECIDED: "nog niet vastgesteld"}


class UnknownAlgorithmError(KeyError):
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        known = ", ".join(algorithm_codes())
        return f"Algoritme '{self.code}' bestaat niet. Bekende algoritmes: {known}."


# --- Values and cells in plain words ----------------------------------------------------------


def number_words(value) -> str:
    """10000 → 10.000, 2.5 → 2,5, 2013 → 2013 (Dutch separators; none below 10.000, so years read right)."""
    text = f"{value:,}" if abs(value) >= 10000 else f"{value}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def date_words(value: dt.date) -> str:
    return f"{value.day}-{value.month}-{value.year}"


def value_words(value) -> str:
    """One literal value as a person reads it: True → ja, Decimal("5000") → € 5.000, a date → 1-11-2021."""
    if value is True:
        return "ja"
    if value is False:
        return "nee"
    if value is None:
        return "onbekend"
    if isinstance(value, Decimal):
        return euro(value)
    if isinstance(value, int | float):
        return number_words(value)
    if isinstance(value, dt.date):
        return date_words(value)
    if isinstance(value, tuple | list | set | frozenset):
        return join_or([value_words(v) for v in _ordered(value)])
    return str(value)


def join_or(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " of " + words[-1]


def _ordered(values) -> list:
    try:
        return sorted(values)
    except TypeError:
        return sorted(values, key=repr)


def _bound_words(value, inclusive: bool, low: bool) -> str:
    words = value_words(value)
    if isinstance(value, dt.date):
        if low:
            return f"vanaf {words}" if inclusive else f"na {words}"
        return f"tot en met {words}" if inclusive else f"vóór {words}"
    if low:
        return f"{words} of meer" if inclusive else f"meer dan {words}"
    return f"{words} of minder" if inclusive else f"minder dan {words}"


def cell_words(text: str | None) -> str:
    """An input cell in plain words: `-` → elke waarde, `>= 2` → 2 of meer, `2 <= ? < 5` → 2 of meer en
    minder dan 5. A cell that is not a simple comparison is returned as written."""
    if text is None or text.strip() in ("", "-"):
        return "elke waarde"
    try:
        constraint = parse_cell(text)
    except (CellError, TypeError, ValueError):
        return text.strip()
    if isinstance(constraint, ValueSet):
        words = join_or([value_words(v) for v in _ordered(constraint.values)])
        return f"niet {words}" if constraint.negated else words
    if isinstance(constraint, Interval):
        if (
            constraint.low is not None
            and constraint.high is not None
            and constraint.low_inclusive
            and constraint.high_inclusive
        ):
            return f"van {value_words(constraint.low)} tot en met {value_words(constraint.high)}"
        parts = []
        if constraint.low is not None:
            parts.append(_bound_words(constraint.low, constraint.low_inclusive, low=True))
        if constraint.high is not None:
            parts.append(_bound_words(constraint.high, constraint.high_inclusive, low=False))
        return " en ".join(parts) or "elke waarde"
    return text.strip()


def parameter_value_words(parameter: Parameter) -> str:
    value = parameter.value
    if value is None:
        return "nog niet vastgesteld"
    numeric = isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    unit = parameter.unit.strip()
    if numeric and unit.upper() in ("EUR", "€"):
        return euro(Decimal(str(value)))
    if numeric and unit.upper().startswith(("EUR/", "€/")):
        return f"{euro(Decimal(str(value)))} per {unit.split('/', 1)[1]}"
    if value == "":
        return "leeg"
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        words = number_words(value)
        return f"{words} {parameter.unit}".strip()
    words = value_words(value)
    return f"{words} {parameter.unit}".strip() if parameter.unit else words


def output_words(text: str, parameters: dict[str, Parameter]) -> str:
    """An output cell in plain words: a literal as `value_words`, a parameter by its description and
    value; any other expression as written."""
    stripped = (text or "").strip()
    if not stripped:
        return "niets"
    try:
        tree = ast.parse(stripped, mode="eval").body
    except SyntaxError:
        return stripped
    if isinstance(tree, ast.Name) and tree.id in parameters:
        parameter = parameters[tree.id]
        return f"{parameter.description} ({parameter_value_words(parameter)})"
    try:
        constraint = parse_cell(stripped)
    except (CellError, TypeError, ValueError):
        return stripped
    if isinstance(constraint, ValueSet) and not constraint.negated and len(constraint.values) == 1:
        value = next(iter(constraint.values))
        return "niets" if value == "" else value_words(value)
    return stripped


# --- Entries ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionedSource:
    """A file whose content hash is recorded in the version history (a decision table, or the
    ground-motion model's code)."""

    scheme_code: str
    table_id: str
    name: str
    file_name: str
    version: str


@dataclass
class Entry:
    """One algorithm as the register shows it."""

    code: str
    fields: dict[str, str | None]
    tables: list[dict] = field(default_factory=list)
    parameters: list[dict] = field(default_factory=list)
    sources: list[VersionedSource] = field(default_factory=list)
    switched_off: bool = False

    @property
    def name(self) -> str:
        return self.fields["Naam"] or self.code

    @property
    def short_description(self) -> str | None:
        return self.fields["Korte omschrijving"]

    @property
    def status(self) -> str | None:
        return self.fields["Status"]

    @property
    def has_provisional_values(self) -> bool:
        return any(p["status"] != Status.CONFIRMED.value for p in self.parameters)

    def field_groups(self) -> list[dict]:
        """The fields per group, ready to show: name, text (None: not described), whether a link."""
        groups = []
        for group in GROUPS:
            items = [
                {
                    "name": name,
                    "text": self.fields.get(name),
                    "is_link": name in LINK_FIELDS and bool(self.fields.get(name)),
                    "href": _href(self.fields.get(name)) if name in LINK_FIELDS else "",
                }
                for field_group, name in STANDARD_FIELDS
                if field_group == group
            ]
            groups.append({"name": group, "items": items})
        return groups

    def length_problems(self) -> list[str]:
        """Fields over the standard's limit or required and empty (Dutch, one line each)."""
        problems = [
            f"{name}: {len(self.fields[name])} tekens, de standaard staat minder dan {limit} toe."
            for name, limit in LIMITS.items()
            if self.fields.get(name) and len(self.fields[name]) >= limit
        ]
        problems += [f"{name}: verplicht, maar leeg." for name in REQUIRED_FIELDS if not self.fields.get(name)]
        return problems


def _href(value: str | None) -> str:
    if not value:
        return ""
    return f"mailto:{value}" if "@" in value and "://" not in value else value


def _clip(text: str | None, name: str) -> str | None:
    limit = LIMITS.get(name)
    if text is None or limit is None or len(text) < limit:
        return text
    return text[: limit - 2].rstrip() + "…"


def _table_dict(table, parameters: dict[str, Parameter]) -> dict:
    return {
        "table_id": table.table_id,
        "name": table.name,
        "description": table.description,
        "file": table.path.name,
        "version": table.version,
        "short_version": table.version[:12],
        "hit_policy": table.hit_policy,
        "hit_policy_words": HIT_POLICY_WORDS.get(table.hit_policy, table.hit_policy),
        "inputs": [{"label": c.label, "expression": c.text} for c in table.inputs],
        "outputs": [{"name": c.name, "label": c.label} for c in table.outputs],
        "rows": [
            {
                "number": row.number,
                "rule_id": row.rule_id,
                "inputs": [_cell(t, cell_words(t)) for t in row.input_texts],
                "outputs": [_cell(t, output_words(t, parameters)) for t in row.output_texts],
                "legal_basis": {"text": row.legal_basis.text, "url": row.legal_basis.url},
            }
            for row in table.rows
        ],
    }


def _cell(text: str, words: str) -> dict:
    """A cell's raw text and its words; `show_raw` when the raw text tells a reader something more
    (not for `-`, True/False or a quoted word that reads the same)."""
    raw = (text or "").strip()
    obvious = raw in ("", "-", "True", "False") or raw.strip("\"'") == words or raw == words
    return {"text": text, "words": words, "show_raw": not obvious}


def _parameter_dict(parameter: Parameter) -> dict:
    return {
        "name": parameter.name,
        "description": parameter.description,
        "value": parameter.value,
        "value_words": parameter_value_words(parameter),
        "unit": parameter.unit,
        "source": parameter.source,
        "status": parameter.status.value,
        "marker": STATUS_MARKERS.get(parameter.status, ""),
    }


def _scheme_fields(scheme, tables: list, page_url: str, json_url: str) -> dict[str, str | None]:
    code = scheme.code
    status = STATUSES.get(str(scheme.status).strip().lower(), str(scheme.status).strip().capitalize() or None)
    if scheme.is_switched_off:
        status = "In ontwikkeling"
    goal = (scheme.goal or "").strip()
    labels = list(dict.fromkeys(column.label for table in tables for column in table.inputs))
    data = []
    if labels:
        data.append("De beslistabellen gebruiken deze gegevens: " + "; ".join(labels) + ".")
    if scheme.needs:
        data.append("Van de aanvrager: " + "; ".join(scheme.needs) + ".")
    row_bases = list(dict.fromkeys(row.legal_basis.text for table in tables for row in table.rows))
    legal_basis = (scheme.legal_basis or "").strip() or ("; ".join(row_bases) if row_bases else None)
    title = (scheme.legal_basis or "").strip() or None
    if title and len(title) >= LIMITS["Titel van wettelijke basis"]:
        title = title.split(";")[0].strip()
    keywords = [scheme.name, code, "mijnbouwschade", "aardbevingsschade", "Groningen", "regeling"]
    keywords += [table.name for table in tables]
    fields = {
        "Naam": scheme.name or code,
        "Korte omschrijving": scheme.short_description or None,
        "Organisatie": organisation(),
        "Thema": getattr(scheme, "theme", "") or SCHEME_THEME,
        "Status": status,
        "Begindatum": getattr(scheme, "start_date", "") or START_DATES.get(code),
        "Einddatum": getattr(scheme, "end_date", "") or None,
        "Contactgegevens": contact(),
        "Link naar publiekspagina": page_url or None,
        "Publicatiecategorie": getattr(scheme, "publication_category", "") or SCHEME_CATEGORY,
        "Link naar bronregistratie": json_url or None,
        "Doel en impact": f"{goal} {GENERIC_IMPACT}" if goal else None,
        "Afwegingen": getattr(scheme, "considerations", "") or GENERIC_CONSIDERATIONS,
        "Menselijke tussenkomst": scheme.human_involvement or None,
        "Risicobeheer": getattr(scheme, "risk_management", "") or GENERIC_RISK_MANAGEMENT,
        "Wettelijke basis": legal_basis,
        "Titel van wettelijke basis": title,
        "Link naar wettelijke basis": scheme.legal_basis_url or None,
        "Verwerkingsregister": getattr(scheme, "processing_register_url", "") or None,
        "Impacttoets(en)": getattr(scheme, "impact_assessments", "") or None,
        "Link naar impacttoets": getattr(scheme, "impact_assessment_url", "") or None,
        "Toelichting op impacttoetsen": getattr(scheme, "impact_assessment_notes", "") or None,
        "Gegevens": " ".join(data) or None,
        "Titel van gegevensbron": getattr(scheme, "data_source_title", "") or SCHEME_DATA_SOURCE,
        "Link naar gegevensbron": getattr(scheme, "data_source_url", "") or None,
        "Technische werking": _technical_working(scheme, tables),
        "Leverancier": supplier(),
        "Link naar broncode": source_code_url(),
        "Taal": LANGUAGE,
        "Schema": SCHEMA_VERSION,
        "Bron-ID": f"schadeloket-{code.lower()}",
        "Zoektermen": ", ".join(dict.fromkeys(k for k in keywords if k)),
    }
    return {name: _clip(value, name) for name, value in fields.items()}


def _technical_working(scheme, tables: list) -> str:
    count = len(tables)
    parts = [
        f"Schadeloket voert deze regeling uit met {count} beslistabel{'' if count == 1 else 'len'} in DMN 1.3 "
        "(Decision Model and Notation), die zowel beslissen als hier gepubliceerd worden."
    ]
    for table in tables:
        inputs = "; ".join(column.label for column in table.inputs)
        outputs = "; ".join(column.label for column in table.outputs)
        description = f" {table.description}" if table.description else ""
        parts.append(
            f"Tabel '{table.name}' ({table.path.name}, {len(table.rows)} regels).{description} "
            f"Invoer: {inputs}. Uitkomst: {outputs}. {HIT_POLICY_WORDS.get(table.hit_policy, '')}".rstrip()
        )
    parts.append(
        "Bedragen, grenzen en datums die kunnen veranderen, staan als parameters apart, elk met hun bron. "
        "Bij elke uitkomst worden de gebruikte tabel, de versie en de regels bewaard."
    )
    return " ".join(parts)


def _scheme_entry(scheme, page_url: str, json_url: str) -> Entry:
    tables = list(scheme.tables.values())
    parameters = {p.name: p for p in scheme.parameters}
    return Entry(
        code=scheme.code,
        fields=_scheme_fields(scheme, tables, page_url, json_url),
        tables=[_table_dict(table, parameters) for table in tables],
        parameters=[_parameter_dict(p) for p in scheme.parameters],
        sources=[
            VersionedSource(scheme.code, table.table_id, table.name, table.path.name, table.version) for table in tables
        ],
        switched_off=scheme.is_switched_off,
    )


# --- The ground-motion model (docs/ground-motion.md) -------------------------------------------

GROUND_MOTION_CODE = "GRONDSNELHEID"
GROUND_MOTION_TABLE_ID = "grondsnelheid_model"
GROUND_MOTION_SOURCE = (
    "Bommer e.a. (2022), Ground-motion prediction models for induced earthquakes in the Groningen gas field, "
    "Journal of Seismology 26, 1157-1184, https://doi.org/10.1007/s10950-022-10120-w (PGV, grootste horizontale "
    "component)"
)


@cache
def _ground_motion_file() -> tuple[str, str]:
    from schadeloket.register.earthquakes import ground_motion

    path = Path(ground_motion.__file__)
    return path.name, hashlib.sha256(path.read_bytes()).hexdigest()


def _ground_motion_source() -> VersionedSource:
    """The model's code file, versioned like a table: a change to the model shows in its history."""
    file_name, version = _ground_motion_file()
    return VersionedSource(GROUND_MOTION_CODE, GROUND_MOTION_TABLE_ID, "Grondbewegingsmodel", file_name, version)


def _ground_motion_parameters() -> list[Parameter]:
    from schadeloket.register.earthquakes import ground_motion as gm

    coefficient = "Coëfficiënt {} van het model"
    parameters = [
        Parameter(f"c{i}", getattr(gm, f"C{i}"), coefficient.format(f"c{i}"), GROUND_MOTION_SOURCE) for i in range(1, 9)
    ]
    parameters += [
        Parameter("tau", gm.TAU, "Spreiding tussen bevingen (τ)", GROUND_MOTION_SOURCE),
        Parameter("phi_s2s", gm.PHI_S2S, "Spreiding tussen plaatsen (φS2S)", GROUND_MOTION_SOURCE),
        Parameter("phi_ss", gm.PHI_SS, "Overige spreiding (φSS)", GROUND_MOTION_SOURCE),
        Parameter(
            "p99_z",
            gm.EXCEEDANCE_Z["p99"],
            "Factor voor de waarde die met 1% kans wordt overschreden (99e percentiel van de normale verdeling)",
            "Standaardnormale verdeling",
        ),
        Parameter(
            "vs30",
            gm.VS30_DEFAULT_M_S,
            "Snelheid van schuifgolven in de bovenste 30 m, voor elk adres gelijk",
            "Aanname van Schadeloket: de IMG gebruikt versterkingszones per plek die niet openbaar zijn "
            "(zie docs/ground-motion.md)",
            status=Status.PLACEHOLDER,
            unit="m/s",
        ),
    ]
    return parameters


def _ground_motion_entry(page_url: str, json_url: str) -> Entry:
    fields = {
        "Naam": "Grondsnelheid per adres",
        "Korte omschrijving": (
            "Een rekenmodel schat hoe hard de grond trilde op uw adres bij elke aardbeving. Niemand heeft dat "
            "bij elk huis gemeten. Regelingen gebruiken de schatting om te zien of een beving sterk genoeg was."
        ),
        "Organisatie": organisation(),
        "Thema": "Ruimte en infrastructuur",
        "Status": "In gebruik",
        "Begindatum": None,
        "Einddatum": None,
        "Contactgegevens": contact(),
        "Link naar publiekspagina": page_url or None,
        "Publicatiecategorie": SCHEME_CATEGORY,
        "Link naar bronregistratie": json_url or None,
        "Doel en impact": (
            "Regelingen vragen of een aardbeving op een adres een bepaalde grondsnelheid haalde: 2 mm/s voor het "
            "gebied van het wettelijk bewijsvermoeden, de vaste vergoeding en de aanvullende vaste vergoeding, "
            "10 mm/s voor mestkelders. Niemand heeft dat bij elk huis gemeten; het model schat het voor elke "
            "beving uit de catalogus van het KNMI. De schatting bepaalt mee of iemand een regeling kan kiezen."
        ),
        "Afwegingen": (
            "Een gepubliceerd model maakt de schatting voor iedereen gelijk en na te rekenen. Het is een schatting "
            "met een spreiding, geen meting. De regels vragen de waarde die met 1% kans wordt overschreden; die is "
            "ongeveer 3,8 keer de middelste schatting."
        ),
        "Menselijke tussenkomst": (
            "Het model rekent zonder mens. De schatting is geen meting: bij een waarde dicht bij een grens is een "
            "menselijke beoordeling nodig."
        ),
        "Risicobeheer": (
            "De IMG gebruikt de versie van 2019 van dit model met versterkingszones per plek, die niet openbaar "
            "zijn. Schadeloket gebruikt de coëfficiënten van 2022 en één bodemwaarde voor elk adres; uitkomsten "
            "kunnen in beide richtingen afwijken. Voor kleine bevingen en velden buiten Groningen is het model "
            "een extrapolatie. Elke wijziging van de code krijgt een nieuwe versie in de versiegeschiedenis."
        ),
        "Wettelijke basis": (
            "Geen eigen wettelijke basis: het model levert een gegeven voor de regelingen die om een grondsnelheid "
            "vragen, zoals het gebied van het wettelijk bewijsvermoeden (art. 10oa Besluit Tijdelijke wet "
            "Groningen)."
        ),
        "Titel van wettelijke basis": None,
        "Link naar wettelijke basis": None,
        "Verwerkingsregister": None,
        "Impacttoets(en)": None,
        "Link naar impacttoets": None,
        "Toelichting op impacttoetsen": None,
        "Gegevens": (
            "De aardbevingscatalogus van het KNMI (tijd, plaats, diepte en kracht van elke beving) en de ligging "
            "van het adres (omgerekend naar RD New)."
        ),
        "Titel van gegevensbron": "Aardbevingscatalogus van het KNMI; adressen uit het Schadeloket-register",
        "Link naar gegevensbron": None,
        "Technische werking": (
            "Het model van Bommer e.a. (2022) voor de piekgrondsnelheid (PGV) in het Groningenveld, met de "
            "coëfficiënten voor de grootste horizontale component. Invoer: de kracht (ML), de afstand tot het "
            "epicentrum en de diepte. ln PGV = c1 + c2·M + c3·ln(min(R, 7)) + c4·ln(max(min(R, 12), 7)/7) + "
            "c5·ln(max(R, 12)/12) + c8·ln(VS30/200), met R = √(Repi² + d² + hM²) en hM = exp(c6 + c7·M). "
            "De middelste schatting is exp(ln PGV); de waarde met 1% kans op overschrijding is die maal "
            "exp(2,326·σ), met σ = √(τ² + φS2S² + φSS²). De uitkomst is in mm/s. Voor veel adressen tegelijk "
            "wordt per beving de grootste afstand berekend waarop de grens nog wordt gehaald."
        ),
        "Leverancier": supplier(),
        "Link naar broncode": source_code_url(),
        "Taal": LANGUAGE,
        "Schema": SCHEMA_VERSION,
        "Bron-ID": f"schadeloket-{GROUND_MOTION_CODE.lower()}",
        "Zoektermen": "grondsnelheid, PGV, aardbeving, trilling, mm/s, KNMI, Groningen, grondbewegingsmodel",
    }
    return Entry(
        code=GROUND_MOTION_CODE,
        fields={name: _clip(value, name) for name, value in fields.items()},
        parameters=[_parameter_dict(p) for p in _ground_motion_parameters()],
        sources=[_ground_motion_source()],
    )


# --- Public functions -------------------------------------------------------------------------


def algorithm_codes() -> list[str]:
    return [scheme.code for scheme in all_schemes()] + [GROUND_MOTION_CODE]


def canonical_code(code: str) -> str:
    """The code as the register writes it (`ves` → `VES`); UnknownAlgorithmError otherwise."""
    wanted = str(code).strip().lower()
    for known in algorithm_codes():
        if known.lower() == wanted:
            return known
    raise UnknownAlgorithmError(code)


def build_entry(code: str, page_url: str = "", json_url: str = "") -> Entry:
    """The register entry for one algorithm (case-insensitive code); UnknownAlgorithmError otherwise."""
    wanted = str(code).strip().lower()
    for scheme in all_schemes():
        if scheme.code.lower() == wanted:
            return _scheme_entry(scheme, page_url, json_url)
    if wanted == GROUND_MOTION_CODE.lower():
        return _ground_motion_entry(page_url, json_url)
    raise UnknownAlgorithmError(code)


def all_entries() -> list[Entry]:
    return [_scheme_entry(scheme, "", "") for scheme in all_schemes()] + [_ground_motion_entry("", "")]


def versioned_sources() -> list[VersionedSource]:
    sources = [
        VersionedSource(scheme.code, table.table_id, table.name, table.path.name, table.version)
        for scheme in all_schemes()
        for table in scheme.tables.values()
    ]
    sources.append(_ground_motion_source())
    return sources


def record_rule_versions(using: str = DEFAULT_DB_ALIAS, sources: list[VersionedSource] | None = None) -> list:
    """Add a RuleVersion for every table whose current hash is not known yet; returns the new rows.

    Idempotent, and one query when nothing changed. Two processes racing are harmless: the
    unique constraint on (table, version) keeps one row and the other insert is ignored.
    """
    sources = versioned_sources() if sources is None else sources
    known = set(
        RuleVersion.objects.using(using)
        .filter(table_id__in={s.table_id for s in sources})
        .values_list("table_id", "version")
    )
    new = {}
    for source in sources:
        key = (source.table_id, source.version)
        if key not in known and key not in new:
            new[key] = RuleVersion(
                table_id=source.table_id,
                scheme_code=source.scheme_code,
                version=source.version,
                file_name=source.file_name,
            )
    if new:
        RuleVersion.objects.using(using).bulk_create(list(new.values()), ignore_conflicts=True)
    return list(new.values())


def publication_dict(entry: Entry, history: dict[str, list]) -> dict:
    """The JSON export: the standard's fields under their Dutch names, then `tables`, `parameters`
    and `versions` (not part of the standard) for whoever wants to check the rules."""
    data = {name: entry.fields.get(name) for name in FIELD_NAMES}
    data["tables"] = [
        {
            "table_id": table["table_id"],
            "name": table["name"],
            "description": table["description"],
            "file": table["file"],
            "version": table["version"],
            "hit_policy": table["hit_policy"],
            "inputs": table["inputs"],
            "outputs": table["outputs"],
            "rows": [
                {
                    "number": row["number"],
                    "rule_id": row["rule_id"],
                    "inputs": [cell["text"] for cell in row["inputs"]],
                    "inputs_in_words": [cell["words"] for cell in row["inputs"]],
                    "outputs": [cell["text"] for cell in row["outputs"]],
                    "outputs_in_words": [cell["words"] for cell in row["outputs"]],
                    "legal_basis": row["legal_basis"],
                }
                for row in table["rows"]
            ],
        }
        for table in entry.tables
    ]
    data["parameters"] = [
        {
            "name": p["name"],
            "description": p["description"],
            "value": to_jsonable(p["value"]),
            "value_in_words": p["value_words"],
            "unit": p["unit"],
            "source": p["source"],
            "status": p["status"],
        }
        for p in entry.parameters
    ]
    data["versions"] = [
        {
            "table_id": source.table_id,
            "file": source.file_name,
            "current_version": source.version,
            "history": [
                {"version": v.version, "first_seen": v.first_seen.isoformat()} for v in history.get(source.table_id, [])
            ],
        }
        for source in entry.sources
    ]
    return data
