"""The event stream's parts that run without a server: the pages name their stream, the
in-process hub wakes only the streams of a changed scope, changes are published only after
their commit, and an unchanged poll is answered before the rest of the middleware.
(The streams themselves, served by uvicorn, are tested in tests/integration/test_live_push.)"""

import asyncio
import html
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.urls import reverse

from debate import services
from live import notify
from live import services as live_services
from tests.factories import SeminarFactory


@pytest.fixture
def seminar(process):
    return SeminarFactory(process=process)


@pytest.fixture
def group_url(process, seminar, group):
    return reverse("live:live_group", args=[process.pk, seminar.pk, group.pk])


def _stream_url(page: str) -> str:
    found = re.search(r'data-sse-connect="([^"]+)"', page)
    assert found, "the page names its event stream"
    return html.unescape(found.group(1))


def test_the_group_page_opens_a_stream_that_knows_what_the_page_shows(as_user, member, group_url):
    page = as_user(member).get(group_url).content.decode()
    url = _stream_url(page)
    assert url.startswith(group_url + "events/?since=")
    etag = html.unescape(re.search(r'data-etag="([^"]+)"', page).group(1))
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(url).query)["since"] == [etag]


def test_the_board_opens_its_own_stream(as_user, leader, process, seminar):
    board = reverse("live:board", args=[process.pk, seminar.pk])
    assert _stream_url(as_user(leader).get(board).content.decode()).startswith(board + "events/")


def test_without_an_event_server_the_stream_url_says_no_content_and_the_page_polls(
    as_user, member, group_url
):
    # Under a WSGI server (here the test client) nothing can hold a stream: 204 tells the
    # browser not to reconnect, and live.js keeps polling.
    response = as_user(member).get(group_url + "events/")
    assert response.status_code == 204
    assert response.content == b""


def test_an_unchanged_poll_is_answered_before_the_other_middleware(as_user, member, group_url):
    client = as_user(member)
    first = client.get(group_url, HTTP_HX_REQUEST="true")
    assert "Content-Security-Policy" in first.headers
    unchanged = client.get(
        group_url, HTTP_HX_REQUEST="true", HTTP_IF_NONE_MATCH=first.headers["ETag"]
    )
    assert unchanged.status_code == 304
    # No middleware after the shortcut ran: no CSP header, no session or cookie touched.
    assert "Content-Security-Policy" not in unchanged.headers
    assert "Vary" not in unchanged.headers
    assert not unchanged.cookies


def test_a_change_is_published_only_when_it_is_committed(
    member, group, django_capture_on_commit_callbacks, monkeypatch
):
    published = []
    monkeypatch.setattr(notify, "publish", lambda keys: published.append(set(keys)))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.add_value(actor=member, group=group, name="Tillid", meaning="At stole på")
        assert published == []
    for callback in callbacks:
        callback()
    assert {live_services.group_key(group.pk), live_services.process_key(group.process_id)} in (
        published
    )


def test_the_in_process_hub_wakes_only_the_streams_of_a_changed_scope(settings):
    settings.LIVE_PUSH_REDIS_URL = ""

    async def scenario():
        group_stream = notify.hub.subscribe(["g1", "a7"])
        other_stream = notify.hub.subscribe(["g2", "a7"])
        assert await notify.hub.until_ready(1)
        # A write in a worker thread, as a view's commit would publish it.
        writer = threading.Thread(target=notify.publish, args=(["g1", "p7"],))
        writer.start()
        writer.join()
        assert await group_stream.wait(2) == {"g1"}
        assert await other_stream.wait(0.2) == set()
        notify.publish(["a7"])  # the shared scope wakes both
        assert await group_stream.wait(2) == {"a7"}
        assert await other_stream.wait(2) == {"a7"}
        group_stream.close()
        other_stream.close()
        assert notify.hub.watching == 0

    # In a thread of its own: the browser tests' Playwright keeps an event loop in this one.
    with ThreadPoolExecutor(1) as executor:
        executor.submit(asyncio.run, scenario()).result()


def test_an_unchanged_poll_is_answered_from_the_held_markers_until_a_notice(monkeypatch):
    """The ASGI shortcut reads the markers once, then answers from them without a query;
    a notice for one of its scopes makes it read again."""
    from django.test import RequestFactory

    from live import stream
    from live.polling import poll_etag
    from live.services import format_stamps

    reads = []

    async def read(keys):
        reads.append(sorted(keys))
        return {key: 7 for key in keys}

    monkeypatch.setattr(stream, "read_stamps", read)
    request = RequestFactory().get("/live/1/seminars/1/groups/2/live/", HTTP_HX_REQUEST="true")
    etag = poll_etag(request, format_stamps({"g2": 7, "a1": 7}))
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/live/1/seminars/1/groups/2/live/",
        "root_path": "",
        "query_string": b"",
        "headers": [(b"hx-request", b"true"), (b"if-none-match", etag.encode())],
    }

    def keys_for(**kwargs):
        return ["g2", "a1"]

    async def scenario():
        sent = []

        async def send(message):
            sent.append(message)

        answers = []
        for _ in range(3):
            answers.append(await stream.answer_unchanged_poll(scope, send, keys_for, {}))
        notify.hub.deliver("g2,p1")  # a change in the group
        answers.append(await stream.answer_unchanged_poll(scope, send, keys_for, {}))
        return answers, sent

    notify.stamp_cache.clear()
    with ThreadPoolExecutor(1) as executor:
        answers, sent = executor.submit(asyncio.run, scenario()).result()
    assert answers == [True, True, True, True]
    # Read once, held for two more polls, read again after the notice.
    assert reads == [["a1", "g2"], ["a1", "g2"]]
    assert [m["status"] for m in sent if m["type"] == "http.response.start"] == [304] * 4
