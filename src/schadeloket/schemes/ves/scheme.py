"""VES: the fixed one-off payment (vaste vergoeding).

Six conditions (conditions.dmn, with the location routes in location.dmn) and an amount that
depends on the date and on the kind of building (amount.dmn). Domain facts §1.1.
"""

import datetime as dt
from decimal import Decimal

from ..engine.parameters import Parameter, ParameterSet, Status
from ..engine.scheme import Outcome, Scheme

SOURCE_CONDITIONS = (
    "https://www.schadedoormijnbouw.nl/regelingen/schade-aan-gebouwen-en-objecten/vaste-vergoeding/"
    "voor-wie-is-de-vaste-vergoeding?ta=16424"
)

CONDITION_TEXTS = {
    "start": ("De vaste vergoeding bestaat sinds 1 november 2021.", "De vaste vergoeding bestond toen nog niet."),
    "first_application": (
        "Dit is de eerste aanvraag op dit adres.",
        "Er is op dit adres al eerder een aanvraag gedaan.",
    ),
    "natural_person": ("U vraagt aan als persoon.", "Een bedrijf of stichting kan de vaste vergoeding niet aanvragen."),
    "owner": ("U bent eigenaar van het gebouw.", "U bent geen eigenaar van het gebouw."),
    "co_owner_consent": (
        "Eventuele mede-eigenaren geven toestemming.",
        "De mede-eigenaren geven geen toestemming.",
    ),
    "location": (
        "Het gebouw staat op een plek waar schade door de gaswinning kan ontstaan.",
        "Het gebouw staat niet op een plek die meetelt voor de vaste vergoeding.",
    ),
    "earlier_applications": (
        "U heeft minder dan drie keer eerder een vaste vergoeding of herstel aangevraagd.",
        "U heeft al drie keer of vaker een vaste vergoeding of herstel aangevraagd.",
    ),
}
UNKNOWN_TEXTS = {
    "owner": "bent u eigenaar van het gebouw?",
    "co_owner_consent": "geven eventuele mede-eigenaren toestemming?",
    "natural_person": "vraagt u aan als persoon (niet als bedrijf)?",
    "location": "wat is het bouwjaar van het gebouw?",
}
ROUTE_TEXTS = {
    "effect_area": "Het gebouw staat in het effectgebied en er was na het bouwjaar een beving van minstens 2 mm/s.",
    "deep_subsidence": "Het gebouw staat in een gebied met diepe bodemdaling.",
    "six_km_before_2013": (
        "Het gebouw staat binnen 6 km van het Groningenveld, Norg of Grijpskerk en is gebouwd voor 2013."
    ),
}


class VES(Scheme):
    code = "VES"
    name = "Vaste vergoeding"
    short_description = (
        "Een vast bedrag voor alle schade aan uw gebouw. Er komt geen deskundige langs en er is geen "
        "onderzoek naar de oorzaak. U laat zelf met foto's zien dat er schade is."
    )
    goal = "Snel en eenvoudig schade vergoeden zonder schade-opname en adviesrapport."
    legal_basis = "Tijdelijke wet Groningen; IMG, Procedure en werkwijze; regeling vaste vergoeding"
    legal_basis_url = SOURCE_CONDITIONS
    human_involvement = (
        "Een behandelaar controleert de aanvraag en de foto's en neemt het besluit. Bij twijfel kan de aanvrager "
        "altijd kiezen voor maatwerk."
    )
    needs = ("Foto's van de schade of een nulmeting", "Toestemming van mede-eigenaren")
    effort = "Geen schade-opname, geen deskundige"
    closes_off = (
        "Het bedrag is voor alle schade aan het gebouw. Nieuwe schade kunt u pas melden na een nieuwe beving "
        "of door diepe bodemdaling."
    )
    table_files = ("conditions.dmn", "location.dmn", "amount.dmn")
    parameters = ParameterSet(
        [
            Parameter(
                "ves_amount",
                Decimal("10000"),
                "Bedrag voor een gebouw",
                "IMG, vaste vergoeding (huidige pagina): € 10.000",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "ves_amount_small_object",
                Decimal("5000"),
                "Bedrag voor een klein gebouw of object",
                "IMG, vaste vergoeding: uitzondering cultuurcode 18/100/onbekend en < 30 m² of WOZ < € 50.000",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "ves_amount_before_raise",
                Decimal("5000"),
                "Bedrag voor de verhoging",
                "IMG, start keuze vaste vergoeding op 1 november 2021: € 5.000",
                unit="EUR",
                minimum=Decimal("0"),
            ),
            Parameter(
                "ves_raise_date",
                dt.date(2023, 7, 1),
                "Datum waarop het bedrag van € 5.000 naar € 10.000 ging",
                "NIET GEVONDEN: plaatshouder, zie docs/open-questions.md "
                "(in januari 2023 was de verhoging nog een voorstel)",
                status=Status.PLACEHOLDER,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None) -> Outcome:
        parameters = parameters or self.parameters
        context = {**facts.as_context(), **parameters.as_context()}
        outcome = Outcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())

        routes = self.evaluate("ves_location", context, outcome)["route"]
        location_unknown = not routes and facts.within_6km and facts.construction_year is None
        context["location_ok"] = None if location_unknown else bool(routes)
        failed = set(self.evaluate("ves_conditions", context, outcome)["condition"])

        unknown = {
            "owner": facts.applicant_is_owner is None,
            "co_owner_consent": facts.co_owners_consent is None,
            "natural_person": facts.applicant_is_natural_person is None,
            "location": location_unknown,
        }
        if not outcome.settle_conditions(CONDITION_TEXTS, failed, unknown, UNKNOWN_TEXTS):
            return outcome
        outcome.amount = self.evaluate("ves_amount", context, outcome)["amount"]
        outcome.reasons = [ROUTE_TEXTS[route] for route in routes]
        if (
            outcome.amount == parameters["ves_amount_small_object"]
            and facts.reference_date >= parameters["ves_raise_date"]
        ):
            outcome.reasons.append("Het gaat om een klein gebouw of object. Daarvoor is het bedrag lager.")
        return outcome
