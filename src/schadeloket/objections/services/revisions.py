"""A new decision after an objection or a court case, and paying the difference exactly once.

Why a follow-up case: the engine allows one final decision per case, and a changed amount deserves
the normal process (rules, a deviation with its reason, four eyes where sampling says so, a
letter). `open_revision` opens that case for the objector's building and scheme through
`cases.services.open_case`, and records on it what it is for: the new total, what was granted
before, and the difference it is to decide. The follow-up case decides the *difference*: then
the sum of the decisions is the new total (reports stay right), and any payment of its decision,
here (`pay_difference`) or on the case page, is the one order per decision and payee that
`payment_orders` makes exactly once: a retry or a double submit finds the order that exists.
"""

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event
from schadeloket.cases.selectors import user_roles
from schadeloket.cases.services import CaseError, open_case
from schadeloket.decisions.selectors import final_decision
from schadeloket.payment_orders.models import PayeeKind, PaymentOrder
from schadeloket.payment_orders.services import PaymentError, order_for_decision

from ..models import Objection, Revision
from .common import ObjectionError, euro, granted_so_far

PAY_ROLES = frozenset({"objection_lawyer", "case_handler", "admin"})


def open_revision(locked: Objection, *, new_amount: Decimal, source: str, actor, on, appeal=None) -> Revision:
    """Inside the caller's transaction: the follow-up case that decides the difference to `new_amount`."""
    previous = granted_so_far(locked)
    difference = new_amount - previous
    if difference <= 0:
        raise ObjectionError(
            _("Het nieuwe bedrag is niet hoger dan wat al is toegekend. Er is geen verschil te betalen.")
        )
    case = locked.decision.case
    try:
        follow_up = open_case(
            scheme_code=case.scheme_code, building=case.building, applicant=locked.objector, received_on=on, actor=actor
        )
    except CaseError as error:
        raise ObjectionError(str(error)) from None
    revision = Revision.objects.create(
        objection=locked,
        appeal=appeal,
        source=source,
        previous_amount=previous,
        new_amount=new_amount,
        difference=difference,
        case=follow_up,
        created_on=on,
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="revision_opened",
        obj=("cases.case", follow_up.reference),
        changed_fields=["revision"],
        reason=(
            f"nieuw besluit na bezwaar {locked.public_id} (zaak {case.reference}): nieuw totaal {euro(new_amount)}, "
            f"eerder toegekend {euro(previous)}; beslis over het verschil, {euro(difference)}"
        ),
    )
    return revision


def pay_difference(revision: Revision, *, payee_name, iban, actor) -> PaymentOrder:
    """The payment order for the difference: made once, found again on every retry or double submit."""
    if not user_roles(actor) & PAY_ROLES:
        raise ObjectionError(_("Alleen een bezwaarjurist of behandelaar kan een betaling opdragen."))
    final = final_decision(revision.case)
    if final is None:
        raise ObjectionError(
            _(
                "Het nieuwe besluit (zaak %(reference)s) is nog niet genomen. Een behandelaar neemt het in de gewone "
                "behandeling; daarna kan het verschil worden betaald."
            )
            % {"reference": revision.case.reference}
        )
    if not final.granted or final.amount != revision.difference:
        raise ObjectionError(
            _(
                "Het nieuwe besluit (zaak %(reference)s) kent %(amount)s toe, maar het verschil is %(difference)s. "
                "Laat de behandelaar het besluit nakijken; zo wordt er niet te veel of te weinig betaald."
            )
            % {
                "reference": revision.case.reference,
                "amount": euro(final.amount),
                "difference": euro(revision.difference),
            }
        )
    try:
        with transaction.atomic():
            return order_for_decision(
                final,
                payee_kind=PayeeKind.APPLICANT,
                payee_name=payee_name,
                iban=iban,
                actor=actor,
                amount=revision.difference,
            )
    except PaymentError as error:
        raise ObjectionError(str(error)) from None
