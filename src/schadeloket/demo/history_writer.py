"""Writing the generated case histories (`histories.Histories`) to the database, column by column.

Why a module of its own: the generator is pure numpy and knows nothing of tables; this module turns
its arrays into the columns of `cases.Case`, `CaseParty`, `StatusChange`, `Task`,
`decisions.Decision`, `payment_orders.PaymentOrder`, `objections.Objection` and
`satisfaction.SatisfactionResponse`, the way the apps' own services would have written them
(reference numbers from `cases.services.allocate_references`, payment keys and remittance texts
as `payment_orders.services` makes them, the applicant as actor label as `identity.session` names
them). Columns the apps add later get their field's default (`writer.model_defaults`).

Times: a step on a day gets a time of day in UTC from 08:00 on, five minutes per step of the
process, so the steps of one case on one day keep their order and the day is the same in
Europe/Amsterdam.
"""

import json
import time
import uuid

import numpy as np
from django.utils.translation import gettext as _

from schadeloket.cases.models import Case, CaseParty, StatusChange, Task
from schadeloket.decisions.models import Decision
from schadeloket.objections.models import Objection
from schadeloket.payment_orders.models import PaymentOrder
from schadeloket.payment_orders.services import normalised_name
from schadeloket.satisfaction.models import SatisfactionResponse

from . import histories as h
from .writer import is_postgresql, next_id, write_columns

HISTORY_MODELS = [Case, CaseParty, StatusChange, Task, Decision, PaymentOrder, Objection, SatisfactionResponse]
REPAIR_SCHEMES = ("HEA", "HIN", "DUURZAAM_HERSTEL")
#: Demo contractors for repair by the institute's contractors (HIN) and sustainable repair.
DEMO_CONTRACTORS = (
    "Herstelbedrijf Noord (demo)",
    "Bouwbedrijf Ommeland (demo)",
    "Aannemer Eemsmond (demo)",
    "Bouwzaken Westerkwartier (demo)",
)


class Stamps:
    """Dates and times as the backend stores them, through lookup tables (millions of rows)."""

    def __init__(self, cal: h.Calendar, postgres: bool, steps: int = 32):
        self.cal = cal
        self.steps = steps
        suffix = "+00" if postgres else ""
        times = [f"{8 + (5 * s) // 60:02d}:{(5 * s) % 60:02d}:00{suffix}" for s in range(steps)]
        self._times = np.array([f"{d} {t}" for d in cal.iso.tolist() for t in times], dtype=object)

    def dates(self, days: np.ndarray) -> list:
        """ISO dates; a negative day is no date (NULL)."""
        days = np.asarray(days)
        text = self.cal.iso[np.clip(days - self.cal.base, 0, len(self.cal.iso) - 1)]
        return np.where(days < 0, None, text).tolist()

    def times(self, days: np.ndarray, step) -> list:
        days = np.asarray(days)
        step = np.minimum(np.broadcast_to(np.asarray(step), days.shape), self.steps - 1)
        return self._times[(days - self.cal.base) * self.steps + step].tolist()


def hex_uuids(raw: bytes) -> list[str]:
    """32 hex digits per UUID: what both PostgreSQL (uuid) and SQLite (char(32)) take."""
    text = raw.hex()
    return [text[i : i + 32] for i in range(0, len(text), 32)]


def euro_text(cents: int) -> str:
    """€ 1.234,56: an amount as a Dutch letter writes it."""
    whole, rest = divmod(int(cents), 100)
    return f"€ {whole:,}".replace(",", ".") + f",{rest:02d}"


def demo_iban(number: int) -> str:
    """A demo IBAN: NL, bank code TEST, ten digits, valid ISO 7064 check digits (as bench.decide)."""
    return demo_ibans(np.array([number]))[0]


_TEST_DIGITS = int("".join(str(int(ch, 36)) for ch in "TEST"))  # the bank code as ISO 7064 digits
_NL00_DIGITS = int("".join(str(int(ch, 36)) for ch in "NL00"))


def demo_ibans(numbers: np.ndarray) -> list[str]:
    """`demo_iban` for many numbers at once: the mod-97 of TEST + account + NL00, in int64 steps."""
    account = np.asarray(numbers, dtype=np.int64) % 10**10
    rest = ((_TEST_DIGITS % 97) * 10**10 + account) % 97
    check = 98 - (rest * 10**6 + _NL00_DIGITS) % 97
    return [f"NL{c:02d}TEST{a:010d}" for c, a in zip(check.tolist(), account.tolist(), strict=True)]


def _person_name(data, person: int) -> str:
    """The demo person's name as a payee: initial, prefix, surname."""
    prefix, name = data.surnames[int(data.person_surname[person])]
    initial = data.first_names[int(data.person_first[person])][0] + "."
    return " ".join(part for part in (initial, prefix, name) if part)


def _person_uuid(data, person: int) -> str:
    """The person's public id, as the register seed made it (generator: person_uuid_bytes)."""
    return str(uuid.UUID(bytes=data.person_uuid_bytes[16 * person : 16 * person + 16], version=4))


def _explanations(code: str, granted: bool) -> str:
    if code == "AOS":
        return (
            _("Uw melding is gegrond: er is een acuut onveilige situatie. Wij maken uw huis veilig.")
            if granted
            else _("Uw melding is niet gegrond: wij vonden geen acuut onveilige situatie.")
        )
    if granted:
        return _("Uw aanvraag is toegekend. U krijgt %(amount)s.")
    return _("Uw aanvraag is afgewezen. U voldoet niet aan de voorwaarden van deze regeling.")


def _references(hist: h.Histories) -> "callable":
    """Case numbers as `cases.services.allocate_references` hands them out (per year of receipt, in
    order of receipt, after the year's counter), made per chunk: (start, stop) -> list."""
    from schadeloket.cases.services import REFERENCE_PREFIX, allocate_references

    n = len(hist.case_received)
    years = np.array([d.year for d in map(h.day_date, hist.case_received.tolist())], dtype=np.int32)
    first_number = np.zeros(n, dtype=np.int64)
    for year in sorted(set(years.tolist())):
        where = np.flatnonzero(years == year)  # contiguous: the cases are in order of receipt
        (reference, *_rest) = allocate_references(year, len(where))
        first_number[where] = int(reference.rsplit("-", 1)[1]) + np.arange(len(where))

    def make(start: int, stop: int) -> list[str]:
        return [
            f"{REFERENCE_PREFIX}-{y}-{k:06d}"
            for y, k in zip(years[start:stop].tolist(), first_number[start:stop].tolist(), strict=True)
        ]

    return make


def _decision_texts(codes: list, granted: list, cents: list) -> tuple[list, list, list, list]:
    """(amount, rule outcome JSON, explanation, rule amount) per decision, from one template per
    scheme and outcome."""
    amounts, outcomes, explanations, rule_amounts = [], [], [], []
    templates = {}
    for code, yes, value in zip(codes, granted, cents, strict=True):
        key = (code, yes)
        if key not in templates:
            explanation = _explanations(code, yes)
            body = {
                "scheme": code, "open": yes, "amount": "AMOUNT", "amount_max": None, "conditions": [],
                "reasons": [explanation.replace("%(amount)s", "het bedrag")], "traces": [], "parameters": {},
                "demo": True,
            }  # fmt: skip
            if code in REPAIR_SCHEMES:
                body["paid_to"] = "aannemer"
            templates[key] = (json.dumps(body, ensure_ascii=False).split('"AMOUNT"'), explanation)
        (head, tail), explanation = templates[key]
        amount = f"{value // 100}.{value % 100:02d}"
        show = yes and value > 0
        amounts.append(amount)
        outcomes.append(head + (f'"{amount}"' if show else "null") + tail)
        explanations.append(explanation % {"amount": euro_text(value)} if "%(amount)s" in explanation else explanation)
        rule_amounts.append(amount if show else None)
    return amounts, outcomes, explanations, rule_amounts


def _objection_terms(hist: h.Histories, stamps: Stamps) -> dict[str, list]:
    """The decision term on each objection as `cases.terms` computes it (Awb 7:10): from the end of
    the objection term (or the receipt, if later), six weeks, or twelve for the third that goes to
    the advisory committee; the state is the monitor's on the reference date, 'stopped' once ended."""
    from schadeloket.cases.terms import OBJECTION_DECISION_WEEKS, OBJECTION_DECISION_WEEKS_COMMITTEE

    cal = hist.calendar
    term_ends = hist.decision_objection_ends[hist.objection_decision]
    start = np.maximum(term_ends, hist.objection_received)
    uuid_bytes = np.frombuffer(hist.objection_uuid, dtype=np.uint8).reshape(-1, 16)
    committee = uuid_bytes[:, 1] < 86 if len(uuid_bytes) else np.zeros(0, dtype=bool)  # about a third
    weeks = np.where(committee, OBJECTION_DECISION_WEEKS_COMMITTEE, OBJECTION_DECISION_WEEKS)
    deadline = cal.next_working(start + 7 * weeks)
    running = hist.objection_closed < 0
    state = np.full(len(start), "stopped", dtype=object)
    state[running] = h._judge_open(cal, deadline[running], np.full(int(running.sum()), -1), (7 * weeks)[running])
    last = np.where(running, cal.today - 1, hist.objection_closed)  # referred while the objection ran
    referred = np.maximum(np.minimum(cal.next_working(hist.objection_received + 7), last), hist.objection_received)
    referred = np.where(committee, referred, -1)
    return {
        "decision_start": stamps.dates(start),
        "with_committee": committee,
        "committee_referred_on": stamps.dates(referred),
        "deadline": stamps.dates(deadline),
        "deadline_state": state.tolist(),
    }


def write_histories(hist: h.Histories, data, ids: dict, timings: dict | None = None) -> dict[str, int]:
    """Write every table of the histories; `ids` holds the first new id of the register models
    (Building, Person) the generator's indexes point into. Returns rows per Dutch table name;
    `timings` (when given) gets the seconds per table.

    The large columns are functions of (start, stop): `writer.write_columns` makes them a chunk at a
    time, so memory stays bounded at IMG scale."""
    timings = {} if timings is None else timings
    clock = [time.perf_counter()]

    def lap(name: str) -> None:
        now = time.perf_counter()
        timings[name] = round(now - clock[0], 2)
        clock[0] = now

    postgres = is_postgresql()
    stamps = Stamps(hist.calendar, postgres)
    codes = np.array(h.CODES, dtype=object)
    statuses = np.array(h.STATUSES, dtype=object)
    first = {model: next_id(model) for model in HISTORY_MODELS}
    n = len(hist.case_scheme)
    case_id = first[Case]
    scheme_of_case = hist.case_scheme

    def ids_from(first_id):
        return lambda a, b: np.arange(first_id + a, first_id + b)

    def none(a, b):
        return [None] * (b - a)

    def constant(value):
        return lambda a, b: [value] * (b - a)

    references = _references(hist)
    counts = {}
    counts["zaken"] = write_columns(
        Case,
        {
            "id": ids_from(case_id),
            "public_id": lambda a, b: hex_uuids(hist.case_uuid[16 * a : 16 * b]),
            "reference": references,
            "scheme_code": lambda a, b: codes[scheme_of_case[a:b]].tolist(),
            "building_id": lambda a, b: hist.case_building[a:b] + ids["building"],
            "status": lambda a, b: statuses[hist.case_status[a:b]].tolist(),
            "handler_id": none,
            "received_on": lambda a, b: stamps.dates(hist.case_received[a:b]),
            "term_days": hist.case_term,
            "suspended_since": lambda a, b: stamps.dates(hist.case_suspended_since[a:b]),
            "suspended_days": hist.case_suspended_days,
            "extended_days": hist.case_extended_days,
            "deadline": lambda a, b: stamps.dates(hist.case_deadline[a:b]),
            "deadline_state": lambda a, b: hist.case_deadline_state[a:b].tolist(),
            "decided_on": lambda a, b: stamps.dates(hist.case_decided_on[a:b]),
            "closed_on": lambda a, b: stamps.dates(hist.case_closed_on[a:b]),
            "pre_registered": lambda a, b: hist.case_pre_registered[a:b].astype(bool),
            "in_core_area": lambda a, b: hist.case_in_core[a:b].astype(bool),
            "version": hist.case_version,
            "created_at": lambda a, b: stamps.times(hist.case_received[a:b], 0),
        },
        n,
    )
    lap("zaken")
    write_columns(
        CaseParty,
        {
            "id": ids_from(first[CaseParty]),
            "case_id": ids_from(case_id),
            "person_id": lambda a, b: hist.case_person[a:b] + ids["person"],
            "role": constant("applicant"),
            "consent_given_on": none,
        },
        n,
    )
    lap("betrokkenen")
    counts["statuswijzigingen"] = write_columns(
        StatusChange,
        {
            "id": ids_from(first[StatusChange]),
            "case_id": lambda a, b: hist.change_case[a:b].astype(np.int64) + case_id,
            "scheme_code": lambda a, b: codes[scheme_of_case[hist.change_case[a:b]]].tolist(),
            "from_status": lambda a, b: statuses[hist.change_from[a:b]].tolist(),
            "to_status": lambda a, b: statuses[hist.change_to[a:b]].tolist(),
            "changed_on": lambda a, b: stamps.dates(hist.change_day[a:b]),
            "changed_at": lambda a, b: stamps.times(hist.change_day[a:b], hist.change_slot[a:b]),
        },
        len(hist.change_case),
    )
    lap("statuswijzigingen")
    t = len(hist.task_case)
    counts["open taken"] = write_columns(
        Task,
        {
            "id": ids_from(first[Task]),
            "case_id": hist.task_case + case_id,
            "kind": [h.OPEN_TASKS[k][0] for k in hist.task_kind.tolist()],
            "status": constant("open"),
            "role": [h.OPEN_TASKS[k][1] for k in hist.task_kind.tolist()],
            "assignee_id": none,
            "due_on": stamps.dates(hist.case_deadline[hist.task_case]),
            "note": constant(""),
            "created_at": stamps.times(hist.task_day, 30),
            "done_at": none,
        },
        t,
    )
    lap("open taken")

    # Decisions ---------------------------------------------------------------------------------
    decision_id = first[Decision]

    def decision_texts(a: int, b: int, cache={}):  # noqa: B006 (one chunk remembered: four columns ask)
        if cache.get("range") != (a, b):
            cases = hist.decision_case[a:b]
            cache["range"] = (a, b)
            cache["texts"] = _decision_texts(
                codes[scheme_of_case[cases]].tolist(),
                hist.decision_granted[a:b].tolist(),
                hist.decision_cents[a:b].tolist(),
            )
        return cache["texts"]

    counts["besluiten"] = write_columns(
        Decision,
        {
            "id": ids_from(decision_id),
            "public_id": lambda a, b: hex_uuids(hist.decision_uuid[16 * a : 16 * b]),
            "case_id": lambda a, b: hist.decision_case[a:b] + case_id,
            "kind": lambda a, b: np.where(hist.decision_final[a:b], "final", "draft").tolist(),
            "granted": lambda a, b: hist.decision_granted[a:b].astype(bool),
            "amount": lambda a, b: decision_texts(a, b)[0],
            "rule_outcome": lambda a, b: decision_texts(a, b)[1],
            "rule_amount": lambda a, b: decision_texts(a, b)[3],
            "deviates": lambda a, b: np.zeros(b - a, dtype=bool),
            "deviation_reason": constant(""),
            "explanation": lambda a, b: decision_texts(a, b)[2],
            "decided_by_id": none,
            "decided_at": lambda a, b: stamps.times(hist.decision_day[a:b], 12),
            "view_period_ends": lambda a, b: stamps.dates(hist.decision_view_ends[a:b]),
            "view_received_at": none,
            "view_text": constant(""),
            "objection_period_ends": lambda a, b: stamps.dates(hist.decision_objection_ends[a:b]),
        },
        len(hist.decision_case),
    )
    lap("besluiten")

    # Payment orders ----------------------------------------------------------------------------
    surnames = data.surnames

    def order_columns(a: int, b: int, cache={}):  # noqa: B006 (one chunk remembered: several columns ask)
        if cache.get("range") == (a, b):
            return cache["columns"]
        decisions = hist.order_decision[a:b]
        order_case = hist.decision_case[decisions]
        order_codes = codes[scheme_of_case[order_case]].tolist()
        contractor = hist.order_contractor[a:b]
        own = np.array([code == "HEA" for code in order_codes], dtype=bool) & contractor
        applicant = hist.case_person[order_case]
        number = np.where(
            ~contractor,
            applicant + ids["person"],
            np.where(own, 9_000_000_000 + order_case % 5000, 9_900_000_000 + order_case % len(DEMO_CONTRACTORS)),
        )
        kinds = np.where(contractor, "contractor", "applicant").tolist()
        payee_names, remittances, keys = [], [], []
        public = hex_uuids(b"".join(hist.decision_uuid[16 * d : 16 * d + 16] for d in decisions.tolist()))
        for case, code, is_contractor, is_own, kind, person, key in zip(
            order_case.tolist(), order_codes, contractor.tolist(), own.tolist(), kinds, applicant.tolist(), public,
            strict=True,
        ):  # fmt: skip
            if not is_contractor:
                name = _person_name(data, person)
            elif is_own:  # the applicant's own contractor (HEA)
                prefix, surname = surnames[case % len(surnames)]
                name = f"Aannemersbedrijf {' '.join(p for p in (prefix, surname) if p)} (demo)"
            else:
                name = DEMO_CONTRACTORS[case % len(DEMO_CONTRACTORS)]
            purpose = "herstel mijnbouwschade" if is_contractor else "vergoeding mijnbouwschade"
            payee_names.append(normalised_name(name[:70]))
            remittances.append(f"IMG {references(case, case + 1)[0]} {code} {purpose}"[:140])
            keys.append(f"decision:{key[:8]}-{key[8:12]}-{key[12:16]}-{key[16:20]}-{key[20:]}:{kind}")
        amounts = [f"{c // 100}.{c % 100:02d}" for c in hist.decision_cents[decisions].tolist()]
        cache["range"] = (a, b)
        cache["columns"] = {
            "key": keys, "kind": kinds, "name": payee_names, "iban": demo_ibans(number), "amount": amounts,
            "remittance": remittances,
        }  # fmt: skip
        return cache["columns"]

    counts["betaalopdrachten"] = write_columns(
        PaymentOrder,
        {
            "id": ids_from(first[PaymentOrder]),
            "idempotency_key": lambda a, b: order_columns(a, b)["key"],
            "decision_id": lambda a, b: hist.order_decision[a:b] + decision_id,
            "payee_kind": lambda a, b: order_columns(a, b)["kind"],
            "payee_name": lambda a, b: order_columns(a, b)["name"],
            "iban": lambda a, b: order_columns(a, b)["iban"],
            "amount": lambda a, b: order_columns(a, b)["amount"],
            "remittance": lambda a, b: order_columns(a, b)["remittance"],
            "status": lambda a, b: np.where(hist.order_paid[a:b], "paid", "pending").tolist(),
            "batch_id": none,
            "created_at": lambda a, b: stamps.times(hist.decision_day[hist.order_decision[a:b]], 13),
        },
        len(hist.order_decision),
    )
    lap("betaalopdrachten")

    # Objections --------------------------------------------------------------------------------
    b = len(hist.objection_decision)
    objector = hist.case_person[hist.decision_case[hist.objection_decision]]
    grounds = [
        "" if pro_forma else h.OBJECTION_GROUNDS[i % len(h.OBJECTION_GROUNDS)]
        for i, pro_forma in enumerate(hist.objection_pro_forma.tolist())
    ]
    columns = {
        "id": ids_from(first[Objection]),
        "public_id": hex_uuids(hist.objection_uuid),
        "decision_id": hist.objection_decision + decision_id,
        "objector_id": objector + ids["person"],
        "channel": np.where(hist.objection_posted >= 0, "letter", "portal").tolist(),
        "grounds": grounds,
        "submitted_at": stamps.times(hist.objection_received, 24),
        "submitted_by_label": [f"applicant:{_person_uuid(data, p)}" for p in objector.tolist()],
        "received_on": stamps.dates(hist.objection_received),
        "posted_on": stamps.dates(hist.objection_posted),
        "term_ends": stamps.dates(hist.decision_objection_ends[hist.objection_decision]),
        "received_in_time": hist.objection_in_time.astype(bool),
    }
    fields = {f.name: f for f in Objection._meta.concrete_fields}
    if "outcome" in fields:  # added by the objection process (fill it when it is there)
        columns["outcome"] = hist.objection_outcome.tolist()
    if "closed_on" in fields:
        columns["closed_on"] = stamps.dates(hist.objection_closed)
    if "status" in fields:  # decided (a decision on the objection) or closed without one, else running
        values = {value for value, _label in fields["status"].choices or []}
        decided = np.isin(hist.objection_outcome, h.DECISION_OUTCOMES)
        running = "in_progress" if "in_progress" in values else "received"
        status = np.where(hist.objection_closed >= 0, "closed" if "closed" in values else "received", running)
        columns["status"] = np.where(decided & ("decided" in values), "decided", status).tolist()
    if "decided_on" in fields:
        decided = np.isin(hist.objection_outcome, h.DECISION_OUTCOMES)
        columns["decided_on"] = stamps.dates(np.where(decided, hist.objection_closed, -1))
    if {"decision_start", "deadline", "deadline_state"} <= set(fields):  # the objection process's term
        columns.update({k: v for k, v in _objection_terms(hist, stamps).items() if k in fields})
    counts["bezwaren"] = write_columns(Objection, columns, b)
    lap("bezwaren")

    # Satisfaction ------------------------------------------------------------------------------
    s = len(hist.satisfaction_decision)
    answer_case = hist.decision_case[hist.satisfaction_decision]
    counts["tevredenheidsreacties"] = write_columns(
        SatisfactionResponse,
        {
            "id": ids_from(first[SatisfactionResponse]),
            "public_id": hex_uuids(hist.satisfaction_uuid),
            "decision_id": hist.satisfaction_decision + decision_id,
            "person_id": hist.case_person[answer_case] + ids["person"],
            "scheme_code": codes[scheme_of_case[answer_case]].tolist(),
            "score": hist.satisfaction_score,
            "comment": ["" if c < 0 else h.COMMENTS[c] for c in hist.satisfaction_comment.tolist()],
            "submitted_at": stamps.times(hist.satisfaction_day, 26),
        },
        s,
    )
    lap("tevredenheidsreacties")
    return counts
