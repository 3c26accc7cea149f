"""VHV and the fixed nuisance payment: not defined in public, switched off (domain facts §1.4, §1.5)."""

import datetime as dt

import pytest

from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.engine.parameters import Status
from schadeloket.schemes.facts import Facts
from schadeloket.schemes.nuisance_payment.scheme import NuisancePayment
from schadeloket.schemes.repeat_payment.scheme import RepeatPayment


@pytest.mark.parametrize(
    ("cls", "code", "table"), [(RepeatPayment, "VHV", "vhv_status"), (NuisancePayment, "OVERLAST", "overlast_status")]
)
def test_undecided_schemes_are_switched_off_and_say_so(cls, code, table):
    scheme = cls()
    assert scheme.code == code
    assert all(p.status is Status.UNDECIDED for p in scheme.parameters)
    assert scheme.is_switched_off
    outcome = scheme.decide(Facts(reference_date=dt.date(2025, 3, 1)))
    assert outcome.open is False and outcome.amount is None
    assert "nog niet open" in explain_for_applicant(outcome)
    assert outcome.traces[0].table_id == table
    assert outcome.traces[0].matched_rows[0].rule_id == f"{table}_closed"
    opened = scheme.parameters.with_overrides({f"{code.lower() if code == 'VHV' else 'overlast'}_opened": "ja"})
    assert scheme.decide(Facts(reference_date=dt.date(2025, 3, 1)), opened).open is False
