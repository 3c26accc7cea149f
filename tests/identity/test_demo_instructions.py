"""The demo instructions printed by create_demo_accounts name a demo resident's BSN for the demo DigiD login."""

import pytest
from django.core.management import call_command

from schadeloket.identity.demo import demo_applicant_bsn, demo_applicant_lines
from schadeloket.register.persons.bsn import is_valid_bsn
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory

from .factories import CasePartyFactory

pytestmark = pytest.mark.django_db


def test_the_demo_bsn_is_the_demo_registers_first_synthetic_number():
    assert demo_applicant_bsn() == "900000004"
    assert is_valid_bsn(demo_applicant_bsn())


def test_off_without_the_demo_login(settings):
    settings.DIGID_DEMO_LOGIN = False
    assert demo_applicant_lines() == ["Demo-DigiD staat uit (zet DIGID_DEMO_LOGIN aan om als inwoner in te loggen)."]


def test_without_demo_data_it_says_to_load_it(demo_login_on):
    (line,) = demo_applicant_lines()
    assert "seed_demo" in line


def test_names_the_person_and_says_where_the_case_will_be(demo_login_on):
    PersonFactory(bsn="900000004", first_names="James", surname="Noordhof")
    lines = demo_applicant_lines()
    assert "BSN 900000004 (James Noordhof, uit het demoregister)" in lines[0]
    assert "Na de aanvraag staat de zaak onder /mijn/" in lines[-1]


def test_prefers_an_owner_and_names_the_home_to_apply_for(demo_login_on):
    """The intake needs a home the resident owns: the instructions pick such a resident and give its address."""
    PersonFactory(bsn="900000004")  # owns nothing
    owner = PersonFactory(bsn="900000016", first_names="Grietje", surname="Bos")
    address = AddressFactory(postcode="9919AA", house_number=12)
    BuildingRelationFactory(person=owner, building=BuildingFactory(address=address), kind="owner")
    assert demo_applicant_bsn() == "900000016"
    lines = demo_applicant_lines()
    assert "BSN 900000016 (Grietje Bos" in lines[0]
    assert "/aanvragen/ → postcode 9919AA, huisnummer 12" in lines[1]


def test_counts_the_cases_when_there_are_some(demo_login_on):
    CasePartyFactory(person=PersonFactory(bsn="900000004"))
    assert "1 zaak/zaken" in demo_applicant_lines()[-1]


def test_create_demo_accounts_prints_it(settings, capsys, demo_login_on):
    settings.DEMO_MODE = True
    PersonFactory(bsn="900000004", first_names="James", surname="Noordhof")
    call_command("create_demo_accounts")
    assert "'Inloggen met demo-DigiD', BSN 900000004" in capsys.readouterr().out
