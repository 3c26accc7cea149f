"""Receiving an objection, from Mijn Dossier or as a letter entered by staff.

One transaction, one audit event on the case (`objection_received`), never the grounds themselves
in the audit trail. Refused (ObjectionError, Dutch) and nothing stored when: the decision is a draft
(there one reacts with a zienswijze), the person is not a party to the case, or they already objected
to this decision. A late objection is received all the same, marked `received_in_time=False`: the
objection process judges whether the lateness is excusable (Awb art. 6:11).

At receipt the decision term on the objection starts to exist (Awb 7:10, `cases.terms`): its start
and deadline are stored with the objection, so the deadline monitor watches it from the first day.
An attachment (a document the objector sends with it) is checked by `documents` in the same
transaction: a refused file refuses the whole objection, and the form keeps what was typed.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.models import CaseParty
from schadeloket.cases.monitor import judge
from schadeloket.cases.selectors import user_roles
from schadeloket.cases.terms import OBJECTION_DECISION_WEEKS, objection_decision_deadline, objection_decision_start
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.documents.models import DocumentKind
from schadeloket.identity.session import (
    acting_authorisation,
    applicant_actor_label,
    current_applicant,
    record_applicant_event,
)

from ..models import Objection, ObjectionChannel
from ..selectors import objection_by, objection_term_ends, received_in_time
from .common import ObjectionError
from .handling import attach_document

ACTION_RECEIVED = "objection_received"
MAX_GROUNDS_LENGTH = 20_000
# Staff who enter an objection that came by post.
LETTER_ROLES = frozenset({"objection_lawyer", "case_handler", "admin"})


def clean_grounds(grounds) -> str:
    grounds = (grounds or "").strip()
    if len(grounds) > MAX_GROUNDS_LENGTH:
        raise ObjectionError(
            _("Uw tekst is te lang: hoogstens %(max)s tekens. Stuur de rest als bericht of als document.")
            % {"max": MAX_GROUNDS_LENGTH}
        )
    return grounds


def _locked_final(decision: Decision) -> Decision:
    locked = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if locked.kind != DecisionKind.FINAL:
        raise ObjectionError(
            _(
                "Tegen een ontwerpbesluit kunt u nog geen bezwaar maken. U kunt wel reageren op het ontwerpbesluit "
                "(een zienswijze geven)."
            )
        )
    return locked


def _check_objector(decision: Decision, person, *, staff: bool = False) -> None:
    if person is None or not CaseParty.objects.filter(case=decision.case, person=person).exists():
        if staff:
            raise ObjectionError(
                _(
                    "Deze persoon is geen partij bij zaak %(reference)s. Alleen wie bij de zaak hoort (aanvrager, "
                    "mede-aanvrager of gemachtigde) kan bezwaar maken. Schrijf de afzender terug waarom het bezwaar "
                    "niet in behandeling kan; vindt u dat de afzender wel belanghebbende is, laat de persoon dan eerst "
                    "als partij toevoegen."
                )
                % {"reference": decision.case.reference}
            )
        raise ObjectionError(_("Bezwaar maken kan alleen tegen een besluit over uw eigen zaak."))
    earlier = objection_by(decision, person)
    if earlier is not None:
        raise ObjectionError(
            _(
                "U heeft al bezwaar gemaakt tegen dit besluit, op %(date)s. Wilt u iets aanvullen? "
                "Stuur dan een bericht. Dan komt het bij uw bezwaar."
            )
            % {"date": timezone.localtime(earlier.submitted_at).strftime("%d-%m-%Y")}
        )


def _create(decision: Decision, *, objector, channel, grounds, submitted_at, received_on, posted_on, label):
    term_ends = objection_term_ends(decision)
    start = objection_decision_start(term_ends, received_on)
    deadline = objection_decision_deadline(start).date
    try:
        with transaction.atomic():
            return Objection.objects.create(
                decision=decision,
                objector=objector,
                channel=channel,
                grounds=grounds,
                submitted_at=submitted_at,
                submitted_by_label=label[:150],
                received_on=received_on,
                posted_on=posted_on,
                term_ends=term_ends,
                received_in_time=received_in_time(term_ends, received_on, posted_on),
                decision_start=start,
                deadline=deadline,
                deadline_state=judge(timezone.localdate(), deadline, OBJECTION_DECISION_WEEKS * 7),
            )
    except IntegrityError:
        # Two submissions at once (a double click): the first one counts.
        raise ObjectionError(_("U heeft al bezwaar gemaakt tegen dit besluit.")) from None


def _reason(objection: Objection, via: str) -> str:
    timing = (
        "op tijd"
        if objection.received_in_time
        else f"na de bezwaartermijn (die liep tot en met {objection.term_ends:%d-%m-%Y})"
    )
    return f"bezwaar {objection.public_id} ontvangen via {via}; {timing}" + (
        "; pro forma, de gronden volgen" if objection.pro_forma else ""
    )


@transaction.atomic
def submit_objection(
    decision: Decision, *, grounds, request, now: dt.datetime | None = None, attachment=None
) -> Objection:
    """The applicant of this session objects to a final decision in Mijn Dossier (blank grounds: pro forma).

    `attachment`: an uploaded file sent with it (a photo, a report), stored as a document of the case.
    """
    grounds = clean_grounds(grounds)
    decision = _locked_final(decision)
    person = current_applicant(request)
    _check_objector(decision, person)
    now = now or timezone.now()
    authorisation = acting_authorisation(request)
    label = applicant_actor_label(person)
    if authorisation is not None:
        label = f"{request.user.get_username()} namens {label}"
    objection = _create(
        decision,
        objector=person,
        channel=ObjectionChannel.PORTAL,
        grounds=grounds,
        submitted_at=now,
        received_on=timezone.localdate(now),
        posted_on=None,
        label=label,
    )
    record_applicant_event(
        request,
        action=ACTION_RECEIVED,
        obj=("cases.case", decision.case.reference),
        changed_fields=["objections"],
        reason=_reason(objection, "Mijn Dossier"),
    )
    if attachment is not None:
        actor = request.user if authorisation is not None else label
        attach_document(objection, attachment, kind=DocumentKind.OTHER, actor=actor)
    return objection


@transaction.atomic
def register_letter_objection(
    decision: Decision,
    *,
    grounds,
    objector,
    received_on: dt.date,
    posted_on: dt.date | None = None,
    user,
    attachment=None,
) -> Objection:
    """Staff enter an objection that came by post: the day it was received and, if known, the postmark.

    `attachment`: the scanned letter (or what came with it), stored as a document of the case.
    """
    if not user_roles(user) & LETTER_ROLES:
        raise ObjectionError(_("Alleen een bezwaarjurist of behandelaar kan een bezwaarbrief invoeren."))
    today = timezone.localdate()
    if received_on > today:
        raise ObjectionError(_("De datum van ontvangst ligt in de toekomst. Vul de dag in waarop de brief binnenkwam."))
    if posted_on is not None and posted_on > received_on:
        raise ObjectionError(_("De brief kan niet op de post zijn gedaan na de dag van ontvangst. Kijk de datums na."))
    grounds = clean_grounds(grounds)
    decision = _locked_final(decision)
    _check_objector(decision, objector, staff=True)
    objection = _create(
        decision,
        objector=objector,
        channel=ObjectionChannel.LETTER,
        grounds=grounds,
        submitted_at=timezone.now(),
        received_on=received_on,
        posted_on=posted_on,
        label=f"brief, ingevoerd door {user.get_username()}",
    )
    record_event(
        actor=user,
        action=ACTION_RECEIVED,
        obj=("cases.case", decision.case.reference),
        changed_fields=["objections"],
        reason=_reason(objection, "een brief"),
    )
    if attachment is not None:
        attach_document(objection, attachment, kind=DocumentKind.LETTER, actor=user)
    return objection
