"""Fixtures for the identity tests: applicants in the register, cases, case guides, a DigiD configuration."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from tests.backoffice.conftest import log_in
from tests.factories import PersonFactory, UserFactory

from .factories import CaseFactory, CasePartyFactory
from .saml import IDP_ENTITY_ID, SP_BASE_URL, SP_ENTITY_ID, FakeDigiD, make_key_pair, signed_idp_metadata

BSN = "111222333"  # passes the 11-test
OTHER_BSN = "123456782"


@pytest.fixture
def demo_login_on(settings):
    settings.DIGID_DEMO_LOGIN = True
    return settings


@pytest.fixture
def applicant(db):
    return PersonFactory(bsn=BSN, first_names="Anna", surname="Dijkstra")


@pytest.fixture
def other_person(db):
    return PersonFactory(bsn=OTHER_BSN, first_names="Bert", surname="Mulder")


@pytest.fixture
def own_case(applicant):
    case = CaseFactory(received_on=dt.date(2025, 3, 3))
    CasePartyFactory(case=case, person=applicant)
    return case


@pytest.fixture
def others_case(other_person):
    case = CaseFactory(received_on=dt.date(2025, 3, 4))
    CasePartyFactory(case=case, person=other_person)
    return case


@pytest.fixture
def case_guide(db):
    return UserFactory(username="zaakbegeleider", first_name="Zoë", last_name="Smit", roles=["Zaakbegeleider"])


@pytest.fixture
def case_guide_client(case_guide):
    return log_in(Client(), case_guide)


@pytest.fixture(scope="session")
def digid_keys():
    """Generated once per test run: ours (the service provider) and the stand-in DigiD's."""
    return {"sp": make_key_pair("schadeloket.test"), "idp": make_key_pair("digid.test")}


@pytest.fixture
def private_media(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private-media")
    settings.SENDFILE_ROOT = settings.PRIVATE_MEDIA_ROOT
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def digid_config(db, private_media, digid_keys):
    """The DigiD configuration as an administrator sets it in the admin: key pair, signed IdP metadata."""
    from digid_eherkenning.choices import ConfigTypes
    from digid_eherkenning.models import ConfigCertificate, DigidConfiguration
    from simple_certmanager.constants import CertificateTypes
    from simple_certmanager.models import Certificate

    sp = digid_keys["sp"]
    certificate = Certificate(label="DigiD (test)", type=CertificateTypes.key_pair)
    certificate.public_certificate.save("sp.crt", ContentFile(sp.cert_pem.encode()), save=False)
    certificate.private_key.save("sp.key", ContentFile(sp.key_pem.encode()), save=False)
    certificate.save()
    ConfigCertificate.objects.create(config_type=ConfigTypes.digid, certificate=certificate)

    config = DigidConfiguration.get_solo()
    config.base_url = SP_BASE_URL
    config.entity_id = SP_ENTITY_ID
    config.service_name = "Schadeloket"
    config.service_description = "Mijnbouwschade melden en volgen"
    config.idp_service_entity_id = IDP_ENTITY_ID
    config.want_assertions_signed = True
    config.artifact_resolve_content_type = "text/xml"
    config.idp_metadata_file.save("idp-metadata.xml", ContentFile(signed_idp_metadata(digid_keys["idp"])), save=False)
    config.save()
    return config


@pytest.fixture
def fake_digid(digid_keys):
    return FakeDigiD(idp=digid_keys["idp"], sp=digid_keys["sp"])
