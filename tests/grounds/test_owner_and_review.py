"""Who codes an objection (its owner; a colleague takes it over first) and what happens to a coding
when the grounds change afterwards (opnieuw bekijken on the list, the page and the tag; left out of
the report until coded again)."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import Decision
from schadeloket.grounds.models import GroundCode, GroundsCoding
from schadeloket.grounds.report import Period, grounds_report
from schadeloket.grounds.selectors import coding_page, texts_to_code
from schadeloket.grounds.services import GroundsError, NotOwnerError, code_objection, code_view
from schadeloket.objections.services import add_grounds_from_portal, record_grounds
from tests.dossier.conftest import applicant_request, events
from tests.grounds.conftest import (
    at,
    client_of,
    decided,
    final_of,
    hand_over,
    letter_objection,
    objector_of,
    ves_outcome,
)
from tests.grounds.test_pages import LIST, objection_url, render_tag

pytestmark = pytest.mark.django_db

NOT_YOURS = "Dit bezwaar is van Jet de Vries. Alleen de eigen bezwaarjurist codeert de gronden."


def supplement(objection, lawyer, text="Ook de schuur is beschadigd."):
    """The owner records more grounds that came by letter (objections service)."""
    objection.refresh_from_db()
    record_grounds(
        objection, grounds=text, received_on=timezone.localdate(), actor=lawyer, expected_version=objection.version
    )
    objection.refresh_from_db()  # the caller's object holds the text as it is now


def listed(**filters) -> dict:
    return {row["pid"]: row for row in texts_to_code(**filters)}


# --- the owner codes ------------------------------------------------------------------------------


def test_the_owner_codes(objection, lawyer):
    assert objection.owner == lawyer
    coding = code_objection(objection, categories=["amount"], actor=lawyer)
    assert coding.coded_by == lawyer
    assert events(objection.decision.case, "grounds_coded").get().actor_label == "jurist"


def test_another_objection_lawyer_is_refused_nothing_is_stored_and_the_attempt_is_audited(objection, colleague):
    before = AuditEvent.objects.count()
    with pytest.raises(NotOwnerError, match=NOT_YOURS):
        code_objection(objection, categories=["amount"], note="Mijn notitie", actor=colleague)
    assert not GroundsCoding.objects.exists() and not GroundCode.objects.exists()
    assert AuditEvent.objects.count() == before + 1
    event = events(objection.decision.case, "grounds_coding_refused").get()
    assert event.actor_label == "collega"
    assert str(objection.public_id) in event.reason and "niet de eigen bezwaarjurist (eigenaar: jurist)" in event.reason
    assert "Mijn notitie" not in event.reason and "gevel" not in event.reason
    assert not events(objection.decision.case, "grounds_coded").exists()


def test_a_colleague_cannot_change_the_owners_coding(objection, lawyer, colleague):
    code_objection(objection, categories=["amount"], actor=lawyer)
    with pytest.raises(NotOwnerError, match=NOT_YOURS):
        code_objection(objection, categories=["causality"], actor=colleague, expected_version=1)
    coding = GroundsCoding.objects.get()
    assert list(coding.codes.values_list("category", flat=True)) == ["amount"]
    assert coding.version == 1 and coding.coded_by == lawyer


def test_a_reviewer_codes_zienswijzen_but_not_someones_objection(objection, view_draft, reviewer):
    with pytest.raises(NotOwnerError, match=NOT_YOURS):
        code_objection(objection, categories=["amount"], actor=reviewer)
    assert code_view(view_draft, categories=["inspection"], actor=reviewer).coded_by == reviewer


def test_an_objection_without_an_owner_is_taken_first(decided_case, applicant, lawyer):
    objection = letter_objection(final_of(decided_case), applicant, lawyer, owned=False)
    with pytest.raises(NotOwnerError, match="Dit bezwaar heeft nog geen bezwaarjurist"):
        code_objection(objection, categories=["amount"], actor=lawyer)
    assert not GroundsCoding.objects.exists()
    assert "nog geen bezwaarjurist" in events(decided_case, "grounds_coding_refused").get().reason


def test_after_a_hand_over_the_new_owner_codes_and_the_old_one_may_not(objection, lawyer, colleague):
    hand_over(objection, colleague)
    assert code_objection(objection, categories=["amount"], actor=colleague).coded_by == colleague
    with pytest.raises(NotOwnerError, match="Dit bezwaar is van Kees Bakker"):
        code_objection(objection, categories=["facts"], actor=lawyer, expected_version=1)


def test_the_page_tells_a_colleague_whose_it_is_without_a_form(objection, colleague):
    client = client_of(colleague)
    response = client.get(objection_url(objection))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dit bezwaar is van Jet de Vries." in html and "Codering opslaan" not in html
    assert f'href="/behandeling/bezwaren/{objection.public_id}/"' in html  # where to take it over
    assert not events(objection.decision.case, "grounds_coding_refused").exists()  # reading is no attempt


@pytest.mark.parametrize("data", [{"categories": ["amount"], "version": "0"}, {"version": "0"}])
def test_a_post_by_a_colleague_is_refused_with_403_and_audited(objection, colleague, data):
    response = client_of(colleague).post(objection_url(objection), data)
    html = response.content.decode()
    assert response.status_code == 403 and "Dit bezwaar is van Jet de Vries." in html
    assert not GroundsCoding.objects.exists()
    assert events(objection.decision.case, "grounds_coding_refused").get().actor_label == "collega"


def test_the_tag_links_only_the_owner(objection, lawyer, colleague):
    assert "Gronden coderen" in render_tag(objection, lawyer)
    html = render_tag(objection, colleague)
    assert "De gronden zijn nog niet gecodeerd." in html and "Gronden coderen" not in html


# --- grounds that change after coding -------------------------------------------------------------


def test_a_supplement_after_coding_flags_the_coding(objection, lawyer):
    code_objection(objection, categories=["amount"], actor=lawyer)
    coding = GroundsCoding.objects.get()
    assert not coding.needs_review and not listed()
    supplement(objection, lawyer)
    assert GroundsCoding.objects.get().needs_review  # in Python
    assert GroundsCoding.objects.needing_review().get() == coding  # and in the database
    row = listed()[objection.public_id]
    assert row["review"] is True or row["review"] == 1
    assert coding_page(objection).needs_review


def test_grounds_of_a_pro_forma_objection_then_more_from_mijn_dossier(decided_case, applicant, lawyer):
    objection = letter_objection(final_of(decided_case), applicant, lawyer, grounds="")
    assert objection.pro_forma and not listed()
    add_grounds_from_portal(objection, "Het bedrag is te laag.", request=applicant_request())
    row = listed()[objection.public_id]
    assert not row["review"]  # new: to code, not to review
    code_objection(objection, categories=["amount"], actor=lawyer)
    assert not listed()
    add_grounds_from_portal(objection, "En de opname was slordig.", request=applicant_request())
    assert listed()[objection.public_id]["review"]
    assert GroundsCoding.objects.get().needs_review


def test_a_changed_zienswijze_flags_its_coding(view_draft, reviewer):
    code_view(view_draft, categories=["inspection"], actor=reviewer)
    assert not GroundsCoding.objects.needing_review().exists()
    Decision.objects.filter(pk=view_draft.pk).update(view_text=view_draft.view_text + " En de gang.")
    assert GroundsCoding.objects.needing_review().count() == 1
    assert listed(subject="view")[view_draft.public_id]["review"]


def test_texts_with_accents_and_euro_signs_hash_the_same_in_python_and_the_database(decided_case, applicant, lawyer):
    objection = letter_objection(
        final_of(decided_case), applicant, lawyer, grounds="Café-eigenaar: € 1.200 te weinig; “scheur” in één muur 🙁"
    )
    code_objection(objection, categories=["amount"], actor=lawyer)
    assert not GroundsCoding.objects.needing_review().exists() and not GroundsCoding.objects.get().needs_review
    assert GroundsCoding.objects.current().count() == 1


def test_coding_again_clears_the_flag_even_with_the_same_categories(objection, lawyer):
    code_objection(objection, categories=["amount"], actor=lawyer)
    supplement(objection, lawyer)
    coding = code_objection(objection, categories=["amount"], actor=lawyer, expected_version=1)
    assert coding.version == 2 and not GroundsCoding.objects.get().needs_review
    assert not listed() and not coding_page(objection).needs_review
    event = events(objection.decision.case, "grounds_recoded").get()
    assert event.changed_fields == ["text_sha256"]
    assert "opnieuw bekeken na een wijziging van de tekst" in event.reason and "categorieën ongewijzigd" in event.reason
    assert "schuur" not in event.reason
    # Saving once more with nothing changed is no change.
    assert code_objection(objection, categories=["amount"], actor=lawyer, expected_version=2).version == 2


def test_a_form_shown_before_the_grounds_changed_is_refused(objection, lawyer):
    shown = coding_page(objection).text_sha256
    supplement(objection, lawyer)
    with pytest.raises(GroundsError, match="De tekst is gewijzigd terwijl u codeerde"):
        code_objection(objection, categories=["amount"], actor=lawyer, expected_text_sha256=shown)
    assert not GroundsCoding.objects.exists()
    now_shown = coding_page(objection).text_sha256
    code_objection(objection, categories=["amount"], actor=lawyer, expected_text_sha256=now_shown)
    assert not GroundsCoding.objects.get().needs_review


def test_the_pages_show_opnieuw_bekijken_until_coded_again(objection, lawyer):
    client = client_of(lawyer)
    client.post(objection_url(objection), {"categories": ["amount"], "version": "0"})
    shown = client.get(objection_url(objection)).content.decode()
    assert "Opnieuw bekijken" not in shown
    supplement(objection, lawyer)

    html = client.get(LIST).content.decode()
    assert "Nog te coderen: 1" in html and "opnieuw bekijken" in html.split("Laatst gecodeerd")[0]
    assert objection_url(objection) in html.split("Laatst gecodeerd")[0]
    assert "(opnieuw bekijken)" in html.split("Laatst gecodeerd")[1]
    page = client.get(objection_url(objection)).content.decode()
    assert "Opnieuw bekijken" in page and "Ook de schuur is beschadigd." in page
    assert "Opnieuw bekijken" in render_tag(objection, lawyer)

    # A form from before the supplement: refused, the new text and its version shown, then saved.
    response = client.post(
        objection_url(objection), {"categories": ["amount"], "version": "1", "text_version": "0" * 64}
    )
    assert response.status_code == 400 and "De tekst is gewijzigd terwijl u codeerde" in response.content.decode()
    assert f'name="text_version" value="{coding_page(objection).text_sha256}"' in response.content.decode()
    response = client.post(
        objection_url(objection),
        {"categories": ["amount", "inspection"], "version": "1", "text_version": coding_page(objection).text_sha256},
    )
    assert response.status_code == 302
    html = client.get(LIST).content.decode()
    assert "Nog te coderen: 0" in html or "Alles is gecodeerd" in html
    assert "opnieuw bekijken" not in html
    assert "Opnieuw bekijken" not in client.get(objection_url(objection)).content.decode()


# --- the report -----------------------------------------------------------------------------------

MARCH = dt.date(2025, 3, 1)


@pytest.fixture
def two_coded(handler, lawyer):
    """Two VES decisions of March 2025, each objected to and coded (amount; causality + a disputed rule)."""
    outcome = ves_outcome()
    first, second = (decided(handler, "VES", at(2025, 3, day), outcome=outcome) for day in (3, 10))
    objections = [letter_objection(d, objector_of(d), lawyer) for d in (first, second)]
    code_objection(objections[0], categories=["amount"], actor=lawyer)
    code_objection(objections[1], categories=["causality"], disputed=["ves_amount:3"], actor=lawyer)
    return objections


def test_the_report_leaves_a_flagged_coding_out_and_counts_it_apart(two_coded, lawyer):
    supplement(two_coded[1], lawyer)
    report = grounds_report(Period(MARCH, MARCH))
    [row] = report.per_scheme_month
    assert (row.objections, row.coded_objections, row.review_objections) == (2, 1, 1)
    assert (row.objected, row.decisions) == (2, 2)  # the decision figures do not depend on codings
    assert {(t.category, t.objections) for t in report.category_totals} == {("amount", 1)}
    assert all(r.disputed_objections == 0 for r in report.per_rule)
    assert {r.decided_objections for r in report.per_rule} == {1}
    assert report.to_review == 1 and report.coded == 1

    # Coded again: counted again.
    code_objection(two_coded[1], categories=["causality"], disputed=["ves_amount:3"], actor=lawyer, expected_version=1)
    report = grounds_report(Period(MARCH, MARCH))
    assert report.to_review == 0 and report.coded == 2
    assert {(t.category, t.objections) for t in report.category_totals} == {("amount", 1), ("causality", 1)}


def test_the_report_page_and_csv_say_how_many_wait(two_coded, lawyer, manager):
    client = client_of(manager)
    params = {"van": "2025-03", "tot": "2025-03"}
    html = client.get("/medewerkers/gronden/", params).content.decode()
    assert "telt die codering niet mee" in html  # the rule is always explained
    assert "tellen nu niet mee" not in html and "telt nu niet mee" not in html
    supplement(two_coded[0], lawyer)
    html = client.get("/medewerkers/gronden/", params).content.decode()
    assert "1 codering telt nu niet mee: de tekst is na het coderen gewijzigd" in html
    response = client.get("/medewerkers/gronden/regelingen.csv", params)
    [row] = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (row["bezwaren_gecodeerd"], row["bezwaren_opnieuw_bekijken"], row["zienswijzen_opnieuw_bekijken"]) == (
        "1",
        "1",
        "0",
    )
