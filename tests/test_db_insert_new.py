"""schadeloket.db.insert_new stores exactly what Django's own insert stores (COPY on PostgreSQL)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from schadeloket.db import insert_new
from schadeloket.decisions.models import Decision, DecisionKind
from tests.cases.test_bulk import make_case

pytestmark = pytest.mark.django_db


def decisions(case, now, outcome):
    """Rows that share objects (one timestamp, one outcome dict) and rows with their own values."""
    return [
        Decision(case=case, kind=DecisionKind.DRAFT, granted=True, amount=Decimal("7500.00"), rule_outcome=outcome,
                 rule_amount=Decimal("7500"), explanation="U krijgt € 7.500.", decided_at=now),
        Decision(case=case, kind="final", granted=False, amount=Decimal("0"), rule_outcome=outcome, rule_amount=None,
                 deviates=True, deviation_reason="Andere feiten — zie dossier ✓", decided_at=now,
                 objection_period_ends=dt.date(2026, 1, 12)),
        Decision(case=case, kind=DecisionKind.DRAFT, granted=True, amount=Decimal("12.5"), rule_outcome={},
                 decided_at=now - dt.timedelta(days=1), view_period_ends=dt.date(2026, 1, 1)),
    ]  # fmt: skip


def stored(rows) -> list[dict]:
    found = {d.pk: d for d in Decision.objects.filter(pk__in=[r.pk for r in rows])}
    result = []
    for row in rows:
        data = model_to_dict(found[row.pk], exclude=["id", "public_id", "case"])
        data["case_matches"] = found[row.pk].case_id == row.case_id
        data["public_id_matches"] = found[row.pk].public_id == row.public_id
        result.append(data)
    return result


def test_insert_new_stores_what_bulk_create_stores():
    now = timezone.now()
    outcome = {"open": True, "amount": "7500.00", "traces": [{"inputs": {"é": [1, 2.5, None, True]}}], "n": 3}
    copied = decisions(make_case(), now, outcome)  # one final decision per case: a case each
    insert_new(Decision, copied)
    assert all(row.pk and not row._state.adding for row in copied)
    created = Decision.objects.bulk_create(decisions(make_case(), now, outcome))
    assert stored(copied) == stored(created)
    assert all(data["public_id_matches"] and data["case_matches"] for data in stored(copied))
    assert Decision.objects.get(pk=copied[0].pk).rule_outcome == outcome
    assert Decision.objects.get(pk=copied[1].pk).deviation_reason.endswith("✓")


def test_insert_new_with_nothing_does_nothing():
    insert_new(Decision, [])
    assert not Decision.objects.exists()
