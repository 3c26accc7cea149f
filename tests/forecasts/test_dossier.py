"""Mijn Dossier shows the resident's place in the queue for their own open case, next to the legal date."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schadeloket.forecasts.models import QueuePosition, WeeklyCapacity
from schadeloket.forecasts.selectors import monday_of
from schadeloket.forecasts.services import refresh_queue_positions
from tests.dossier.conftest import (  # noqa: F401  (fixtures)
    applicant,
    applicant_client,
    demo_login_on,
    eligible,
    handler,
    media_root,
    new_case,
    no_sampling,
    other_person,
    own_case,
)
from tests.dossier.test_pages import page
from tests.factories import QueueCaseFactory

pytestmark = pytest.mark.django_db


def _date(day: dt.date) -> str:
    return f"{day.day} "  # "2 juni 2025": the day number, then the Dutch month


def test_the_resident_sees_their_place_in_the_queue_and_the_expected_week(applicant_client, own_case):  # noqa: F811
    for _n in range(2):  # two older VES cases of others go before
        QueueCaseFactory(scheme_code="VES", received_on=own_case.received_on - dt.timedelta(days=30))
    refresh_queue_positions()
    this_monday = monday_of(timezone.localdate())

    for url in (f"/mijn/{own_case.reference}/", "/mijn/"):
        html = page(applicant_client, url)
        assert "U bent nummer 3 in de rij voor deze regeling. Dit is een schatting." in html
        assert f"Wij verwachten te beslissen in de week van {_date(this_monday)}" in html
        assert f"Uiterlijk op {_date(own_case.deadline)}" in html  # the legal date stays
        assert "Wat betekent dit nummer?" in html


def test_an_expected_week_after_the_legal_date_is_told_honestly(applicant_client, own_case):  # noqa: F811
    WeeklyCapacity.objects.create(scheme_code="VES", valid_from=dt.date(2020, 1, 1), decisions_per_week=1)
    for _n in range(12):  # twelve before, one a week: the 13th week, after the 8-week term
        QueueCaseFactory(scheme_code="VES", received_on=own_case.received_on - dt.timedelta(days=1))
    refresh_queue_positions()

    html = page(applicant_client, f"/mijn/{own_case.reference}/")

    assert "U bent nummer 13 in de rij" in html
    assert "Dat is later dan de uiterste datum. De uiterste datum blijft gelden" in html
    assert f"Uiterlijk op {_date(own_case.deadline)}" in html


def test_no_position_before_the_first_refresh_or_when_it_is_stale(applicant_client, own_case):  # noqa: F811
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "in de rij" not in html

    refresh_queue_positions()
    QueuePosition.objects.filter(case=own_case).update(
        expected_week=monday_of(timezone.localdate()) - dt.timedelta(weeks=1)
    )
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "in de rij" not in html
    assert "Uiterlijk op" in html


def test_a_case_waiting_for_the_resident_has_no_place(applicant_client, own_case, handler):  # noqa: F811
    from schadeloket.cases.services import transition

    transition(own_case, "ask_applicant", actor=handler, expected_version=own_case.version, reason="foto's")
    refresh_queue_positions()
    html = page(applicant_client, f"/mijn/{own_case.reference}/")
    assert "in de rij" not in html
    assert "staat de termijn stil" in html


def test_the_overview_reads_the_places_of_all_cases_at_once(applicant_client, own_case, handler, applicant):  # noqa: F811
    second, third = (new_case(handler, applicant, scheme) for scheme in ("AVV", "VES"))
    refresh_queue_positions()
    with CaptureQueriesContext(connection) as captured:
        html = page(applicant_client, "/mijn/")
    assert html.count("in de rij voor deze regeling") == 3
    reads = [query["sql"] for query in captured.captured_queries if "forecasts_queueposition" in query["sql"]]
    assert len(reads) == 1, reads
    assert second.reference in html and third.reference in html
