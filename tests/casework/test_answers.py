"""The answers form on the case page: the scheme's own questions, stored, and the draft decided on them.

Bijstand (assistance costs) asks hours, phase and whether the adviser is approved; HEA asks the
damages of the quote row by row. Every refusal is in Dutch, keeps what was typed and stores nothing.
"""

from decimal import Decimal

import pytest

from schadeloket.audit.models import AuditEvent
from schadeloket.cases.models import Case
from schadeloket.decisions.models import Decision, RuleAnswers

pytestmark = pytest.mark.django_db


def url(case, tail=""):
    return f"/behandeling/{case.reference}/{tail}"


ASSISTANCE = {"hours_claimed": "12,5", "phase": "zienswijze", "adviser_approved": "yes"}


def test_the_case_page_asks_the_schemes_questions(handler_client, make_case):
    page = handler_client.get(url(make_case("BIJSTAND"))).content.decode()
    assert "Vragen voor de regels" in page
    assert 'name="hours_claimed"' in page and 'name="phase"' in page and 'name="adviser_approved"' in page
    # a scheme that asks nothing keeps the plain button
    page = handler_client.get(url(make_case("VES"))).content.decode()
    assert "Vragen voor de regels" not in page and "Besluit volgens de regels maken" in page


def test_answers_are_stored_audited_and_shown_again(handler_client, handler, make_case, eligible):
    case = make_case("BIJSTAND")
    version = Case.objects.get(pk=case.pk).version
    response = handler_client.post(
        url(case, "besluit/antwoorden/"), {"version": version, "action": "save", **ASSISTANCE}
    )
    assert response.status_code == 302
    stored = RuleAnswers.objects.get(case=case)
    assert stored.answers == {"hours_claimed": "12.5", "phase": "zienswijze", "adviser_approved": True}
    assert stored.updated_by == handler
    assert Case.objects.get(pk=case.pk).version == version + 1
    event = AuditEvent.objects.filter(object_id=case.reference, action="rule_answers_saved").get()
    assert set(event.changed_fields) == {"hours_claimed", "phase", "adviser_approved"}
    assert not Decision.objects.filter(case=case).exists()  # only saved, nothing decided

    page = handler_client.get(url(case)).content.decode()
    assert 'value="12,5"' in page
    assert '<option value="zienswijze" selected>' in page


def test_a_wrong_answer_is_refused_in_dutch_and_kept(handler_client, make_case, eligible):
    case = make_case("BIJSTAND")
    data = {**ASSISTANCE, "hours_claimed": "twaalf", "version": case.version, "action": "draft"}
    response = handler_client.post(url(case, "besluit/antwoorden/"), data)
    assert response.status_code == 400
    text = response.content.decode()
    assert "Vul een getal in" in text and 'value="twaalf"' in text
    assert not RuleAnswers.objects.filter(case=case).exists() and not Decision.objects.filter(case=case).exists()


def test_draft_waits_for_what_is_open_but_keeps_the_answers(handler_client, make_case, eligible):
    case = make_case("BIJSTAND")
    data = {"hours_claimed": "10", "phase": "zienswijze", "adviser_approved": "", "version": case.version}
    response = handler_client.post(url(case, "besluit/antwoorden/"), {**data, "action": "draft"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "De antwoorden zijn bewaard." in text and "Zoek eerst uit" in text
    assert RuleAnswers.objects.get(case=case).answers["hours_claimed"] == "10"
    assert not Decision.objects.filter(case=case).exists()


def test_draft_from_the_answers(handler_client, make_case, eligible):
    case = make_case("BIJSTAND")
    response = handler_client.post(
        url(case, "besluit/antwoorden/"), {**ASSISTANCE, "version": case.version, "action": "draft"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    draft = Decision.objects.get(case=case)
    assert draft.granted is True
    assert draft.amount == Decimal("12.5") * Decimal("137")  # hours times the hourly rate (parameters)
    assert draft.rule_outcome["traces"]


def test_a_stale_version_keeps_the_answers_typed(handler_client, make_case, eligible):
    case = make_case("BIJSTAND")
    response = handler_client.post(url(case, "besluit/antwoorden/"), {**ASSISTANCE, "version": 1, "action": "save"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Iemand anders heeft zaak" in text and 'value="12,5"' in text
    assert not RuleAnswers.objects.filter(case=case).exists()


def _rows(*rows):
    data = {}
    for number, (description, kind, room, amount) in enumerate(rows, start=1):
        prefix = f"damage_items-{number}"
        data.update(
            {
                f"{prefix}-description": description,
                f"{prefix}-type": kind,
                f"{prefix}-room": room,
                f"{prefix}-amount": amount,
            }
        )
    return data


def test_repair_damages_row_by_row(handler_client, make_case, eligible):
    case = make_case("HEA")
    rows = _rows(("Scheur boven de deur", "crack", "keuken", "1.250,00"), ("", "", "", ""), ("", "", "", ""))
    response = handler_client.post(
        url(case, "besluit/antwoorden/"), {**rows, "version": case.version, "action": "save"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    items = RuleAnswers.objects.get(case=case).answers["damage_items"]
    assert items == [
        {
            "description": "Scheur boven de deur",
            "type": "crack",
            "room": "keuken",
            "amount": "1250.00",
            "assessed_before": False,
        }
    ]
    page = handler_client.get(url(case)).content.decode()
    assert 'value="Scheur boven de deur"' in page and 'value="1250,00"' in page


def test_a_damage_without_a_type_is_refused_on_its_row(handler_client, make_case, eligible):
    case = make_case("HEA")
    rows = _rows(("Scheur", "crack", "keuken", "100"), ("Verf", "", "gang", "80"), ("", "", "", ""))
    response = handler_client.post(
        url(case, "besluit/antwoorden/"), {**rows, "version": case.version, "action": "save"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Kies de soort schade voor schade 2." in text and 'value="Verf"' in text
    assert not RuleAnswers.objects.filter(case=case).exists()


def test_a_count_above_its_maximum_is_refused(handler_client, make_case, eligible):
    """The Persoonlijke Impact Analyse has categories 1 to 3; a 4 is a typing error, not a higher award."""
    case = make_case("IMS_VOLWASSENE")
    data = {"pia_category": "4", "version": case.version, "action": "save"}
    response = handler_client.post(url(case, "besluit/antwoorden/"), data)
    assert response.status_code == 400
    assert "Vul 3 of minder in." in response.content.decode()
    assert not RuleAnswers.objects.filter(case=case).exists()
