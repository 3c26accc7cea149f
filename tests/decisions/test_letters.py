"""Decision letters: real PDF/A files with embedded fonts, the amount, the case reference and the
objection term in plain Dutch, never the BSN, stored with a checksum that matches the file.

The text is read back with `pdftotext` (Debian poppler-utils), the XMP metadata with `pdfinfo -meta`
and the fonts with `pdffonts`; the Makefile installs poppler-utils with the other Debian packages.
"""

import datetime as dt
import hashlib
import re
import shutil
import subprocess
import zlib
from decimal import Decimal

import pytest
from django.utils import timezone

from schadeloket.cases.services import open_case
from schadeloket.decisions import letters
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.decisions.selectors import objection_term, payment_term_working_days
from schadeloket.decisions.services import deviate, draft_from_rules, finalize
from schadeloket.register.persons.bsn import decrypt_bsn
from tests.factories import BuildingFactory, PersonFactory

from .conftest import ADVICE, RECEIVED

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 4, 1)
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in ("pdftotext", "pdfinfo", "pdffonts")),
    reason="pdftotext (Debian poppler-utils) is not installed: run make setup-dev",
)


def poppler(tool: str, *args: str) -> str:
    """Run a poppler-utils tool by its full path on our own files and return what it printed."""
    result = subprocess.run([shutil.which(tool), *args], capture_output=True, check=True, text=True)  # noqa: S603
    return result.stdout


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(data)
    return re.sub(r"\s+", " ", poppler("pdftotext", "-layout", str(path), "-"))


def xmp_metadata(data: bytes) -> str:
    """The XMP packet, from any stream of the PDF (compressed or not), without external tools."""
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        raw = match.group(1)
        try:
            raw = zlib.decompress(raw)
        except zlib.error:
            pass
        if b"x:xmpmeta" in raw:
            return raw.decode("utf-8", "replace")
    return ""


def stored_bytes(letter) -> bytes:
    with letter.pdf.open("rb") as handle:
        return handle.read()


@pytest.fixture
def granted_letter(ves_case, handler, facts_calls):
    draft_from_rules(ves_case, actor=handler, on=ON)
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    return final.letters.get()


def test_the_letter_is_a_pdf_a_with_a_matching_checksum(granted_letter):
    data = stored_bytes(granted_letter)
    assert data.startswith(b"%PDF-")
    assert hashlib.sha256(data).hexdigest() == granted_letter.sha256
    assert letters.verify(granted_letter)
    xmp = xmp_metadata(data)
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp


def test_a_changed_file_no_longer_matches_its_checksum(granted_letter):
    path = granted_letter.pdf.path
    with open(path, "ab") as handle:
        handle.write(b"\n% changed")
    assert not letters.verify(granted_letter)


@needs_poppler
def test_the_granted_letter_says_amount_reason_reference_and_how_to_object(granted_letter, ves_case, tmp_path):
    data = stored_bytes(granted_letter)
    text = pdf_text(data, tmp_path)
    assert "U krijgt € 10.000." in text
    assert "Dat komt zo:" in text
    assert ves_case.reference in text
    assert "binnen 12 weken na de dag waarop wij deze brief hebben verstuurd" in text
    assert "uiterlijk op 24 juni 2025" in text
    assert "Postbus 40009" in text and "8004 DA Zwolle" in text
    assert "werkdagen" not in text  # no payment term is promised without a source
    bsn = decrypt_bsn(ves_case.parties.get(role="applicant").person.bsn_encrypted)
    assert bsn not in text and bsn not in data.decode("latin-1")
    assert "pdfaid:part" in poppler("pdfinfo", "-meta", granted_letter.pdf.path)


@needs_poppler
def test_every_font_is_embedded(granted_letter):
    report = poppler("pdffonts", granted_letter.pdf.path)
    rows = report.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows), report
    assert any("DejaVu" in row for row in rows)


@needs_poppler
def test_a_deviation_is_explained_in_the_letter(ves_case, handler, facts_calls, tmp_path):
    draft = draft_from_rules(ves_case, actor=handler, on=ON)
    deviate(draft, amount="12000", granted=True, reason="Uw schuur is ook beschadigd.", actor=handler)
    ves_case.refresh_from_db()
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    text = pdf_text(stored_bytes(final.letters.get()), tmp_path)
    assert "U krijgt € 12.000." in text
    assert "Wij hebben anders besloten dan de regels" in text and "U krijgt € 10.000." in text
    assert "Uw schuur is ook beschadigd." in text


@needs_poppler
def test_the_refusal_letter(ves_case, handler, tmp_path):
    draft_from_rules(ves_case, actor=handler, on=ON)
    final = finalize(ves_case, actor=handler, expected_version=ves_case.version, on=ON)
    text = pdf_text(stored_bytes(final.letters.get()), tmp_path)
    assert "U krijgt geen vergoeding uit de regeling Vaste vergoeding." in text
    assert "U bent geen eigenaar van het gebouw." in text
    assert "binnen 12 weken" in text and ves_case.reference in text


@needs_poppler
def test_the_draft_letter_invites_a_reaction_and_offers_no_objection_yet(maatwerk_case, handler, facts_calls, tmp_path):
    draft = draft_from_rules(maatwerk_case, actor=handler, answers=ADVICE, on=ON)
    letter = draft.letters.get()
    text = pdf_text(stored_bytes(letter), tmp_path)
    assert "Ontwerpbesluit" in text and "zienswijze" in text
    assert "tot en met 15 april 2025" in text
    assert "nog geen bezwaar maken" in text and "Postbus 40009" not in text
    assert maatwerk_case.reference in text


@needs_poppler
def test_value_loss_letters_give_six_weeks_to_object(handler, tmp_path):
    case = open_case(
        scheme_code="WAARDEDALING_WONING",
        building=BuildingFactory(),
        applicant=PersonFactory(),
        received_on=RECEIVED,
        actor=handler,
    )
    decision = Decision.objects.create(
        case=case,
        kind=DecisionKind.FINAL,
        granted=True,
        amount=Decimal("4200"),
        explanation="U krijgt € 4.200.\nDat komt zo:\n- Uw huis staat in het gebied.",
        decided_at=timezone.now(),
    )
    rendered = letters.render(decision, letters.LetterKind.GRANTED, sent_on=ON, objection_ends=dt.date(2025, 5, 13))
    text = pdf_text(rendered.pdf, tmp_path)
    assert "binnen 6 weken" in text and "U krijgt € 4.200." in text


def test_objection_and_payment_terms_per_scheme():
    assert objection_term("VES").weeks == 12 and objection_term("MAATWERK").weeks == 12
    assert objection_term("WAARDEDALING_NIET_WONING").weeks == 6 and objection_term("IMS_KIND").weeks == 6
    fallback = objection_term("BIJSTAND")
    assert fallback.weeks == 6 and fallback.confirmed is False  # Awb stand-in, an open question
    assert payment_term_working_days("IMS_KIND") == 10
    assert payment_term_working_days("VES") is None


@needs_poppler
def test_children_immaterial_damage_letters_promise_payment_within_ten_working_days(handler, tmp_path):
    case = open_case(
        scheme_code="IMS_KIND", building=BuildingFactory(), applicant=PersonFactory(), received_on=RECEIVED,
        actor=handler,
    )  # fmt: skip
    decision = Decision.objects.create(
        case=case, kind=DecisionKind.FINAL, granted=True, amount=Decimal("1000"), decided_at=timezone.now()
    )
    text = pdf_text(letters.render(decision, letters.LetterKind.GRANTED, sent_on=ON).pdf, tmp_path)
    assert "binnen 10 werkdagen" in text and "binnen 6 weken" in text
