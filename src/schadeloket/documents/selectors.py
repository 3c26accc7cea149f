"""Reads for documents: a case's documents as staff see them, newest version first with its history."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import Document


@dataclass(frozen=True)
class DocumentWithHistory:
    """The current version of one logical document and the versions it replaced (newest first)."""

    current: Document
    earlier: tuple[Document, ...]


def latest_documents(case) -> QuerySet[Document]:
    """The current version of each document on the case (nothing has superseded it), newest first."""
    return (
        Document.objects.filter(case=case, superseded_by__isnull=True)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-id")
    )


def case_documents(case) -> list[DocumentWithHistory]:
    """Every document on the case, grouped by series: one query, newest current version first.

    Why with history: a decision may rest on an older version of a quote or report; staff must be
    able to see what was there when.
    """
    by_series: dict = {}
    for document in Document.objects.filter(case=case).select_related("uploaded_by").order_by("series", "-version"):
        by_series.setdefault(document.series, []).append(document)
    groups = [DocumentWithHistory(versions[0], tuple(versions[1:])) for versions in by_series.values()]
    groups.sort(key=lambda group: (group.current.uploaded_at, group.current.pk), reverse=True)
    return groups


def document_history(document: Document) -> list[Document]:
    """All versions of this document's series, newest first."""
    return list(Document.objects.filter(series=document.series).order_by("-version"))
