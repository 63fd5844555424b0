"""A phone in a real browser on the production server (uvicorn, `qualityhub.asgi`): while its
event stream stands it does not poll, and a change written through another server shows at
once; when the stream is cut (its server restarts, and the stream cannot be opened again,
as behind a proxy that buffers), the page falls back to polling and still shows changes."""

import re
import time

import httpx
import pytest
from django.test import Client

from organisations.models import Membership
from tests.browser.conftest import VIEWPORTS
from tests.factories import (
    GroupFactory,
    GroupMembershipFactory,
    MembershipFactory,
    ProcessFactory,
    SeminarFactory,
)

pytestmark = pytest.mark.browser


def _session_of(membership) -> str:
    client = Client()
    client.force_login(membership.user)
    return client.cookies["sessionid"].value


def _add_value(server, path: str, session: str, title: str) -> None:
    """Another member's phone adds a value through `server`."""
    cookies = {"sessionid": session}
    page = httpx.get(server.base + path, cookies=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookies["csrftoken"] = page.cookies.get("csrftoken") or ""
    response = httpx.post(
        server.base + path,
        data={"csrfmiddlewaretoken": token, "kind": "value", "title": title, "text": "Hvorfor"},
        cookies=cookies,
        headers={"HX-Request": "true", "Referer": server.base + path},
    )
    assert response.status_code == 200


def test_a_phone_is_pushed_changes_and_polls_when_its_stream_is_cut(browser, servers):
    first, second = servers
    phone_member = MembershipFactory(role=Membership.Role.MEMBER, user__username="phone@x.org")
    writer = MembershipFactory(organisation=phone_member.organisation, role="member")
    process = ProcessFactory(organisation=phone_member.organisation)
    group = GroupFactory(process=process, name="Gruppe A")
    GroupMembershipFactory(group=group, membership=phone_member)
    GroupMembershipFactory(group=group, membership=writer)
    seminar = SeminarFactory(process=process)
    path = f"/live/{process.pk}/seminars/{seminar.pk}/groups/{group.pk}/live/"
    phone_session, writer_session = (_session_of(member) for member in (phone_member, writer))

    context = browser.new_context(base_url=first.base, locale="da-DK", **VIEWPORTS["phone"])
    context.set_default_timeout(10_000)
    context.add_cookies([{"name": "sessionid", "value": phone_session, "url": first.base}])
    page = context.new_page()
    polls, streams = [], []

    def on_request(request):
        if request.url.endswith("/events/") or "/events/?" in request.url:
            streams.append(request.url)
        elif request.headers.get("hx-request") and request.method == "GET":
            polls.append((time.monotonic(), request.headers.get("if-none-match")))

    page.on("request", on_request)
    try:
        with page.expect_response(lambda r: "/events/" in r.url and r.status == 200):
            page.goto(path)
        # Longer than the 3-second poll interval: with the stream standing, no polls.
        page.wait_for_timeout(4_000)
        assert polls == [], "a phone with a live stream does not poll"

        started = time.monotonic()
        _add_value(second, path, writer_session, "Tillid frem for kontrol")
        page.locator("#live").get_by_text("Tillid frem for kontrol").wait_for(timeout=2_500)
        assert time.monotonic() - started < 2.5
        assert len(polls) == 1, "one fetch, because the stream said so"

        # Cut: the stream cannot be opened again, and its server restarts.
        page.route("**/events/**", lambda route: route.abort())
        first.stop()
        first.start()
        first.wait()
        page.wait_for_timeout(4_000)
        fallback_polls = len(polls)
        assert fallback_polls >= 2, "without a stream the page polls"
        assert all(etag for _at, etag in polls[1:]), "polls carry the page's ETag"

        _add_value(second, path, writer_session, "Åbenhed om fejl")
        page.locator("#live").get_by_text("Åbenhed om fejl").wait_for(timeout=8_000)
        page.locator("#live").get_by_text("Tillid frem for kontrol").wait_for()
    finally:
        context.close()
