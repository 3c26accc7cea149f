"""DigiD through django-digid-eherkenning, without its user model: the BSN goes to `session.login_applicant`.

The library's own ACS view hands the BSN to an authentication backend that creates a Django user
per BSN. Applicants are not users here (a BSN must not become a username), so, as Open Formulieren
does, this ACS view resolves the artifact with the library's client and passes the BSN straight
to the session API. The library's mock login (BSN in the query string) is never mounted.

Single logout with DigiD (SLO) is not offered: the SAML LogoutRequest carries the BSN in the
redirect URL, and the library maps it to Django users. Logging out ends our session only.
"""

import logging

import requests
from digid_eherkenning.choices import SectorType
from digid_eherkenning.exceptions import CertificateProblem
from digid_eherkenning.forms import SAML2Form
from digid_eherkenning.models import DigidConfiguration
from digid_eherkenning.saml2.digid import DigiDClient
from digid_eherkenning.views import DigiDAssertionConsumerServiceView, DigiDLoginView
from digid_eherkenning.views.metadata import MetadataView
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_variables
from onelogin.saml2.errors import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError

from . import session

logger = logging.getLogger(__name__)


class ApplicantDigiDClient(DigiDClient):
    """The library's client with single logout switched off (see the module docstring)."""

    @property
    def conf(self) -> dict:
        conf = super().conf
        conf["slo"] = False
        return conf


def generate_metadata() -> bytes:
    """Our service-provider metadata, to register with DigiD (Logius)."""
    client = ApplicantDigiDClient()
    client.saml2_setting_kwargs = {"sp_validation_only": True}
    metadata = client.create_metadata()
    return metadata if metadata.startswith(b"<?xml") else b'<?xml version="1.0" encoding="UTF-8"?>\n' + metadata


def _login_page_url(next_url: str) -> str:
    return f"{reverse('identity:login')}?{urlencode({'next': next_url})}"


@method_decorator(never_cache, name="dispatch")
class ApplicantDigiDLoginView(DigiDLoginView):
    """Step 2: a signed AuthnRequest, posted to DigiD by the browser. RelayState is our `next` path."""

    template_name = "identity/digid_post_binding.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except (CertificateProblem, DigidConfiguration.DoesNotExist, OneLogin_Saml2_Error, KeyError, ValueError):
            logger.exception("DigiD is not configured correctly; the login cannot start.")
            messages.error(request, _("Inloggen met DigiD lukt nu niet. Probeer het later opnieuw."))
            return HttpResponseRedirect(_login_page_url(session.safe_next_url(request, request.GET.get("next"))))

    def get_relay_state(self):
        return session.safe_next_url(self.request, self.request.GET.get("next"))

    def get_context_data(self, **kwargs):
        client = ApplicantDigiDClient(loa=self.get_level_of_assurance())
        location, parameters = client.create_authn_request(self.request)
        return {
            "view": self,
            "url": location,
            "form": SAML2Form(initial={"SAMLRequest": parameters["SAMLRequest"], "RelayState": self.get_relay_state()}),
        }


@method_decorator(never_cache, name="dispatch")
class ApplicantDigiDAcsView(DigiDAssertionConsumerServiceView):
    """Steps 5 to 7: resolve the artifact (a signed SOAP call to DigiD), check it, log the applicant in."""

    @method_decorator(sensitive_variables("response", "name_id", "number"))
    def get(self, request):
        next_url = session.safe_next_url(request, request.GET.get("RelayState"))
        try:
            response = ApplicantDigiDClient().artifact_resolve(request, request.GET.get("SAMLart", ""))
            name_id = response.get_nameid()
        except OneLogin_Saml2_ValidationError as error:
            if error.code == OneLogin_Saml2_ValidationError.STATUS_CODE_AUTHNFAILED:
                logger.info("DigiD login cancelled by the user.")
                messages.warning(request, _("U heeft het inloggen met DigiD afgebroken."))
            else:
                # The code only: the message may quote the XML, and the XML holds the BSN.
                logger.warning("DigiD login failed: SAML validation error code %s.", error.code)
                messages.error(request, _("Inloggen met DigiD is niet gelukt. Probeer het opnieuw."))
            return HttpResponseRedirect(_login_page_url(next_url))
        except (CertificateProblem, OneLogin_Saml2_Error, requests.RequestException, KeyError, ValueError) as error:
            logger.error("DigiD login failed: %s.", type(error).__name__)
            messages.error(request, _("Inloggen met DigiD lukt nu niet. Probeer het later opnieuw."))
            return HttpResponseRedirect(_login_page_url(next_url))

        sector, _separator, number = (name_id or "").partition(":")
        if sector != SectorType.bsn:
            logger.warning("DigiD login without a BSN (sector code %s).", sector or "missing")
            messages.error(request, _("DigiD gaf geen burgerservicenummer door. Daarom kunt u niet inloggen."))
            return HttpResponseRedirect(_login_page_url(next_url))
        try:
            session.login_applicant(request, number, via=session.VIA_DIGID)
        except ValidationError:
            logger.warning("DigiD login with a number that fails the 11-test.")
            messages.error(request, _("Inloggen met DigiD is niet gelukt. Probeer het opnieuw."))
            return HttpResponseRedirect(_login_page_url(next_url))
        return HttpResponseRedirect(next_url)


class ApplicantDigiDMetadataView(MetadataView):
    config_model = DigidConfiguration
    filename = "digid-metadata.xml"

    @staticmethod
    def metadata_generator() -> bytes:
        return generate_metadata()
