"""Reads for inspections: the report a decision rests on, and guards for the case process.

The guards follow the process engine's convention (`cases.process.Transition.guard`): None when
the step may be taken, otherwise a Dutch sentence saying what is missing. They can be put on the
`inspection_done` and `advice_received` transitions as they are.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import DamageItem, InspectionReport


def latest_report(case) -> InspectionReport | None:
    """The newest inspection report of the case, with its items; a revised report replaces the earlier."""
    return (
        InspectionReport.objects.filter(case=case)
        .select_related("inspector")
        .prefetch_related(Prefetch("items", queryset=DamageItem.objects.select_related("photo", "expert")))
        .order_by("-inspected_on", "-id")
        .first()
    )


def case_reports(case) -> list[InspectionReport]:
    """All inspection reports of the case, newest first, for the timeline."""
    return list(
        InspectionReport.objects.filter(case=case)
        .select_related("inspector")
        .prefetch_related("items")
        .order_by("-inspected_on", "-id")
    )


def unassessed_items(report: InspectionReport) -> list[DamageItem]:
    return [item for item in report.items.all() if not item.is_assessed]


def inspection_complete(case) -> str | None:
    """Guard for 'inspection done': None once an inspection report is recorded."""
    if latest_report(case) is None:
        return _("Leg eerst het rapport van de schade-opname vast. Daarna kan deze stap.")
    return None


def advice_complete(case) -> str | None:
    """Guard for 'advice received': None once the expert has assessed every damage of the newest report."""
    report = latest_report(case)
    if report is None:
        return _("Leg eerst het rapport van de schade-opname vast. Daarna kan de deskundige de schades beoordelen.")
    open_items = unassessed_items(report)
    if open_items:
        numbers = ", ".join(str(item.number) for item in open_items)
        return _(
            "De deskundige heeft nog geen oordeel gegeven over schade %(numbers)s. "
            "Vraag de deskundige dat eerst te doen."
        ) % {"numbers": numbers}
    return None
