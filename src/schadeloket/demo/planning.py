"""Demo planning: regions and support points from the planning app's demo files and, once the demo
staff accounts exist, their availability and the slots of the coming weeks.

Everything here is demo data (names, addresses, hours and regions are made up from real town and
municipality names; docs/open-questions.md). Safe to run again: regions and support points are
updated in place, availability is created once, existing slots are left alone.

Called from `seed_demo` (regions and support points) and from `manage.py create_demo_accounts`
(availability and slots: the accounts do not exist before that).
"""

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

import schadeloket.planning
from schadeloket.accounts.models import User
from schadeloket.audit.services import record_event
from schadeloket.planning import times
from schadeloket.planning.models import Availability, Region, SlotKind, SupportPoint
from schadeloket.planning.services import generate_slots, load_regions, load_support_points

from .accounts import demo_accounts

DATA = Path(schadeloket.planning.__file__).resolve().parent / "data"
SOURCE = "Demo: verzonnen adressen, tijden en regio's; de echte gegevens komen van het IMG"
ACTOR = "seed_demo"
WEEKS = 4

# (kind, weekday, from, until, minutes, max per day, region code, support point code)
INSPECTOR_WEEK = (
    (SlotKind.INSPECTION, 0, "08:30", "16:30", 120, 3, "noord", None),
    (SlotKind.INSPECTION, 1, "08:30", "16:30", 120, 3, "noord", None),
    (SlotKind.INSPECTION, 2, "08:30", "16:30", 120, 3, "stad-midden", None),
    (SlotKind.INSPECTION, 3, "08:30", "16:30", 120, 3, "oost", None),
    (SlotKind.INSPECTION, 4, "08:30", "12:30", 120, 2, "west", None),
)
GUIDE_WEEK = (
    (SlotKind.CASE_GUIDE, 1, "09:00", "17:00", 60, None, None, "loppersum"),
    (SlotKind.CASE_GUIDE, 3, "09:00", "17:00", 60, None, None, "appingedam"),
    (SlotKind.CASE_GUIDE, 2, "09:00", "16:00", 90, 4, "noord", None),
)


def _load_files() -> list[str]:
    lines = load_regions(DATA / "regions_demo.csv", actor=ACTOR, source=SOURCE)
    return lines + load_support_points(
        DATA / "support_points_demo.csv", DATA / "support_point_hours_demo.csv", actor=ACTOR, source=SOURCE
    )


def load_planning_demo() -> list[str]:
    """Regions and support points from the demo files; availability and slots if the accounts exist."""
    return _load_files() + plan_demo_availability()


def _account(role_code: str):
    username = next(account.username for account in demo_accounts() if account.role.code == role_code)
    return User.objects.filter(username=username, is_active=True).first()


@transaction.atomic
def plan_demo_availability(weeks: int = WEEKS) -> list[str]:
    """The demo inspector's and case guide's week, and their slots for the coming `weeks` weeks."""
    lines = [] if Region.objects.exists() and SupportPoint.objects.exists() else _load_files()
    plans = [(_account("inspector"), INSPECTOR_WEEK), (_account("case_guide"), GUIDE_WEEK)]
    plans = [(user, week) for user, week in plans if user is not None]
    if not plans:
        return lines
    created = 0
    for user, week in plans:
        for kind, weekday, start, end, minutes, most, region, point in week:
            _availability, new = Availability.objects.get_or_create(
                staff=user,
                kind=kind,
                weekday=weekday,
                region=Region.objects.filter(code=region).first() if region else None,
                support_point=SupportPoint.objects.filter(code=point).first() if point else None,
                defaults={
                    "start_time": dt.time.fromisoformat(start),
                    "end_time": dt.time.fromisoformat(end),
                    "slot_minutes": minutes,
                    "max_per_day": most,
                    "valid_from": times.today(),
                    "note": "demo",
                },
            )
            created += new
    if created:
        record_event(
            actor=ACTOR,
            action="create",
            obj=("planning.availability", "demo"),
            changed_fields=["availability"],
            reason=f"{created} demo-beschikbaarheden",
        )
    start = times.today()
    report = generate_slots(start=start, end=start + dt.timedelta(weeks=weeks, days=-1), actor=ACTOR)
    return [*lines, _("Demoplanning: %(n)s beschikbaarheden toegevoegd.") % {"n": created}, *report.lines()]
