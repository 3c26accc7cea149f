"""The terms of the objection process that the law leaves open, as named parameters.

Why here: a term in a letter to a resident is a promise. The Awb fixes the decision term on an
objection (`cases.terms`); it does not fix how long a resident gets to repair an omission
(herstelverzuim, Awb 6:6) or to send the grounds of a pro-forma objection, and the domain facts
confirm only the IMS practice (4 weeks). Values without a source are PLACEHOLDERs, listed in
docs/open-questions.md, and never presented as settled.
"""

from schadeloket.schemes.engine.parameters import Parameter, Status

PRO_FORMA_TERM_WEEKS_IMS = Parameter(
    name="PRO_FORMA_TERM_WEEKS_IMS",
    value=4,
    description="Weken die de indiener van een pro-formabezwaar (immateriële schade) krijgt om de gronden te sturen.",
    source=(
        "https://www.schadedoormijnbouw.nl/regelingen/immateriele-schadevergoeding/bezwaar-maken (facts §1.10, §3.2)"
    ),
    unit="weken",
    minimum=1,
)
PRO_FORMA_TERM_WEEKS_OTHER = Parameter(
    name="PRO_FORMA_TERM_WEEKS_OTHER",
    value=4,
    description="Weken om de gronden van een pro-formabezwaar te sturen, bij de andere regelingen.",
    source="NIET GEVONDEN (facts §3.2 noemt alleen de 4 weken bij IMS): tijdelijk dezelfde 4 weken, "
    "zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="weken",
    minimum=1,
)
REPAIR_TERM_DAYS = Parameter(
    name="REPAIR_TERM_DAYS",
    value=14,
    description="Dagen om een ander verzuim te herstellen (bijvoorbeeld een handtekening of machtiging), Awb 6:6.",
    source="NIET GEVONDEN: de Awb noemt geen termijn; tijdelijk 14 dagen, zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="dagen",
    minimum=1,
)
APPEAL_TERM_WEEKS = Parameter(
    name="APPEAL_TERM_WEEKS",
    value=6,
    description="Beroepstermijn na de beslissing op bezwaar (beroep bij de rechtbank).",
    source="NIET GEVERIFIEERD (facts §3.2: 'appeal term: not verified'); de algemene termijn van Awb art. 6:7, "
    "zie docs/open-questions.md",
    status=Status.PLACEHOLDER,
    unit="weken",
    minimum=1,
)

IMS_SCHEMES = frozenset({"IMS_VOLWASSENE", "IMS_KIND"})
# A repair term may be made longer by the lawyer (milder), never shorter; and not absurdly long.
MAX_REPAIR_TERM_DAYS = 183
# A further postponement with consent (Awb 7:10 lid 4) has no legal maximum; this catches typing errors.
MAX_CONSENT_DAYS = 365


def pro_forma_term_weeks(scheme_code: str) -> Parameter:
    """The term to send the grounds of a pro-forma objection, for this scheme."""
    return PRO_FORMA_TERM_WEEKS_IMS if scheme_code.upper() in IMS_SCHEMES else PRO_FORMA_TERM_WEEKS_OTHER
