"""Reads for applicants: their cases (object-level access), machtigingen, and what login is on offer."""

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from schadeloket.cases.models import Case, CaseParty
from schadeloket.cases.selectors import user_roles

from .models import Authorisation


def cases_for_applicant(person) -> QuerySet:
    """Only the cases on which this person is a party (applicant, co-applicant or representative)."""
    if person is None:
        return Case.objects.none()
    return Case.objects.filter(pk__in=CaseParty.objects.filter(person=person).values("case_id")).order_by(
        "-received_on", "-pk"
    )


def case_for_applicant_or_404(person, **lookup) -> Case:
    """The case matching `lookup` (e.g. `reference=...` or `public_id=...`) if this person is a party to it.

    Any other case gives 404, exactly as a case that does not exist: a page never tells a resident
    that someone else's case exists.
    """
    case = cases_for_applicant(person).filter(**lookup).select_related("building__address").first()
    if case is None:
        raise Http404("No such case for this applicant.")
    return case


def is_case_guide(user) -> bool:
    return "case_guide" in user_roles(user)


def active_authorisations(*, case_guide=None, person=None, on=None) -> QuerySet:
    """Machtigingen that hold on `on` (default today): not revoked, within their period."""
    on = on or timezone.localdate()
    queryset = Authorisation.objects.filter(revoked_at__isnull=True, valid_from__lte=on, valid_until__gte=on)
    if case_guide is not None:
        queryset = queryset.filter(case_guide=case_guide)
    if person is not None:
        queryset = queryset.filter(person=person)
    return queryset.select_related("person", "case_guide")


def authorisations_of_case_guide(user) -> QuerySet:
    """All machtigingen of this case guide, newest first (the page marks which still hold)."""
    return Authorisation.objects.filter(case_guide=user).select_related("person").order_by("-recorded_at", "-pk")


def demo_login_enabled() -> bool:
    return bool(getattr(settings, "DIGID_DEMO_LOGIN", False))


def digid_configured() -> bool:
    """Whether real DigiD can be offered: the admin has set the IdP metadata, entity id and a key pair."""
    from digid_eherkenning.models import ConfigCertificate, DigidConfiguration

    config = DigidConfiguration.objects.first()  # not get_solo(): a page view should not create the row
    return bool(
        config is not None
        and config.idp_metadata_file
        and config.idp_service_entity_id
        and config.entity_id
        and config.base_url
        and ConfigCertificate.objects.for_config(config).exists()
    )
