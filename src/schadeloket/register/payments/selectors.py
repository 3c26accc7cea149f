"""Reads for prior payments: totals per building, as the schemes need them.

Why: AVV and VES look at what was paid before (by NAM, CVW, TCMG or IMG), and some count only
damage payments, not incidental costs. One function computes that sum, in Decimal.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import DecimalField, Sum, Value
from django.db.models.functions import Coalesce

from .models import PriorPayment


def payments_total(building, kinds: Iterable[str] | None = None, payers: Iterable[str] | None = None) -> Decimal:
    """Sum of the prior payments for `building`, optionally only these kinds and payers.

    Returns Decimal("0.00") when there is nothing to count.
    """
    queryset = PriorPayment.objects.filter(building=building)
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    if payers is not None:
        queryset = queryset.filter(payer__in=list(payers))
    total = queryset.aggregate(
        total=Coalesce(
            Sum("amount"), Value(Decimal("0.00")), output_field=DecimalField(max_digits=14, decimal_places=2)
        )
    )["total"]
    return Decimal(total).quantize(Decimal("0.01"))
