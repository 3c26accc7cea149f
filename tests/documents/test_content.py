"""The content check takes ordinary photos and PDFs: the strict checks must not refuse real files."""

import io
import random

import pytest
from PIL import Image

from schadeloket.documents.content import RefusedFile, _contains_zip, check_upload


def noisy_photo(mode: str, size=(1200, 900)) -> Image.Image:
    """Random pixels compress badly, like a real photo: many bytes in which a signature could turn up."""
    rng = random.Random(4)
    bands = len(mode) if mode != "CMYK" else 4
    return Image.frombytes(mode, size, rng.randbytes(size[0] * size[1] * bands))


@pytest.mark.parametrize(("mode", "image_format"), [("RGB", "JPEG"), ("L", "JPEG"), ("CMYK", "JPEG"), ("RGB", "PNG")])
def test_ordinary_photos_are_taken(mode, image_format):
    out = io.BytesIO()
    noisy_photo(mode).save(out, format=image_format)
    checked = check_upload(out.getvalue())
    with Image.open(io.BytesIO(checked.data)) as image:
        assert image.size == (1200, 900)
        assert image.format == image_format
        assert image.mode in ("RGB", "L")  # CMYK is stored as RGB, which every screen shows


def test_a_palette_png_with_transparency_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    image.putpalette([255, 255, 255, 200, 30, 30] + [0] * 762)
    out = io.BytesIO()
    image.save(out, format="PNG", transparency=0)
    checked = check_upload(out.getvalue())
    with Image.open(io.BytesIO(checked.data)) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_a_pdf_with_a_binary_image_stream_is_taken():
    rng = random.Random(7)
    stream = rng.randbytes(300_000)
    data = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /XObject /Subtype /Image /Filter /DCTDecode >>\nstream\n"
        + stream
        + b"\nendstream\nendobj\ntrailer\n<< >>\n%%EOF"
    )
    assert check_upload(data).content_type == "application/pdf"


def test_the_zip_finder_needs_a_plausible_header_not_just_two_letters():
    assert not _contains_zip(b"xxPK\x03\x04" + b"\xff" * 40)  # version 0xffff: not a zip
    with pytest.raises(RefusedFile):
        check_upload(b"\x89PNG\r\n\x1a\n" + b"\x00" * 10)
