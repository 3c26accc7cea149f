"""Importing the KNMI catalogue: counts, idempotency, all-or-nothing with Dutch line errors."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from schadeloket.audit.models import AuditEvent
from schadeloket.register.earthquakes.models import Earthquake
from schadeloket.register.earthquakes.services import CatalogueImportError, import_catalogue

pytestmark = pytest.mark.django_db

HEADER = "YYMMDD,TIME,LOCATION,LAT,LON,DEPTH,MAG,EVALMODE"
GOOD = [
    "20120816,203033.28,Huizinge,53.345,6.672,3.0,3.6,manual",
    "20180108,140000.52,Zeerijp,53.363,6.751,3.0,3.4,manual",
    "20190522,034849.30,Westerwijtwerd,53.349,6.704,3.0,3.4,manual",
]


def write(tmp_path, lines, newline="\n", name="cat.csv"):
    path = tmp_path / name
    path.write_bytes((newline.join(lines) + newline).encode())
    return path


def test_real_catalogue_imports_1920_events_and_twice_adds_nothing(shared_data):
    out = io.StringIO()
    call_command("import_earthquakes", str(shared_data / "knmi-earthquakes.csv"), stdout=out)
    assert "1920 aardbevingen gelezen, 1920 nieuw, 0 al aanwezig" in out.getvalue()
    assert Earthquake.objects.count() == 1920

    out = io.StringIO()
    call_command("import_earthquakes", str(shared_data / "knmi-earthquakes.csv"), stdout=out)
    assert "1920 aardbevingen gelezen, 0 nieuw, 1920 al aanwezig" in out.getvalue()
    assert Earthquake.objects.count() == 1920
    assert AuditEvent.objects.filter(action="import", object_type="earthquakes.earthquake").count() == 2

    huizinge = Earthquake.objects.get(location_name="Huizinge", origin_time__date="2012-08-16")
    assert huizinge.magnitude == Decimal("3.6")
    assert huizinge.origin_time == datetime(2012, 8, 16, 20, 30, 33, 280000, tzinfo=UTC)
    # RD New of the Huizinge epicentre: roughly x 236 km, y 597 km
    assert 230_000 < huizinge.rd_x < 242_000
    assert 590_000 < huizinge.rd_y < 602_000


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_crlf_and_lf_both_parse(tmp_path, newline):
    report = import_catalogue(write(tmp_path, [HEADER, *GOOD], newline))
    assert (report.read, report.created, report.existing) == (3, 3, 0)
    assert Earthquake.objects.count() == 3


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        ("20121301,203033.28,Huizinge,53.345,6.672,3.0,3.6,manual", "Regel 3: de datum '20121301' bestaat niet"),
        ("2012-13-01,203033.28,Huizinge,53.345,6.672,3.0,3.6,manual", "Regel 3: de datum '2012-13-01'"),
        ("20120817,203033.28,Huizinge,53.345,6.672,3.0,drie,manual", "Regel 3: de kracht 'drie' is geen getal"),
        ("20120817,203033.28,Huizinge,53.345,6.672,3.0,manual", "Regel 3: 7 kolommen gevonden, 8 verwacht"),
        ("20120817,253033.28,Huizinge,53.345,6.672,3.0,3.6,manual", "Regel 3: de tijd '253033.28' bestaat niet"),
        ("20120817,203033.28,Huizinge,953.345,6.672,3.0,3.6,manual", "Regel 3: de breedtegraad '953.345'"),
    ],
)
def test_a_bad_line_is_reported_with_its_number_and_nothing_is_stored(tmp_path, bad_line, expected):
    path = write(tmp_path, [HEADER, GOOD[0], bad_line, GOOD[1]])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_earthquakes", str(path), stderr=err)
    assert expected in err.getvalue()
    assert "Er is niets ingelezen" in err.getvalue()
    assert Earthquake.objects.count() == 0
    assert not AuditEvent.objects.filter(action="import").exists()


def test_all_bad_lines_are_reported_at_once(tmp_path):
    path = write(
        tmp_path,
        [HEADER, "20120832,203033.28,A,53.3,6.6,3.0,3.6,manual", GOOD[0], "20120801,203033.28,B,53.3,6.6,3.0,x,manual"],
    )
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(path)
    text = "\n".join(caught.value.messages)
    assert "Regel 2:" in text and "Regel 4:" in text


def test_wrong_header_is_refused(tmp_path):
    with pytest.raises(CatalogueImportError) as caught:
        import_catalogue(write(tmp_path, ["DATE,TIME,PLACE", *GOOD]))
    assert caught.value.messages[0].startswith("Regel 1: de kopregel")


def test_missing_file_gives_a_dutch_message_not_a_traceback(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError, match="Inlezen mislukt"):
        call_command("import_earthquakes", str(tmp_path / "bestaat-niet.csv"), stderr=err)
    assert "bestaat niet" in err.getvalue()


def test_partly_known_file_adds_only_the_new_events(tmp_path):
    import_catalogue(write(tmp_path, [HEADER, GOOD[0]], name="a.csv"))
    report = import_catalogue(write(tmp_path, [HEADER, *GOOD], name="b.csv"))
    assert (report.read, report.created, report.existing) == (3, 2, 1)
    assert Earthquake.objects.count() == 3
