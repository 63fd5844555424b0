"""Server-sent events for the live pages: each phone and projector holds one stream and is
told when the scopes its page shows have changed; it then fetches its fragment as a poll
would (with its ETag, through the normal view and its access checks). No content travels
in the stream, so what a person may see is decided in one place, the view.

The streams are served by `LiveStreamRouter`, a small ASGI application in front of Django
(see `qualityhub.asgi`): an idle stream is a coroutine waiting on the process's `notify.hub`,
not a thread. Everything else goes to Django. Under a WSGI server (the test client,
`runserver`) the stream URL answers 204 through `stream_unavailable`, and the page polls.

A stream

- is opened only for a logged-in member who may see the page (the same access check as the
  view); at every change it checks with one query that the membership still stands, and
  every `RECHECK_SECONDS` it runs the whole check again (the session may have ended, the
  role changed): a person who may no longer see the page is sent `gone` and the stream ends.
  Content is only ever fetched through the view, which checks in full;
- sends `changed` at once when the page's ETag (`since`) is already out of date, so nothing
  committed between rendering the page and opening the stream is missed;
- sends `ping` every `HEARTBEAT_SECONDS`, by which the client knows the stream is alive (a
  proxy that buffers lets no ping through, and the client falls back to polling);
- ends after `MAX_STREAM_SECONDS`, and the browser reconnects (`retry`), so no stream
  outlives a session for long.
"""

from __future__ import annotations

import asyncio
import io
import logging
import random
from dataclasses import dataclass
from functools import wraps

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.core.handlers.asgi import ASGIRequest
from django.db import DatabaseError, close_old_connections, connection
from django.http import Http404, HttpResponse, QueryDict
from django.urls import Resolver404, resolve
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache

from organisations.models import Membership

from . import notify
from .notify import hub, stamp_cache
from .polling import POLL_CACHE_CONTROL, etag_matches, poll_etag, stamps_in_one_query
from .services import current_stamps, format_stamps

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 20
# The whole check costs about ten queries: every ten minutes, a thousand streams cost little.
RECHECK_SECONDS = 600
MAX_STREAM_SECONDS = 30 * 60
RETRY_MILLISECONDS = 3000


@dataclass(frozen=True)
class StreamSpec:
    """What a live page's stream watches: `keys_for(**url kwargs)` names its scopes (as for
    polling), `authorise(request, **url kwargs)` raises Http404 or PermissionDenied as the
    page's view would, and `shared_keys(**url kwargs)` are the scopes every page shows (a
    change there wakes the whole hall, so clients spread their fetches)."""

    keys_for: object
    authorise: object
    shared_keys: object


def live_stream(spec: StreamSpec):
    """Mark a URL's view as a live page's event stream. Under WSGI the view itself answers
    204 (no stream here: poll); under ASGI `LiveStreamRouter` serves the stream instead."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        wrapped.live_stream = spec
        return wrapped

    return decorator


@login_not_required
@never_cache
def stream_unavailable(request, **kwargs):
    # 204 tells the browser not to reconnect; the page then polls.
    return HttpResponse(status=204)


# The stream -------------------------------------------------------------------------------


class Denied(Exception):
    def __init__(self, status: int):
        self.status = status


def _fragment_path(path: str) -> str:
    return path.removesuffix("events/")


def _check(scope: dict, spec: StreamSpec, kwargs: dict) -> tuple[int, str]:
    """In a worker thread: the session's user may see the page. Returns the membership that
    may, and the page's current ETag."""
    close_old_connections()
    try:
        request = ASGIRequest(scope, io.BytesIO())
        store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
        request.session = store(request.COOKIES.get(settings.SESSION_COOKIE_NAME))
        request.user = get_user(request)
        if not request.user.is_authenticated:
            raise Denied(403)
        try:
            spec.authorise(request, **kwargs)
        except Http404 as error:
            raise Denied(404) from error
        except PermissionDenied as error:
            raise Denied(403) from error
        stamps = current_stamps(spec.keys_for(**kwargs))
        return request.membership.pk, poll_etag(request, stamps, path=_fragment_path(request.path))
    finally:
        close_old_connections()


def _still_member(membership_id: int) -> bool:
    close_old_connections()
    try:
        return Membership.objects.filter(pk=membership_id).exists()
    finally:
        close_old_connections()


check = sync_to_async(_check, thread_sensitive=False)
still_member = sync_to_async(_still_member, thread_sensitive=False)


def _event(name: str, data: str = "") -> bytes:
    return f"event: {name}\ndata: {data}\n\n".encode()


async def _send_plain(send, status: int) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"text/plain; charset=utf-8")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def _until_disconnect(receive) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return


async def serve_stream(scope, receive, send, spec: StreamSpec, kwargs: dict) -> None:
    since = QueryDict(scope.get("query_string", b"").decode("latin-1")).get("since", "")
    shared = frozenset(spec.shared_keys(**kwargs))
    # Listen first, then read the current state: a change committed in between is either in
    # the state read or wakes the subscription, never lost.
    subscription = hub.subscribe(spec.keys_for(**kwargs))
    disconnected = asyncio.ensure_future(_until_disconnect(receive))
    try:
        await hub.until_ready()
        try:
            membership_id, etag = await check(scope, spec, kwargs)
        except Denied as denied:
            await _send_plain(send, denied.status)
            return
        loop = asyncio.get_running_loop()
        checked_at = loop.time()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream; charset=utf-8"),
                    (b"cache-control", b"no-store"),
                    # Tells nginx (and proxies that honour it) not to buffer the stream.
                    (b"x-accel-buffering", b"no"),
                ],
            }
        )
        opening = f"retry: {RETRY_MILLISECONDS}\n\n".encode()
        if since != etag:
            # Changed between rendering the page and opening the stream.
            opening += _event("changed", "page")
        await send({"type": "http.response.body", "body": opening, "more_body": True})
        # Spread the reconnects of a hall that opened its streams together.
        deadline = loop.time() + MAX_STREAM_SECONDS * random.uniform(0.9, 1.1)
        while not disconnected.done():
            waiting = asyncio.ensure_future(subscription.wait(HEARTBEAT_SECONDS))
            await asyncio.wait({waiting, disconnected}, return_when=asyncio.FIRST_COMPLETED)
            if disconnected.done():
                waiting.cancel()
                break
            changed = waiting.result()
            if not changed and loop.time() > deadline:
                break
            try:
                if loop.time() - checked_at > RECHECK_SECONDS:
                    membership_id, _etag = await check(scope, spec, kwargs)
                    checked_at = loop.time()
                elif changed and not await still_member(membership_id):
                    raise Denied(403)
            except Denied:
                await send(
                    {"type": "http.response.body", "body": _event("gone"), "more_body": True}
                )
                break
            if changed:
                body = _event("changed", "shared" if changed & shared else "group")
            else:
                body = _event("ping")
            await send({"type": "http.response.body", "body": body, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass  # the client went away while we wrote
    finally:
        subscription.close()
        disconnected.cancel()


# Unchanged polls ----------------------------------------------------------------------------


def _read_stamps(keys) -> dict[str, int]:
    # A worker thread outside Django's request cycle: retire an old or broken connection
    # here, as a request's start would.
    connection.close_if_unusable_or_obsolete()
    return stamps_in_one_query(keys)


read_stamps = sync_to_async(_read_stamps, thread_sensitive=False)


def _is_poll(scope) -> bool:
    htmx = etag = False
    for name, value in scope["headers"]:
        if name == b"hx-request":
            htmx = value == b"true"
        elif name == b"if-none-match":
            etag = True
    return htmx and etag


async def answer_unchanged_poll(scope, send, keys_for, kwargs) -> bool:
    """Answer an unchanged poll 304 without Django's request cycle, from the change markers
    this process holds (`notify.stamp_cache`, kept exact by the change notices), or read with
    one query. False when the poll must take the normal way (changed, or not sure)."""
    keys = list(keys_for(**kwargs))
    loop = asyncio.get_running_loop()
    stamps = stamp_cache.get(keys, loop.time())
    if stamps is None:
        snapshot = stamp_cache.snapshot(keys)
        try:
            stamps = await read_stamps(keys)
        except DatabaseError:
            return False
        stamp_cache.store(snapshot, stamps, loop.time())
    request = ASGIRequest(scope, io.BytesIO())
    etag = poll_etag(request, format_stamps(stamps))
    if not etag_matches(request, etag):
        return False
    await send(
        {
            "type": "http.response.start",
            "status": 304,
            "headers": [
                (b"etag", etag.encode()),
                (b"cache-control", POLL_CACHE_CONTROL.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": b""})
    return True


class LiveStreamRouter:
    """ASGI: live event streams and unchanged live polls here, everything else to `app`
    (Django). Polls are answered here only while the process hears every change (Redis
    pub/sub standing); otherwise Django's `LivePollMiddleware` answers them."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            if scope["path"].endswith("/events/") and scope["method"] == "GET":
                view = self._view_of(scope)
                spec = getattr(view.func, "live_stream", None) if view else None
                if spec is not None:
                    await serve_stream(scope, receive, send, spec, view.kwargs)
                    return
            elif notify.hears_every_change() and _is_poll(scope):
                view = self._view_of(scope)
                keys_for = getattr(view.func, "live_keys_for", None) if view else None
                if keys_for is not None and await answer_unchanged_poll(
                    scope, send, keys_for, view.kwargs
                ):
                    return
        await self.app(scope, receive, send)

    @staticmethod
    def _view_of(scope):
        path = scope["path"].removeprefix(scope.get("root_path", "")) or "/"
        try:
            return resolve(path)
        except Resolver404:
            return None

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                hub.start()  # listen before the first stream, so none waits for it
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
