"""What an uploaded file really is, decided from its bytes: never from its name or the browser's word.

Why this strictness: applicants and partners send photos and PDFs, and staff open them. A file
that claims to be a photo but is a script, an archive, a program, or a photo with something else
hidden inside (a polyglot) must never reach a colleague's screen. So:

- a photo (JPEG or PNG; HEIC only when this Pillow can read it) is opened with Pillow, decoded in
  full and written anew. The new file carries pixels only: EXIF (with GPS position), comments, XMP
  and colour profiles are gone, and so is anything that was hidden behind the picture. The EXIF
  orientation is applied first, so the photo stays the right way up;
- a PDF is taken as it is, when it starts with `%PDF-`, ends with `%%EOF`, and has no active
  content (JavaScript, launch actions, embedded files) and no ZIP archive inside. Names are
  checked after undoing `#xx` escapes, and compressed streams are unpacked (within a budget), so
  `/J#61vaScript` or a script in an object stream does not slip through;
- everything else is refused, with a Dutch message that says what to send instead.

This module only decides; `services.upload_document` stores. Nothing here touches the disk.
"""

import re
import struct
import warnings
import zlib
from dataclasses import dataclass
from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_MB = 20
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
# A 48-megapixel phone photo (8000 × 6000) fits; a decompression bomb (a small file that unpacks
# into billions of pixels) does not. Checked before any pixel is decoded.
MAX_IMAGE_PIXELS = 50_000_000
JPEG_QUALITY = 90
# How much we unpack from a PDF's compressed streams to look for active content (zip-bomb guard).
PDF_INFLATE_BUDGET = 100 * 1024 * 1024


class RefusedFile(ValueError):
    """The file is not taken; the message (Dutch) says why and what to send instead."""


@dataclass(frozen=True)
class CheckedFile:
    """The bytes to store (re-encoded for images), and what they are."""

    data: bytes
    content_type: str
    extension: str


def what_we_take() -> str:
    return _("Stuur een foto (JPG of PNG) of een PDF van hoogstens %(mb)s MB.") % {"mb": MAX_UPLOAD_MB}


def _refuse(reason: str) -> RefusedFile:
    return RefusedFile(f"{reason} {what_we_take()}")


# --- signatures -----------------------------------------------------------------------------------

JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
PDF_MAGIC = b"%PDF-"
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
ARCHIVE_MAGICS = (
    b"PK\x03\x04",  # zip (and docx, jar, apk, ...)
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",  # spanned zip
    b"Rar!\x1a\x07",  # rar 4 and 5
    b"7z\xbc\xaf\x27\x1c",  # 7-zip
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
)
EXECUTABLE_MAGICS = (b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe", b"\xca\xfe\xba\xbe")
OTHER_IMAGE_MAGICS = (b"GIF87a", b"GIF89a", b"II*\x00", b"MM\x00*")
# Long enough that they do not turn up by chance in compressed picture data (1 in 2^40 or less).
HIDDEN_SIGNATURES = (
    re.compile(rb"%PDF-"),
    re.compile(rb"<script", re.IGNORECASE),
    re.compile(rb"<\?php", re.IGNORECASE),
    re.compile(rb"Rar!\x1a\x07"),
    re.compile(rb"7z\xbc\xaf\x27\x1c"),
)
ZIP_LOCAL_HEADER = re.compile(rb"PK\x03\x04")
ZIP_END_OF_DIRECTORY = b"PK\x05\x06"
ZIP_METHODS = {0, 1, 6, 8, 9, 12, 14, 93, 95, 98, 99}


def _contains_zip(data: bytes) -> bool:
    """True when a ZIP archive hides in `data`.

    `PK\\x03\\x04` alone turns up by chance in 1 of 4 GB of compressed data; requiring a plausible
    header after it (version, method, name length) makes a false alarm negligible. A zip reader
    starts from the end-of-directory record near the end, so that is looked for too.
    """
    for match in ZIP_LOCAL_HEADER.finditer(data):
        header = data[match.start() : match.start() + 30]
        if len(header) < 30:
            break
        version, _flags, method = struct.unpack_from("<HHH", header, 4)
        (name_length,) = struct.unpack_from("<H", header, 26)
        if version <= 63 and method in ZIP_METHODS and 0 < name_length <= 1024:
            return True
    tail_start = max(0, len(data) - 65_557)  # the record (22 bytes) plus the longest comment
    end = data.rfind(ZIP_END_OF_DIRECTORY, tail_start)
    if end != -1 and end + 22 <= len(data):
        disk_entries, total_entries = struct.unpack_from("<HH", data, end + 8)
        if disk_entries == total_entries:
            return True
    return False


def _hidden_payload(data: bytes) -> bool:
    return _contains_zip(data) or any(pattern.search(data) for pattern in HIDDEN_SIGNATURES)


def _is_heif(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _text_head(data: bytes) -> bytes:
    return data[:4096].lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").lower()


# --- the check ------------------------------------------------------------------------------------


def check_upload(data: bytes) -> CheckedFile:
    """Decide what `data` is; return the bytes to store, or raise RefusedFile (Dutch)."""
    if not data:
        raise _refuse(_("Het bestand is leeg. Kies het bestand opnieuw en probeer het nog eens."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(
            _("Het bestand is groter dan %(mb)s MB. Maak de foto kleiner of verdeel de PDF in delen.")
            % {"mb": MAX_UPLOAD_MB}
        )
    if data.startswith(JPEG_MAGIC):
        return _checked_image(data, "JPEG")
    if data.startswith(PNG_MAGIC):
        return _checked_image(data, "PNG")
    if _is_heif(data):
        return _checked_heif(data)
    if data.startswith(PDF_MAGIC):
        return _checked_pdf(data)
    _refuse_by_kind(data)
    raise AssertionError("unreachable")  # pragma: no cover


def _refuse_by_kind(data: bytes) -> None:
    """Name what the file is, so the message helps; every path refuses."""
    head = _text_head(data)
    if data.startswith(ARCHIVE_MAGICS):
        raise _refuse(
            _(
                "Dit is een ingepakt bestand (zoals ZIP, RAR of 7z). Zulke bestanden nemen we niet aan. "
                "Pak het eerst uit en stuur de foto's of PDF's los."
            )
        )
    if data.startswith(EXECUTABLE_MAGICS):
        raise _refuse(_("Dit is een programma. Programma's nemen we niet aan, omdat ze uw dossier kunnen schaden."))
    if head.startswith(b"<svg") or b"<svg" in head or (head.startswith(b"<?xml") and b"<svg" in data[:65536].lower()):
        raise _refuse(
            _(
                "Dit is een SVG-tekening. Daarin kan programmacode zitten, daarom nemen we die niet aan. "
                "Sla de tekening op als PNG of als PDF."
            )
        )
    if (
        data.startswith(b"#!")
        or head.startswith((b"<!doctype html", b"<html"))
        or re.search(rb"<script|<\?php", data[:65536], re.IGNORECASE)
    ):
        raise _refuse(
            _("Dit bestand bevat programmacode (een script). Zulke bestanden nemen we niet aan, omdat ze schade doen.")
        )
    if data.startswith(OTHER_IMAGE_MAGICS) or (data.startswith(b"RIFF") and data[8:12] == b"WEBP"):
        raise _refuse(_("Dit soort afbeelding (zoals GIF, WebP of TIFF) nemen we niet aan. Sla de foto op als JPG."))
    raise _refuse(_("We herkennen dit bestand niet als foto of PDF."))


def _polyglot() -> RefusedFile:
    return _refuse(
        _(
            "In dit bestand zit nog een ander bestand verstopt. Dat nemen we niet aan, omdat het schade kan doen. "
            "Maak een nieuwe foto, of sla de PDF opnieuw op (bijvoorbeeld met 'Afdrukken naar PDF')."
        )
    )


def _corrupt_image() -> RefusedFile:
    return _refuse(
        _(
            "Deze foto is beschadigd of niet compleet, we kunnen hem niet openen. "
            "Maak de foto opnieuw of stuur hem nog eens."
        )
    )


def _too_many_pixels() -> RefusedFile:
    return _refuse(
        _("Deze foto heeft meer dan %(mp)s miljoen beeldpunten. Maak de foto kleiner en stuur hem opnieuw.")
        % {"mp": MAX_IMAGE_PIXELS // 1_000_000}
    )


def _checked_image(data: bytes, image_format: str) -> CheckedFile:
    if _hidden_payload(data):
        raise _polyglot()
    return _reencode(data, image_format, "JPEG" if image_format == "JPEG" else "PNG")


def _checked_heif(data: bytes) -> CheckedFile:
    """HEIC (iPhone photos) only when a HEIF plugin is registered with Pillow; stored as JPEG."""
    Image.init()
    if "HEIF" not in Image.OPEN:
        raise _refuse(
            _(
                "Foto's in het HEIC-formaat (van een iPhone) kunnen we nog niet lezen. Zet de foto eerst om naar JPG. "
                "Op een iPhone kan dat bij Instellingen > Camera > Formaten > 'Meest compatibel'."
            )
        )
    if _hidden_payload(data):  # pragma: no cover - only with a HEIF plugin installed
        raise _polyglot()
    return _reencode(data, "HEIF", "JPEG")  # pragma: no cover


def _reencode(data: bytes, image_format: str, output_format: str) -> CheckedFile:
    """Decode the whole picture and write its pixels anew: no metadata, nothing behind the picture.

    Pillow's own guard (MAX_IMAGE_PIXELS, DecompressionBombWarning/Error) is made strict here, and
    our lower limit is checked from the header before any pixel is decoded.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(BytesIO(data), formats=[image_format]) as probe:
                width, height = probe.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                probe.verify()  # checks chunk CRCs (PNG) without decoding
            with Image.open(BytesIO(data), formats=[image_format]) as image:
                image.load()  # a truncated or broken picture fails here
                upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_many_pixels() from None
        except RefusedFile:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, struct.error, IndexError):
            raise _corrupt_image() from None

    if output_format == "JPEG":
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
    elif upright.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        has_alpha = "A" in upright.mode or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha else "RGB")
    # A fresh image gets the pixels and nothing else: no EXIF, XMP, ICC profile, text or comment.
    clean = Image.new(upright.mode, upright.size)
    clean.paste(upright)
    out = BytesIO()
    if output_format == "JPEG":
        clean.save(out, format="JPEG", quality=JPEG_QUALITY)
        return CheckedFile(out.getvalue(), "image/jpeg", "jpg")
    clean.save(out, format="PNG")
    return CheckedFile(out.getvalue(), "image/png", "png")


# --- PDF ------------------------------------------------------------------------------------------

PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
# name → what it does, in the applicant's words
FORBIDDEN_PDF_NAMES = {
    b"JavaScript": gettext_noop("programmacode (JavaScript)"),
    b"JS": gettext_noop("programmacode (JavaScript)"),
    b"Launch": gettext_noop("een opdracht om een programma te starten"),
    b"EmbeddedFile": gettext_noop("een ander bestand als bijlage"),
    b"EmbeddedFiles": gettext_noop("een ander bestand als bijlage"),
}


def _decode_name(raw: bytes) -> bytes:
    """`/J#61vaScript` is `/JavaScript` to a PDF reader, so it is to us."""
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), raw)


def _forbidden_name(text: bytes) -> str | None:
    for match in PDF_NAME.finditer(text):
        name = _decode_name(match.group(1))
        if name in FORBIDDEN_PDF_NAMES:
            return FORBIDDEN_PDF_NAMES[name]
    return None


def _inflated_streams(data: bytes):
    """The unpacked content of each Flate-compressed stream, within PDF_INFLATE_BUDGET in total."""
    budget = PDF_INFLATE_BUDGET
    for match in PDF_STREAM.finditer(data):
        if budget <= 0:
            return
        try:
            inflater = zlib.decompressobj()
            unpacked = inflater.decompress(match.group(1), budget)
        except zlib.error:
            continue  # not Flate (a JPEG image, say): nothing to read in it
        budget -= len(unpacked)
        yield unpacked


def _checked_pdf(data: bytes) -> CheckedFile:
    if not data.rstrip(b" \t\r\n\x00").endswith(b"%%EOF"):
        raise _refuse(
            _(
                "Deze PDF is niet compleet of beschadigd: het einde ontbreekt. "
                "Sla de PDF opnieuw op en stuur hem nog eens."
            )
        )
    if _contains_zip(data):
        raise _polyglot()
    found = _forbidden_name(data)
    if found is None:
        for unpacked in _inflated_streams(data):
            found = _forbidden_name(unpacked)
            if found:
                break
    if found:
        raise _refuse(
            _(
                "Deze PDF bevat %(what)s. Dat nemen we niet aan, omdat het schade kan doen. Sla de PDF opnieuw op "
                "(bijvoorbeeld met 'Afdrukken naar PDF') en stuur die nieuwe PDF."
            )
            % {"what": _(found)}
        )
    return CheckedFile(data, "application/pdf", "pdf")
