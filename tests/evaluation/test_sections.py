"""The ratings of the initiatives on the implementation's pages, through its sections: the
leaders' overview (a process's and the organisation's) and the status report (preview and
PDF template), each in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from evaluation.services.initiatives import save_initiative_evaluation
from implementation.services.report import render_html_document
from tests.implementation.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _rate(initiative, actor, team, users=None):
    return save_initiative_evaluation(
        actor=actor,
        initiative=initiative,
        expected_version=None,
        team_ratings=team,
        users_rated=users is not None,
        users_ratings=users or {},
    )


def _overview(process):
    return reverse("implementation:overview", args=[process.pk])


def _preview(process):
    return reverse("implementation:report_preview", args=[process.pk])


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["overview", "organisation", "preview"])
def test_the_overview_and_the_report_show_the_ratings_table(
    as_user, leader, facilitator, process, page
):
    first = InitiativeFactory(process=process)
    _rate(first, facilitator, {"sick_leave": 4}, users={"sick_leave": 2})
    InitiativeFactory(process=process)
    url = {
        "overview": _overview(process),
        "organisation": reverse(
            "implementation:organisation_overview", args=[process.organisation.slug]
        ),
        "preview": _preview(process),
    }[page]
    text = as_user(leader).get(url).text
    assert "How the initiatives are rated" in text
    assert "1 of 2 initiatives have been evaluated; the users rated 1." in text
    assert "Ratings from 1 (lowest) to 4 (highest)" in text  # the table's caption
    assert "0 / 0 / 0 / 1" in text and "0 / 1 / 0 / 0" in text  # sick leave: team, users


def test_an_external_sees_the_ratings_of_their_own_initiatives_only(
    as_user, external, facilitator, process
):
    own = InitiativeFactory(process=process)
    own.team.add(external)
    _rate(own, facilitator, {"sick_leave": 1})
    _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 4})
    text = as_user(external).get(_overview(process)).text
    assert "1 of 1 initiative has been evaluated" in text
    assert "1 / 0 / 0 / 0" in text and "0 / 0 / 0 / 1" not in text


def test_the_pdf_template_has_the_ratings_section(facilitator, leader, process):
    from implementation.models import StatusReport

    _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 3})
    report = StatusReport.objects.create(process=process, language="en", requested_by=leader)
    html = render_html_document(report)
    assert 'href="#section-evaluation-ratings"' in html  # in the contents
    assert "How the initiatives are rated" in html and "0 / 0 / 1 / 0" in html


def test_the_ratings_cost_the_same_queries_for_ten_times_the_evaluations(
    as_user, leader, facilitator, process
):
    client = as_user(leader)
    for _ in range(2):
        _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": 2})
    with translation.override("en"):
        small = _count(client, _overview(process)), _count(client, _preview(process))
    for n in range(18):
        _rate(InitiativeFactory(process=process), facilitator, {"sick_leave": n % 4 + 1},
              users={"citizen_satisfaction": 4})  # fmt: skip
    with translation.override("en"):
        large = _count(client, _overview(process)), _count(client, _preview(process))
    assert large == small
