"""Reads for payment orders: what is promised per decision, what waits for the bank, what a case got."""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet, Sum

from .models import PaymentBatch, PaymentOrder, PaymentStatus

ZERO = Decimal("0.00")


def allocated_amounts(decision_ids: Iterable[int], *, exclude_key: str = "") -> dict[int, Decimal]:
    """Per decision, the sum of its orders that are still going to be paid or were paid.

    Cancelled orders do not count: their money was never paid, so it is still available.
    `exclude_key` leaves out one order (the one being made) from the sum.
    """
    ids = list(decision_ids)
    totals: dict[int, Decimal] = {}
    for start in range(0, len(ids), 900):
        rows = (
            PaymentOrder.objects.filter(decision_id__in=ids[start : start + 900])
            .exclude(status=PaymentStatus.CANCELLED)
            .exclude(idempotency_key=exclude_key)
            .values("decision_id")
            .annotate(total=Sum("amount"))
        )
        totals.update({row["decision_id"]: row["total"] for row in rows})
    return totals


def allocated_amount(decision) -> Decimal:
    """The part of a decision's amount that orders already take (applicant, NCG, contractor)."""
    return allocated_amounts([decision.pk]).get(decision.pk, ZERO)


def orders_for_decision(decision) -> QuerySet:
    return PaymentOrder.objects.filter(decision=decision).order_by("pk")


def orders_for_case(case) -> QuerySet:
    """Every order of every decision on the case, oldest first, for the case page's timeline."""
    return PaymentOrder.objects.filter(decision__case=case).select_related("batch").order_by("pk")


def pending_orders() -> QuerySet:
    """Orders that the next SEPA export will take."""
    return PaymentOrder.objects.filter(status=PaymentStatus.PENDING).order_by("pk")


def recent_batches(limit: int = 50) -> QuerySet:
    return PaymentBatch.objects.order_by("-created_at")[:limit]
