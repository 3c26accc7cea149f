"""Reads for the satisfaction question: may this person answer now, and the scores per month.

`monthly_scores` is what a report needs (the IMG publishes an average satisfaction score): per
month the number of respondents and their average, and the running average over all months so far.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Sum
from django.db.models.functions import TruncMonth

from schadeloket.cases.models import CaseParty
from schadeloket.decisions.models import DecisionKind

from .models import SatisfactionResponse


def response_of(decision, person) -> SatisfactionResponse | None:
    if decision is None or person is None:
        return None
    return SatisfactionResponse.objects.filter(decision=decision, person=person).first()


_UNREAD = object()


def may_answer(decision, person, *, response=_UNREAD) -> bool:
    """Only after a final decision, only a party to the case, and only once.

    `response`: this person's answer to this decision when the caller has read it already
    (`response_of`), so a page that shows the answer does not read it twice.
    """
    if decision is None or person is None or decision.kind != DecisionKind.FINAL:
        return False
    if (response_of(decision, person) if response is _UNREAD else response) is not None:
        return False
    return CaseParty.objects.filter(case_id=decision.case_id, person=person).exists()


def _one_decimal(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthScore:
    month: dt.date  # the first day of the month
    respondents: int
    average: Decimal  # one decimal, as the IMG publishes it
    running_respondents: int
    running_average: Decimal


def monthly_scores(*, scheme_code: str | None = None) -> list[MonthScore]:
    """Per month (Europe/Amsterdam) the respondents and average score, and the running average, oldest first."""
    responses = SatisfactionResponse.objects.all()
    if scheme_code:
        responses = responses.filter(scheme_code=scheme_code)
    rows = (
        responses.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(respondents=Count("id"), total=Sum("score"), average=Avg("score"))
        .order_by("month")
    )
    result, seen, summed = [], 0, 0
    for row in rows:
        seen += row["respondents"]
        summed += row["total"]
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        result.append(
            MonthScore(
                month=month,
                respondents=row["respondents"],
                average=_one_decimal(Decimal(row["total"]) / row["respondents"]),
                running_respondents=seen,
                running_average=_one_decimal(Decimal(summed) / seen),
            )
        )
    return result
