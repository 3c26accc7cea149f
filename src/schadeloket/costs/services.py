"""Writes for handling costs: recording time spent on a case.

One entry per call, in one transaction with one audit event on the case (so the case's timeline
shows that time was recorded, by whom, for which activity). The checks here are the rules, not the
form's: a service caller (an import, a test) meets the same ones.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.accounts.roles import ROLES
from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import user_roles
from schadeloket.casework.selectors import CASE_ROLES

from .models import MAX_MINUTES, MIN_MINUTES, Activity, TimeEntry


class CostError(ValueError):
    """Time that is not recorded, with a Dutch message saying what to fix."""


def recordable_roles(user) -> list[str]:
    """The roles in which this user may record time on a case: their own roles that work on cases
    (the case work pages' CASE_ROLES; contractors do not), in the order of accounts.roles."""
    mine = user_roles(user) & CASE_ROLES
    return [role.code for role in ROLES if role.code in mine]


@transaction.atomic
def record_time(
    case, *, staff, role: str, activity: str, minutes: int, worked_on: dt.date, today: dt.date | None = None
) -> TimeEntry:
    today = today or timezone.localdate()
    allowed = recordable_roles(staff)
    if not allowed:
        raise CostError(_("U werkt niet aan zaken. Alleen medewerkers die zaken behandelen kunnen tijd vastleggen."))
    if role not in allowed:
        raise CostError(_("Kies een rol die u hebt."))
    if activity not in Activity.values:
        raise CostError(_("Kies een activiteit uit de lijst."))
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise CostError(
            _("Vul een aantal minuten in van %(min)s tot en met %(max)s.") % {"min": MIN_MINUTES, "max": MAX_MINUTES}
        )
    if not isinstance(worked_on, dt.date):
        raise CostError(_("Vul een datum in, zoals 31-01-2025."))
    if worked_on > today:
        raise CostError(_("De datum ligt in de toekomst. Leg alleen tijd vast die al gewerkt is."))
    if worked_on < case.received_on:
        raise CostError(
            _("De datum ligt voor de aanvraag (%(date)s). Controleer de datum.")
            % {"date": f"{case.received_on:%d-%m-%Y}"}
        )
    entry = TimeEntry.objects.create(
        case=case,
        scheme_code=case.scheme_code,
        staff=staff,
        role=role,
        activity=activity,
        minutes=minutes,
        worked_on=worked_on,
    )
    record_event(
        actor=staff,
        action="time_recorded",
        obj=("cases.case", case.reference),
        changed_fields=["time_entry"],
        reason=f"{minutes} minuten {activity} als {role} op {worked_on:%d-%m-%Y} (regel {entry.public_id})",
    )
    return entry
