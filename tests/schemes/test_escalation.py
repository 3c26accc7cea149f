"""Escalation routes: Interventieteam, Commissie Bijzondere Situaties, Knelpuntenpot (domain facts §1.14)."""

import datetime as dt

import pytest

from schadeloket.schemes.engine.explain import explain_for_applicant
from schadeloket.schemes.engine.parameters import Status
from schadeloket.schemes.escalation.scheme import Escalation
from schadeloket.schemes.facts import Facts

SCHEME = Escalation()


def facts(**changes):
    return Facts(**{"reference_date": dt.date(2025, 3, 1), "municipality": "Eemsdelta", **changes})


def test_mayor_refers_to_interventieteam_and_cbs():
    outcome = SCHEME.decide(facts(), answers={"situation_stuck": True, "referred_by": "burgemeester"})
    assert outcome.open is True
    assert outcome.routes == ["interventieteam", "commissie_bijzondere_situaties"]
    assert "moeten het advies" in explain_for_applicant(outcome)


@pytest.mark.parametrize(
    ("changes", "answers", "routes"),
    [
        ({"reference_date": dt.date(2021, 6, 23)}, {"referred_by": "burgemeester"}, ["commissie_bijzondere_situaties"]),
        ({"reference_date": dt.date(2014, 3, 31)}, {"referred_by": "burgemeester"}, []),
        ({"municipality": "Westerkwartier"}, {"referred_by": "burgemeester"}, ["commissie_bijzondere_situaties"]),
        (
            {"municipality": "Westerkwartier"},
            {"referred_by": "burgemeester", "circumstances_warrant": True},
            ["interventieteam", "commissie_bijzondere_situaties"],
        ),
        ({}, {"referred_by": "raadsman"}, ["commissie_bijzondere_situaties"]),
        ({}, {"referred_by": "img"}, []),
        ({}, {"referred_by": "ncg", "very_special_case": True}, ["interventieteam"]),
    ],
)
def test_routes_by_date_municipality_and_referrer(changes, answers, routes):
    outcome = SCHEME.decide(facts(**changes), answers={"situation_stuck": True, **answers})
    assert outcome.routes == routes
    assert outcome.open is bool(routes)


def test_residents_cannot_refer_themselves_and_knelpuntenpot_is_a_placeholder():
    outcome = SCHEME.decide(facts(), answers={"situation_stuck": True, "referred_by": "bewoner"})
    assert outcome.open is False and "niet zelf aanmelden" in explain_for_applicant(outcome)
    assert SCHEME.parameters.get("knelpuntenpot_available").status is Status.PLACEHOLDER
    open_pot = SCHEME.parameters.with_overrides({"knelpuntenpot_available": "ja"})
    routed = SCHEME.decide(facts(), open_pot, answers={"situation_stuck": True, "referred_by": "raadsman"})
    assert "knelpuntenpot" in routed.routes
    what_if = SCHEME.decide(facts())
    assert what_if.open is None and "Als de burgemeester" in explain_for_applicant(what_if)
