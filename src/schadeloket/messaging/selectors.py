"""Reads for messages: a case's conversation and what the other side has not read yet."""

from django.db.models import Count, QuerySet

from .models import Message


def messages_of(case) -> QuerySet:
    """The whole conversation of the case, oldest first."""
    return Message.objects.filter(case=case).order_by("created_at", "id")


def unread_for_applicant(case) -> int:
    """Messages from the institute the applicant has not seen yet."""
    return Message.objects.filter(case=case, from_applicant=False, read_at__isnull=True).count()


def unread_for_applicant_by_case(cases) -> dict[int, int]:
    """{case id: unread messages from the institute} for a list of cases, in one query."""
    rows = (
        Message.objects.filter(case__in=cases, from_applicant=False, read_at__isnull=True)
        .values("case_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["case_id"]: row["n"] for row in rows}


def unread_for_staff(case) -> int:
    """Messages from the applicant that no one at the institute has read yet."""
    return Message.objects.filter(case=case, from_applicant=True, read_at__isnull=True).count()
