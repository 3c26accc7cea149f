"""The terms decisions and letters depend on, as named parameters with their source and status.

Why here and not in a template: a term in a letter is a legal promise. Each one is a `Parameter`
with its source; a value the domain facts do not give is a PLACEHOLDER, listed in
docs/open-questions.md, and never presented as settled.
"""

from schadeloket.schemes.engine.parameters import Parameter, Status

# Domain facts §3.2: IMG gives a reaction moment (zienswijze) on the advice report, but "the
# reaction term in days: not found". PLACEHOLDER: 14 days until the IMG confirms its term.
ZIENSWIJZE_TERM_DAYS = Parameter(
    name="ZIENSWIJZE_TERM_DAYS",
    value=14,
    description="Dagen die de aanvrager heeft om te reageren op het ontwerpbesluit (zienswijze).",
    source="NIET GEVONDEN (domain facts §3.2, zienswijze): tijdelijke waarde, zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="dagen",
    minimum=1,
)

BUILDING_DAMAGE_OBJECTION_WEEKS = Parameter(
    name="OBJECTION_TERM_WEEKS_BUILDING",
    value=12,
    description="Bezwaartermijn bij Schade gebouw, vanaf de dag na verzending van het besluit.",
    source="https://www.schadedoormijnbouw.nl/bezwaar ; Commissie Mijnbouwschade, veelgestelde vragen (facts §3.2)",
    unit="weken",
)
VALUE_LOSS_AND_IMMATERIAL_OBJECTION_WEEKS = Parameter(
    name="OBJECTION_TERM_WEEKS_VALUE_LOSS_IMS",
    value=6,
    description="Bezwaartermijn bij Waardedaling en Immateriële schade, vanaf de dag na verzending.",
    source="https://www.schadedoormijnbouw.nl/bezwaar (facts §3.2)",
    unit="weken",
)
AWB_OBJECTION_WEEKS = Parameter(
    name="OBJECTION_TERM_WEEKS_AWB",
    value=6,
    description="Bezwaartermijn van de Awb, waar het IMG geen eigen termijn noemt.",
    source="Awb art. 6:7 en 6:8 (facts §3.2). Welke IMG-termijn voor deze regeling geldt: open vraag.",
    status=Status.PLACEHOLDER,
    unit="weken",
)

# Which objection term each scheme has. Schade gebouw covers physical damage to buildings and
# objects and its follow-ups (repair, maatwerk, fixed amounts, manure cellars, acute unsafety,
# nuisance lines). Schemes in neither IMG group get the Awb's six weeks, marked as an open question:
# a shorter term in a letter never makes an objection late, a longer one could.
OBJECTION_TERMS: dict[str, Parameter] = {
    **dict.fromkeys(
        (
            "VES",
            "AVV",
            "HEA",
            "HIN",
            "MAATWERK",
            "DUURZAAM_HERSTEL",
            "VHV",
            "MESTKELDER",
            "AOS",
            "OVERLAST",
        ),
        BUILDING_DAMAGE_OBJECTION_WEEKS,
    ),
    **dict.fromkeys(
        ("WAARDEDALING_WONING", "WAARDEDALING_NIET_WONING", "IMS_VOLWASSENE", "IMS_KIND"),
        VALUE_LOSS_AND_IMMATERIAL_OBJECTION_WEEKS,
    ),
}

# Payment terms a letter may promise: only where a source gives one (facts §1.10: children's
# immaterial damage is paid within 10 working days). Every other letter promises no term.
PAYMENT_TERM_WORKING_DAYS: dict[str, Parameter] = {
    "IMS_KIND": Parameter(
        name="PAYMENT_TERM_WORKING_DAYS_IMS_KIND",
        value=10,
        description="Werkdagen waarbinnen het IMG de vergoeding voor kinderen en jongeren betaalt.",
        source="https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/beoordeling-van-uw-"
        "aanvraag/beoordeling-aanvraag-kinderen-en-jongeren-tm-17-jaar (facts §1.10)",
        unit="werkdagen",
    ),
}

# Where objections go (facts §3.2, https://www.schadedoormijnbouw.nl/bezwaar).
OBJECTION_ADDRESS = ("Instituut Mijnbouwschade Groningen", "Postbus 40009", "8004 DA Zwolle")
