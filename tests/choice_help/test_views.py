"""The public page /keuzehulp/: no login, no personal data, Dutch messages, typed values kept."""

import pytest

from schadeloket.schemes.registry import all_schemes
from tests.factories import AddressFactory, BuildingFactory, BuildingRelationFactory, PersonFactory

pytestmark = pytest.mark.django_db
URL = "/keuzehulp/"


@pytest.fixture
def owned_home(loppersum):
    address = AddressFactory(postcode="9919AB", house_number=12, street="Kerkstraat")
    building = BuildingFactory(address=address, construction_year=1950)
    owner = PersonFactory(bsn="111222333", first_names="Grietje", surname="Zwartsenberg")
    BuildingRelationFactory(person=owner, building=building)
    return building


def test_empty_form_without_login(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Keuzehulp" in response.text
    assert 'name="postcode"' in response.text
    assert "als persoon" in response.text and "eigenaar" in response.text


def test_every_scheme_as_a_card_and_no_personal_data(client, owned_home):
    response = client.get(URL, {"postcode": "9919 ab", "house_number": "12"})
    assert response.status_code == 200
    text = response.text
    for scheme in all_schemes():
        assert scheme.name in text
    assert "Kerkstraat 12" in text
    for personal in ("Zwartsenberg", "Grietje", "111222333", "2333"):
        assert personal not in text
    assert "Hoe lang het duurt" in text and "Wat deze keuze afsluit" in text


def test_bad_postcode_gives_the_dutch_message_and_keeps_what_was_typed(client):
    response = client.get(URL, {"postcode": "0919 AB", "house_number": "12b"})
    assert response.status_code == 400
    assert "Vul een postcode in als 1234 AB" in response.text
    assert "Het huisnummer moet een heel getal zijn" in response.text
    assert 'value="0919 AB"' in response.text
    assert 'value="12b"' in response.text


def test_unknown_address_is_a_friendly_message_and_keeps_the_form(client, db):
    response = client.get(URL, {"postcode": "9999 ZZ", "house_number": "7"})
    assert response.status_code == 200
    assert "We vinden dit adres niet in ons register" in response.text
    assert 'value="9999 ZZ"' in response.text
    assert 'value="7"' in response.text


def test_house_letter_and_addition_are_matched(client, loppersum):
    address = AddressFactory(postcode="9919AC", house_number=3, house_letter="A", house_number_addition="2")
    BuildingFactory(address=address)
    found = client.get(URL, {"postcode": "9919AC", "house_number": "3", "house_letter": "a", "addition": "2"})
    assert "We vinden dit adres niet" not in found.text and "Regelingen voor" in found.text
    missing = client.get(URL, {"postcode": "9919AC", "house_number": "3"})
    assert "We vinden dit adres niet" in missing.text


def test_an_address_with_a_home_and_a_shed_gets_a_section_per_building(client, owned_home):
    BuildingFactory(address=owned_home.address, kind="small_object", floor_area_m2=12)
    response = client.get(URL, {"postcode": "9919AB", "house_number": "12"})
    text = response.text
    assert '<h3 class="utrecht-heading-3">Woning</h3>' in text
    assert "Klein gebouw of object" in text
    assert '<h4 class="utrecht-heading-4"' in text
