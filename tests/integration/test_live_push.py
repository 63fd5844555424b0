"""The live pages' event streams, served by the production entry point (uvicorn running
`qualityhub.asgi`) in two separate server processes sharing one Redis, on the tests'
PostgreSQL database: a change written through one server reaches a phone streaming from the
other, and a person whose membership is withdrawn is told `gone` and sees nothing more."""

import re
import threading
import time

import httpx
import pytest

from organisations.models import Membership
from organisations.services import remove_membership
from tests.factories import (
    GroupFactory,
    GroupMembershipFactory,
    MembershipFactory,
    ProcessFactory,
    SeminarFactory,
)
from tests.live_servers import Server

pytestmark = pytest.mark.integration


@pytest.fixture
def seminar_world(client):
    member = MembershipFactory(role=Membership.Role.MEMBER, user__username="phone@x.org")
    facilitator = MembershipFactory(
        organisation=member.organisation, role=Membership.Role.FACILITATOR
    )
    process = ProcessFactory(organisation=member.organisation)
    group = GroupFactory(process=process, name="Gruppe A")
    GroupMembershipFactory(group=group, membership=member)
    seminar = SeminarFactory(process=process)
    client.force_login(member.user)
    return {
        "member": member,
        "facilitator": facilitator,
        "session": client.cookies["sessionid"].value,
        "path": f"/live/{process.pk}/seminars/{seminar.pk}/groups/{group.pk}/live/",
    }


class Stream:
    """An event stream read in a thread, as a phone's browser holds it."""

    def __init__(self, url: str, session: str, since: str):
        self.events: list[dict] = []
        self.status: int | None = None
        self.ended = threading.Event()
        self._opened = threading.Event()
        self._thread = threading.Thread(target=self._read, args=(url, session, since), daemon=True)
        self._thread.start()
        assert self._opened.wait(10), "the stream did not open"

    def _read(self, url, session, since):
        try:
            with httpx.stream(
                "GET", url, params={"since": since}, cookies={"sessionid": session}, timeout=30
            ) as response:
                self.status = response.status_code
                self._opened.set()
                event: dict = {}
                for line in response.iter_lines():
                    if not line:
                        if event:
                            self.events.append(event)
                        event = {}
                    elif ":" in line:
                        field, _, value = line.partition(":")
                        event[field] = value.strip()
        except httpx.HTTPError:
            pass
        finally:
            self._opened.set()
            self.ended.set()

    def wait_for(self, name: str, timeout: float = 10) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for event in self.events:
                if event.get("event") == name:
                    return event
            time.sleep(0.05)
        raise AssertionError(f"no '{name}' event; got {self.events}")


def _page(server: Server, world: dict) -> tuple[str, str, str]:
    """The live page as the phone loads it: its ETag and the form's CSRF token."""
    response = httpx.get(server.base + world["path"], cookies={"sessionid": world["session"]})
    assert response.status_code == 200
    etag = re.search(r'data-etag="([^"]*)"', response.text).group(1).replace("&quot;", '"')
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text).group(1)
    return etag, token, response.cookies.get("csrftoken") or ""


def test_a_change_written_through_one_server_reaches_a_phone_on_the_other(servers, seminar_world):
    first, second = servers
    world = seminar_world
    etag, token, csrf_cookie = _page(first, world)
    stream = Stream(second.base + world["path"] + "events/", world["session"], etag)
    assert stream.status == 200
    time.sleep(0.3)
    assert not [e for e in stream.events if e.get("event") == "changed"], (
        "a page that is up to date is not told to fetch"
    )

    response = httpx.post(
        first.base + world["path"],
        data={"csrfmiddlewaretoken": token, "kind": "value", "title": "Tillid <b>først</b>",
              "text": "Vi stoler på hinanden."},
        cookies={"sessionid": world["session"], "csrftoken": csrf_cookie},
        headers={"HX-Request": "true", "Referer": first.base + world["path"]},
    )  # fmt: skip
    assert response.status_code == 200
    changed = stream.wait_for("changed", timeout=5)
    assert changed["data"] == "group"

    # The phone fetches its fragment from the server it streams from, as a poll would.
    headers = {"HX-Request": "true", "If-None-Match": etag}
    cookies = {"sessionid": world["session"]}
    fragment = httpx.get(second.base + world["path"], headers=headers, cookies=cookies)
    assert fragment.status_code == 200
    assert "Tillid &lt;b&gt;først&lt;/b&gt;" in fragment.text
    headers["If-None-Match"] = fragment.headers["ETag"]
    again = httpx.get(second.base + world["path"], headers=headers, cookies=cookies)
    assert again.status_code == 304


def test_a_stream_opened_with_an_old_page_is_told_at_once(servers, seminar_world):
    first, _second = servers
    stream = Stream(
        first.base + seminar_world["path"] + "events/", seminar_world["session"], '"stale"'
    )
    assert stream.wait_for("changed", timeout=5)["data"] == "page"


def test_a_withdrawn_member_is_told_gone_and_sees_nothing_more(servers, seminar_world):
    first, second = servers
    world = seminar_world
    etag, _token, _csrf = _page(first, world)
    stream = Stream(second.base + world["path"] + "events/", world["session"], etag)

    remove_membership(actor=world["facilitator"], membership=world["member"])

    stream.wait_for("gone", timeout=5)
    assert stream.ended.wait(5), "the stream ends after 'gone'"
    assert not [e for e in stream.events if e.get("event") == "changed"]
    fragment = httpx.get(
        first.base + world["path"],
        headers={"HX-Request": "true", "If-None-Match": etag},
        cookies={"sessionid": world["session"]},
    )
    assert fragment.status_code in (403, 404)
    reopened = Stream(second.base + world["path"] + "events/", world["session"], etag)
    assert reopened.status in (403, 404)


def test_a_stream_needs_a_login_and_a_member_of_the_organisation(servers, seminar_world):
    first, _second = servers
    anonymous = httpx.get(first.base + seminar_world["path"] + "events/", timeout=5)
    assert anonymous.status_code == 403
    assert "event:" not in anonymous.text


def test_polls_are_answered_from_the_servers_markers_until_a_change_reaches_them(
    servers, seminar_world
):
    """Each server keeps the markers it read while the notices say nothing changed; a change
    written through the other server reaches it, and the next poll fetches the change."""
    first, second = servers
    world = seminar_world
    etag, token, csrf_cookie = _page(first, world)
    headers = {"HX-Request": "true", "If-None-Match": etag}
    cookies = {"sessionid": world["session"]}
    for _ in range(3):
        assert (
            httpx.get(second.base + world["path"], headers=headers, cookies=cookies).status_code
            == 304
        )

    response = httpx.post(
        first.base + world["path"],
        data={"csrfmiddlewaretoken": token, "kind": "value", "title": "Mod", "text": "At turde"},
        cookies={**cookies, "csrftoken": csrf_cookie},
        headers={"HX-Request": "true", "Referer": first.base + world["path"]},
    )
    assert response.status_code == 200
    committed = time.monotonic()
    while True:
        poll = httpx.get(second.base + world["path"], headers=headers, cookies=cookies)
        if poll.status_code == 200 or time.monotonic() - committed > 2:
            break
        time.sleep(0.02)
    assert poll.status_code == 200, "the change reached the other server within 2 s"
    assert ">Mod</a>" in poll.text
