"""The end of an objection: the decision on it (beslissing op bezwaar), or withdrawal, or a solution.

The decision: well-founded, partly well-founded, unfounded or inadmissible, with its reasons, and
only when the law allows it:

- inadmissible for lateness only after the lawyer judged the lateness not excusable (Awb 6:11);
  for an omission only after the repair term passed unused (Awb 6:6); otherwise with a reason;
- on the merits only when the objection is admissible: in time or excusably late, with grounds,
  and no repair request still running;
- after a hearing, or with the reason why none was needed (Awb 7:3);
- a new amount never below what was granted (no reformatio in peius); a higher one opens the
  follow-up case that decides and pays the difference (`revisions`).

A planned hearing that is no longer needed is cancelled. The letter (PDF/A) is stored as a
document, and the objector gets a message. One transaction: if the letter cannot be made, nothing
is decided. Withdrawal needs the objector's confirmation (Awb 6:21: in writing, or orally during
the hearing); a solution by a new decision goes through the same follow-up case.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from schadeloket.cases.models import DeadlineState
from schadeloket.money import parse_euro

from .. import letters
from ..models import (
    DECISION_OUTCOMES,
    HearingStatus,
    InadmissibleGround,
    NoHearingReason,
    Objection,
    ObjectionOutcome,
    ObjectionStatus,
    RevisionSource,
    WithdrawalConfirmation,
)
from ..selectors import lapsed_unrepaired
from .common import (
    ObjectionError,
    check_not_future,
    check_open,
    check_owner,
    claim,
    clean_text,
    dutch_date,
    euro,
    granted_so_far,
    record,
    save,
)
from .handling import lapse_if_due, notify
from .hearings import cancel
from .revisions import open_revision

# Which outcome each reason to skip the hearing fits (Awb 7:3).
NO_HEARING_FITS = {
    NoHearingReason.FULLY_GRANTED: {ObjectionOutcome.WELL_FOUNDED},
    NoHearingReason.MANIFESTLY_INADMISSIBLE: {ObjectionOutcome.INADMISSIBLE},
    NoHearingReason.MANIFESTLY_UNFOUNDED: {ObjectionOutcome.UNFOUNDED},
}


def parse_amount(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return parse_euro(value)
    except ValueError as error:
        raise ObjectionError(str(error)) from None


def _check_inadmissible(locked: Objection, ground: str) -> None:
    if ground not in InadmissibleGround.values:
        raise ObjectionError(_("Kies waarom het bezwaar niet-ontvankelijk is."))
    if ground == InadmissibleGround.LATE:
        if locked.received_in_time:
            raise ObjectionError(_("Het bezwaar kwam op tijd binnen. Te laat is dus geen reden."))
        if locked.late_excusable is None:
            raise ObjectionError(_("Leg eerst vast of de termijnoverschrijding verschoonbaar is (Awb 6:11)."))
        if locked.late_excusable:
            raise ObjectionError(
                _(
                    "U vond de termijnoverschrijding verschoonbaar. "
                    "Dan is het bezwaar om die reden niet niet-ontvankelijk."
                )
            )
    if ground == InadmissibleGround.NOT_REPAIRED and not lapsed_unrepaired(locked):
        raise ObjectionError(
            _(
                "Niet-ontvankelijk wegens een verzuim kan pas als de indiener om herstel is gevraagd en de termijn "
                "ongebruikt is verstreken (Awb 6:6)."
            )
        )


def _check_admissible(locked: Objection) -> None:
    if not locked.received_in_time and locked.late_excusable is not True:
        raise ObjectionError(
            _(
                "Het bezwaar kwam te laat binnen. Leg eerst vast of dat verschoonbaar is (Awb 6:11). "
                "Is het niet verschoonbaar? Kies dan niet-ontvankelijk."
            )
        )
    if locked.pro_forma:
        raise ObjectionError(
            _("Er zijn nog geen gronden. Vraag de gronden op (herstelverzuim) of leg ze vast, en beslis daarna.")
        )


def _check_hearing(locked: Objection, outcome: str, no_hearing_reason: str):
    held = locked.hearings.filter(status=HearingStatus.HELD).order_by("-starts_at").first()
    if held is not None:
        return held, ""
    if not no_hearing_reason:
        raise ObjectionError(
            _(
                "Er is nog geen hoorzitting geweest. Houd eerst een hoorzitting, "
                "of kies waarom horen niet nodig is (Awb 7:3)."
            )
        )
    if no_hearing_reason not in NoHearingReason.values:
        raise ObjectionError(_("Kies waarom horen niet nodig is (Awb 7:3)."))
    fits = NO_HEARING_FITS.get(no_hearing_reason)
    if fits is not None and outcome not in fits:
        raise ObjectionError(
            _("'%(reason)s' past niet bij de uitkomst '%(outcome)s'. Kies een andere reden of een andere uitkomst.")
            % {"reason": NoHearingReason(no_hearing_reason).label, "outcome": ObjectionOutcome(outcome).label}
        )
    return None, no_hearing_reason


def _cancel_planned(locked: Objection, reason: str) -> None:
    for hearing in locked.hearings.select_for_update().filter(status=HearingStatus.PLANNED):
        cancel(locked, hearing, reason)


def decide_objection(
    objection: Objection,
    *,
    outcome: str,
    reasons,
    actor,
    expected_version: int,
    new_amount=None,
    inadmissible_ground: str = "",
    no_hearing_reason: str = "",
    on: dt.date | None = None,
) -> Objection:
    """The decision on the objection, its letter, and where a higher amount follows, the follow-up case."""
    today = timezone.localdate()
    on = on or today
    check_not_future(on, today, _("De datum van de beslissing"))
    if outcome not in DECISION_OUTCOMES:
        raise ObjectionError(_("Kies de uitkomst: gegrond, deels gegrond, ongegrond of niet-ontvankelijk."))
    reasons = clean_text(
        reasons, required_message=_("Schrijf de motivering: waarom deze beslissing. De indiener leest die in de brief.")
    )
    amount = parse_amount(new_amount)
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        lapse_if_due(locked, today)
        if locked.repair_requests.filter(repaired_on__isnull=True, lapsed_on__isnull=True).exists():
            raise ObjectionError(
                _("Er loopt nog een verzoek om herstel. Wacht tot de termijn voorbij is, of leg het herstel vast.")
            )
        if outcome == ObjectionOutcome.INADMISSIBLE:
            _check_inadmissible(locked, inadmissible_ground)
            if amount is not None:
                raise ObjectionError(
                    _("Bij een niet-ontvankelijk bezwaar hoort geen nieuw bedrag. Laat het bedrag leeg.")
                )
        else:
            inadmissible_ground = ""
            _check_admissible(locked)
        hearing, no_hearing_reason = _check_hearing(locked, outcome, no_hearing_reason)
        previous = granted_so_far(locked)
        if amount is not None:
            if outcome not in (ObjectionOutcome.WELL_FOUNDED, ObjectionOutcome.PARTLY_WELL_FOUNDED):
                raise ObjectionError(
                    _("Een nieuw bedrag hoort alleen bij een (deels) gegrond bezwaar. Laat het bedrag leeg.")
                )
            if amount < previous:
                raise ObjectionError(
                    _(
                        "Het nieuwe bedrag is lager dan wat de indiener al kreeg (%(previous)s). "
                        "Een bezwaar mag de indiener niet slechter maken."
                    )
                    % {"previous": euro(previous)}
                )
        _cancel_planned(locked, _("niet meer nodig: er is beslist op het bezwaar"))
        fields = {
            "status": ObjectionStatus.DECIDED,
            "outcome": outcome,
            "closed_on": on,
            "decided_on": on,
            "decided_by": actor,
            "decision_reasons": reasons,
            "inadmissible_ground": inadmissible_ground,
            "no_hearing_reason": no_hearing_reason,
            "previous_amount": previous,
            "new_amount": amount,
            "deadline_state": DeadlineState.STOPPED,
            "suspended_since": None,
        }
        save(locked, fields)
        revision = None
        if amount is not None and amount > previous:
            revision = open_revision(
                locked, new_amount=amount, source=RevisionSource.OBJECTION_DECISION, actor=actor, on=on
            )
        in_time = locked.deadline is None or on <= locked.deadline
        record(
            actor,
            locked,
            "objection_decided",
            [*fields, "decision_letter"] + (["revisions"] if revision else []),
            f"beslissing op bezwaar: {outcome}"
            + (f" ({inadmissible_ground})" if inadmissible_ground else "")
            + (f"; nieuw totaal {euro(amount)}, vervolgzaak {revision.case.reference}" if revision else "")
            + ("; binnen de termijn" if in_time else f"; na de termijn (uiterlijk {locked.deadline:%d-%m-%Y})"),
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Wij hebben beslist op uw bezwaar. "
                    "U vindt de brief met onze beslissing in Mijn Dossier, bij uw bezwaar."
                ),
                actor,
            )
        # Last: the file is written only when everything else has succeeded.
        letter = letters.store(
            locked,
            letters.decision_html(locked, sent_on=on, revision=revision, hearing=hearing),
            name="beslissing-op-bezwaar",
            actor=actor,
        )
        save(locked, {"decision_letter": letter})
    return locked


def withdraw_objection(
    objection: Objection,
    *,
    confirmed_on: dt.date,
    confirmation: str,
    note="",
    actor,
    expected_version: int,
    on: dt.date | None = None,
) -> Objection:
    """The objector withdrew the objection, confirmed in writing or orally at the hearing (Awb 6:21)."""
    today = timezone.localdate()
    on = on or today
    if confirmation not in WithdrawalConfirmation.values:
        raise ObjectionError(
            _("Kies hoe de indiener de intrekking bevestigde (Awb 6:21: schriftelijk of op de hoorzitting).")
        )
    check_not_future(confirmed_on, today, _("De datum van de bevestiging"))
    note = clean_text(note)
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        if confirmed_on < locked.received_on:
            raise ObjectionError(_("De intrekking kan niet vóór de ontvangst van het bezwaar zijn. Kijk de datum na."))
        if (
            confirmation == WithdrawalConfirmation.HEARING
            and not locked.hearings.filter(status=HearingStatus.HELD).exists()
        ):
            raise ObjectionError(
                _("Er is nog geen hoorzitting geweest. Kies hoe de indiener het schriftelijk bevestigde.")
            )
        _cancel_planned(locked, _("niet meer nodig: het bezwaar is ingetrokken"))
        fields = {
            "status": ObjectionStatus.CLOSED,
            "outcome": ObjectionOutcome.WITHDRAWN,
            "closed_on": on,
            "withdrawal_confirmed_on": confirmed_on,
            "withdrawal_confirmation": confirmation,
            "closing_note": note,
            "deadline_state": DeadlineState.STOPPED,
            "suspended_since": None,
        }
        save(locked, fields)
        record(
            actor,
            locked,
            "objection_withdrawn",
            fields,
            f"ingetrokken; bevestigd op {confirmed_on:%d-%m-%Y} via {confirmation} (Awb 6:21)",
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "U heeft uw bezwaar ingetrokken (bevestigd op %(date)s). Wij behandelen het niet verder. "
                    "Het besluit blijft zoals het was."
                )
                % {"date": dutch_date(confirmed_on)},
                actor,
            )
    return locked


def resolve_with_new_decision(
    objection: Objection, *, new_amount, note, actor, expected_version: int, on: dt.date | None = None
) -> Objection:
    """Solved together with the objector: a new decision (the follow-up case) for a higher amount."""
    today = timezone.localdate()
    on = on or today
    amount = parse_amount(new_amount)
    if amount is None:
        raise ObjectionError(_("Vul het nieuwe totaalbedrag in waarover u het samen eens bent."))
    note = clean_text(note, required_message=_("Schrijf op wat u samen heeft afgesproken."))
    with transaction.atomic():
        locked = claim(objection, expected_version)
        check_owner(locked, actor)
        check_open(locked)
        previous = granted_so_far(locked)
        if amount <= previous:
            raise ObjectionError(
                _(
                    "Het nieuwe bedrag moet hoger zijn dan wat al is toegekend (%(previous)s). "
                    "Anders is er geen nieuw besluit nodig."
                )
                % {"previous": euro(previous)}
            )
        _cancel_planned(locked, _("niet meer nodig: opgelost met een nieuw besluit"))
        fields = {
            "status": ObjectionStatus.CLOSED,
            "outcome": ObjectionOutcome.RESOLVED,
            "closed_on": on,
            "closing_note": note,
            "previous_amount": previous,
            "new_amount": amount,
            "deadline_state": DeadlineState.STOPPED,
            "suspended_since": None,
        }
        save(locked, fields)
        revision = open_revision(locked, new_amount=amount, source=RevisionSource.RESOLUTION, actor=actor, on=on)
        record(
            actor,
            locked,
            "objection_resolved",
            [*fields, "revisions"],
            f"opgelost met een nieuw besluit: nieuw totaal {euro(amount)}, vervolgzaak {revision.case.reference}",
        )
        with translation.override("nl"):
            notify(
                locked,
                _(
                    "Zoals met u besproken nemen wij een nieuw besluit. U krijgt in totaal %(amount)s. "
                    "Dat is %(difference)s meer dan eerst. Het nieuwe besluit krijgt zaaknummer %(reference)s; "
                    "u ziet het in Mijn Dossier."
                )
                % {
                    "amount": euro(amount),
                    "difference": euro(revision.difference),
                    "reference": revision.case.reference,
                },
                actor,
            )
    return locked
