"""The admin: the policy can be edited (and the edit is audited); overlaps are refused in Dutch;
sampling decisions and reviews cannot be changed there.
"""

import pytest

from schadeloket.audit.models import AuditAction, AuditEvent
from schadeloket.sampling.models import SamplingPolicy
from tests.backoffice.conftest import log_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

FORM = {
    "scheme_code": "AVV",
    "valid_from": "2025-01-01",
    "valid_until": "",
    "amount_threshold": "15000.00",
    "review_deviations": "on",
    "new_handler_count": "10",
    "random_share": "2.50",
    "seed": "een-startwaarde",
    "status": "placeholder",
    "source": "test",
}


@pytest.fixture
def admin_client(client):
    return log_in(client, UserFactory(username="beheer", is_superuser=True))


def test_the_default_policy_is_listed_as_a_placeholder(admin_client):
    response = admin_client.get("/admin/sampling/samplingpolicy/")
    assert response.status_code == 200
    assert "voorlopige waarde" in response.text


def test_a_scheme_policy_is_added_and_audited(admin_client):
    response = admin_client.post("/admin/sampling/samplingpolicy/add/", FORM)
    assert response.status_code == 302
    policy = SamplingPolicy.objects.get(scheme_code="AVV")
    assert str(policy.random_share) == "2.50"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="sampling.samplingpolicy").count() == 1


def test_an_overlapping_policy_is_refused_in_dutch(admin_client):
    admin_client.post("/admin/sampling/samplingpolicy/add/", FORM)
    response = admin_client.post("/admin/sampling/samplingpolicy/add/", {**FORM, "valid_from": "2025-06-01"})
    assert response.status_code == 200
    assert "overlapt" in response.text
    assert SamplingPolicy.objects.filter(scheme_code="AVV").count() == 1


def test_sampling_decisions_and_reviews_are_read_only(admin_client):
    assert admin_client.get("/admin/sampling/samplingdecision/").status_code == 200
    assert admin_client.get("/admin/sampling/samplingdecision/add/").status_code == 403
    assert admin_client.get("/admin/sampling/review/add/").status_code == 403
