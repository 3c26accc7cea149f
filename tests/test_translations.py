"""The English catalogue: complete, valid, and actually used when a visitor picks English.

Dutch is the source language, so the English .po must translate every message. The .mo
files are build output (see `make messages`), so the runtime tests compile the current
.po into a temporary folder and point LOCALE_PATHS there; a stale .mo cannot hide a mistake.
"""

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(__file__).resolve().parents[1] / "src" / "schadeloket" / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"

MSGFMT = shutil.which("msgfmt")
needs_msgfmt = pytest.mark.skipif(MSGFMT is None, reason="msgfmt (gettext) is not installed")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str) -> str:
    assert text.startswith('"') and text.endswith('"'), text
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text[1:-1])


def read_po(path: Path) -> list[Entry]:
    """A small .po reader: enough for flags, msgid, msgid_plural and msgstr / msgstr[n]."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int | None] | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                entry, target = None, None
            continue
        if entry is None:
            entry = Entry(line=number)
            entries.append(entry)
        if line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
        elif line.startswith("#"):
            continue
        elif match := re.match(r"^(msgid_plural|msgid|msgstr)(?:\[(\d+)\])? (\".*\")$", line):
            keyword, index, text = match.group(1), match.group(2), _unquote(match.group(3))
            target = (keyword, int(index) if index is not None else None)
            _append(entry, target, text)
        elif line.startswith('"') and target is not None:
            _append(entry, target, _unquote(line))
        else:
            raise AssertionError(f"{path.name}:{number}: cannot read {raw!r}")
    return entries


def _append(entry: Entry, target: tuple[str, int | None], text: str) -> None:
    keyword, index = target
    if keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.msgid_plural = (entry.msgid_plural or "") + text
    else:
        key = index or 0
        entry.msgstr[key] = entry.msgstr.get(key, "") + text


@pytest.fixture(scope="module")
def en_entries() -> list[Entry]:
    assert EN_PO.is_file(), f"{EN_PO} is missing"
    return read_po(EN_PO)


def _label(entry: Entry) -> str:
    return f"{EN_PO.name}:{entry.line} {entry.msgid[:60]!r}"


# (a) the catalogue itself


def test_header_declares_english_utf8_and_two_plural_forms(en_entries):
    header = next(entry for entry in en_entries if entry.msgid == "")
    text = header.msgstr[0]
    assert "Language: en\n" in text
    assert "charset=UTF-8" in text
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in text


def test_every_message_is_translated(en_entries):
    messages = [entry for entry in en_entries if entry.msgid]
    assert len(messages) > 100, "the catalogue looks truncated"
    untranslated = []
    for entry in messages:
        expected_forms = {0, 1} if entry.msgid_plural is not None else {0}
        if set(entry.msgstr) != expected_forms or not all(s.strip() for s in entry.msgstr.values()):
            untranslated.append(_label(entry))
    assert not untranslated, "untranslated messages:\n" + "\n".join(untranslated)


def test_no_fuzzy_entries(en_entries):
    fuzzy = [_label(entry) for entry in en_entries if "fuzzy" in entry.flags]
    assert not fuzzy, "fuzzy entries (ignored at runtime):\n" + "\n".join(fuzzy)


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}|</?[a-zA-Z][^>]*>")


def test_placeholders_and_tags_are_kept(en_entries):
    broken = []
    for entry in en_entries:
        if not entry.msgid:
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        wanted = sorted(set().union(*(PLACEHOLDER.findall(source) for source in sources)))
        for translated in entry.msgstr.values():
            if sorted(set(PLACEHOLDER.findall(translated))) != wanted:
                broken.append(f"{_label(entry)}: expected {wanted}, got {PLACEHOLDER.findall(translated)}")
    assert not broken, "placeholders differ:\n" + "\n".join(broken)


@needs_msgfmt
def test_msgfmt_check_accepts_the_catalogue(tmp_path):
    result = subprocess.run(  # noqa: S603
        [MSGFMT, "--check", "-o", str(tmp_path / "django.mo"), str(EN_PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


# (b) the translation is used at runtime


@pytest.fixture
def compiled_locale(tmp_path, settings):
    """Compile the current .po files into tmp_path and use them as the project catalogue."""
    if MSGFMT is None:
        pytest.skip("msgfmt (gettext) is not installed")
    for po in LOCALE_DIR.glob("*/LC_MESSAGES/django.po"):
        target = tmp_path / po.relative_to(LOCALE_DIR).with_suffix(".mo")
        target.parent.mkdir(parents=True)
        subprocess.run([MSGFMT, "-o", str(target), str(po)], check=True)  # noqa: S603
    settings.LOCALE_PATHS = [tmp_path]  # the setting_changed signal resets Django's translation caches
    yield tmp_path
    translation.deactivate()


def test_gettext_uses_english_under_en_and_dutch_under_nl(compiled_locale):
    with translation.override("en"):
        assert translation.gettext("Inloggen voor medewerkers") == "Staff login"
        assert translation.gettext("Uitloggen") == "Log out"
        assert translation.gettext("Vul een burgerservicenummer (BSN) in.") == "Enter a citizen service number (BSN)."
        one = "Het register kent %(counter)s aardbeving, van %(first)s tot %(last)s."
        many = "Het register kent %(counter)s aardbevingen, van %(first)s tot %(last)s."
        assert translation.ngettext(one, many, 1).startswith("The register contains %(counter)s earthquake,")
        assert translation.ngettext(one, many, 3).startswith("The register contains %(counter)s earthquakes,")
    with translation.override("nl"):
        assert translation.gettext("Inloggen voor medewerkers") == "Inloggen voor medewerkers"
        assert translation.gettext("Uitloggen") == "Uitloggen"


@pytest.mark.django_db
def test_staff_login_page_in_english(client, compiled_locale):
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert "Staff login" in html
    assert "Log in" in html
    assert "Username" in html and "Password" in html
    assert "Inloggen voor medewerkers" not in html


@pytest.mark.django_db
def test_staff_login_page_stays_dutch_under_nl(client, compiled_locale):
    client.cookies["django_language"] = "nl"
    with translation.override("nl"):
        response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl"' in html
    assert "Inloggen voor medewerkers" in html
    assert "Gebruikersnaam" in html and "Wachtwoord" in html
    assert "Staff login" not in html


def test_a_browser_asking_for_english_still_gets_dutch_until_the_person_chooses(client):
    """Accept-Language alone does not switch: only the language switch (its cookie) does."""
    from django.urls import reverse

    page = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nl"' in page.text
    client.cookies["django_language"] = "en"
    assert 'lang="en"' in client.get(reverse("accounts:login")).text
