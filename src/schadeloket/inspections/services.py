"""Writes for inspections: record the inspection, record the expert's assessment per damage.

Each runs in one transaction with one audit event on the case; refused input raises
InspectionError with a Dutch message and changes nothing. `maatwerk_answers` hands the assessed
damages to the maatwerk rules, so the amount comes from the rules, not from this app.

Who may do what: the inspector of a report and the expert of an assessment must have the
inspector role ("Opnemer", which covers inspectors and independent experts). The one who types it
in (`actor`) may be that inspector or a case handler who enters a report received on paper, the
same roles that may take the `inspection_done` and `advice_received` steps.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.models import Case, Task, TaskKind, TaskStatus
from schadeloket.cases.selectors import process_for, user_roles

from .models import DamageItem, InspectionReport, Verdict
from .selectors import latest_report, unassessed_items

INSPECTOR = "inspector"
ENTRY_ROLES = frozenset({"inspector", "case_handler"})
CLOSED_STATES = frozenset({"received", "decided", "paid", "closed", "withdrawn"})
ITEM_FIELDS = frozenset({"description", "location", "photo"})
MAX_REPAIR_COST = Decimal("9999999999.99")
VERDICTS = {
    True: Verdict.YES,
    "yes": Verdict.YES,
    "ja": Verdict.YES,
    False: Verdict.NO,
    "no": Verdict.NO,
    "nee": Verdict.NO,
    None: Verdict.UNKNOWN,
    "unknown": Verdict.UNKNOWN,
    "onbekend": Verdict.UNKNOWN,
}
TO_SCHEME = {Verdict.YES: True, Verdict.NO: False, Verdict.UNKNOWN: None}


class InspectionError(ValueError):
    """An inspection or assessment that is not taken, with a Dutch message saying what to fix."""


def _name(user) -> str:
    return user.get_username() if user is not None and hasattr(user, "get_username") else str(user)


def _require_role(user, roles, message: str) -> None:
    if not user_roles(user) & set(roles):
        raise InspectionError(message)


def _require_open_case(case: Case) -> None:
    process = process_for(case.scheme_code)
    if "inspection_planned" not in process.states:
        raise InspectionError(_("Bij deze regeling hoort geen schade-opname."))
    if case.status in CLOSED_STATES:
        raise InspectionError(
            _("Bij een zaak met de status '%(status)s' kunt u geen opname of oordeel vastleggen.")
            % {"status": process.states.get(case.status, case.status)}
        )


def _date(value, label: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InspectionError(_("Vul bij '%(label)s' een datum in.") % {"label": label})
    if value > timezone.localdate():
        raise InspectionError(
            _("'%(label)s' ligt in de toekomst. Vul de datum in waarop het gebeurde.") % {"label": label}
        )
    return value


def _money(value) -> Decimal:
    message = _("Vul de herstelkosten in als bedrag in euro's, zoals 3400 of 3400,50.")
    if isinstance(value, bool) or value is None:
        raise InspectionError(message)
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InspectionError(message) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_REPAIR_COST:
        raise InspectionError(message)
    if amount != amount.quantize(Decimal("0.01")):
        raise InspectionError(_("Herstelkosten hebben hoogstens twee cijfers achter de komma (centen)."))
    return amount.quantize(Decimal("0.01"))


def _verdict(value) -> Verdict:
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, Verdict):
        return key
    try:
        return VERDICTS[key]
    except (KeyError, TypeError):
        raise InspectionError(_("Kies als oordeel: ja (mijnbouwschade), nee, of onbekend.")) from None


def _clean_items(case: Case, items) -> list[dict]:
    if isinstance(items, str | bytes | dict) or not hasattr(items, "__iter__"):
        raise InspectionError(_("Geef de schades als een lijst, één regel per schade."))
    cleaned = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InspectionError(_("Schade %(n)s: geef een omschrijving.") % {"n": number})
        unknown = sorted(set(item) - ITEM_FIELDS)
        if unknown:
            raise InspectionError(
                _("Schade %(n)s: onbekend veld %(fields)s. Gebruik omschrijving, plek en foto.")
                % {"n": number, "fields": ", ".join(unknown)}
            )
        description = str(item.get("description") or "").strip()
        location = str(item.get("location") or "").strip()
        if not description:
            raise InspectionError(
                _("Schade %(n)s: beschrijf de schade, bijvoorbeeld 'scheur in de gevel'.") % {"n": number}
            )
        if len(description) > 500 or len(location) > 100:
            raise InspectionError(
                _("Schade %(n)s: de omschrijving mag hoogstens 500 tekens zijn, de plek hoogstens 100.") % {"n": number}
            )
        photo = item.get("photo")
        if photo is not None and (getattr(photo, "case_id", None) != case.pk or not photo.is_image):
            raise InspectionError(_("Schade %(n)s: kies een foto die bij deze zaak is geplaatst.") % {"n": number})
        cleaned.append({"number": number, "description": description, "location": location, "photo": photo})
    return cleaned


def _finish_tasks(case: Case, kind: str) -> None:
    Task.objects.filter(case=case, kind=kind, status=TaskStatus.OPEN).update(
        status=TaskStatus.DONE, done_at=timezone.now()
    )


@transaction.atomic
def record_inspection(
    case: Case, *, inspector, inspected_on: dt.date, items, actor, notes: str = ""
) -> InspectionReport:
    """Record the inspection report with its damages; a later report replaces the earlier as the basis.

    Closes the case's open inspection task: the inspection has been done.
    """
    _require_open_case(case)
    _require_role(
        inspector,
        {INSPECTOR},
        _("%(user)s is geen opnemer. Kies een opnemer of deskundige.") % {"user": _name(inspector)},
    )
    _require_role(actor, ENTRY_ROLES, _("Alleen een opnemer of een behandelaar kan een schade-opname vastleggen."))
    inspected_on = _date(inspected_on, _("opgenomen op"))
    if inspected_on < case.received_on:
        raise InspectionError(
            _("De opname kan niet eerder zijn dan de aanvraag (%(date)s). Controleer de datum.")
            % {"date": f"{case.received_on:%d-%m-%Y}"}
        )
    cleaned = _clean_items(case, items)

    report = InspectionReport.objects.create(
        case=case, inspector=inspector, inspected_on=inspected_on, notes=str(notes or "").strip()
    )
    DamageItem.objects.bulk_create(DamageItem(report=report, **item) for item in cleaned)
    _finish_tasks(case, TaskKind.INSPECTION)
    record_event(
        actor=actor,
        action="inspection_recorded",
        obj=("cases.case", case.reference),
        changed_fields=["inspection_report"],
        reason=f"schade-opname van {inspected_on:%d-%m-%Y}: {len(cleaned)} schade(s) (rapport {report.public_id})",
    )
    return report


@transaction.atomic
def record_expert_assessment(
    item: DamageItem, *, verdict, repair_cost, expert, actor, assessed_on: dt.date | None = None
) -> DamageItem:
    """Record the expert's verdict (mining damage yes/no/unknown) and repair cost for one damage.

    An expert may revise an assessment; the audit trail keeps both. When this was the last open
    damage of the newest report, the case's open expert-advice task is done.
    """
    item = DamageItem.objects.select_for_update().select_related("report__case").get(pk=item.pk)
    report, case = item.report, item.report.case
    _require_open_case(case)
    _require_role(
        expert, {INSPECTOR}, _("%(user)s is geen deskundige. Kies een opnemer of deskundige.") % {"user": _name(expert)}
    )
    _require_role(actor, ENTRY_ROLES, _("Alleen een deskundige of een behandelaar kan een oordeel vastleggen."))
    newest = latest_report(case)
    if newest is None or newest.pk != report.pk:
        raise InspectionError(
            _("Dit rapport is vervangen door een nieuwer rapport. Beoordeel de schade in het nieuwste rapport.")
        )
    verdict = _verdict(verdict)
    amount = _money(repair_cost)
    assessed_on = _date(assessed_on or timezone.localdate(), _("beoordeeld op"))
    if assessed_on < report.inspected_on:
        raise InspectionError(
            _("Het oordeel kan niet eerder zijn dan de opname (%(date)s). Controleer de datum.")
            % {"date": f"{report.inspected_on:%d-%m-%Y}"}
        )

    revised = item.is_assessed
    item.verdict, item.repair_cost, item.expert, item.assessed_on = verdict, amount, expert, assessed_on
    item.save(update_fields=["verdict", "repair_cost", "expert", "assessed_on"])
    if not unassessed_items(latest_report(case)):
        _finish_tasks(case, TaskKind.EXPERT_ADVICE)
    record_event(
        actor=actor,
        action="expert_assessment_revised" if revised else "expert_assessment_recorded",
        obj=("cases.case", case.reference),
        changed_fields=["verdict", "repair_cost", "expert", "assessed_on"],
        reason=f"schade {item.number}: {verdict.label} (rapport {report.public_id})",
    )
    return item


def maatwerk_answers(case: Case) -> dict:
    """The newest report's assessed damages as the maatwerk scheme's `damage_items` answer.

    Raises InspectionError while a damage has no verdict yet: the rules must never decide on half
    an advice report, where a missing damage would silently lower the amount.
    """
    report = latest_report(case)
    if report is None:
        raise InspectionError(_("Er is nog geen schade-opname vastgelegd. Leg die eerst vast."))
    open_items = unassessed_items(report)
    if open_items:
        raise InspectionError(
            _("De deskundige heeft nog geen oordeel gegeven over schade %(numbers)s.")
            % {"numbers": ", ".join(str(item.number) for item in open_items)}
        )
    return {
        "damage_items": [
            {
                "description": f"{item.description} ({item.location})" if item.location else item.description,
                "verdict": TO_SCHEME[Verdict(item.verdict)],
                "repair_cost": item.repair_cost,
            }
            for item in report.items.all()
        ]
    }
