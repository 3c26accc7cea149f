"""Reads for the case work pages only. Everything of substance comes from the apps' own selectors;
this module puts their answers together the way one page needs them.
"""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.cases.models import Case, DeadlineState, PartyRole, Task, TaskKind, TaskStatus
from schadeloket.cases.monitor import effective_deadline, judge
from schadeloket.cases.selectors import allowed_transitions, process_for, work_list
from schadeloket.cases.terms import decision_deadline
from schadeloket.decisions.models import Letter
from schadeloket.decisions.selectors import final_decision, latest_draft
from schadeloket.payment_orders.models import PaymentOrder
from schadeloket.register.areas.models import AreaKind
from schadeloket.register.areas.selectors import areas_of
from schadeloket.register.buildings.models import BuildingRelation
from schadeloket.sampling.selectors import latest_sampling
from schadeloket.schemes.registry import all_schemes

# Every role that works on cases may open the case pages; contractors see nothing here.
CASE_ROLES = frozenset({"case_guide", "case_handler", "reviewer", "inspector", "objection_lawyer", "manager", "admin"})
PAYMENT_ROLES = frozenset({"case_handler", "admin"})
PAYMENT_VIEW_ROLES = PAYMENT_ROLES | {"manager"}
STATISTICS_ROLES = frozenset({"manager", "reviewer", "admin"})

# Steps that have their own place on the case page (or happen by themselves): the generic step
# buttons point there instead, so a case is never "decided" without a decision, or "paid" unpaid.
ELSEWHERE = {
    "decide": "Neem het besluit hieronder bij 'Besluit': dan komen besluit, brief en stap samen.",
    "mark_paid": "Dit gebeurt vanzelf zodra het betaalbestand als betaald is gemarkeerd.",
    "approve": "De toetser doet dit op de toetspagina van deze zaak.",
    "return_from_review": "De toetser doet dit op de toetspagina van deze zaak.",
}

ACTION_LABELS = {
    "create": "Aangemaakt",
    "batch": "In betaalbestand gezet",
    "paid": "Betaald",
    "transition": "Stap gezet",
    "assign": "Toegewezen",
    "draft_decision": "Ontwerpbesluit gemaakt",
    "deviate": "Afgeweken van de regels",
    "view_received": "Zienswijze vastgelegd",
    "final_decision": "Besluit genomen",
    "sample": "Steekproef bepaald",
    "review": "Getoetst",
    "document_added": "Document geplaatst",
    "inspection_recorded": "Schade-opname vastgelegd",
    "expert_assessment_recorded": "Oordeel deskundige vastgelegd",
    "expert_assessment_revised": "Oordeel deskundige herzien",
    "payment_order": "Betaalopdracht gemaakt",
    "deadline": "Termijn bewaakt",
    "message_from_applicant": "Bericht van de aanvrager",
    "message_from_staff": "Bericht aan de aanvrager",
    "messages_read": "Berichten gelezen",
    "objection_received": "Bezwaar ontvangen",
    "objection_grounds_added": "Gronden van het bezwaar aangevuld",
    "revision_opened": "Vervolgzaak na bezwaar geopend",
    "grounds_coded": "Gronden gecodeerd",
    "grounds_recoded": "Gronden opnieuw gecodeerd",
    "time_recorded": "Bestede tijd vastgelegd",
    "inspection_appointment_booked": "Opname gepland",
    "inspection_appointment_moved": "Opname verplaatst",
    "inspection_appointment_cancelled": "Opname afgezegd",
}

AREA_CHOICES = (("", "Alle gebieden"), ("core", "Kerngebied"), ("other", "Buiten het kerngebied"))
HANDLER_CHOICES = (("mine", "Mijn zaken"), ("all", "Iedereen"), ("unassigned", "Niet toegewezen"))


def scheme_choices(*, open_only: bool = False) -> list[tuple[str, str]]:
    return [
        (scheme.code, f"{scheme.code} – {scheme.name}")
        for scheme in all_schemes()
        if not (open_only and scheme.is_switched_off)
    ]


def status_choices() -> list[tuple[str, str]]:
    """Every state of every scheme's process, once, in the order they first appear."""
    seen: dict[str, str] = {}
    for scheme in all_schemes():
        for code, label in process_for(scheme.code).states.items():
            seen.setdefault(code, label)
    return list(seen.items())


MUNICIPALITIES_CACHE_KEY = "casework:municipalities"
MUNICIPALITIES_CACHE_SECONDS = 60 * 60


def municipality_choices() -> list[str]:
    """The municipalities of the register's addresses, for the work list's filter.

    Why not those of the open cases: at the institute's scale that is a DISTINCT over a join of a
    million cases with their addresses on every view of the work list (about 0.4 s). The register's
    municipalities are a short list (about twenty) that changes only with an address import, so it
    is read from the address index and kept an hour in the cache; a municipality without open cases
    simply gives an empty list.
    """
    from schadeloket.register.addresses.models import Address

    def read() -> list[str]:
        return list(Address.objects.order_by("municipality").values_list("municipality", flat=True).distinct())

    return cache.get_or_set(MUNICIPALITIES_CACHE_KEY, read, MUNICIPALITIES_CACHE_SECONDS)


def filtered_work_list(user, roles, *, scheme="", status="", handler="all", area="", municipality="") -> QuerySet:
    """The work list as the filters ask: deadline first, then the cases' own filters."""
    cases = work_list(
        roles=roles,
        user=user,
        scheme_code=scheme or None,
        status=status or None,
        handler=user if handler == "mine" else None,
    )
    if handler == "unassigned":
        cases = cases.filter(handler__isnull=True)
    if area == "core":
        cases = cases.filter(in_core_area=True)
    elif area == "other":
        cases = cases.filter(in_core_area=False)
    if municipality:
        cases = cases.filter(building__address__municipality=municipality)
    return cases


def deadline_state(case: Case, today: dt.date | None = None) -> str:
    """The state of the term today (the monitor's rule), or 'stopped' once decided."""
    if case.deadline_state == DeadlineState.STOPPED or case.deadline is None:
        return case.deadline_state
    today = today or timezone.localdate()
    return judge(today, effective_deadline(case, today), case.term_days + case.extended_days)


def deadline_label(state: str) -> str:
    return str(DeadlineState(state).label)


def with_deadline_states(cases) -> list[Case]:
    today = timezone.localdate()
    rows = list(cases)
    for case in rows:
        case.term_state = deadline_state(case, today)
        case.term_label = deadline_label(case.term_state)
        case.status_label = process_for(case.scheme_code).states.get(case.status, case.status)
    return rows


def case_by_reference(reference: str) -> Case | None:
    return Case.objects.select_related("building__address", "handler").filter(reference=reference).first()


def applicant_of(case: Case):
    party = case.parties.filter(role=PartyRole.APPLICANT).select_related("person").order_by("id").first()
    return party.person if party else None


def deadline_steps(case: Case) -> tuple[str, ...]:
    """How the deadline was reached, in plain Dutch (the terms module's own explanation)."""
    return decision_deadline(case.received_on, case.term_days, case.suspended_days, case.extended_days).steps


def transition_choices(case: Case, user) -> list[dict]:
    """Each step from the current state with, for this user, why not (None when allowed)."""
    steps = []
    for step, why_not in allowed_transitions(case, user):
        steps.append(
            {
                "transition": step,
                "why_not": ELSEWHERE.get(step.name) or why_not,
                "needs_reason": step.needs_reason,
            }
        )
    return steps


def timeline(case: Case) -> QuerySet:
    """What happened on the case, newest first (reads are left out: they are not case events)."""
    keys = list(PaymentOrder.objects.filter(decision__case=case).values_list("idempotency_key", flat=True))
    return (
        AuditEvent.objects.filter(
            Q(object_type="cases.case", object_id=case.reference)
            | Q(object_type="payment_orders.paymentorder", object_id__in=keys)
        )
        .exclude(action=AuditAction.VIEW)
        .order_by("-sequence")
    )


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def letters_of(case: Case) -> QuerySet:
    return Letter.objects.filter(decision__case=case).select_related("decision").order_by("-created_at", "-id")


def rule_trace(decision) -> list[dict]:
    """The rule outcome's tables as a page shows them: version shortened, rows with their basis."""
    traces = []
    for trace in (decision.rule_outcome or {}).get("traces", []):
        traces.append(
            {
                "table_id": trace.get("table_id", ""),
                "table_name": trace.get("table_name", ""),
                "file": trace.get("file", ""),
                "version": str(trace.get("version", ""))[:12],
                "inputs": sorted((trace.get("inputs") or {}).items()),
                "outputs": sorted((trace.get("outputs") or {}).items()),
                "rows": trace.get("matched_rows", []),
            }
        )
    return traces


def decision_summary(case: Case) -> dict:
    draft = latest_draft(case)
    final = final_decision(case)
    shown = final or draft
    return {
        "draft": draft,
        "final": final,
        "shown": shown,
        "trace": rule_trace(shown) if shown else [],
        "explanation_lines": shown.explanation.splitlines() if shown else [],
        "sampling": latest_sampling(case),
    }


def has_inspection(case: Case) -> bool:
    return "inspection_planned" in process_for(case.scheme_code).states


def users_with_role(group_name: str) -> QuerySet:
    return get_user_model().objects.filter(groups__name=group_name, is_active=True).order_by("username").distinct()


def review_cases(user, roles) -> list[Case]:
    return with_deadline_states(work_list(roles=roles, user=user, status="review"))


def inspection_tasks() -> QuerySet:
    return (
        Task.objects.filter(kind__in=(TaskKind.INSPECTION, TaskKind.EXPERT_ADVICE), status=TaskStatus.OPEN)
        .select_related("case__building__address", "assignee")
        .order_by("due_on", "id")
    )


def building_relations(person) -> QuerySet:
    return BuildingRelation.objects.filter(person=person).select_related("building__address").order_by("-valid_from")


def in_core_area(building, on: dt.date) -> bool:
    return any(area.kind == AreaKind.CORE for area in areas_of(building.address, on))
