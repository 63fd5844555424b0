"""Placing dots: the per-person limit, taking dots back, closed rounds, and the limit held by
the database even when requests race."""

import contextlib
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from debate.models import Dot, RoundBallot
from debate.services import rounds as round_services

HTMX = {"HTTP_HX_REQUEST": "true"}


def _dot(client, round, candidate, action="add", **extra):
    return client.post(
        reverse("debate:round_dot", args=[round.process_id, round.pk]),
        {"candidate": candidate.pk, "action": action},
        **extra,
    )


def test_it_shows_how_many_dots_are_left(as_user, member, open_round):
    page = as_user(member).get(open_round.get_absolute_url()).content.decode()
    assert "3 of 3 dots left" in page


def test_a_member_places_dots_up_to_the_limit_and_a_fourth_is_refused(as_user, member, open_round):
    client = as_user(member)
    first, second = open_round.candidates.all()[:2]
    for candidate in (first, first, second):
        assert _dot(client, open_round, candidate).status_code == 302
    response = _dot(client, open_round, second, **HTMX)
    page = response.content.decode()
    assert "You have used all your dots" in page
    assert "0 of 3 dots left" in page
    assert Dot.objects.filter(round=open_round, voter=member).count() == 3
    assert RoundBallot.objects.get(round=open_round, voter=member).dots_used == 3


def test_the_htmx_answer_is_the_ballot_with_the_new_count(as_user, member, open_round):
    candidate = open_round.candidates.first()
    response = _dot(as_user(member), open_round, candidate, **HTMX)
    page = response.content.decode()
    assert "<html" not in page
    assert "2 of 3 dots left" in page
    assert "Your 1 dot" in page
    assert "data-autofocus" in page


def test_taking_a_dot_back_frees_it(as_user, member, open_round):
    client = as_user(member)
    candidate = open_round.candidates.first()
    _dot(client, open_round, candidate)
    _dot(client, open_round, candidate)
    _dot(client, open_round, candidate, action="remove")
    assert Dot.objects.filter(voter=member, candidate=candidate).count() == 1
    assert RoundBallot.objects.get(round=open_round, voter=member).dots_left == 2


def test_taking_back_a_dot_one_never_placed_is_refused(as_user, member, open_round):
    client = as_user(member)
    response = _dot(client, open_round, open_round.candidates.first(), action="remove", **HTMX)
    assert "You have no dot on that candidate" in response.content.decode()
    assert not Dot.objects.exists()


def test_an_unknown_action_changes_nothing(as_user, member, open_round):
    response = _dot(as_user(member), open_round, open_round.candidates.first(), action="x")
    assert response.status_code == 302
    assert not Dot.objects.exists()


def test_a_closed_round_takes_no_more_dots(as_user, member, facilitator, open_round, vote, values):
    vote(member, values[0])
    round_services.close_round(actor=facilitator, round=open_round)
    response = _dot(as_user(member), open_round, open_round.candidates.first(), **HTMX)
    assert "The round has been closed" in response.content.decode()
    assert Dot.objects.count() == 1
    with pytest.raises(round_services.DebateError):
        vote(member, values[1])


def test_the_database_refuses_a_ballot_over_its_limit(member, open_round, vote, values):
    vote(member, values[0], 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundBallot.objects.filter(round=open_round, voter=member).update(dots_used=4)


@pytest.mark.django_db(transaction=True)
def test_the_dot_limit_holds_when_requests_race(member, open_round):
    """Twelve requests from the same person at once, each on its own database connection:
    exactly the three allowed dots are placed, the rest are refused."""
    candidates = list(open_round.candidates.all())
    url = reverse("debate:round_dot", args=[open_round.process_id, open_round.pk])
    attempts = 12
    barrier = threading.Barrier(attempts)
    statuses, errors = [], []

    def fire(i):
        try:
            client = Client()
            client.force_login(member.user)
            barrier.wait(timeout=10)
            response = client.post(
                url, {"candidate": candidates[i % len(candidates)].pk, "action": "add"}, **HTMX
            )
            statuses.append(response.status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    assert statuses == [200] * attempts
    assert Dot.objects.filter(round=open_round, voter=member).count() == 3
    assert RoundBallot.objects.get(round=open_round, voter=member).dots_used == 3


@pytest.mark.django_db(transaction=True)
def test_racing_voters_each_keep_their_own_limit(member, group_lead, open_round):
    """Two people racing each other and themselves: both end with exactly their dots, and the
    ballot's count matches the dots stored."""
    candidate = open_round.candidates.first()
    barrier = threading.Barrier(10)
    errors = []

    def fire(voter):
        try:
            barrier.wait(timeout=10)
            with contextlib.suppress(round_services.DebateError):
                round_services.place_dot(actor=voter, round=open_round, candidate=candidate)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=fire, args=(v,)) for v in [member, group_lead] * 5]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    for voter in (member, group_lead):
        assert Dot.objects.filter(round=open_round, voter=voter).count() == 3
        assert RoundBallot.objects.get(round=open_round, voter=voter).dots_used == 3
