"""The story of a case in plain words for the resident, read from the case's audit trail.

Staff see every event (`casework.selectors.timeline`). A resident sees only what happened to their
application, in a sentence they understand, and never the institute's internal work: page views,
quality sampling and review (kwaliteitsgericht toetsen), assignment, deviations, rule answers, the
deadline monitor and payment files stay out. So this is a whitelist: an event becomes a line only
when it is known here; anything new stays hidden until someone writes its sentence.

Process steps are one audit action ("transition") whose reason is `"<from label> → <to label>"`,
optionally followed by `": <staff's reason>"` (cases.services.transition). The labels are the
process's own (`process_for(scheme).states`), so they are mapped back to state codes here. The
staff's free-text reason is never shown: it is written for colleagues.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.cases.selectors import process_for
from schadeloket.decisions.selectors import has_view_step

MAX_EVENTS = 500

# Lines for events that are not process steps (action → sentence).
ACTION_LINES = {
    "create": _("Wij hebben uw aanvraag ontvangen."),
    "view_received": _("Wij hebben uw reactie op het ontwerpbesluit (uw zienswijze) ontvangen."),
    "final_decision": _("Wij hebben een besluit genomen. U vindt de brief hieronder bij Brieven."),
    "document_added": _("Er is een document bij uw dossier gekomen."),
    "message_from_applicant": _("U heeft ons een bericht gestuurd."),
    "message_from_staff": _("Wij hebben u een bericht gestuurd."),
    "objection_received": _("Wij hebben uw bezwaar ontvangen."),
}
DRAFT_LINE = _(
    "Wij hebben een ontwerpbesluit gemaakt. Dat is het besluit dat wij van plan zijn te nemen. U kunt erop reageren."
)

# Lines for process steps, by the state the case came into.
STEP_LINES = {
    "inspection_planned": _("Wij gaan een schade-opname plannen. Een deskundige komt dan de schade bekijken."),
    "expert_advice": _("De schade-opname is gedaan. Een deskundige schrijft nu een advies."),
    "draft_decision": _("Het advies van de deskundige is klaar."),
    "paid": _("Wij hebben het bedrag betaald."),
    "closed": _("Uw zaak is afgesloten."),
    "withdrawn": _("Uw aanvraag is ingetrokken."),
}
STARTED_LINE = _("Een behandelaar is met uw aanvraag begonnen.")
ASKED_LINE = _("Wij hebben u om informatie gevraagd. Zolang wij wachten, staat de termijn stil.")
ANSWERED_LINE = _("Wij hebben uw informatie ontvangen. De termijn loopt weer.")
EXTENDED_LINE = _("Wij hebben meer tijd nodig om te beslissen. Daarom is de termijn verlengd (verdaagd).")


@dataclass(frozen=True)
class TimelineLine:
    at: dt.datetime
    text: str

    @property
    def day(self) -> dt.date:
        return timezone.localdate(self.at)


def _states(process) -> tuple[dict[str, str], list[tuple[str, str]]]:
    by_label = {label: code for code, label in process.states.items()}
    longest_first = sorted(by_label.items(), key=lambda item: len(item[0]), reverse=True)
    return by_label, longest_first


def step_states(reason: str, process) -> tuple[str | None, str | None]:
    """(from, to) state codes of a transition event's reason, None where a label is unknown."""
    before_label, arrow, rest = (reason or "").partition(" → ")
    if not arrow:
        return None, None
    by_label, longest_first = _states(process)
    after = next(
        (code for label, code in longest_first if rest == label or rest.startswith(f"{label}: ")),
        None,
    )
    return by_label.get(before_label), after


def step_line(event: AuditEvent, process) -> str | None:
    """The resident's sentence for one process step, or None when it is internal or said elsewhere."""
    before, after = step_states(event.reason, process)
    if after is None:
        return None
    if "extended_days" in (event.changed_fields or []):
        return str(EXTENDED_LINE)
    if "review" in (before, after):
        return None  # quality review is the institute's own check
    if after == "waiting_for_applicant":
        return str(ASKED_LINE)
    if before == "waiting_for_applicant":
        return str(ANSWERED_LINE)
    if after == "in_progress":
        return str(STARTED_LINE) if before == "received" else None
    line = STEP_LINES.get(after)  # "decided" is told by the decision event itself
    return str(line) if line else None


def event_line(event: AuditEvent, process, *, view_step: bool) -> str | None:
    if event.action == "transition":
        return step_line(event, process)
    if event.action == "draft_decision":
        # Without a zienswijze step a draft is internal work: the resident gets the final decision.
        return str(DRAFT_LINE) if view_step else None
    line = ACTION_LINES.get(event.action)
    return str(line) if line else None


def resident_timeline(case) -> list[TimelineLine]:
    """What happened on the case, newest first, as the resident may see it."""
    process = process_for(case.scheme_code)
    view_step = has_view_step(case)
    events = (
        AuditEvent.objects.filter(object_type="cases.case", object_id=case.reference)
        .exclude(action=AuditAction.VIEW)
        .order_by("-sequence")
        .only("timestamp", "action", "reason", "changed_fields")[:MAX_EVENTS]
    )
    lines = []
    for event in events:
        text = event_line(event, process, view_step=view_step)
        if text:
            lines.append(TimelineLine(event.timestamp, text))
    return lines
