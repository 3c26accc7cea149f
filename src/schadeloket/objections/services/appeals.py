"""Appeals (beroep) and higher appeals (hoger beroep): registering the court case and its effect.

Beroep goes to the Rechtbank Noord-Nederland, against the decision on the objection (or because
none came in time); hoger beroep to the Afdeling bestuursrechtspraak van de Raad van State, against
the court's judgment (facts §3.2). The effect of a judgment is recorded; where the court orders a
new decision on the objection, the objection opens again with the court's date as its deadline;
where a new amount follows, it goes through the same follow-up case that decides and pays the
difference (`revisions`). The appeal term itself is not verified in the facts:
`parameters.APPEAL_TERM_WEEKS` (a placeholder, docs/open-questions.md) only informs the letter.
"""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Appeal,
    AppealEffect,
    AppealFiledBy,
    AppealOutcome,
    Court,
    Objection,
    ObjectionStatus,
    Revision,
    RevisionSource,
)
from ..selectors import effective_deadline
from .common import (
    ObjectionConcurrentChange,
    ObjectionError,
    check_lawyer,
    check_not_future,
    claim,
    clean_text,
    euro,
    granted_so_far,
    record,
    save,
    term_fields,
    working_status,
)
from .deciding import parse_amount
from .revisions import open_revision

CASE_NUMBER = re.compile(r"^[0-9A-Za-z][0-9A-Za-z ./_-]{0,39}$")


def _check_case_number(value) -> str:
    number = " ".join((value or "").split())
    if not CASE_NUMBER.match(number):
        raise ObjectionError(
            _("Vul het zaaknummer van de rechter in, zoals LEE 24/1234 of 202401234/1/A2 (letters, cijfers, / . - _).")
        )
    return number


def register_appeal(
    objection: Objection,
    *,
    court: str,
    case_number,
    filed_on: dt.date,
    filed_by: str,
    actor,
    appeal_of: Appeal | None = None,
) -> Appeal:
    """A new court case about this objection."""
    check_lawyer(actor)
    today = timezone.localdate()
    if court not in Court.values:
        raise ObjectionError(
            _("Kies de rechter: de Rechtbank Noord-Nederland (beroep) of de Raad van State (hoger beroep).")
        )
    if filed_by not in AppealFiledBy.values:
        raise ObjectionError(_("Kies wie de zaak begon: de indiener of het IMG."))
    number = _check_case_number(case_number)
    check_not_future(filed_on, today, _("De datum van indienen"))
    try:
        with transaction.atomic():
            locked = claim(objection, None)
            if court == Court.RECHTBANK_NOORD_NEDERLAND:
                appeal_of = None
                late_without_decision = locked.is_open and locked.deadline and effective_deadline(locked) < filed_on
                if locked.status != ObjectionStatus.DECIDED and not late_without_decision:
                    raise ObjectionError(
                        _(
                            "Beroep kan tegen de beslissing op bezwaar, of als die niet op tijd kwam. Dit bezwaar "
                            "heeft nog geen beslissing en de termijn loopt nog."
                        )
                    )
                if locked.decided_on and filed_on < locked.decided_on:
                    raise ObjectionError(
                        _("Het beroep kan niet vóór de beslissing op bezwaar zijn ingediend. Kijk de datum na.")
                    )
            else:
                if appeal_of is None or appeal_of.objection_id != locked.pk or appeal_of.is_higher_appeal:
                    raise ObjectionError(_("Kies de uitspraak van de rechtbank waartegen het hoger beroep is."))
                if appeal_of.judgment_on is None:
                    raise ObjectionError(_("De rechtbank heeft nog geen uitspraak gedaan. Vul eerst de uitspraak in."))
                if filed_on < appeal_of.judgment_on:
                    raise ObjectionError(
                        _("Het hoger beroep kan niet vóór de uitspraak zijn ingediend. Kijk de datum na.")
                    )
            with transaction.atomic():
                appeal = Appeal.objects.create(
                    objection=locked,
                    appeal_of=appeal_of,
                    court=court,
                    case_number=number,
                    filed_on=filed_on,
                    filed_by=filed_by,
                    registered_by=actor,
                )
            record(
                actor,
                locked,
                "appeal_registered",
                ["appeals"],
                f"{'hoger beroep' if appeal.is_higher_appeal else 'beroep'} {appeal.public_id} bij {court}, "
                f"zaaknummer {number}, ingediend op {filed_on:%d-%m-%Y} door {filed_by}",
            )
    except IntegrityError:
        raise ObjectionError(_("Deze zaak (%(number)s) is al geregistreerd.") % {"number": number}) from None
    return appeal


def update_appeal(
    appeal: Appeal,
    *,
    actor,
    expected_version: int,
    hearing_on: dt.date | None = None,
    judgment_on: dt.date | None = None,
    outcome: str = "",
    effect: str = "",
    effect_note="",
    ordered_amount=None,
    new_decision_due_on: dt.date | None = None,
) -> Appeal:
    """The court's hearing date, judgment, outcome and its effect on the decision."""
    check_lawyer(actor)
    today = timezone.localdate()
    if outcome and outcome not in AppealOutcome.values:
        raise ObjectionError(_("Kies de uitkomst van de zaak."))
    if effect and effect not in AppealEffect.values:
        raise ObjectionError(_("Kies het gevolg voor het besluit."))
    if outcome and judgment_on is None:
        raise ObjectionError(_("Vul de datum van de uitspraak in (of de dag waarop de zaak eindigde)."))
    if effect and not outcome:
        raise ObjectionError(_("Vul eerst de uitkomst in; het gevolg volgt uit de uitspraak."))
    if judgment_on is not None:
        check_not_future(judgment_on, today, _("De datum van de uitspraak"))
    note = clean_text(effect_note)
    amount = parse_amount(ordered_amount)
    if effect == AppealEffect.AMOUNT_SET and amount is None:
        raise ObjectionError(_("Vul het bedrag in dat volgens de uitspraak geldt (het nieuwe totaal)."))
    if effect != AppealEffect.AMOUNT_SET and amount is not None:
        raise ObjectionError(_("Een bedrag hoort alleen bij 'de rechter stelt het bedrag vast'. Laat het bedrag leeg."))
    if effect == AppealEffect.NEW_DECISION_ON_OBJECTION:
        if new_decision_due_on is None or (judgment_on and new_decision_due_on <= judgment_on):
            raise ObjectionError(_("Vul in tot wanneer het IMG opnieuw moet beslissen: een datum na de uitspraak."))
    elif new_decision_due_on is not None:
        raise ObjectionError(
            _("Een datum voor een nieuwe beslissing hoort alleen bij 'opnieuw beslissen'. Laat die leeg.")
        )
    if effect == AppealEffect.OTHER and not note:
        raise ObjectionError(_("Schrijf op wat het gevolg van de uitspraak is."))
    with transaction.atomic():
        locked_appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked_appeal.version != expected_version:
            raise ObjectionConcurrentChange()
        for day, what in ((hearing_on, _("De zitting")), (judgment_on, _("De uitspraak"))):
            if day is not None and day < locked_appeal.filed_on:
                raise ObjectionError(_("%(what)s kan niet vóór het indienen zijn. Kijk de datum na.") % {"what": what})
        if locked_appeal.effect and locked_appeal.effect != effect:
            raise ObjectionError(_("Het gevolg van deze uitspraak is al vastgelegd. Het verandert niet meer."))
        locked = claim(locked_appeal.objection, None)
        new_effect = effect and locked_appeal.effect != effect
        values = {
            "hearing_on": hearing_on,
            "judgment_on": judgment_on,
            "outcome": outcome,
            "effect": effect,
            "effect_note": note,
            "ordered_amount": amount,
            "new_decision_due_on": new_decision_due_on,
        }
        changed = [name for name, value in values.items() if getattr(locked_appeal, name) != value]
        if not changed:
            raise ObjectionError(_("Er is niets veranderd."))
        for name, value in values.items():
            setattr(locked_appeal, name, value)
        locked_appeal.version += 1
        locked_appeal.save(update_fields=[*values, "version"])
        appeal.version = locked_appeal.version
        consequence = ""
        if new_effect and effect == AppealEffect.AMOUNT_SET:
            consequence = _amount_set(locked, locked_appeal, amount, actor, today)
        elif new_effect and effect == AppealEffect.NEW_DECISION_ON_OBJECTION:
            consequence = _reopen(locked, locked_appeal, today)
        record(
            actor,
            locked,
            "appeal_updated",
            [f"appeals.{name}" for name in changed],
            f"{'hoger beroep' if locked_appeal.is_higher_appeal else 'beroep'} {locked_appeal.public_id}: "
            + ", ".join(changed)
            + consequence,
        )
    return locked_appeal


def _amount_set(locked: Objection, appeal: Appeal, amount, actor, today) -> str:
    previous = granted_so_far(locked)
    if amount < previous:
        raise ObjectionError(
            _("Het bedrag is lager dan wat al is toegekend (%(previous)s). Kijk de uitspraak na.")
            % {"previous": euro(previous)}
        )
    if amount == previous:
        return f"; bedrag {euro(amount)} is al toegekend, geen verschil"
    if Revision.objects.filter(appeal=appeal).exists():
        raise ObjectionError(_("Voor deze uitspraak is al een nieuw besluit in gang gezet."))
    revision = open_revision(
        locked, new_amount=amount, source=RevisionSource.COURT, actor=actor, on=today, appeal=appeal
    )
    return f"; nieuw totaal {euro(amount)}, vervolgzaak {revision.case.reference}"


def _reopen(locked: Objection, appeal: Appeal, today) -> str:
    """The court annulled the decision on the objection: it is open again, with the court's deadline."""
    locked.outcome, locked.court_deadline = "", appeal.new_decision_due_on
    locked.status = ObjectionStatus.IN_PROGRESS  # for is_open while the deadline is judged
    fields = {
        "outcome": "",
        "closed_on": None,
        "decided_on": None,
        "decided_by": None,
        "court_deadline": appeal.new_decision_due_on,
        **term_fields(locked, today),
    }
    save(locked, fields)
    save(locked, {"status": working_status(locked)})
    return f"; het bezwaar is heropend, nieuwe beslissing uiterlijk {appeal.new_decision_due_on:%d-%m-%Y}"
