"""The BSN rules: 11-test with Dutch messages, masking, and keeping BSNs out of logs."""

import logging

import pytest
from django.core.exceptions import ValidationError

from schadeloket.register.persons.bsn import mask_bsn, normalize_bsn
from schadeloket.register.persons.logging import MASK, ScrubBsnFilter, scrub_bsn

VALID = "111222333"


@pytest.mark.parametrize("typed", ["111222333", " 111 222 333 ", "111.222.333", "111-222-333"])
def test_valid_bsn_is_accepted_with_the_separators_people_type(typed):
    assert normalize_bsn(typed) == VALID


def test_eight_digits_get_their_leading_zero_back():
    assert normalize_bsn("11222335") == "011222335"
    assert normalize_bsn("011222335") == "011222335"


def _message(value) -> str:
    with pytest.raises(ValidationError) as info:
        normalize_bsn(value)
    return info.value.messages[0]


def test_wrong_checksum_is_refused_with_the_elfproef_message():
    assert _message("111222334") == "Dit BSN bestaat niet: de controle (elfproef) klopt niet. Controleer de cijfers."


@pytest.mark.parametrize("value", ["12345", "1112223330", "0", "1"])
def test_wrong_length_is_refused(value):
    assert _message(value) == "Een BSN heeft 9 cijfers. Controleer het nummer."


@pytest.mark.parametrize("value", ["11122233a", "abcdefghi", "111²22333", "١١١٢٢٢٣٣٣"])
def test_letters_and_other_characters_are_refused(value):
    assert _message(value) == "Een BSN bestaat alleen uit cijfers. Controleer het nummer."


def test_empty_is_refused():
    assert _message("  ") == "Vul een burgerservicenummer (BSN) in."


def test_all_zeros_is_not_a_bsn():
    assert "elfproef" in _message("000000000")


def test_masked_shows_only_the_last_four_digits():
    assert mask_bsn(VALID) == "*****2333"


def test_scrub_replaces_a_valid_bsn_and_leaves_other_nine_digit_numbers():
    assert scrub_bsn(f"lookup {VALID} done") == f"lookup {MASK} done"
    assert scrub_bsn("order 111222334 done") == "order 111222334 done"
    assert scrub_bsn("phone 0612345678 and 1112223330") == "phone 0612345678 and 1112223330"


def test_log_filter_scrubs_a_bsn_from_a_log_line(caplog):
    logger = logging.getLogger("tests.scrub")
    log_filter = ScrubBsnFilter()
    logger.addFilter(log_filter)
    try:
        with caplog.at_level(logging.INFO, logger="tests.scrub"):
            logger.info("person %s looked up, invoice %s", VALID, "123456789")
    finally:
        logger.removeFilter(log_filter)
    text = caplog.text
    assert VALID not in text
    assert MASK in text
    assert "123456789" in text  # fails the 11-test, so it is not a BSN


def test_log_filter_scrubs_a_bsn_from_an_exception_traceback(caplog):
    logger = logging.getLogger("tests.scrub.exc")
    log_filter = ScrubBsnFilter()
    logger.addFilter(log_filter)
    try:
        with caplog.at_level(logging.ERROR, logger="tests.scrub.exc"):
            try:
                raise ValueError(f"no person with {VALID}")
            except ValueError:
                logger.exception("lookup failed")
    finally:
        logger.removeFilter(log_filter)
    assert VALID not in caplog.text
    assert "lookup failed" in caplog.text
