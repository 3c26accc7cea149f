"""Tests for importing prior payments: all-or-nothing, idempotent, Dutch reports."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from schadeloket.audit.models import AuditEvent
from schadeloket.register.buildings.models import BuildingKind
from schadeloket.register.payments.models import PriorPayment
from schadeloket.register.payments.selectors import payments_total
from schadeloket.register.payments.services import import_payments, parse_amount
from tests.factories import AddressFactory, BuildingFactory

pytestmark = pytest.mark.django_db

HEADER = (
    ",".join(
        [
            "reference",
            "payer",
            "paid_on",
            "amount",
            "scheme",
            "kind",
            "postcode",
            "house_number",
            "house_letter",
            "house_number_addition",
            "building_kind",
        ]
    )
    + "\n"
)


@pytest.fixture
def home():
    address = AddressFactory(postcode="9919AB", house_number=12, house_letter="", house_number_addition="")
    return BuildingFactory(address=address, kind=BuildingKind.HOME)


def write(tmp_path, body: str, name="betalingen.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_valid_file_imports_and_writes_one_audit_event(tmp_path, home):
    path = write(
        tmp_path,
        "NAM-1,NAM,2015-03-01,1234.56,schadeafhandeling NAM,damage,9919 AB,12,,,\n"
        'IMG-7,IMG,2022-06-30,"1.234,56",fysieke schade,incidental_costs,9919ab,12,,,home\n',
    )
    events_before = AuditEvent.objects.count()
    report = import_payments(path)
    assert report.ok, report.lines()
    assert (report.read, report.new, report.already_present) == (2, 2, 0)
    assert PriorPayment.objects.count() == 2
    assert AuditEvent.objects.count() == events_before + 1
    assert payments_total(home) == Decimal("2469.12")
    assert payments_total(home, kinds=["damage"]) == Decimal("1234.56")
    assert payments_total(home, payers=["TCMG"]) == Decimal("0.00")


def test_import_is_idempotent(tmp_path, home):
    path = write(tmp_path, "NAM-1,NAM,2015-03-01,1234.56,schadeafhandeling NAM,damage,9919AB,12,,,\n")
    assert import_payments(path).new == 1
    again = import_payments(path)
    assert again.ok
    assert (again.read, again.new, again.already_present) == (1, 0, 1)
    assert PriorPayment.objects.count() == 1


def test_same_reference_with_other_content_is_an_error(tmp_path, home):
    import_payments(write(tmp_path, "NAM-1,NAM,2015-03-01,1234.56,x,damage,9919AB,12,,,\n"))
    report = import_payments(write(tmp_path, "NAM-1,NAM,2015-03-01,999.00,x,damage,9919AB,12,,,\n", "b.csv"))
    assert not report.ok
    assert report.errors[0].row == 2 and report.errors[0].field == "reference"
    assert PriorPayment.objects.get().amount == Decimal("1234.56")


def test_bad_row_is_reported_and_nothing_is_stored(tmp_path, home):
    path = write(
        tmp_path,
        "A-1,NAM,2015-03-01,100.00,x,damage,9919AB,12,,,\n"
        "A-2,NAM,2015-03-01,100.00,x,damage,9919AB,12,,,\n"
        "A-3,NAM,2015-03-01,100.00,x,damage,9919AB,12,,,\n"
        'A-4,NAM,2015-03-01,"12,3,4",x,damage,9919AB,12,,,\n'
        "A-5,XYZ,2015-13-01,100.00,x,damage,9919AB,12,,,\n",
    )
    events_before = AuditEvent.objects.count()
    report = import_payments(path)
    assert not report.ok
    messages = [str(error) for error in report.errors]
    assert "Rij 5, bedrag: '12,3,4' is geen bedrag. Schrijf het als 1234 of 1234,56." in messages
    assert {(e.row, e.field) for e in report.errors} >= {(5, "amount"), (6, "payer"), (6, "paid_on")}
    assert PriorPayment.objects.count() == 0
    assert AuditEvent.objects.count() == events_before


def test_unknown_address_is_reported(tmp_path, home):
    report = import_payments(write(tmp_path, "A-1,IMG,2021-01-01,500,x,damage,9919AB,99,,,\n"))
    assert not report.ok
    error = report.errors[0]
    assert (error.row, error.field) == (2, "address")
    assert "9919 AB 99" in error.reason
    assert PriorPayment.objects.count() == 0


def test_building_kind_picks_among_several_buildings(tmp_path, home):
    shed = BuildingFactory(address=home.address, kind=BuildingKind.SMALL_OBJECT, floor_area_m2=12)
    report = import_payments(
        write(
            tmp_path,
            "A-1,IMG,2021-01-01,500,x,damage,9919AB,12,,,small_object\nA-2,IMG,2021-01-01,700,x,damage,9919AB,12,,,\n",
        )
    )
    assert report.ok, report.lines()
    assert PriorPayment.objects.get(reference="A-1").building == shed
    assert PriorPayment.objects.get(reference="A-2").building == home


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 75", "75.00"),
    ],
)
def test_parse_amount_accepts_dutch_and_plain_formats(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize("raw", ["12,3,4", "abc", "0", "-5", "1.2.3"])
def test_parse_amount_rejects_nonsense(raw):
    with pytest.raises(ValueError):
        parse_amount(raw)


def test_command_reports_in_dutch_and_fails_on_errors(tmp_path, home, capsys):
    good = write(tmp_path, "A-1,IMG,2021-01-01,500,x,damage,9919AB,12,,,\n")
    call_command("import_payments", str(good))
    out = capsys.readouterr().out
    assert "Nieuw opgeslagen: 1" in out
    bad = write(tmp_path, "A-2,IMG,2021-01-01,nul,x,damage,9919AB,12,,,\n", "bad.csv")
    with pytest.raises(CommandError):
        call_command("import_payments", str(bad))
    assert "Rij 2, bedrag" in capsys.readouterr().out
    assert PriorPayment.objects.count() == 1


def test_semicolon_file_with_missing_column_is_refused(tmp_path, home):
    path = tmp_path / "x.csv"
    path.write_text("reference;payer;paid_on\nA;NAM;2020-01-01\n", encoding="utf-8")
    report = import_payments(path)
    assert not report.ok and report.errors[0].field == "file"
