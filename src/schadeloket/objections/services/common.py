"""What every write of the objection process shares: the error, the role check, the optimistic
lock, the decision term and the one audit event per change.

The lock works as on `cases.Case`: the caller passes the `version` the user saw; `claim` raises it
by one only when it is still current and then reads the row locked for the rest of the
transaction. So a second submit of the same form, or a colleague acting at the same moment, is
refused with a Dutch message ("someone else was quicker") and changes nothing.
"""

import datetime as dt
from decimal import Decimal

from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.monitor import judge_objection
from schadeloket.cases.selectors import user_roles
from schadeloket.cases.terms import objection_decision_deadline

from ..models import Objection, ObjectionStatus
from ..selectors import granted_so_far  # noqa: F401  (used by the services)

LAWYER_ROLES = frozenset({"objection_lawyer", "admin"})
OBJECTION_TYPE = "objections.objection"
MAX_TEXT_LENGTH = 20_000


class ObjectionError(ValueError):
    """A step of the objection process that is not taken, with a Dutch message saying why and what to do."""


class ObjectionConcurrentChange(ObjectionError):
    def __init__(self):
        super().__init__(
            _(
                "Iemand anders heeft dit bezwaar net gewijzigd. Uw invoer is bewaard: "
                "bekijk de nieuwe stand en probeer het opnieuw."
            )
        )


def check_lawyer(user) -> set[str]:
    roles = user_roles(user)
    if not roles & LAWYER_ROLES:
        raise ObjectionError(_("Alleen een bezwaarjurist kan dit doen."))
    return roles


def check_owner(objection: Objection, user) -> None:
    """One owner: only the objection's own lawyer (or an administrator) takes its steps."""
    roles = check_lawyer(user)
    if "admin" in roles or objection.owner_id == user.pk:
        return
    if objection.owner_id is None:
        raise ObjectionError(_("Dit bezwaar heeft nog geen bezwaarjurist. Neem het eerst in behandeling."))
    raise ObjectionError(
        _("Dit bezwaar is van %(owner)s. Neem het eerst over als u het verder behandelt.")
        % {"owner": objection.owner.get_full_name() or objection.owner.get_username()}
    )


def check_open(objection: Objection) -> None:
    if not objection.is_open:
        raise ObjectionError(
            _("Dit bezwaar is al afgehandeld (%(status)s). Er kan niets meer aan veranderen.")
            % {"status": objection.get_status_display()}
        )


def clean_text(value, *, required_message: str = "", max_length: int = MAX_TEXT_LENGTH) -> str:
    text = (value or "").strip()
    if required_message and not text:
        raise ObjectionError(required_message)
    if len(text) > max_length:
        raise ObjectionError(_("De tekst is te lang: hoogstens %(max)s tekens.") % {"max": max_length})
    return text


def check_not_future(day: dt.date, today: dt.date, what: str) -> None:
    if day > today:
        raise ObjectionError(
            _("%(what)s ligt in de toekomst. Vul een datum van vandaag of eerder in.") % {"what": what}
        )


def claim(objection: Objection, expected_version: int | None) -> Objection:
    """The objection, locked for this transaction, with its version raised when `expected_version` is current.

    Call inside `transaction.atomic()`: a refusal after this rolls the version back with everything else.
    """
    rows = Objection.objects.filter(pk=objection.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1):
        raise ObjectionConcurrentChange()
    # The caller's object keeps the version it had: a refusal later rolls the raise back, and the
    # caller must then still hold the version that is current. The services return `locked`.
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("decision__case", "owner", "objector")
        .get(pk=objection.pk)
    )


def save(objection: Objection, fields: dict) -> None:
    for name, value in fields.items():
        setattr(objection, name, value)
    objection.save(update_fields=list(fields))


def term_fields(objection: Objection, on: dt.date) -> dict:
    """The deadline from the term's basis (`cases.terms`) and its state today (the monitor's rule).

    A court that orders a new decision on the objection sets the date itself (`court_deadline`).
    """
    if objection.court_deadline is not None:
        deadline = objection.court_deadline
    else:
        deadline = objection_decision_deadline(
            objection.decision_start,
            with_committee=objection.with_committee,
            suspended_days=objection.suspended_days,
            extension_days=objection.extended_days,
            consent_days=objection.consent_days,
        ).date
    objection.deadline = deadline
    return {"deadline": deadline, "deadline_state": judge_objection(objection, on)}


def working_status(objection: Objection) -> str:
    """The status of an open objection from what it has: repair asked, hearing planned, owner."""
    if objection.repair_requests.filter(repaired_on__isnull=True, lapsed_on__isnull=True).exists():
        return ObjectionStatus.AWAITING_REPAIR
    if objection.hearings.filter(status="planned").exists():
        return ObjectionStatus.HEARING_PLANNED
    if objection.owner_id is None:
        return ObjectionStatus.RECEIVED
    return ObjectionStatus.IN_PROGRESS


def record(actor, objection: Objection, action: str, changed_fields, reason: str):
    """The one audit event of a change, on the objection. Never personal data in `reason`."""
    return record_event(
        actor=actor,
        action=action,
        obj=(OBJECTION_TYPE, str(objection.public_id)),
        changed_fields=sorted(changed_fields),
        reason=reason,
    )


def euro(amount: Decimal) -> str:
    """€ 1.234,56 as in letters (always Dutch)."""
    from schadeloket.schemes.engine.explain import euro as letter_euro

    return letter_euro(amount)


def dutch_date(day: dt.date) -> str:
    from django.utils.formats import date_format

    with translation.override("nl"):
        return date_format(day, "j F Y")
