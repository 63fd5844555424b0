"""Conditional polling for the live pages: an unchanged poll costs one primary-key query.

Every few seconds each phone and projector asks for its fragment again with the ETag it was
last given (sent by static/debate/live.js as If-None-Match). The ETag is an HMAC over

- the stored change markers of the scopes the page shows (`LiveStamp`, one query),
- the session cookie, the path and the language,

so it can only have come from a full, authorised answer to this session for this page.
When it still matches, nothing the page shows has changed since, and the poll is answered
304 *before* the session and the user are loaded: the client learns nothing it did not
already have. Anything else (a change, another session, no ETag) goes through the normal
login, access checks and rendering. A membership withdrawn mid-seminar therefore keeps
getting 304s only until the next change, and never sees new content.
"""

from collections.abc import Callable, Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import resolve_url
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django_htmx.http import HttpResponseClientRedirect

from .services.live import current_stamps

# The poll's answer must never come from a cache without asking: the ETag check is the point.
POLL_CACHE_CONTROL = "private, no-cache"


def poll_etag(request: HttpRequest, stamps: str) -> str:
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME, "")
    message = "|".join([session, request.path, get_language() or "", stamps])
    digest = salted_hmac("debate.live_polling.etag", message, algorithm="sha256").hexdigest()
    return f'"{digest[:32]}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in header.split(","))


def live_poll(keys_for: Callable[..., Iterable[str]]):
    """Decorate a live view whose fragment is polled; `keys_for(**url kwargs)` names the
    change scopes it shows. Sets `request.live_etag` for the view to embed in its fragment
    and sends it on fragment answers."""

    def decorator(view):
        # The view does its own login check, after the 304 shortcut (see the module docs).
        @login_not_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            etag = None
            if request.method in ("GET", "HEAD"):
                # Read before any content, so a change committed in between makes the next
                # poll fetch again instead of being missed.
                etag = poll_etag(request, current_stamps(keys_for(**kwargs)))
                if request.htmx and _matches(request, etag):
                    response = HttpResponseNotModified()
                    response["ETag"] = etag
                    response["Cache-Control"] = POLL_CACHE_CONTROL
                    return response
            if not request.user.is_authenticated:
                if request.htmx:
                    return HttpResponseClientRedirect(resolve_url(settings.LOGIN_URL))
                return redirect_to_login(request.get_full_path())
            request.live_etag = etag
            response: HttpResponse = view(request, *args, **kwargs)
            if etag and request.htmx and response.status_code == 200:
                response["ETag"] = etag
                response["Cache-Control"] = POLL_CACHE_CONTROL
            return response

        return wrapped

    return decorator
