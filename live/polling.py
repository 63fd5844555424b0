"""Conditional polling for the live pages: an unchanged poll costs one primary-key query.

Every few seconds each phone and projector asks for its fragment again with the ETag it was
last given (sent by static/live/live.js as If-None-Match). The ETag is an HMAC over

- the stored change markers of the scopes the page shows (`LiveStamp`, one query),
- the session cookie, the path and the language,

so it can only have come from a full, authorised answer to this session for this page.
When it still matches, nothing the page shows has changed since, and `LivePollMiddleware`,
first in the stack, answers 304 *before* the session, the user or any other middleware is
loaded: the client learns nothing it did not already have. Anything else (a change, another
session, no ETag) goes through the normal login, access checks and rendering. A membership
withdrawn mid-seminar therefore keeps getting 304s only until the next change, and never
sees new content.

Polling is the fallback: while a page holds its event stream (`live.stream`), it fetches
only when told of a change.
"""

import threading
from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve
from django.utils.crypto import salted_hmac
from django.utils.html import escape
from django.utils.translation import get_language_from_request
from django_htmx.http import HttpResponseClientRedirect

from .services import current_stamps, format_stamps, stored_stamps

# The poll's answer must never come from a cache without asking: the ETag check is the point.
POLL_CACHE_CONTROL = "private, no-cache"


def poll_etag(request: HttpRequest, stamps: str, path: str | None = None) -> str:
    """The ETag of the live fragment at `path` (the request's own by default) for this
    session and language, built from the change markers `stamps`. The language comes from
    the request itself (cookie, Accept-Language), so the shortcut can compute it before the
    locale middleware runs."""
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    language = get_language_from_request(request)
    message = "|".join([session, path or request.path, language, stamps])
    digest = salted_hmac("live.polling.etag", message, algorithm="sha256").hexdigest()
    return f'"{digest[:32]}"'


def etag_matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def _not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = POLL_CACHE_CONTROL
    return response


def stamps_in_one_query(keys: Iterable[str]) -> dict[str, int]:
    """The stored markers of `keys` for an unchanged poll: one query, the connection's health
    check (a second query) left out. A broken connection fails the query instead and is
    closed; the caller lets the request take the normal way, which reconnects."""
    if connection.connection is not None:
        connection.health_check_done = True
    try:
        return stored_stamps(keys)
    except DatabaseError:
        connection.close()
        raise


def unchanged_poll(request: HttpRequest) -> HttpResponse | None:
    """A 304 for an htmx poll of a live fragment that has not changed, else None (the
    request then takes the normal way). One primary-key query and no other."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    keys_for = getattr(match.func, "live_keys_for", None)
    if keys_for is None:
        return None
    try:
        stamps = format_stamps(stamps_in_one_query(keys_for(**match.kwargs)))
    except DatabaseError:
        return None
    etag = poll_etag(request, stamps)
    if etag_matches(request, etag):
        return _not_modified(etag)
    # Changed: the view renders, with the state read here (before any content), not again.
    request.live_poll_state = (stamps, etag)
    return None


class LivePollMiddleware:
    """Answer unchanged live polls before the rest of the stack runs (see the module docs).
    Only requests that carry both htmx's header and an ETag are looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        meta = request.META
        if (
            "HTTP_IF_NONE_MATCH" in meta
            and meta.get("HTTP_HX_REQUEST") == "true"
            and request.method in ("GET", "HEAD")
        ):
            response = unchanged_poll(request)
            if response is not None:
                return response
        return self.get_response(request)


def live_poll(keys_for: Callable[..., Iterable[str]]):
    """Decorate a live view whose fragment is polled; `keys_for(**url kwargs)` names the
    change scopes it shows. Sets `request.live_etag` for the view to embed in its fragment
    (and `request.live_stamps`, the state it was built from) and sends it on fragment
    answers; marks the view for `LivePollMiddleware`."""

    def decorator(view):
        # The view does its own login check: an htmx poll whose session ended is told to
        # go to the login page instead of being redirected inside the fragment.
        @login_not_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            stamps = etag = None
            if request.method in ("GET", "HEAD"):
                # Read before any content, so a change committed in between makes the next
                # poll fetch again instead of being missed.
                stamps, etag = getattr(request, "live_poll_state", (None, None))
                if etag is None:
                    stamps = current_stamps(keys_for(**kwargs))
                    etag = poll_etag(request, stamps)
                if request.htmx and etag_matches(request, etag):
                    return _not_modified(etag)
            if not request.user.is_authenticated:
                if request.htmx:
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
                return redirect_to_login(request.get_full_path())
            request.live_stamps, request.live_etag = stamps, etag
            response: HttpResponse = view(request, *args, **kwargs)
            if etag and request.htmx and response.status_code == 200:
                response["ETag"] = etag
                response["Cache-Control"] = POLL_CACHE_CONTROL
            return response

        wrapped.live_keys_for = keys_for
        return wrapped

    return decorator


# Shared fragments -------------------------------------------------------------------------

# Stands for the session's ETag in a fragment rendered once for many viewers.
ETAG_SLOT = "qh-live-etag-slot"
FRAGMENT_CACHE_SECONDS = 120
RENDER_WAIT_SECONDS = 2


def shared_fragment(request: HttpRequest, key: tuple, render: Callable[[str], str]):
    """The htmx fragment that every viewer in `key` sees alike, rendered once per state.

    After a change a whole group's phones (or every projector) fetch the same fragment within
    a moment; `render(etag)` runs for the first and the others get its copy with their own
    ETag put in. `key` must hold everything the fragment depends on besides the state:
    what it shows, the language, and who looks where that matters (hidden authors).
    """
    cache_key = ":".join(["live-fragment", str(request.live_stamps), *map(str, key)])
    html = cache.get(cache_key)
    if html is None:
        html = _render_once(cache_key, lambda: render(ETAG_SLOT))
    return HttpResponse(html.replace(ETAG_SLOT, escape(request.live_etag)))


_rendering: dict[str, threading.Event] = {}
_rendering_lock = threading.Lock()


def _render_once(cache_key: str, render: Callable[[], str]) -> str:
    """Render and cache; requests in this process that ask for the same fragment meanwhile
    wait for that rendering instead of making their own."""
    with _rendering_lock:
        done = _rendering.get(cache_key)
        first = done is None
        if first:
            done = _rendering[cache_key] = threading.Event()
    if not first:
        done.wait(RENDER_WAIT_SECONDS)
        html = cache.get(cache_key)
        return html if html is not None else render()
    try:
        html = render()
        cache.set(cache_key, html, FRAGMENT_CACHE_SECONDS)
        return html
    finally:
        with _rendering_lock:
            del _rendering[cache_key]
        done.set()
