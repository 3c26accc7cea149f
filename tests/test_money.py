"""One parser for every euro amount people type (schadeloket.money)."""

from decimal import Decimal

import pytest

from schadeloket.money import parse_euro


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1234", "1234.00"),
        ("1234,5", "1234.50"),
        ("1234.56", "1234.56"),
        ("1.234", "1234.00"),
        ("12.345", "12345.00"),  # Dutch: a point groups thousands
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 10.000", "10000.00"),
        ("0", "0.00"),
        (Decimal("12.3"), "12.30"),
        (75, "75.00"),
    ],
)
def test_reads_the_ways_people_write_amounts(raw, expected):
    assert parse_euro(raw) == Decimal(expected)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("10,555", "twee bedragen"),
        ("abc", "geen bedrag"),
        ("12,3,4", "geen bedrag"),
        ("-5", "negatief"),
        ("1,234", "twee bedragen"),
        (Decimal("1.001"), "twee cijfers"),
        ("", "Vul een bedrag in"),
        (1.5, "Vul een bedrag in"),
        ("99999999999", "te hoog"),
    ],
)
def test_refuses_with_a_message_that_says_what_to_fix(raw, message):
    with pytest.raises(ValueError, match=message):
        parse_euro(raw)
