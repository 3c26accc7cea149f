"""The choice help: every scheme for one building (and, in the intake, one person) on one date.

`options_for` decides every scheme of the registry and says, per scheme: open, closed or "depends"
and why, the expected amount or range, the effort, the expected lead time, and what the choice
closes off. The public page `/keuzehulp/` and (later) the intake use the same function.

Without a person (the public what-if view) we assume what an owner applying for themselves would
be: a natural person who owns the building today and has the co-owners' consent. The earlier
payments for the building belong to its (former) owners and are personal data, so the what-if view
never uses them: each scheme is decided twice, once as if nothing was ever paid and once as if a
lot was paid; a scheme whose outcome differs is shown as "afhankelijk van eerdere vergoedingen",
without any figure from the real payment history.
"""

import dataclasses
import datetime as dt
import inspect
from dataclasses import dataclass, field
from decimal import Decimal

from schadeloket.schemes.engine.explain import euro, explain_for_applicant
from schadeloket.schemes.engine.scheme import Condition, Outcome, Scheme
from schadeloket.schemes.facts import Facts, gather_facts
from schadeloket.schemes.registry import all_schemes


class Status:
    OPEN = "open"
    CLOSED = "closed"
    DEPENDS = "depends"
    NOT_YET_OPEN = "not_yet_open"  # switched off: the scheme is not yet defined in public


STATUS_LABELS = {
    Status.OPEN: "Open",
    Status.CLOSED: "Niet voor u",
    Status.DEPENDS: "Hangt af van een paar vragen",
    Status.NOT_YET_OPEN: "Nog niet open",
}

LEAD_TIME_LABEL = "verwachting, nog geen prognose"


@dataclass(frozen=True)
class LeadTime:
    """Expected days from a complete application to a decision; a parameter until reports forecast it."""

    days: int | None
    source: str
    placeholder: bool  # True: no source found, a marked stand-in (see docs/open-questions.md)

    @property
    def text(self) -> str:
        if self.days is None:
            return f"Nog niet bekend ({LEAD_TIME_LABEL})"
        if self.days < 14:
            core = f"binnen {self.days} {'dag' if self.days == 1 else 'dagen'}"
        elif self.days < 120:
            core = f"ongeveer {round(self.days / 7)} weken"
        else:
            core = f"ongeveer {round(self.days / 30.4)} maanden"
        marker = ", plaatshouder" if self.placeholder else ""
        return f"{core} ({LEAD_TIME_LABEL}{marker})"


_DASHBOARD = "IMG-dashboard, termijn 'binnen termijn' (domain facts §3.2)"
_PLACEHOLDER = "NIET GEVONDEN: plaatshouder tot de rapportages een prognose geven"

#: Expected lead time per scheme code. Only AVV (56 days) and maatwerk (182 days) have a public
#: figure (the dashboard's "within term"); every other value is a marked placeholder.
LEAD_TIMES: dict[str, LeadTime] = {
    "AVV": LeadTime(56, _DASHBOARD, placeholder=False),
    "MAATWERK": LeadTime(182, _DASHBOARD, placeholder=False),
    "VES": LeadTime(56, _PLACEHOLDER + " (gelijk gesteld aan de AVV)", placeholder=True),
    "HEA": LeadTime(None, _PLACEHOLDER, placeholder=True),
    "HIN": LeadTime(None, _PLACEHOLDER, placeholder=True),
    "WAARDEDALING_WONING": LeadTime(56, _PLACEHOLDER + " (8 weken, Awb-richtlijn)", placeholder=True),
    "WAARDEDALING_NIET_WONING": LeadTime(None, _PLACEHOLDER, placeholder=True),
    "IMS_VOLWASSENE": LeadTime(56, _PLACEHOLDER + " (8 weken, Awb-richtlijn)", placeholder=True),
    "IMS_KIND": LeadTime(56, "Immateriële schade kind: besluit binnen 8 weken (domain facts §3.2)", placeholder=False),
    "AOS": LeadTime(
        2, "Acute onveilige situatie: veilig gemaakt binnen 48 uur (domain facts §1.13)", placeholder=False
    ),
}
UNKNOWN_LEAD_TIME = LeadTime(None, _PLACEHOLDER, placeholder=True)

#: The applicant the what-if view assumes ("als u eigenaar bent").
WHAT_IF_APPLICANT = {
    "applicant_is_natural_person": True,
    "applicant_is_owner": True,
    "applicant_is_former_owner": False,
    "co_owners_consent": True,
}

#: History fields: the what-if view decides with both of these and never with the register's own.
NO_HISTORY = {
    "earlier_ves_or_repair_applications": 0,
    "first_application_at_address": True,
    "prior_damage_total": Decimal("0.00"),
    "prior_total_received": Decimal("0.00"),
    "prior_payment_count": 0,
}
MUCH_HISTORY = {
    "earlier_ves_or_repair_applications": 3,
    "first_application_at_address": False,
    "prior_damage_total": Decimal("100000.00"),
    "prior_total_received": Decimal("100000.00"),
    "prior_payment_count": 5,
}
HISTORY_NOTE = (
    "Of u dit krijgt en hoeveel, hangt af van eerdere vergoedingen voor dit gebouw. Die laten we hier niet zien. "
    "Log in om uw bedrag te zien."
)


@dataclass
class Option:
    """One scheme as the choice help shows it."""

    code: str
    name: str
    short_description: str
    status: str
    open: bool | None
    amount: Decimal | None
    amount_max: Decimal | None
    conditions: list[Condition]
    explanation: str
    effort: str
    needs: tuple[str, ...]
    lead_time: LeadTime
    closes_off: str
    depends_on_history: bool = False
    outcome: Outcome | None = field(default=None, repr=False)

    @property
    def status_label(self) -> str:
        if self.status == Status.DEPENDS and self.depends_on_history:
            return "Hangt af van eerdere vergoedingen"
        return STATUS_LABELS[self.status]

    @property
    def amount_text(self) -> str:
        if self.status in (Status.CLOSED, Status.NOT_YET_OPEN):
            return "—"
        low, high = self.amount, self.amount_max
        if low is not None and high is not None and low != high:
            return f"{euro(low)} tot {euro(high)}"
        if low is None and high is not None:
            return f"tot {euro(high)}"
        if low is not None:
            return euro(low)
        return "Nog niet bekend"

    @property
    def sort_amount(self) -> Decimal:
        return max((a for a in (self.amount, self.amount_max) if a is not None), default=Decimal("0"))


def accepts_answers(scheme: Scheme) -> bool:
    return "answers" in inspect.signature(scheme.decide).parameters


def decide(scheme: Scheme, facts: Facts, parameters=None, answers: dict | None = None) -> Outcome:
    """Call a scheme's decide, passing `answers` only to schemes that take them."""
    if answers and accepts_answers(scheme):
        return scheme.decide(facts, parameters, answers=answers)
    return scheme.decide(facts, parameters)


def what_if_facts(facts: Facts) -> Facts:
    """The facts as if the owner applies: natural person, owner today, co-owners consent."""
    return dataclasses.replace(facts, **WHAT_IF_APPLICANT)


def options_for(*, building, person=None, on_date: dt.date, answers: dict | None = None) -> list[Option]:
    """Every registered scheme for this building on this date, open first, then by amount (high first).

    `person` None: the public what-if view (see the module docstring). `answers`: per scheme code
    the extra answers that scheme's `decide` accepts, e.g. `{"AVV": {"had_ves_before": False}}`.
    """
    facts = gather_facts(building=building, person=person, on_date=on_date)
    public = person is None
    if public:
        facts = what_if_facts(facts)
    answers = answers or {}
    options = [
        option_for_facts(scheme, facts, public=public, answers=answers.get(scheme.code)) for scheme in all_schemes()
    ]
    order = {Status.OPEN: 0, Status.DEPENDS: 1, Status.CLOSED: 2, Status.NOT_YET_OPEN: 3}
    options.sort(key=lambda o: (order[o.status], -o.sort_amount, o.name))
    return options


def _status(is_open: bool | None) -> str:
    return {True: Status.OPEN, False: Status.CLOSED, None: Status.DEPENDS}[is_open]


def option_for_facts(scheme: Scheme, facts: Facts, *, public: bool, answers: dict | None) -> Option:
    """One scheme's option for these facts; `public` leaves out what only the owner may see (payment history)."""
    base = {
        "code": scheme.code,
        "name": scheme.name,
        "short_description": scheme.short_description,
        "effort": scheme.effort,
        "needs": tuple(scheme.needs),
        "lead_time": LEAD_TIMES.get(scheme.code, UNKNOWN_LEAD_TIME),
        "closes_off": scheme.closes_off,
    }
    if scheme.is_switched_off:
        return Option(
            **base,
            status=Status.NOT_YET_OPEN,
            open=False,
            amount=None,
            amount_max=None,
            conditions=[],
            explanation=f"De regeling {scheme.name} is nog niet open. De regels staan nog niet vast.",
        )
    if not public:
        outcome = decide(scheme, facts, answers=answers)
        return Option(
            **base,
            status=_status(outcome.open),
            open=outcome.open,
            amount=outcome.amount,
            amount_max=outcome.amount_max,
            conditions=list(outcome.conditions),
            explanation=explain_for_applicant(outcome),
            outcome=outcome,
        )

    clean = decide(scheme, dataclasses.replace(facts, **NO_HISTORY), answers=answers)
    heavy = decide(scheme, dataclasses.replace(facts, **MUCH_HISTORY), answers=answers)
    same = (clean.open, clean.amount, clean.amount_max) == (heavy.open, heavy.amount, heavy.amount_max)
    if same:
        return Option(
            **base,
            status=_status(clean.open),
            open=clean.open,
            amount=clean.amount,
            amount_max=clean.amount_max,
            conditions=list(clean.conditions),
            explanation=explain_for_applicant(clean),
            outcome=clean,
        )
    # Depends on the payment history: show only what holds either way, and the range.
    heavy_texts = {(c.text, c.met) for c in heavy.conditions}
    shared = [c for c in clean.conditions if (c.text, c.met) in heavy_texts]
    amounts = [a for o in (clean, heavy) if o.open is not False for a in (o.amount, o.amount_max) if a is not None]
    status = Status.CLOSED if clean.open is False and heavy.open is False else Status.DEPENDS
    lines = [HISTORY_NOTE]
    lines += [f"- {c.text}" for c in shared if c.met is not None]
    lines += [f"- Nog niet bekend: {c.text}" for c in shared if c.met is None]
    return Option(
        **base,
        status=status,
        open=None if status == Status.DEPENDS else False,
        amount=None,
        amount_max=max(amounts) if amounts else None,
        conditions=shared,
        explanation="\n".join(lines),
        depends_on_history=True,
    )
