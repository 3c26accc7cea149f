"""Coding the grounds of an objection and of a zienswijze: what is stored, what is copied from the
decision (scheme, rule version, rules), recoding, optimistic locking, the audit trail, refusals."""

import hashlib

import pytest
from django.utils import timezone

from schadeloket.algorithms.models import RuleVersion
from schadeloket.audit.models import AuditEvent
from schadeloket.decisions.models import Decision
from schadeloket.grounds.decision_rules import matched_rules, rule_set_version, rule_tables
from schadeloket.grounds.models import GroundsCoding
from schadeloket.grounds.selectors import coding_page
from schadeloket.grounds.services import GroundsError, code_objection, code_view
from tests.dossier.conftest import events
from tests.factories import UserFactory
from tests.grounds.conftest import final_of, hand_over, letter_objection

pytestmark = pytest.mark.django_db


def categories_of(coding) -> list[str]:
    return sorted(coding.codes.values_list("category", flat=True))


# --- coding an objection --------------------------------------------------------------------------


def test_coding_an_objection_stores_categories_who_when_and_note(objection, lawyer):
    coding = code_objection(
        objection, categories=["procedure", "amount"], note="Noemt ook de lange wachttijd.", actor=lawyer
    )
    coding.refresh_from_db()
    assert categories_of(coding) == ["amount", "procedure"]
    assert coding.subject == "objection" and coding.objection == objection and coding.draft is None
    assert coding.decision == objection.decision
    assert coding.coded_by == lawyer and coding.note == "Noemt ook de lange wachttijd."
    assert timezone.now() - coding.coded_at < timezone.timedelta(minutes=1)
    assert coding.received_on == objection.received_on
    assert coding.version == 1


def test_the_scheme_and_rule_version_of_the_decision_are_copied(objection, lawyer):
    decision = objection.decision
    coding = code_objection(objection, categories=["amount"], actor=lawyer)
    assert coding.scheme_code == "VES"
    assert coding.decided_on == timezone.localdate(decision.decided_at)
    # The three VES tables with their file hashes, and one hash over them.
    tables = decision.rule_outcome["traces"]
    assert sorted(t["table_id"] for t in coding.rule_tables) == sorted(t["table_id"] for t in tables)
    expected = hashlib.sha256(
        "\n".join(f"{t['table_id']}:{t['version']}" for t in sorted(tables, key=lambda t: t["table_id"])).encode()
    ).hexdigest()
    assert coding.rule_set_version == expected


def test_the_rules_that_decided_are_copied_and_linked_to_the_algorithm_register(objection, lawyer):
    coding = code_objection(objection, categories=["rule_applied"], disputed=["ves_location:3"], actor=lawyer)
    rules = {rule.rule_id: rule for rule in coding.rules.all()}
    assert set(rules) == {"ves_l_effect", "ves_l_6km", "ves_a_building"}
    assert rules["ves_l_6km"].disputed and not rules["ves_l_effect"].disputed
    assert "binnen 6 km" in rules["ves_l_6km"].legal_basis
    for rule in rules.values():
        # post_migrate records the current table versions; the coding points at them.
        assert rule.rule_version == RuleVersion.objects.get(table_id=rule.table_id, version=rule.table_version)


def test_the_copy_stays_when_the_decision_record_changes_later(objection, lawyer):
    coding = code_objection(objection, categories=["amount"], actor=lawyer)
    copied = coding.rule_set_version
    Decision.objects.filter(pk=objection.decision_id).update(rule_outcome={})
    # Recoding names a rule among those copied, though the decision no longer lists it.
    code_objection(objection, categories=["amount", "facts"], disputed=["ves_amount:3"], actor=lawyer)
    coding.refresh_from_db()
    assert coding.rule_set_version == copied and coding.rules.count() == 3
    assert list(coding.rules.filter(disputed=True).values_list("rule_id", flat=True)) == ["ves_a_building"]
    page = coding_page(objection)
    assert [rule.key for rule in page.rules] == ["ves_location:1", "ves_location:3", "ves_amount:3"]
    assert page.rule_set_version == copied


# --- coding a zienswijze --------------------------------------------------------------------------


def test_coding_a_zienswijze(view_draft, reviewer):
    coding = code_view(view_draft, categories=["inspection"], disputed=[], actor=reviewer)
    assert coding.subject == "view" and coding.draft == view_draft and coding.objection is None
    assert coding.decision == view_draft and coding.scheme_code == "MAATWERK"
    assert coding.received_on == timezone.localdate(view_draft.view_received_at)
    assert coding.rule_set_version == rule_set_version(rule_tables(view_draft.rule_outcome))
    assert coding.rules.count() == len(matched_rules(view_draft.rule_outcome)) > 0
    assert categories_of(coding) == ["inspection"]


def test_a_draft_without_zienswijze_or_a_final_decision_cannot_be_coded_as_one(draft_case, decided_case, reviewer):
    from tests.grounds.conftest import draft_of

    with pytest.raises(GroundsError, match="geen zienswijze"):
        code_view(draft_of(draft_case), categories=["amount"], actor=reviewer)
    with pytest.raises(GroundsError, match="geen zienswijze"):
        code_view(final_of(decided_case), categories=["amount"], actor=reviewer)
    assert not GroundsCoding.objects.exists()


# --- recoding -------------------------------------------------------------------------------------


def test_recoding_replaces_and_says_what_changed(objection, lawyer, colleague):
    first = code_objection(objection, categories=["amount", "procedure"], actor=lawyer)
    hand_over(objection, colleague)  # the new owner recodes
    again = code_objection(
        objection, categories=["amount", "causality"], note="Toch ook oorzaak.", actor=colleague, expected_version=1
    )
    assert again.pk == first.pk and GroundsCoding.objects.count() == 1
    again.refresh_from_db()
    assert categories_of(again) == ["amount", "causality"]
    assert again.version == 2 and again.coded_by == colleague and again.note == "Toch ook oorzaak."
    event = events(objection.decision.case, "grounds_recoded").get()
    assert event.actor_label == colleague.username
    assert "erbij: oorzaak van de schade (causaliteit)" in event.reason
    assert "eraf: procedure en termijnen" in event.reason
    assert "notitie gewijzigd" in event.reason
    assert sorted(event.changed_fields) == ["categories", "note"]
    assert "Toch ook oorzaak" not in event.reason


def test_recoding_the_disputed_rules_only(objection, lawyer):
    code_objection(objection, categories=["rule_applied"], actor=lawyer)
    coding = code_objection(objection, categories=["rule_applied"], disputed=["ves_amount:3"], actor=lawyer)
    assert [rule.rule_id for rule in coding.rules.filter(disputed=True)] == ["ves_a_building"]
    event = events(objection.decision.case, "grounds_recoded").get()
    assert event.changed_fields == ["disputed_rules"] and "ves_amount:3" in event.reason


def test_recoding_with_nothing_changed_writes_nothing(objection, lawyer):
    code_objection(objection, categories=["amount"], note="x", actor=lawyer)
    before = AuditEvent.objects.count()
    coding = code_objection(objection, categories=["amount"], note=" x ", actor=lawyer, expected_version=1)
    assert coding.version == 1 and AuditEvent.objects.count() == before


def test_a_stale_form_is_refused_and_changes_nothing(objection, lawyer):
    code_objection(objection, categories=["amount"], actor=lawyer, expected_version=0)
    code_objection(objection, categories=["causality"], actor=lawyer, expected_version=1)  # in another tab
    with pytest.raises(GroundsError, match="Iemand anders"):
        code_objection(objection, categories=["procedure"], actor=lawyer, expected_version=1)
    with pytest.raises(GroundsError, match="Iemand anders"):  # a second "first" coding
        code_objection(objection, categories=["procedure"], actor=lawyer, expected_version=0)
    assert categories_of(GroundsCoding.objects.get()) == ["causality"]


# --- the audit trail ------------------------------------------------------------------------------


def test_one_event_per_coding_on_the_case_without_the_texts(objection, lawyer):
    before = AuditEvent.objects.count()
    code_objection(objection, categories=["amount", "other"], note="Boos over de brief van mevrouw X.", actor=lawyer)
    assert AuditEvent.objects.count() == before + 1
    event = events(objection.decision.case, "grounds_coded").get()
    assert event.actor_label == "jurist"
    assert sorted(event.changed_fields) == ["categories", "disputed_rules", "note"]
    assert "hoogte van het bedrag, anders" in event.reason and str(objection.public_id) in event.reason
    assert "mevrouw X" not in event.reason and "gevel" not in event.reason


def test_the_coding_is_not_in_the_residents_timeline(objection, lawyer):
    from schadeloket.dossier.timeline import resident_timeline

    before = len(resident_timeline(objection.decision.case))
    code_objection(objection, categories=["amount"], actor=lawyer)
    assert len(resident_timeline(objection.decision.case)) == before


# --- refusals: nothing stored, no event -----------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"categories": []}, "minstens één categorie"),
        ({"categories": ["te_laag"]}, "bestaat niet: te_laag"),
        ({"categories": ["other"]}, "Anders"),
        ({"categories": ["other"], "note": "   "}, "Anders"),
        ({"categories": ["amount"], "note": "x" * 2001}, "te lang"),
        ({"categories": ["amount"], "disputed": ["ves_amount:99"]}, "hoort niet bij het besluit"),
    ],
)
def test_bad_input_is_refused_in_dutch(objection, lawyer, kwargs, message):
    before = AuditEvent.objects.count()
    with pytest.raises(GroundsError, match=message):
        code_objection(objection, actor=lawyer, **kwargs)
    assert not GroundsCoding.objects.exists() and AuditEvent.objects.count() == before


@pytest.mark.parametrize("roles", [["Behandelaar"], ["Manager"], ["Beheerder"], ["Zaakbegeleider"], []])
def test_only_objection_lawyers_and_reviewers_code(objection, roles):
    with pytest.raises(GroundsError, match="bezwaarjurist of toetser"):
        code_objection(objection, categories=["amount"], actor=UserFactory(roles=roles))
    assert not GroundsCoding.objects.exists()


def test_a_pro_forma_objection_waits_for_its_grounds(decided_case, applicant, lawyer):
    objection = letter_objection(final_of(decided_case), applicant, lawyer, grounds="")
    assert objection.pro_forma
    with pytest.raises(GroundsError, match="pro-formabezwaar"):
        code_objection(objection, categories=["amount"], actor=lawyer)
    assert not GroundsCoding.objects.exists()


def test_a_decision_without_stored_rules_is_coded_without_a_rule_version(own_case, handler, applicant, lawyer):
    from tests.factories import final_decision_for

    decision = final_decision_for(own_case, handler)  # rule_outcome {}: a decision made by hand
    objection = letter_objection(decision, applicant, lawyer)
    coding = code_objection(objection, categories=["amount"], actor=lawyer)
    assert coding.rule_set_version == "" and coding.rule_tables == [] and not coding.rules.exists()
