"""AOS: acute unsafe situation. Not a payment: a status and a route, with a 48-hour deadline.

After a report and a safety inspection the IMG decides whether there is an acute unsafe
situation (status.dmn). If so, the IMG makes the home safe enough within 48 hours; it forwards
the report to NCG when the home is in NCG's work area; IMG, NCG and the municipality discuss every
report in the AOS meeting; outside the reinforcement task the owner can ask for an inspection on
request (routing.dmn). Domain facts §1.13.

`RoutedOutcome` is shared with the other routing schemes (escalation, concurrence).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ..engine.answers import AnswerError, read_answers
from ..engine.parameters import Parameter, ParameterSet
from ..engine.questions import Kind, Question
from ..engine.scheme import Condition, Outcome, Scheme

SOURCE = "https://www.nationaalcoordinatorgroningen.nl/aardbevingsschade/acuut-onveilige-situatie"


@dataclass
class RoutedOutcome(Outcome):
    """An outcome that sends the case somewhere: the routes, and a deadline when there is one."""

    routes: list[str] = field(default_factory=list)
    deadline_hours: int | None = None
    deadline: dt.datetime | None = None

    def as_dict(self) -> dict:
        result = super().as_dict()
        result["routes"] = list(self.routes)
        result["deadline_hours"] = self.deadline_hours
        result["deadline"] = None if self.deadline is None else self.deadline.isoformat()
        return result


ANSWERS = {
    "img_confirms_unsafe": None,  # after the report and a safety inspection: True, False, or None (not yet)
    "reported_at": None,  # when the report came in (datetime); the 48 hours run from here
}
QUESTIONS = (
    Question(
        "img_confirms_unsafe",
        _("Heeft het IMG na de veiligheidsinspectie vastgesteld dat de situatie acuut onveilig is?"),
        Kind.YES_NO,
        help_text=_("Laat dit leeg zolang de inspectie nog niet is gedaan."),
    ),
    Question(
        "reported_at",
        _("Wanneer kwam de melding binnen?"),
        Kind.DATETIME,
        help_text=_("Datum en tijd. De termijn om de woning veilig te maken (in uren) telt vanaf dit moment."),
    ),
)
ROUTE_TEXTS = {
    "make_safe": "Het IMG maakt uw woning binnen {hours} uur voldoende veilig.",
    "forward_ncg": "Uw woning ligt in het werkgebied van het NCG. Het IMG stuurt uw melding door naar het NCG.",
    "aos_meeting": "Het IMG, het NCG en de gemeente{municipality} bespreken elke melding in het AOS-overleg.",
    "inspection_on_request": "Uw adres hoort niet bij de versterking. U kunt het NCG vragen om een opname op verzoek.",
}


class AOS(Scheme):
    code = "AOS"
    name = "Acuut onveilige situatie"
    short_description = (
        "Is uw huis plotseling onveilig door schade, bijvoorbeeld bij wind of trillingen? Meld het bij het IMG. "
        "Na een inspectie maakt het IMG uw huis binnen 48 uur veilig genoeg."
    )
    goal = "Een woning die door schade acuut onveilig is, snel weer veilig maken."
    legal_basis = "Tijdelijke wet Groningen; werkwijze acuut onveilige situaties van IMG en NCG"
    legal_basis_url = SOURCE
    human_involvement = (
        "Een bouwkundige inspecteert de woning. Het IMG stelt vast of er een acuut onveilige situatie is."
    )
    needs = ("Een melding bij het IMG", "Een veiligheidsinspectie")
    effort = "Inspectie ter plaatse"
    closes_off = "Niets: u kunt daarna gewoon schade melden of een andere regeling kiezen."
    table_files = ("status.dmn", "routing.dmn")
    questions = QUESTIONS
    parameters = ParameterSet(
        [
            Parameter(
                "aos_make_safe_hours",
                48,
                "Termijn om de woning voldoende veilig te maken",
                f"NCG, acuut onveilige situatie: binnen 48 uur | {SOURCE}",
                unit="uur",
                minimum=1,
            ),
        ]
    )

    def decide(self, facts, parameters: ParameterSet | None = None, *, answers: dict | None = None) -> RoutedOutcome:
        parameters = parameters or self.parameters
        given = read_answers(answers, ANSWERS, booleans=("img_confirms_unsafe",))
        if given["reported_at"] is not None and not isinstance(given["reported_at"], dt.datetime):
            raise AnswerError("Antwoord 'reported_at' moet een datum met tijd zijn.")
        context = {**facts.as_context(), **parameters.as_context(), **given}
        outcome = RoutedOutcome(scheme=self.code, scheme_name=self.name, open=None, parameters=parameters.as_context())
        status = self.evaluate("aos_status", context, outcome)["status"]
        routing = self.evaluate("aos_routing", context, outcome)
        outcome.routes = list(routing["route"])
        if status == "not_confirmed":
            outcome.open = False
            outcome.conditions.append(
                Condition("Na de inspectie stelt het IMG vast dat er geen acuut onveilige situatie is.", False)
            )
            return outcome
        if status == "to_inspect":
            outcome.conditions.append(Condition("is er na de inspectie een acuut onveilige situatie?", None))
        else:
            outcome.open = True
            outcome.conditions.append(
                Condition("Het IMG stelt na de inspectie een acuut onveilige situatie vast.", True)
            )
        hours = next(
            (h for r, h in zip(routing["route"], routing["deadline_hours"], strict=True) if r == "make_safe"), None
        )
        outcome.deadline_hours = hours
        if hours is not None and given["reported_at"] is not None:
            outcome.deadline = given["reported_at"] + dt.timedelta(hours=hours)
        municipality = f" {facts.municipality}" if facts.municipality else ""
        shown_hours = hours if hours is not None else parameters["aos_make_safe_hours"]
        if status == "to_inspect":
            outcome.reasons.append(
                f"Stelt het IMG een acuut onveilige situatie vast, dan maakt het IMG uw woning binnen "
                f"{shown_hours} uur "
                "voldoende veilig."
            )
        for route in outcome.routes:
            outcome.reasons.append(ROUTE_TEXTS[route].format(hours=shown_hours, municipality=municipality))
        return outcome
