"""Writes for handling costs: recording time spent on a case, and correcting it.

One entry per call, in one transaction with one audit event on the case (so the case's timeline
shows that time was recorded, by whom, for which activity). The checks here are the rules, not the
form's: a service caller (an import, a test) meets the same ones.

A correction never changes or deletes the entry: it adds a reversal and, unless the time should not
count at all, a replacement, both pointing to it (see models). Who may is `selectors.correction_refusal`.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.accounts.roles import ROLES
from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import user_roles
from schadeloket.casework.selectors import CASE_ROLES

from .models import MAX_MINUTES, MIN_MINUTES, Activity, EntryKind, TimeEntry
from .selectors import correction_refusal

REASON_MAX_LENGTH = TimeEntry._meta.get_field("reason").max_length


class CostError(ValueError):
    """Time that is not recorded, with a Dutch message saying what to fix."""


class CorrectionRefused(CostError):
    """This user may not correct this entry (not theirs, too late, or already corrected)."""


class Correction:
    REVERSE = "reverse"
    REPLACE = "replace"


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
    _check_day(case, worked_on, today)
    entry = TimeEntry.objects.create(
        case=case,
        scheme_code=case.scheme_code,
        staff=staff,
        role=role,
        activity=activity,
        minutes=minutes,
        worked_on=worked_on,
        recorded_by=staff,
    )
    record_event(
        actor=staff,
        action="time_recorded",
        obj=("cases.case", case.reference),
        changed_fields=["time_entry"],
        reason=f"{minutes} minuten {activity} als {role} op {worked_on:%d-%m-%Y} (regel {entry.public_id})",
    )
    return entry


def _check_day(case, worked_on, today: dt.date) -> None:
    if not isinstance(worked_on, dt.date):
        raise CostError(_("Vul een datum in, zoals 31-01-2025."))
    if worked_on > today:
        raise CostError(_("De datum ligt in de toekomst. Leg alleen tijd vast die al gewerkt is."))
    if worked_on < case.received_on:
        raise CostError(
            _("De datum ligt voor de aanvraag (%(date)s). Controleer de datum.")
            % {"date": f"{case.received_on:%d-%m-%Y}"}
        )


def _check_replacement(case, entry: TimeEntry, *, minutes, worked_on, activity, today: dt.date) -> None:
    if activity not in Activity.values:
        raise CostError(_("Kies een activiteit uit de lijst."))
    if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes < MIN_MINUTES:
        raise CostError(
            _("Vul een nieuw aantal minuten in van %(min)s tot en met %(max)s. Telt de tijd helemaal niet mee? "
              "Kies dan terugdraaien.") % {"min": MIN_MINUTES, "max": entry.minutes}
        )  # fmt: skip
    if minutes > entry.minutes:
        raise CostError(
            _("Vul hoogstens %(max)s minuten in: zoveel staan er op de regel die u corrigeert. Meer tijd gewerkt? "
              "Leg de extra tijd vast als nieuwe regel.") % {"max": entry.minutes}
        )  # fmt: skip
    _check_day(case, worked_on, today)
    if (minutes, worked_on, activity) == (entry.minutes, entry.worked_on, entry.activity):
        raise CostError(_("Er verandert niets: vul het juiste aantal minuten, de juiste datum of activiteit in."))


@transaction.atomic
def correct_time(
    case,
    entry: TimeEntry,
    *,
    by,
    action: str,
    reason: str,
    minutes: int | None = None,
    worked_on: dt.date | None = None,
    activity: str | None = None,
    today: dt.date | None = None,
) -> tuple[TimeEntry, TimeEntry | None]:
    """Correct `entry`: reverse it, and with action "replace" record the right figures in its place.

    The reversal keeps the entry's staff member, role, scheme and day (so it nets to zero in every
    sum); the replacement keeps staff member and role (whose time it is and what it costs) with the
    new minutes, day and activity. Returns (reversal, replacement or None). One transaction, one
    audit event; the free-text reason stays on the entries, not in the audit trail (it may name people).
    """
    today = today or timezone.localdate()
    if entry.case_id != case.pk:
        raise CostError(
            _("Deze regel hoort niet bij zaak %(reference)s. Open de tijd van de zaak waar de regel bij hoort.")
            % {"reference": case.reference}
        )
    # The lock makes a second submit of the same form wait for the first, and then see its correction.
    entry = TimeEntry.objects.select_for_update().get(pk=entry.pk)
    refusal = correction_refusal(by, entry, today=today)
    if refusal:
        raise CorrectionRefused(refusal)
    if action not in (Correction.REVERSE, Correction.REPLACE):
        raise CostError(_("Kies of u de regel wilt vervangen of terugdraaien."))
    reason = (reason or "").strip()
    if not reason:
        raise CostError(_("Vul de reden van de correctie in."))
    if len(reason) > REASON_MAX_LENGTH:
        raise CostError(_("Maak de reden korter: hoogstens %(max)s tekens.") % {"max": REASON_MAX_LENGTH})
    if action == Correction.REPLACE:
        _check_replacement(case, entry, minutes=minutes, worked_on=worked_on, activity=activity, today=today)
    common = {"case": case, "staff": entry.staff, "role": entry.role, "corrects": entry, "reason": reason}
    try:
        with transaction.atomic():
            reversal = TimeEntry.objects.create(
                **common,
                scheme_code=entry.scheme_code,
                kind=EntryKind.REVERSAL,
                activity=entry.activity,
                minutes=-entry.minutes,
                worked_on=entry.worked_on,
                recorded_by=by,
            )
            replacement = None
            if action == Correction.REPLACE:
                replacement = TimeEntry.objects.create(
                    **common,
                    scheme_code=case.scheme_code,
                    kind=EntryKind.REPLACEMENT,
                    activity=activity,
                    minutes=minutes,
                    worked_on=worked_on,
                    recorded_by=by,
                )
    except IntegrityError as error:  # a correction that raced past the lock (databases without one)
        raise CorrectionRefused(_("Deze regel is al gecorrigeerd. Corrigeer zo nodig de nieuwste regel.")) from error
    what = f"regel {entry.public_id} ({entry.minutes} minuten op {entry.worked_on:%d-%m-%Y}) teruggedraaid"
    if replacement is not None:
        what += f", vervangen door regel {replacement.public_id}: {minutes} minuten {activity} op {worked_on:%d-%m-%Y}"
    record_event(
        actor=by,
        action="time_corrected",
        obj=("cases.case", case.reference),
        changed_fields=["time_entry"],
        reason=f"{what} (tijd van medewerker {entry.staff_id})",
    )
    return reversal, replacement
