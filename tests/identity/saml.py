"""A stand-in DigiD for tests: our own key pairs, signed IdP metadata, and a signed ArtifactResponse.

Nothing is copied from elsewhere: the certificates are generated here with `cryptography` (valid
2020-2040, so a frozen clock inside that window accepts them), the metadata is signed with the
IdP key, and `FakeDigiD.resolve` answers the artifact-resolution SOAP call the way DigiD does:
it checks our signature on the ArtifactResolve and returns a Response whose Assertion is signed
with the IdP key. No signature check is switched off on our side.
"""

import base64
import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from onelogin.saml2.metadata import OneLogin_Saml2_Metadata
from onelogin.saml2.utils import OneLogin_Saml2_Utils

IDP_ENTITY_ID = "https://digid.test/saml/idp/metadata"
IDP_SSO_URL = "https://digid.test/saml/idp/request_authentication"
IDP_RESOLVE_URL = "https://digid.test/saml/idp/resolve_artifact"
SP_BASE_URL = "https://schadeloket.test"
SP_ENTITY_ID = "https://schadeloket.test/digid"
ACS_URL = f"{SP_BASE_URL}/digid/acs/"
BSN_SECTOR = "s00000000"

NS = {
    "samlp": "urn:oasis:names:tc:SAML:2.0:protocol",
    "saml": "urn:oasis:names:tc:SAML:2.0:assertion",
    "ds": "http://www.w3.org/2000/09/xmldsig#",
    "soap": "http://schemas.xmlsoap.org/soap/envelope/",
}


@dataclass(frozen=True)
class KeyPair:
    key_pem: str
    cert_pem: str


def make_key_pair(common_name: str) -> KeyPair:
    """A fresh RSA key with a self-signed certificate, valid from 2020 to 2040."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
        .not_valid_after(dt.datetime(2040, 1, 1, tzinfo=dt.UTC))
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return KeyPair(key_pem, certificate.public_bytes(serialization.Encoding.PEM).decode())


def _cert_body(cert_pem: str) -> str:
    return "".join(line for line in cert_pem.splitlines() if "CERTIFICATE" not in line)


def signed_idp_metadata(idp: KeyPair) -> bytes:
    """DigiD-style IdP metadata (SSO over HTTP-POST, artifact resolution over SOAP), signed by the IdP."""
    metadata = f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{IDP_ENTITY_ID}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data><ds:X509Certificate>{_cert_body(idp.cert_pem)}</ds:X509Certificate></ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:ArtifactResolutionService Binding="urn:oasis:names:tc:SAML:2.0:bindings:SOAP"
      Location="{IDP_RESOLVE_URL}" index="0"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{IDP_SSO_URL}"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{IDP_SSO_URL}"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
"""
    signed = OneLogin_Saml2_Metadata.sign_metadata(metadata, idp.key_pem, idp.cert_pem)
    return signed if isinstance(signed, bytes) else signed.encode()


def make_artifact(entity_id: str = IDP_ENTITY_ID, handle: bytes = b"01234567890123456789") -> str:
    """A SAML 2.0 artifact (type 0x0004) that points at the IdP's artifact-resolution endpoint 0."""
    return base64.b64encode(b"\x00\x04" + b"\x00\x00" + hashlib.sha1(entity_id.encode()).digest() + handle).decode()  # noqa: S324


def _saml_time(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FakeDigiD:
    """Answers the artifact-resolution call (a `responses` callback) as DigiD would."""

    def __init__(self, idp: KeyPair, sp: KeyPair):
        self.idp = idp
        self.sp = sp
        self.bsn = ""
        self.authn_request_id = ""
        self.status = "urn:oasis:names:tc:SAML:2.0:status:Success"
        self.sub_status = ""
        self.signing_key = idp  # a test may swap in a key DigiD does not have
        self.requests: list[bytes] = []

    def _assertion(self, now: dt.datetime) -> str:
        assertion_id = f"_{uuid.uuid4().hex}"
        until = _saml_time(now + dt.timedelta(minutes=2))
        assertion = (
            f'<saml:Assertion xmlns:saml="{NS["saml"]}" Version="2.0" ID="{assertion_id}" '
            f'IssueInstant="{_saml_time(now)}">'
            f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>"
            "<saml:Subject>"
            f"<saml:NameID>{BSN_SECTOR}:{self.bsn}</saml:NameID>"
            '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData InResponseTo="{self.authn_request_id}" Recipient="{ACS_URL}" '
            f'NotOnOrAfter="{until}"/>'
            "</saml:SubjectConfirmation>"
            "</saml:Subject>"
            f'<saml:Conditions NotBefore="{_saml_time(now - dt.timedelta(minutes=2))}" NotOnOrAfter="{until}">'
            f"<saml:AudienceRestriction><saml:Audience>{SP_ENTITY_ID}</saml:Audience></saml:AudienceRestriction>"
            "</saml:Conditions>"
            f'<saml:AuthnStatement SessionIndex="17" AuthnInstant="{_saml_time(now)}">'
            '<saml:SubjectLocality Address="127.0.0.1"/>'
            "<saml:AuthnContext><saml:AuthnContextClassRef>"
            "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract"
            "</saml:AuthnContextClassRef></saml:AuthnContext>"
            "</saml:AuthnStatement>"
            "</saml:Assertion>"
        )
        signed = OneLogin_Saml2_Utils.add_sign(assertion, self.signing_key.key_pem, self.signing_key.cert_pem)
        signed = signed.decode() if isinstance(signed, bytes) else signed
        return signed.split("?>", 1)[-1] if signed.startswith("<?xml") else signed

    def _status(self) -> str:
        inner = f'<samlp:StatusCode Value="{self.sub_status}"/>' if self.sub_status else ""
        return f'<samlp:Status><samlp:StatusCode Value="{self.status}">{inner}</samlp:StatusCode></samlp:Status>'

    def artifact_response(self, resolve_request_id: str, now: dt.datetime) -> bytes:
        success = self.status.endswith(":Success")
        response = (
            f'<samlp:Response xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" Version="2.0" '
            f'ID="_{uuid.uuid4().hex}" IssueInstant="{_saml_time(now)}" InResponseTo="{self.authn_request_id}">'
            f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>"
            f"{self._status()}"
            f"{self._assertion(now) if success else ''}"
            "</samlp:Response>"
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<soapenv:Envelope xmlns:soapenv="{NS["soap"]}"><soapenv:Body>'
            f'<samlp:ArtifactResponse xmlns:samlp="{NS["samlp"]}" xmlns:saml="{NS["saml"]}" '
            f'ID="_{uuid.uuid4().hex}" Version="2.0" IssueInstant="{_saml_time(now)}" '
            f'InResponseTo="{resolve_request_id}">'
            f"<saml:Issuer>{IDP_ENTITY_ID}</saml:Issuer>"
            '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
            f"{response}"
            "</samlp:ArtifactResponse>"
            "</soapenv:Body></soapenv:Envelope>"
        ).encode()

    def resolve(self, request):
        """`responses` callback: check the SP's signature on the ArtifactResolve, answer it."""
        from django.utils import timezone

        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        self.requests.append(body)
        envelope = etree.fromstring(body)
        (resolve,) = envelope.xpath("//samlp:ArtifactResolve", namespaces=NS)
        if not OneLogin_Saml2_Utils.validate_sign(
            body, self.sp.cert_pem, xpath="//samlp:ArtifactResolve/ds:Signature", raise_exceptions=False
        ):
            return 403, {}, b"ArtifactResolve not signed by the registered service provider"
        return 200, {"Content-Type": "text/xml"}, self.artifact_response(resolve.get("ID"), timezone.now())
