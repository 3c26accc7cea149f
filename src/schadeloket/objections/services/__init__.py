"""Writes of the objection process, one module per stage; everything importable from here.

- `receipt`: receiving an objection (Mijn Dossier, or a letter entered by staff);
- `handling`: owner, lateness, repair requests and grounds, contacts, the decision term;
- `hearings`: plan, hold (minutes) or cancel a hearing;
- `deciding`: the decision on the objection, withdrawal, a solution by a new decision;
- `revisions`: the follow-up case for a higher amount, and paying the difference exactly once;
- `appeals`: court cases (beroep, hoger beroep) and their effect.

Every function is one transaction with one audit event; a refused step raises ObjectionError with
a Dutch message and changes nothing.
"""

from .appeals import register_appeal, update_appeal
from .common import LAWYER_ROLES, ObjectionConcurrentChange, ObjectionError
from .deciding import decide_objection, resolve_with_new_decision, withdraw_objection
from .handling import (
    add_attachment,
    add_grounds_from_portal,
    assign_owner,
    extend_term,
    judge_lateness,
    lapse_due_repairs,
    postpone_with_consent,
    record_contact,
    record_grounds,
    record_repair,
    refer_to_committee,
    request_repair,
    standard_due_on,
)
from .hearings import cancel_hearing, plan_hearing, record_hearing_held
from .receipt import (
    ACTION_RECEIVED,
    LETTER_ROLES,
    MAX_GROUNDS_LENGTH,
    clean_grounds,
    register_letter_objection,
    submit_objection,
)
from .revisions import pay_difference

__all__ = [
    "ACTION_RECEIVED",
    "LAWYER_ROLES",
    "LETTER_ROLES",
    "MAX_GROUNDS_LENGTH",
    "ObjectionConcurrentChange",
    "ObjectionError",
    "add_attachment",
    "add_grounds_from_portal",
    "assign_owner",
    "cancel_hearing",
    "clean_grounds",
    "decide_objection",
    "extend_term",
    "judge_lateness",
    "lapse_due_repairs",
    "pay_difference",
    "plan_hearing",
    "postpone_with_consent",
    "record_contact",
    "record_grounds",
    "record_hearing_held",
    "record_repair",
    "refer_to_committee",
    "register_appeal",
    "register_letter_objection",
    "request_repair",
    "resolve_with_new_decision",
    "standard_due_on",
    "submit_objection",
    "update_appeal",
    "withdraw_objection",
]
