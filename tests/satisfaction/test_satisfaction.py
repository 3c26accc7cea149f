"""The satisfaction question: 1 to 10 and a comment, once per person per final decision, and the
monthly figures a report needs."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import Decision, DecisionKind
from schadeloket.satisfaction.models import SatisfactionResponse
from schadeloket.satisfaction.selectors import may_answer, monthly_scores
from schadeloket.satisfaction.services import SatisfactionError, give_satisfaction
from tests.dossier.conftest import applicant_request, events
from tests.factories import PersonFactory, final_decision_for

pytestmark = pytest.mark.django_db


def final_of(case):
    return Decision.objects.get(case=case, kind=DecisionKind.FINAL)


def test_a_score_and_comment_are_stored_once_and_the_comment_stays_out_of_the_audit(applicant, decided_case):
    final = final_of(decided_case)
    assert may_answer(final, applicant)
    answer = give_satisfaction(final, score="9", comment="  Vriendelijk  ", request=applicant_request())
    assert (answer.score, answer.comment, answer.scheme_code) == (9, "Vriendelijk", "VES")
    assert not may_answer(final, applicant)
    event = AuditEvent.objects.get(action="satisfaction_given")
    assert event.object_type == "satisfaction.satisfactionresponse" and event.object_id == str(answer.public_id)
    assert "Vriendelijk" not in event.reason and event.actor_label == f"applicant:{applicant.public_id}"
    assert not events(decided_case, "satisfaction_given").exists()  # not on the handler's case timeline
    with pytest.raises(SatisfactionError, match="al beantwoord"):
        give_satisfaction(final, score=3, request=applicant_request())
    assert SatisfactionResponse.objects.count() == 1


@pytest.mark.parametrize("score", ["0", "11", "", "acht", None, "7.5"])
def test_only_whole_scores_from_1_to_10(applicant, decided_case, score):
    with pytest.raises(SatisfactionError, match="Kies een cijfer van 1 tot en met 10"):
        give_satisfaction(final_of(decided_case), score=score, request=applicant_request())
    assert not SatisfactionResponse.objects.exists()


def test_not_before_a_final_decision_and_only_about_ones_own_case(applicant, draft_case, others_case, handler):
    draft = Decision.objects.get(case=draft_case, kind=DecisionKind.DRAFT)
    assert not may_answer(draft, applicant)
    with pytest.raises(SatisfactionError, match="pas na het besluit"):
        give_satisfaction(draft, score=7, request=applicant_request())
    with pytest.raises(SatisfactionError, match="eigen zaak"):
        give_satisfaction(final_decision_for(others_case, handler), score=7, request=applicant_request())
    with pytest.raises(SatisfactionError, match="te lang"):
        give_satisfaction(draft, score=7, comment="x" * 2001, request=applicant_request())
    assert not SatisfactionResponse.objects.exists()


def test_monthly_scores_with_a_running_average(handler, own_case):
    final = final_decision_for(own_case, handler)
    tz = timezone.get_current_timezone()

    def answer(score, day, scheme="VES"):
        SatisfactionResponse.objects.create(
            decision=final, person=PersonFactory(), scheme_code=scheme, score=score,
            submitted_at=dt.datetime.combine(day, dt.time(12), tzinfo=tz),
        )  # fmt: skip

    answer(6, dt.date(2025, 1, 5))
    answer(9, dt.date(2025, 1, 31))
    answer(7, dt.date(2025, 2, 1))
    answer(2, dt.date(2025, 2, 2), scheme="AVV")
    rows = monthly_scores()
    assert [(r.month, r.respondents, r.average, r.running_respondents, r.running_average) for r in rows] == [
        (dt.date(2025, 1, 1), 2, Decimal("7.5"), 2, Decimal("7.5")),
        (dt.date(2025, 2, 1), 2, Decimal("4.5"), 4, Decimal("6.0")),
    ]
    ves = monthly_scores(scheme_code="VES")
    assert [(r.respondents, r.running_average) for r in ves] == [(2, Decimal("7.5")), (1, Decimal("7.3"))]


def test_a_case_guide_acting_for_the_resident_does_not_give_the_score(applicant, decided_case, acting_guide):
    client, _guide, _authorisation = acting_guide
    case_page = client.get(f"/mijn/{decided_case.reference}/").content.decode()
    assert "Geef een cijfer" not in case_page
    url = f"/mijn/{decided_case.reference}/tevredenheid/"
    assert "Deze vraag beantwoordt de inwoner zelf" in client.get(url).content.decode()
    response = client.post(url, {"score": "9"})
    assert response.status_code == 400 and "Deze vraag beantwoordt de inwoner zelf" in response.content.decode()
    assert not SatisfactionResponse.objects.exists()
