"""Reads for objections: until when one can object to a decision, whether a receipt was in time,
and the objections already made.

The term: `Decision.objection_period_ends`, set when the decision was taken (the scheme's objection
term from the day after the letter was sent, Algemene termijnenwet applied). For a decision without
it (older data), the same is computed here from the letter's sending date. Either way the Atw is
applied once more (`cases.terms.next_working_day`), which changes nothing for a date that is
already a working day.

In time (Awb art. 6:9): received on or before the last day; or, for a letter sent by post, posted on
or before the last day and received no later than a week after it.

The rest serves the pages: the lawyers' work list (open objections by deadline), one objection's
whole history (its steps and audit events), the admissibility checks as the lawyer sees them, and
the objection as the resident sees it (status, owner, hearing, decision) in plain Dutch.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import CaseParty, DeadlineState
from schadeloket.cases.terms import end_of_term, next_working_day, objection_decision_deadline
from schadeloket.decisions.models import Decision, DecisionKind, Letter
from schadeloket.decisions.selectors import ObjectionTerm, final_decision, objection_term

from .models import (
    OPEN_STATUSES,
    Appeal,
    Hearing,
    HearingLocation,
    HearingStatus,
    Objection,
    ObjectionStatus,
    RepairKind,
    RepairRequest,
)

POSTAL_GRACE_DAYS = 7  # Awb art. 6:9 lid 2: received within a week after the term


@dataclass(frozen=True)
class ObjectionWindow:
    """The objection term of one final decision, as of `today`."""

    ends: dt.date
    today: dt.date
    term: ObjectionTerm

    @property
    def open(self) -> bool:
        return self.today <= self.ends

    @property
    def days_left(self) -> int:
        """Calendar days from today up to and including the last day (0 once it has passed)."""
        return max((self.ends - self.today).days + 1, 0)


def sent_on(decision: Decision) -> dt.date:
    """The day the decision letter was sent (the first letter), or the day of the decision itself."""
    first = Letter.objects.filter(decision=decision, sent_on__isnull=False).order_by("sent_on").first()
    return first.sent_on if first else timezone.localdate(decision.decided_at)


def objection_term_ends(decision: Decision) -> dt.date | None:
    """The last day to object (Atw applied), or None for a draft: one objects to a final decision only."""
    if decision.kind != DecisionKind.FINAL:
        return None
    if decision.objection_period_ends is not None:
        return next_working_day(decision.objection_period_ends)
    weeks = objection_term(decision.case.scheme_code).weeks
    return end_of_term(sent_on(decision), weeks * 7).date


def objection_window(decision: Decision, today: dt.date | None = None) -> ObjectionWindow | None:
    ends = objection_term_ends(decision)
    if ends is None:
        return None
    return ObjectionWindow(ends, today or timezone.localdate(), objection_term(decision.case.scheme_code))


def received_in_time(term_ends: dt.date, received_on: dt.date, posted_on: dt.date | None = None) -> bool:
    """Awb art. 6:9: received by the last day, or posted by then and received within a week after."""
    if received_on <= term_ends:
        return True
    return (
        posted_on is not None
        and posted_on <= term_ends
        and received_on <= term_ends + dt.timedelta(days=POSTAL_GRACE_DAYS)
    )


def objections_of(decision: Decision) -> QuerySet:
    return Objection.objects.filter(decision=decision).order_by("submitted_at", "id")


def objection_by(decision: Decision, person) -> Objection | None:
    """The objection this person made to this decision, if any."""
    if person is None:
        return None
    return Objection.objects.filter(decision=decision, objector=person).first()


# --- amounts --------------------------------------------------------------------------------------


def granted_so_far(objection: Objection) -> Decimal:
    """What the objector has been granted for this decision so far: the decision's amount plus every
    difference a new decision after this objection (or a court) added."""
    decision = objection.decision
    base = decision.amount if decision.granted else Decimal("0.00")
    added = objection.revisions.aggregate(total=Sum("difference"))["total"] or Decimal("0.00")
    return (base + added).quantize(Decimal("0.01"))


# --- the lawyers' pages ---------------------------------------------------------------------------

LAWYER_GROUP = "Bezwaarjurist"
WORK_LIST_FILTERS = (
    ("mine", gettext_lazy("Mijn bezwaren")),
    ("all", gettext_lazy("Alle open bezwaren")),
    ("unassigned", gettext_lazy("Zonder bezwaarjurist")),
)


def lawyers() -> list:
    """Every active objection lawyer, for the assign form."""
    return list(
        get_user_model()
        .objects.filter(groups__name=LAWYER_GROUP, is_active=True)
        .order_by("first_name", "last_name", "username")
        .distinct()
    )


def work_list(user, who: str = "all") -> QuerySet:
    """Open objections ordered by their legal deadline (soonest first), as one lawyer filters them."""
    objections = Objection.objects.filter(status__in=OPEN_STATUSES).select_related(
        "decision__case__building__address", "owner"
    )
    if who == "mine":
        objections = objections.filter(owner=user)
    elif who == "unassigned":
        objections = objections.filter(owner__isnull=True)
    return objections.order_by("deadline", "received_on", "id")


def objection_by_public_id(public_id) -> Objection | None:
    return (
        Objection.objects.select_related("decision__case__building__address", "owner", "objector", "decision_letter")
        .filter(public_id=public_id)
        .first()
    )


def effective_deadline(objection: Objection, today: dt.date | None = None) -> dt.date | None:
    from schadeloket.cases.monitor import objection_effective_deadline

    if objection.deadline is None:
        return None
    return objection_effective_deadline(objection, today or timezone.localdate())


def deadline_state(objection: Objection, today: dt.date | None = None) -> str:
    """The state of the decision term today (the monitor's rule), or 'stopped' once decided."""
    from schadeloket.cases.monitor import judge_objection

    return judge_objection(objection, today or timezone.localdate())


def deadline_label(state: str) -> str:
    return str(DeadlineState(state).label)


def deadline_steps(objection: Objection) -> tuple[str, ...]:
    """How the deadline was reached, in Dutch (from `cases.terms`), for the "how was this computed" fold-out."""
    if objection.court_deadline is not None:
        return (
            _("De rechter heeft bepaald dat wij uiterlijk op %(date)s opnieuw beslissen.")
            % {"date": f"{objection.court_deadline:%d-%m-%Y}"},
        )
    if objection.decision_start is None:
        return ()
    steps = []
    if objection.decision_start > objection.term_ends:
        steps.append(
            _("Het bezwaar kwam na de bezwaartermijn binnen; de beslistermijn telt vanaf de ontvangst (%(date)s).")
            % {"date": f"{objection.received_on:%d-%m-%Y}"}
        )
    deadline = objection_decision_deadline(
        objection.decision_start,
        with_committee=objection.with_committee,
        suspended_days=objection.suspended_days,
        extension_days=objection.extended_days,
        consent_days=objection.consent_days,
    )
    return (*steps, *deadline.steps)


def with_deadline_states(objections) -> list[Objection]:
    today = timezone.localdate()
    rows = list(objections)
    for objection in rows:
        objection.term_state = deadline_state(objection, today)
        objection.term_label = deadline_label(objection.term_state)
        objection.effective_deadline = effective_deadline(objection, today)
    return rows


def open_repair(objection: Objection) -> RepairRequest | None:
    return objection.repair_requests.filter(repaired_on__isnull=True, lapsed_on__isnull=True).first()


def lapsed_unrepaired(objection: Objection) -> list[RepairRequest]:
    """Repair requests whose term passed unused and that were not made good later: grounds for
    inadmissibility (Awb 6:6). Grounds that came after all count as a repair."""
    result = []
    for repair in objection.repair_requests.filter(lapsed_on__isnull=False):
        if repair.kind == RepairKind.GROUNDS and not objection.pro_forma:
            continue
        later = objection.repair_requests.filter(kind=repair.kind, repaired_on__isnull=False, pk__gt=repair.pk)
        if not later.exists():
            result.append(repair)
    return result


@dataclass(frozen=True)
class Check:
    """One admissibility check: ok True (fine), False (a problem) or None (to be judged or repaired)."""

    label: str
    ok: bool | None
    text: str


def admissibility(objection: Objection, today: dt.date | None = None) -> list[Check]:
    """The admissibility of the objection as the lawyer sees it: in time, grounds, party, repairs."""
    today = today or timezone.localdate()
    checks = []
    if objection.received_in_time:
        checks.append(
            Check(
                _("Op tijd"),
                True,
                _("Ontvangen op %(received)s; de termijn liep tot en met %(ends)s.")
                % {"received": f"{objection.received_on:%d-%m-%Y}", "ends": f"{objection.term_ends:%d-%m-%Y}"},
            )
        )
    elif objection.late_excusable is None:
        checks.append(
            Check(
                _("Op tijd"),
                None,
                _("Te laat: de termijn liep tot en met %(ends)s. Beoordeel of dat verschoonbaar is (Awb 6:11).")
                % {"ends": f"{objection.term_ends:%d-%m-%Y}"},
            )
        )
    else:
        checks.append(
            Check(
                _("Op tijd"),
                objection.late_excusable,
                _("Te laat, en verschoonbaar (Awb 6:11).")
                if objection.late_excusable
                else _("Te laat, en niet verschoonbaar (Awb 6:11)."),
            )
        )
    repair = open_repair(objection)
    if not objection.pro_forma:
        checks.append(Check(_("Gronden"), True, _("De indiener heeft gronden gegeven.")))
    elif repair is not None and repair.kind == RepairKind.GROUNDS:
        checks.append(
            Check(
                _("Gronden"),
                None,
                _("Pro forma: de gronden zijn gevraagd, uiterlijk %(date)s.") % {"date": f"{repair.due_on:%d-%m-%Y}"},
            )
        )
    else:
        checks.append(
            Check(
                _("Gronden"),
                False if lapsed_unrepaired(objection) else None,
                _("Pro forma: er zijn nog geen gronden. Vraag ze op (herstelverzuim)."),
            )
        )
    party = CaseParty.objects.filter(case=objection.decision.case, person=objection.objector).first()
    checks.append(
        Check(
            _("Partij"),
            party is not None,
            (_("De indiener is %(role)s bij de zaak.") % {"role": party.get_role_display()})
            if party
            else _("De indiener is geen partij bij de zaak."),
        )
    )
    if repair is not None and repair.kind != RepairKind.GROUNDS:
        checks.append(
            Check(
                _("Herstel"),
                None,
                _("Gevraagd: %(what)s, uiterlijk %(date)s.")
                % {"what": repair.get_kind_display(), "date": f"{repair.due_on:%d-%m-%Y}"},
            )
        )
    for lapsed in lapsed_unrepaired(objection):
        checks.append(
            Check(
                _("Herstel"),
                False,
                _("Niet hersteld: %(what)s (termijn tot en met %(date)s).")
                % {"what": lapsed.get_kind_display(), "date": f"{lapsed.due_on:%d-%m-%Y}"},
            )
        )
    return checks


def hearing_place(hearing: Hearing) -> str:
    """Where the hearing is, in words for the invitation and the resident's page."""
    detail = hearing.location_detail.strip()
    if hearing.location_kind == HearingLocation.IMG_OFFICE:
        return _("Kantoor van het IMG") + (f", {detail}" if detail else "")
    if hearing.location_kind == HearingLocation.VIDEO:
        return _("Beeldbellen (video).") + " " + (detail or _("De link sturen wij u vooraf in een bericht."))
    point = hearing.support_point
    if hearing.location_kind == HearingLocation.MOBILE:
        return _("Mobiel steunpunt") + (f": {detail}" if detail else "")
    where = ", ".join(part for part in (point.name if point else "", point.address_display if point else "") if part)
    return _("Steunpunt %(where)s") % {"where": where} + (f" ({detail})" if detail else "")


def hearings_of(objection: Objection) -> list[Hearing]:
    return list(objection.hearings.select_related("support_point", "invitation", "minutes").order_by("starts_at", "id"))


def shown_hearing(objection: Objection) -> Hearing | None:
    """The hearing to show: the planned one, else the last one held."""
    hearings = objection.hearings.select_related("support_point")
    return (
        hearings.filter(status=HearingStatus.PLANNED).order_by("starts_at").first()
        or hearings.filter(status=HearingStatus.HELD).order_by("-starts_at").first()
    )


@dataclass
class RevisionView:
    revision: object
    final: Decision | None
    orders: list = field(default_factory=list)

    @property
    def matches(self) -> bool:
        """The follow-up case decided exactly the difference (then paying it pays the difference)."""
        return self.final is not None and self.final.granted and self.final.amount == self.revision.difference


def revisions_of(objection: Objection) -> list[RevisionView]:
    from schadeloket.payment_orders.selectors import orders_for_decision

    views = []
    for revision in objection.revisions.select_related("case", "appeal").order_by("created_on", "id"):
        final = final_decision(revision.case)
        views.append(RevisionView(revision, final, list(orders_for_decision(final)) if final else []))
    return views


def appeals_of(objection: Objection) -> list[Appeal]:
    return list(objection.appeals.select_related("appeal_of").order_by("filed_on", "id"))


ACTION_LABELS = {
    "objection_received": gettext_lazy("Bezwaar ontvangen"),
    "objection_assigned": gettext_lazy("Bezwaarjurist"),
    "objection_lateness_judged": gettext_lazy("Termijnoverschrijding beoordeeld"),
    "objection_repair_requested": gettext_lazy("Om herstel gevraagd"),
    "objection_repaired": gettext_lazy("Verzuim hersteld"),
    "objection_repair_lapsed": gettext_lazy("Hersteltermijn verstreken"),
    "objection_grounds_added": gettext_lazy("Gronden ontvangen"),
    "objection_contact": gettext_lazy("Contact met de indiener"),
    "objection_attachment_added": gettext_lazy("Bijlage toegevoegd"),
    "objection_committee": gettext_lazy("Naar de Bezwaaradviescommissie"),
    "objection_extended": gettext_lazy("Beslissing verdaagd"),
    "objection_postponed": gettext_lazy("Uitgesteld met instemming"),
    "objection_hearing_planned": gettext_lazy("Hoorzitting gepland"),
    "objection_hearing_held": gettext_lazy("Hoorzitting gehouden"),
    "objection_hearing_cancelled": gettext_lazy("Hoorzitting afgezegd"),
    "objection_decided": gettext_lazy("Beslissing op bezwaar"),
    "objection_withdrawn": gettext_lazy("Ingetrokken"),
    "objection_resolved": gettext_lazy("Opgelost met een nieuw besluit"),
    "appeal_registered": gettext_lazy("Beroep geregistreerd"),
    "appeal_updated": gettext_lazy("Beroep bijgewerkt"),
    "view": gettext_lazy("Bekeken"),
    "update": gettext_lazy("Termijnbewaking"),
}


def history(objection: Objection) -> list[tuple[AuditEvent, str]]:
    """Every audit event of the objection with a Dutch label, its receipt (recorded on the case)
    included, oldest first."""
    return [(event, str(ACTION_LABELS.get(event.action, event.action))) for event in _events(objection)]


def _events(objection: Objection) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            Q(object_type="objections.objection", object_id=str(objection.public_id))
            | Q(
                object_type="cases.case",
                object_id=objection.decision.case.reference,
                action="objection_received",
                reason__contains=str(objection.public_id),
            )
        ).order_by("sequence")[:1000]
    )


# --- the resident's view --------------------------------------------------------------------------

RESIDENT_STATUS = {
    ObjectionStatus.RECEIVED: gettext_lazy("Wij hebben uw bezwaar ontvangen. Een bezwaarjurist gaat het bekijken."),
    ObjectionStatus.IN_PROGRESS: gettext_lazy("Een bezwaarjurist bekijkt uw bezwaar."),
    ObjectionStatus.AWAITING_REPAIR: gettext_lazy(
        "Wij wachten op informatie van u. Zolang wij wachten, telt de tijd voor onze beslissing niet mee."
    ),
    ObjectionStatus.HEARING_PLANNED: gettext_lazy("Er is een gesprek over uw bezwaar gepland (een hoorzitting)."),
    ObjectionStatus.DECIDED: gettext_lazy("Wij hebben beslist op uw bezwaar."),
    ObjectionStatus.CLOSED: gettext_lazy("Uw bezwaar is afgesloten."),
}
RESIDENT_OUTCOME = {
    "well_founded": gettext_lazy("Uw bezwaar is gegrond. Dat betekent: u heeft gelijk."),
    "partly_well_founded": gettext_lazy("Uw bezwaar is deels gegrond. Dat betekent: u heeft voor een deel gelijk."),
    "unfounded": gettext_lazy("Uw bezwaar is ongegrond. Dat betekent: het besluit blijft zoals het was."),
    "inadmissible": gettext_lazy(
        "Wij konden uw bezwaar niet inhoudelijk behandelen. Dat heet: niet-ontvankelijk. In de brief staat waarom."
    ),
    "withdrawn": gettext_lazy("U heeft uw bezwaar ingetrokken."),
    "resolved": gettext_lazy("Wij hebben samen met u een oplossing gevonden: een nieuw besluit."),
}


def owner_for_resident(objection: Objection) -> str:
    """The owner as the resident sees them: first name and function, never the full name (staff privacy)."""
    if objection.owner is None:
        return ""
    first = objection.owner.first_name.strip()
    return _("%(name)s (bezwaarjurist)") % {"name": first} if first else _("een bezwaarjurist")


@dataclass(frozen=True)
class ResidentObjection:
    objection: Objection
    status_label: str
    status_text: str
    outcome_text: str
    owner: str
    hearing: Hearing | None
    place: str
    deadline: dt.date | None
    repair: RepairRequest | None
    revisions: list
    appeal_ends: dt.date | None


def for_resident(objection: Objection, today: dt.date | None = None) -> ResidentObjection:
    """Everything the resident's objection page shows, in their words."""
    from .letters import appeal_term_ends

    hearing = shown_hearing(objection)
    decided = objection.status == ObjectionStatus.DECIDED and objection.decided_on is not None
    return ResidentObjection(
        objection=objection,
        status_label=objection.get_status_display(),
        status_text=str(RESIDENT_STATUS.get(objection.status, "")),
        outcome_text=str(RESIDENT_OUTCOME.get(objection.outcome, "")),
        owner=owner_for_resident(objection),
        hearing=hearing,
        place=hearing_place(hearing) if hearing else "",
        deadline=effective_deadline(objection, today) if objection.is_open else None,
        repair=open_repair(objection),
        revisions=list(objection.revisions.select_related("case").order_by("created_on", "id")),
        appeal_ends=appeal_term_ends(objection.decided_on) if decided else None,
    )
