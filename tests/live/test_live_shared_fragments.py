"""After a change a whole group's phones fetch the same fragment at once; it is rendered once
per state and shared, but never across what differs between viewers: in hidden-author mode
each person sees "You" only on their own entries, and every answer carries its own ETag."""

import html
import re
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from debate import services
from processes.models import Process
from tests.factories import SeminarFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process)


@pytest.fixture
def group_url(process, seminar, group):
    return reverse("live:live_group", args=[process.pk, seminar.pk, group.pk])


@pytest.fixture
def entries(group, member, group_lead):
    services.add_value(actor=member, group=group, name="Tillid", meaning="At stole på")
    services.add_value(actor=group_lead, group=group, name="Respekt", meaning="At lytte")


def _fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **HTMX)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def _etag(fragment: str) -> str:
    return html.unescape(re.search(r'data-etag="([^"]+)"', fragment).group(1))


def _without_etag(fragment: str) -> str:
    return fragment.replace(html.escape(_etag(fragment)), "")


def _author_of(fragment: str, title: str) -> str:
    """Who the fragment says wrote the entry called `title`."""
    entry = re.search(rf">{title}</a>.*?<span class=\"qh-author\">(.*?)</span>", fragment, re.S)
    return entry.group(1)


def test_in_hidden_author_mode_each_person_sees_you_only_on_their_own(
    as_user, process, entries, member, group_lead, facilitator, group_url
):
    process.author_visibility = Process.AuthorVisibility.HIDDEN
    process.save()
    members_view, _ = _fetch(as_user(member), group_url)
    leads_view, _ = _fetch(as_user(group_lead), group_url)
    facilitators_view, _ = _fetch(as_user(facilitator), group_url)
    members_again, _ = _fetch(as_user(member), group_url)

    assert _author_of(members_view, "Tillid") == "You"
    assert _author_of(members_view, "Respekt") == "A participant"
    assert _author_of(leads_view, "Tillid") == "A participant"
    assert _author_of(leads_view, "Respekt") == "You"
    assert _without_etag(members_again) == _without_etag(members_view)
    # The facilitator follows up and sees the names, never another person's "You".
    assert _author_of(facilitators_view, "Tillid") == member.display_name
    assert _author_of(facilitators_view, "Respekt") == group_lead.display_name


def test_in_named_mode_the_group_shares_one_rendering_with_its_own_etags(
    as_user, process, entries, member, group_lead, group_url
):
    process.author_visibility = Process.AuthorVisibility.NAMED
    process.save()
    first, first_queries = _fetch(as_user(member), group_url)
    second, second_queries = _fetch(as_user(group_lead), group_url)

    assert _etag(first) != _etag(second), "each session has its own ETag"
    assert _without_etag(first) == _without_etag(second)
    assert second_queries < first_queries, "the second phone reuses the first one's rendering"


def test_a_change_is_never_answered_from_the_shared_copy(
    as_user, entries, member, group_lead, group, group_url
):
    _fetch(as_user(member), group_url)
    services.add_value(actor=group_lead, group=group, name="Åbenhed", meaning="Om fejl")
    fresh, _ = _fetch(as_user(member), group_url)
    assert "Åbenhed" in fresh


def test_the_board_is_shared_by_the_projectors_with_their_own_etags(
    as_user, process, seminar, entries, member, leader
):
    board = reverse("live:board", args=[process.pk, seminar.pk])
    first, first_queries = _fetch(as_user(member), board)
    second, second_queries = _fetch(as_user(leader), board)
    assert "Tillid" in second and "Respekt" in second
    assert _etag(first) != _etag(second)
    assert second_queries < first_queries


def test_phones_that_ask_during_a_rendering_wait_for_it_instead_of_rendering_again():
    from concurrent.futures import ThreadPoolExecutor
    from threading import Event

    from live.polling import _render_once

    started, renders = Event(), []

    def render():
        renders.append(1)
        started.set()
        time.sleep(0.3)
        return "<div>fragment</div>"

    with ThreadPoolExecutor(6) as pool:
        first = pool.submit(_render_once, "test-key-render-once", render)
        started.wait(2)
        others = [pool.submit(_render_once, "test-key-render-once", render) for _ in range(5)]
        answers = [first.result(), *(other.result() for other in others)]
    assert answers == ["<div>fragment</div>"] * 6
    assert len(renders) == 1
