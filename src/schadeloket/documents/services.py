"""Writes for documents: `upload_document`, the one way a file becomes part of a case.

The file is checked by content (`content.check_upload`) entirely in memory before anything is
written, so a refused file leaves nothing behind: no row, no file on disk, no audit event. When
the database write fails after the file was saved, the file is removed again.
"""

import hashlib
import unicodedata
import uuid
from pathlib import PurePosixPath, PureWindowsPath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from schadeloket.audit.services import record_event

from .content import MAX_UPLOAD_BYTES, RefusedFile, check_upload
from .models import Document, DocumentKind


class DocumentError(ValueError):
    """A document that is not taken, with a Dutch message saying what to do."""


def display_name(name: str | None) -> str:
    """The sender's filename, safe to show: no folders, no control characters, at most 255 long."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 254 - len(ext)] + dot + ext) if dot and len(ext) <= 10 else name[:255]
    return name or _("naamloos")


def _read_limited(uploaded_file) -> bytes:
    """All bytes, but never more than the limit plus one: a huge upload is not read into memory whole."""
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    return uploaded_file.read(MAX_UPLOAD_BYTES + 1)


def upload_document(case, uploaded_file, *, kind: str, actor, replaces: Document | None = None) -> Document:
    """Check the file by content and store it as a new document (or a new version of `replaces`).

    Images are stored re-encoded (metadata gone), PDFs as sent; the checksum is of the stored bytes.
    Raises DocumentError (Dutch) and changes nothing when the file or the request is refused.
    """
    if kind not in DocumentKind.values:
        raise DocumentError(
            _("Kies wat voor document dit is: %(kinds)s.") % {"kinds": ", ".join(str(k.label) for k in DocumentKind)}
        )
    if replaces is not None and replaces.case_id != case.pk:
        raise DocumentError(
            _("Het document dat u wilt vervangen hoort bij een andere zaak. Kies een document van deze zaak.")
        )
    try:
        checked = check_upload(_read_limited(uploaded_file))
    except RefusedFile as refused:
        raise DocumentError(str(refused)) from None

    stored_name = f"{uuid.uuid4().hex}.{checked.extension}"
    document = None
    try:
        with transaction.atomic():
            series, version, previous = uuid.uuid4(), 1, None
            if replaces is not None:
                previous = Document.objects.select_for_update().get(pk=replaces.pk)
                if Document.objects.filter(supersedes=previous).exists():
                    raise DocumentError(
                        _(
                            "Van dit document is al een nieuwere versie. Vervang de nieuwste versie, "
                            "dan blijft de volgorde kloppen."
                        )
                    )
                series, version = previous.series, previous.version + 1
            document = Document(
                case=case,
                kind=kind,
                series=series,
                version=version,
                supersedes=previous,
                original_filename=display_name(getattr(uploaded_file, "name", "")),
                content_type=checked.content_type,
                size=len(checked.data),
                sha256=hashlib.sha256(checked.data).hexdigest(),
                uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
            document.file.save(stored_name, ContentFile(checked.data), save=False)
            document.save()
            record_event(
                actor=actor,
                action="document_added",
                obj=("cases.case", case.reference),
                changed_fields=["documents"],
                # no filename here: names can carry personal data, the audit trail must not
                reason=f"{DocumentKind(kind).label}, versie {version} (document {document.public_id})",
            )
    except BaseException as failure:
        if document is not None and document.file.name:
            document.file.storage.delete(document.file.name)
        if isinstance(failure, IntegrityError):
            raise DocumentError(
                _(
                    "Iemand anders plaatste net een nieuwe versie van dit document. "
                    "Bekijk de nieuwste versie en probeer het opnieuw."
                )
            ) from None
        raise
    return document
