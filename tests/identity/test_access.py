"""Object-level access: an applicant sees only cases where their person is a party; any other case is 404."""

import pytest
from django.http import Http404

from schadeloket.cases.models import PartyRole
from schadeloket.identity.selectors import case_for_applicant_or_404, cases_for_applicant

from .conftest import BSN
from .factories import CaseFactory, CasePartyFactory

pytestmark = pytest.mark.django_db


def test_only_cases_where_the_person_is_a_party(applicant, own_case, others_case):
    assert list(cases_for_applicant(applicant)) == [own_case]


def test_every_party_role_counts_and_a_case_appears_once(applicant, other_person):
    shared = CaseFactory()
    CasePartyFactory(case=shared, person=other_person, role=PartyRole.APPLICANT)
    CasePartyFactory(case=shared, person=applicant, role=PartyRole.CO_APPLICANT)
    CasePartyFactory(case=shared, person=applicant, role=PartyRole.REPRESENTATIVE)
    assert list(cases_for_applicant(applicant)) == [shared]
    assert list(cases_for_applicant(other_person)) == [shared]


def test_another_persons_case_is_404_exactly_like_a_missing_one(applicant, own_case, others_case):
    assert case_for_applicant_or_404(applicant, reference=own_case.reference) == own_case
    assert case_for_applicant_or_404(applicant, public_id=own_case.public_id) == own_case
    with pytest.raises(Http404):
        case_for_applicant_or_404(applicant, reference=others_case.reference)
    with pytest.raises(Http404):
        case_for_applicant_or_404(applicant, reference="IMG-2025-999999")
    with pytest.raises(Http404):
        case_for_applicant_or_404(None, reference=own_case.reference)


def test_the_page_lists_only_the_applicants_own_cases(client, demo_login_on, applicant, own_case, others_case):
    client.post("/inloggen/demo-digid/", {"bsn": BSN})
    page = client.get("/mijn/").text
    assert own_case.reference in page
    assert others_case.reference not in page
