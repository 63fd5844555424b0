"""Polling the live pages: an unchanged poll is answered 304 for one small query; any change
the page shows makes the next poll fetch it; the board costs the same for 10 or 500 entries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debate import services
from debate.services import ideas as idea_services
from debate.services import rounds as round_services
from live import services as live_services
from tests.debate.factories import IdeaFactory, ValueFactory
from tests.factories import AgendaItemFactory, GroupFactory, SeminarFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process)


@pytest.fixture
def board_url(process, seminar):
    return reverse("live:board", args=[process.pk, seminar.pk])


@pytest.fixture
def group_url(process, seminar, group):
    return reverse("live:live_group", args=[process.pk, seminar.pk, group.pk])


def first_poll(client, url):
    response = client.get(url, **HTMX)
    assert response.status_code == 200
    return response["ETag"]


def poll(client, url, etag):
    return client.get(url, HTTP_IF_NONE_MATCH=etag, **HTMX)


def test_an_unchanged_board_poll_is_answered_304(as_user, leader, values, board_url):
    client = as_user(leader)
    etag = first_poll(client, board_url)
    response = poll(client, board_url, etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_the_page_embeds_the_etag_its_first_poll_checks(as_user, member, values, group_url):
    client = as_user(member)
    page = client.get(group_url)
    etag = first_poll(client, group_url)
    assert etag.strip('"') in page.content.decode()
    assert poll(client, group_url, etag).status_code == 304


def test_an_unchanged_poll_costs_at_most_one_query(
    as_user, member, values, group_url, board_url, django_assert_max_num_queries
):
    client = as_user(member)
    for url in (group_url, board_url):
        etag = first_poll(client, url)
        with django_assert_max_num_queries(1):
            assert poll(client, url, etag).status_code == 304


def test_a_value_added_makes_the_next_poll_fetch_it(
    as_user, member, group_lead, group, values, group_url, board_url
):
    client = as_user(member)
    etags = {url: first_poll(client, url) for url in (group_url, board_url)}
    services.add_value(actor=group_lead, group=group, name="Nærvær", meaning="At være til stede")
    for url, etag in etags.items():
        response = poll(client, url, etag)
        assert response.status_code == 200
        assert "Nærvær" in response.content.decode()
        assert response["ETag"] != etag


def test_another_groups_entry_leaves_a_group_view_unchanged_but_not_the_board(
    as_user, member, neighbour, other_group, values, group_url, board_url
):
    client = as_user(member)
    group_etag = first_poll(client, group_url)
    board_etag = first_poll(client, board_url)
    services.add_value(actor=neighbour, group=other_group, name="Naboskab", meaning="x")
    assert poll(client, group_url, group_etag).status_code == 304
    assert poll(client, board_url, board_etag).status_code == 200


@pytest.mark.parametrize(
    "change",
    ["idea", "edit", "merge", "plenary_round", "first_dot", "close", "agenda", "timer", "mode"],
)
def test_every_change_the_pages_show_makes_the_poll_fetch_again(
    as_user, member, group_lead, facilitator, process, seminar, group, values, group_url, change
):
    client = as_user(member)
    group_round = round_services.open_round(
        actor=facilitator, process=process, group=group, title="R", dots_per_person=2
    )
    etag = first_poll(client, group_url)
    if change == "idea":
        idea_services.add_idea(
            actor=member, group=group, title="Brugerråd", description="x", values=[values[0]]
        )
    elif change == "edit":
        services.edit_value(
            actor=member, value=values[0], expected_version=1, name="Nyt navn", meaning="y"
        )
    elif change == "merge":
        services.merge_values(actor=group_lead, target=values[0], sources=[values[1]])
    elif change == "plenary_round":
        round_services.open_round(
            actor=facilitator, process=process, group=None, title="Alle", dots_per_person=2
        )
    elif change == "first_dot":
        candidate = group_round.candidates.first()
        round_services.place_dot(actor=member, round=group_round, candidate=candidate)
    elif change == "close":
        round_services.close_round(actor=facilitator, round=group_round)
    elif change == "agenda":
        item = AgendaItemFactory(seminar=seminar)
        live_services.set_running_item(actor=facilitator, seminar=seminar, item=item)
    elif change == "timer":
        live_services.start_timer(actor=facilitator, seminar=seminar, minutes=10)
    elif change == "mode":
        process.author_visibility = process.AuthorVisibility.HIDDEN
        process.save()
    assert poll(client, group_url, etag).status_code == 200


def test_a_second_dot_of_the_same_voter_changes_nothing_shown(
    as_user, member, facilitator, process, group, values, group_url
):
    round = round_services.open_round(
        actor=facilitator, process=process, group=group, title="R", dots_per_person=3
    )
    candidate = round.candidates.first()
    round_services.place_dot(actor=member, round=round, candidate=candidate)
    client = as_user(member)
    etag = first_poll(client, group_url)
    round_services.place_dot(actor=member, round=round, candidate=candidate)
    assert poll(client, group_url, etag).status_code == 304


def test_an_etag_from_another_session_is_not_honoured(
    client, django_user_model, member, leader, values, board_url
):
    client.force_login(member.user)
    etag = first_poll(client, board_url)
    client.logout()
    client.force_login(leader.user)
    assert poll(client, board_url, etag).status_code == 200


def test_a_full_page_load_is_never_answered_304(as_user, member, values, board_url):
    client = as_user(member)
    etag = first_poll(client, board_url)
    response = client.get(board_url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b"<html" in response.content


def _count_board_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(process, group, facilitator, n):
    groups = [group, *GroupFactory.create_batch(2, process=process)]
    for i in range(n):
        g = groups[i % len(groups)]
        value = ValueFactory(group=g, author=facilitator, name=f"Værdi {i}")
        IdeaFactory(group=g, author=facilitator, values=[value])


def test_the_board_costs_the_same_queries_for_10_or_500_entries(
    as_user, facilitator, process, group, board_url
):
    client = as_user(facilitator)
    _fill(process, group, facilitator, 10)
    round = round_services.open_round(
        actor=facilitator, process=process, group=None, title="Alle", dots_per_person=3
    )
    closed = round_services.open_round(
        actor=facilitator, process=process, group=group, title="Lukket", dots_per_person=3
    )
    round_services.close_round(actor=facilitator, round=closed)
    assert round.is_open
    client.get(board_url)  # the first visit draws the join code
    few = _count_board_queries(client, board_url)
    _fill(process, group, facilitator, 490)
    assert _count_board_queries(client, board_url) == few


def test_the_group_view_costs_the_same_queries_for_10_or_200_entries(
    as_user, member, facilitator, process, group, group_url
):
    client = as_user(member)
    _fill(process, group, facilitator, 10)
    client.get(group_url)  # the first visit draws the join code
    few = _count_board_queries(client, group_url)
    _fill(process, group, facilitator, 190)
    assert _count_board_queries(client, group_url) == few


def test_a_phone_fetching_a_change_its_group_already_rendered_costs_seven_queries(
    as_user, member, group_lead, group, values, group_url
):
    # After a change every phone of the group fetches the fragment; the first renders it,
    # the others are answered from that rendering after the access checks: the stamps, the
    # session, the user, the process, the membership, the group, the seminar with its live
    # state (the session comes from the cache in production).
    client, first = as_user(member), as_user(group_lead)
    etag = first_poll(client, group_url)
    first_poll(first, group_url)
    services.add_value(actor=group_lead, group=group, name="Nærvær", meaning="x")
    assert poll(first, group_url, etag).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = poll(client, group_url, etag)
    assert response.status_code == 200
    assert "Nærvær" in response.content.decode()
    assert len(captured) == 7, [q["sql"][:60] for q in captured]
