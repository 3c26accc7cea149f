"""Correcting recorded time: a new entry that reverses or replaces the old one, never an edit.

Who may (the staff member within the window, a manager always, a colleague never), what the totals
and the weekly report count afterwards, bad input in Dutch with nothing stored, and the audit event.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from schadeloket.audit.models import AuditEvent
from schadeloket.costs.models import EntryKind, TimeEntry
from schadeloket.costs.selectors import CostFigures, case_costs, handling_costs
from schadeloket.costs.services import CorrectionRefused, CostError, correct_time
from schadeloket.reporting.weekly import weekly_report
from tests.casework.conftest import client_for
from tests.factories import HourlyRateFactory, TimeEntryFactory

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2025, 3, 3)  # received on (casework fixtures); a Monday


def _url(case, entry):
    return f"/behandeling/{case.reference}/tijd/{entry.public_id}/corrigeren/"


def _post(client, case, entry, **changes):
    data = {
        "action": "replace",
        "minutes": "15",
        "worked_on": entry.worked_on.isoformat(),
        "activity": entry.activity,
        "reason": "45 getypt, het was 15",
    }
    data.update(changes)
    return client.post(_url(case, entry), data)


@pytest.fixture
def rate(db):
    return HourlyRateFactory(role="case_handler", valid_from=dt.date(2020, 1, 1), euros_per_hour="60.00")


@pytest.fixture
def entry(make_case, handler):
    return TimeEntryFactory(case=make_case("VES"), staff=handler, recorded_by=handler, minutes=45, worked_on=MONDAY)


def test_a_handler_replaces_their_own_entry_and_sees_the_history(handler_client, handler, entry, rate):
    case = entry.case
    page = handler_client.get(f"/behandeling/{case.reference}/tijd/")
    assert f'href="{_url(case, entry)}"' in page.text  # the link to correct it

    response = _post(handler_client, case, entry)

    assert response.status_code == 302
    reversal = TimeEntry.objects.get(kind=EntryKind.REVERSAL)
    replacement = TimeEntry.objects.get(kind=EntryKind.REPLACEMENT)
    assert (reversal.corrects, reversal.minutes, reversal.worked_on) == (entry, -45, MONDAY)
    assert reversal.recorded_by == handler
    assert (replacement.corrects, replacement.minutes, replacement.staff, replacement.role) == (
        entry, 15, handler, "case_handler"
    )  # fmt: skip
    entry.refresh_from_db()
    assert entry.minutes == 45 and entry.kind == EntryKind.RECORDED  # the original is untouched

    page = handler_client.get(f"/behandeling/{case.reference}/tijd/")
    assert "De correctie is vastgelegd." in page.text
    assert "In totaal 0,25 uur, € 15" in page.text
    original_row = page.text.split(f'id="regel-{entry.public_id}"')[1].split("</tr>")[0]
    assert "Gecorrigeerd: telt niet meer mee." in original_row
    assert "Corrigeren" not in original_row  # once only
    replacement_row = page.text.split(f'id="regel-{replacement.public_id}"')[1].split("</tr>")[0]
    assert "Vervangt de regel van 3 maart 2025 (45 minuten)." in replacement_row
    assert "Reden: 45 getypt, het was 15" in replacement_row
    assert "Bea Jansen" in replacement_row
    assert "Corrigeren" in replacement_row  # a further correction is made on the latest entry


def test_a_reversal_counts_zero_and_the_case_no_longer_counts(handler_client, entry, rate):
    case = entry.case
    response = _post(handler_client, case, entry, action="reverse", minutes="", worked_on="", activity="")
    assert response.status_code == 302
    assert TimeEntry.objects.filter(corrects=entry).get().minutes == -45

    assert case_costs(case) == CostFigures(hours=Decimal("0.00"), cost=Decimal("0.00"), cases=0)
    assert handling_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=6)) == {}
    page = handler_client.get(f"/behandeling/{case.reference}/tijd/")
    assert "In totaal 0,00 uur" in page.text
    assert "Terugdraaiing van de regel van 3 maart 2025 (45 minuten)." in page.text


def test_totals_handling_costs_and_the_weekly_report_use_the_corrected_figures(make_case, handler, entry, rate):
    other_case = make_case("VES")
    TimeEntryFactory(case=other_case, staff=handler, minutes=60, worked_on=MONDAY + dt.timedelta(days=1))
    # The replacement moves 30 of the 45 minutes to the next week.
    correct_time(
        entry.case, entry, by=handler, action="replace", reason="verkeerde dag", minutes=30,
        worked_on=MONDAY + dt.timedelta(days=7), activity="decision",
    )  # fmt: skip
    next_monday = MONDAY + dt.timedelta(days=7)

    figures = handling_costs(start=MONDAY, end=MONDAY + dt.timedelta(days=13))
    # Week 1: only the other case's hour counts (45 - 45); week 2: the replacement's 30 minutes.
    assert figures[("VES", MONDAY)] == CostFigures(hours=Decimal("1.00"), cost=Decimal("60.00"), cases=1)
    assert figures[("VES", next_monday)] == CostFigures(hours=Decimal("0.50"), cost=Decimal("30.00"), cases=1)
    assert case_costs(entry.case) == CostFigures(hours=Decimal("0.50"), cost=Decimal("30.00"), cases=1)

    report = weekly_report(MONDAY, next_monday, ["VES"], today=dt.date(2025, 3, 31))
    first, second = report.row("VES", MONDAY), report.row("VES", next_monday)
    assert (first.handling_hours, first.handling_cost, first.handling_cases) == (Decimal("1.00"), Decimal("60.00"), 1)
    assert (second.handling_hours, second.handling_cost, second.handling_cases) == (
        Decimal("0.50"), Decimal("30.00"), 1
    )  # fmt: skip


def test_a_manager_corrects_a_handlers_entry_from_long_ago(entry, handler):
    TimeEntry.objects.filter(pk=entry.pk).update(recorded_at=timezone.now() - dt.timedelta(weeks=10))
    client, manager = client_for("Manager", username="manager")
    assert f'href="{_url(entry.case, entry)}"' in client.get(f"/behandeling/{entry.case.reference}/tijd/").text

    response = _post(client, entry.case, entry, action="reverse", reason="dubbel vastgelegd")

    assert response.status_code == 302
    reversal = TimeEntry.objects.get(corrects=entry)
    assert (reversal.staff, reversal.recorded_by, reversal.role) == (handler, manager, "case_handler")
    page = client.get(f"/behandeling/{entry.case.reference}/tijd/")
    row = page.text.split(f'id="regel-{reversal.public_id}"')[1].split("</tr>")[0]
    assert "Bea Jansen (Behandelaar)" in row  # whose time it is
    assert f"{manager.get_full_name()}, " in row  # who typed the correction


def test_a_colleague_is_refused_in_dutch_and_nothing_is_stored(entry):
    client, _colleague = client_for("Behandelaar", username="collega")
    page = client.get(f"/behandeling/{entry.case.reference}/tijd/")
    assert f'href="{_url(entry.case, entry)}"' not in page.text

    response = client.get(_url(entry.case, entry))
    assert response.status_code == 403
    assert "U kunt alleen uw eigen tijd corrigeren. Vraag een manager" in response.text
    assert '<form method="post"' not in response.text.split("casework-subnav")[1]

    response = _post(client, entry.case, entry, reason="mijn reden")
    assert response.status_code == 403
    assert "U kunt alleen uw eigen tijd corrigeren." in response.text
    assert "mijn reden" in response.text  # what was typed stays
    response = _post(client, entry.case, entry, reason="")  # the refusal first: fixing input would not help
    assert response.status_code == 403 and "U kunt alleen uw eigen tijd corrigeren." in response.text
    assert TimeEntry.objects.count() == 1
    assert not AuditEvent.objects.filter(action="time_corrected").exists()


def test_own_time_is_correctable_in_the_window_only(handler, entry, settings):
    settings.SCHADELOKET_TIME_CORRECTION_WEEKS = 1
    today = dt.date(2026, 11, 25)  # a Wednesday; the window starts Monday 16 November
    for recorded_on, allowed in ((dt.date(2026, 11, 16), True), (dt.date(2026, 11, 15), False)):
        recorded_at = timezone.make_aware(dt.datetime.combine(recorded_on, dt.time(12)))
        TimeEntry.objects.filter(pk=entry.pk).update(recorded_at=recorded_at)
        entry.refresh_from_db()
        if allowed:
            continue
        with pytest.raises(CorrectionRefused, match="tot en met 1 week na de week waarin u die vastlegde"):
            correct_time(entry.case, entry, by=handler, action="reverse", reason="te laat", today=today)
    assert not TimeEntry.objects.filter(corrects__isnull=False).exists()
    settings.SCHADELOKET_TIME_CORRECTION_WEEKS = 3
    correct_time(entry.case, entry, by=handler, action="reverse", reason="binnen drie weken", today=today)
    assert TimeEntry.objects.filter(corrects=entry).count() == 1


def test_a_double_submit_gives_one_correction(handler_client, entry):
    first = _post(handler_client, entry.case, entry)
    second = _post(handler_client, entry.case, entry)
    assert first.status_code == 302
    assert second.status_code == 403
    assert "Deze regel is al gecorrigeerd. Corrigeer zo nodig de nieuwste regel." in second.text
    assert TimeEntry.objects.filter(corrects=entry).count() == 2  # one reversal, one replacement
    assert AuditEvent.objects.filter(action="time_corrected").count() == 1


def test_a_reversal_cannot_be_corrected_and_a_replacement_can(handler, entry):
    reversal, replacement = correct_time(
        entry.case, entry, by=handler, action="replace", reason="typfout", minutes=30,
        worked_on=MONDAY, activity="decision",
    )  # fmt: skip
    with pytest.raises(CorrectionRefused, match="draait een andere regel terug"):
        correct_time(entry.case, reversal, by=handler, action="reverse", reason="nog eens")
    correct_time(entry.case, replacement, by=handler, action="replace", reason="toch 20", minutes=20,
                 worked_on=MONDAY, activity="decision")  # fmt: skip
    assert case_costs(entry.case).hours == Decimal("0.33")


def test_the_correction_writes_an_audit_event(handler_client, handler, entry):
    _post(handler_client, entry.case, entry, minutes="15", reason="naam van de aanvrager hoort hier niet")
    event = AuditEvent.objects.filter(action="time_corrected").get()
    replacement = TimeEntry.objects.get(kind=EntryKind.REPLACEMENT)
    assert (event.actor_id, event.object_type, event.object_id) == (handler.pk, "cases.case", entry.case.reference)
    assert f"regel {entry.public_id} (45 minuten op 03-03-2025) teruggedraaid" in event.reason
    assert f"vervangen door regel {replacement.public_id}: 15 minuten" in event.reason
    assert "aanvrager" not in event.reason  # the free text stays on the entry, not in the audit trail


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"minutes": "46"}, "Vul hoogstens 45 minuten in: zoveel staan er op de regel die u corrigeert."),
        ({"minutes": "0"}, "Telt de tijd helemaal niet mee? Kies dan terugdraaien."),
        ({"minutes": ""}, "Vul het juiste aantal minuten in."),
        ({"reason": "   "}, "Vul de reden van de correctie in."),
        ({"reason": "x" * 501}, "Maak de reden korter: hoogstens 500 tekens."),
        ({"action": ""}, "Kies of u de regel wilt vervangen of terugdraaien."),
        ({"minutes": "45"}, "Er verandert niets"),
        ({"worked_on": "2024-12-31"}, "De datum ligt voor de aanvraag (03-03-2025)."),
        ({"worked_on": "31-02-2025"}, "Vul een geldige datum in, zoals 31-01-2025."),
        ({"activity": "koffie"}, "Kies een activiteit uit de lijst."),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_stored(handler_client, entry, changes, message):
    response = _post(handler_client, entry.case, entry, **changes)
    assert response.status_code == 400
    assert message in response.text
    assert TimeEntry.objects.count() == 1
    assert not AuditEvent.objects.filter(action="time_corrected").exists()


def test_a_future_date_is_refused_and_the_input_kept(handler_client, entry):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _post(handler_client, entry.case, entry, worked_on=tomorrow.isoformat(), minutes="12", reason="later")
    assert response.status_code == 400
    assert "De datum ligt in de toekomst." in response.text
    assert 'value="12"' in response.text and "later</textarea>" in response.text
    assert TimeEntry.objects.count() == 1


def test_an_entry_of_another_case_is_refused(handler_client, handler, entry, make_case):
    other = make_case("VES")
    response = handler_client.get(_url(other, entry))
    assert response.status_code == 400
    assert f"Deze regel hoort niet bij zaak {other.reference}." in response.text
    response = _post(handler_client, other, entry)
    assert response.status_code == 400
    assert f"Deze regel hoort niet bij zaak {other.reference}. Open de tijd van de zaak" in response.text
    with pytest.raises(CostError):
        correct_time(other, entry, by=handler, action="reverse", reason="verkeerde zaak")
    assert TimeEntry.objects.count() == 1
    unknown = f"/behandeling/{other.reference}/tijd/00000000-0000-0000-0000-000000000000/corrigeren/"
    assert handler_client.get(unknown).status_code == 404


def test_the_database_refuses_a_second_reversal(handler, entry):
    from django.db import IntegrityError, transaction

    correct_time(entry.case, entry, by=handler, action="reverse", reason="dubbel")
    with pytest.raises(IntegrityError), transaction.atomic():
        TimeEntry.objects.create(
            case=entry.case, scheme_code="VES", staff=handler, role="case_handler", activity="decision",
            minutes=-45, worked_on=MONDAY, kind=EntryKind.REVERSAL, corrects=entry, reason="nog eens",
        )  # fmt: skip
