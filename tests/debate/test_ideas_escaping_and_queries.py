"""Hostile input in rounds and ideas is shown as text; results and idea lists cost the same
number of queries small or large."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debate.services import ideas as idea_services
from debate.services import rounds as round_services

from .factories import IdeaFactory, ValueFactory
from .test_debate_escaping import ARABIC, HOSTILE, LONG_WORD, SCRIPT, assert_safe

HTMX = {"HTTP_HX_REQUEST": "true"}


def test_rounds_and_ideas_escape_hostile_input(
    as_user, facilitator, member, group_lead, group, process
):
    value = ValueFactory(group=group, name=f"{SCRIPT} {ARABIC}", author=member)
    ValueFactory(group=group, name=HOSTILE, author=member)
    idea = idea_services.add_idea(
        actor=member,
        group=group,
        title=f"{SCRIPT} {ARABIC}",
        description=f"{HOSTILE} {LONG_WORD}",
        values=[value],
        improves_core_task=HOSTILE,
        spread_plan=HOSTILE,
        first_step=HOSTILE,
        propose=True,
    )
    idea_services.set_idea_status(actor=group_lead, idea=idea, status="rejected", reason=HOSTILE)
    closed = round_services.open_round(
        actor=facilitator, process=process, group=group, title=HOSTILE, dots_per_person=2
    )
    round_services.place_dot(actor=member, round=closed, candidate=closed.candidates.first())
    round_services.close_round(actor=facilitator, round=closed)
    still_open = round_services.open_round(
        actor=facilitator, process=process, group=group, title=f"{SCRIPT} åben", dots_per_person=2
    )
    client = as_user(member)
    p = process.pk
    pages = [
        reverse("debate:round_list", args=[p]),
        closed.get_absolute_url(),
        still_open.get_absolute_url(),
        reverse("debate:idea_list", args=[p, group.pk]),
        idea.get_absolute_url(),
        reverse("debate:idea_edit", args=[p, idea.pk]),
        value.get_absolute_url(),
        reverse("debate:group_debate", args=[p, group.pk]),
        reverse("debate:overview", args=[p]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_safe(response.content.decode())
    fragments = [
        client.post(
            reverse("debate:round_dot", args=[p, still_open.pk]),
            {"candidate": still_open.candidates.first().pk, "action": "add"},
            **HTMX,
        ),
        client.post(
            reverse("debate:idea_list", args=[p, group.pk]),
            {"title": SCRIPT, "description": HOSTILE, "values": [value.pk]},
            **HTMX,
        ),
    ]
    for response in fragments:
        assert response.status_code == 200
        assert_safe(response.content.decode())
    creating = as_user(facilitator).get(reverse("debate:round_create", args=[p])).content.decode()
    assert_safe(creating)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _closed_round(facilitator, process, group, voters, size):
    for _ in range(size):
        ValueFactory(group=group)
    round = round_services.open_round(
        actor=facilitator, process=process, group=group, title=f"Runde {size}", dots_per_person=3
    )
    candidates = list(round.candidates.all())
    for voter in voters:
        for i in range(3):
            round_services.place_dot(
                actor=voter, round=round, candidate=candidates[(i * 7) % len(candidates)]
            )
    round_services.close_round(actor=facilitator, round=round)
    return round


def test_the_results_page_costs_the_same_for_5_or_60_candidates(
    as_user, facilitator, member, group_lead, process, group
):
    client = as_user(member)
    small = _closed_round(facilitator, process, group, [member, group_lead], 5)
    few = _queries(client, small.get_absolute_url())
    large = _closed_round(facilitator, process, group, [member, group_lead], 55)
    assert large.candidates.count() == 60
    assert _queries(client, large.get_absolute_url()) == few
    assert few <= 15


def test_the_ballot_costs_the_same_for_5_or_60_candidates(
    as_user, facilitator, member, process, group
):
    client = as_user(member)
    for _ in range(5):
        ValueFactory(group=group)
    small = round_services.open_round(
        actor=facilitator, process=process, group=group, title="s", dots_per_person=3
    )
    few = _queries(client, small.get_absolute_url())
    for _ in range(55):
        ValueFactory(group=group)
    large = round_services.open_round(
        actor=facilitator, process=process, group=group, title="l", dots_per_person=3
    )
    assert _queries(client, large.get_absolute_url()) == few


def test_the_idea_list_costs_the_same_for_3_or_30_ideas(as_user, member, group, values):
    client = as_user(member)
    url = reverse("debate:idea_list", args=[group.process_id, group.pk])
    for _ in range(3):
        IdeaFactory(group=group, author=member, values=values[:2])
    few = _queries(client, url)
    for _ in range(27):
        IdeaFactory(group=group, author=member, values=values)
    assert _queries(client, url) == few
    assert few <= 15


def test_the_idea_page_costs_the_same_with_more_values_and_rounds(
    as_user, member, facilitator, process, group, values
):
    client = as_user(member)
    idea = IdeaFactory(group=group, author=member, values=values[:1])
    _closed_round(facilitator, process, group, [member], 0)
    few = _queries(client, idea.get_absolute_url())
    idea.values.set(values)
    for _ in range(3):
        _closed_round(facilitator, process, group, [member], 2)
    assert _queries(client, idea.get_absolute_url()) == few
