import logging

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequiredMiddleware
from django.core.exceptions import BadRequest
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)


class LoginRequiredMiddleware(DjangoLoginRequiredMiddleware):
    """Django's LoginRequiredMiddleware, asking the view before the user.

    Django's loads the session and the user (two queries) on every request, even for a view
    marked `login_not_required`. Asking the view first gives the same answers, and lets the
    views that do their own check (the live pages' 304 shortcut, health checks) stay cheap.
    """

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def _holds_nul(values) -> bool:
    return any("\x00" in value for value in values)


class RejectNulMiddleware:
    """A NUL byte in the path, the query string, a form field, an uploaded file's name or a
    cookie is answered 400 before any view runs.

    PostgreSQL refuses NUL in text, so such a value reaching a lookup is a 500; no person
    types one, and no field of ours may hold one. Checked here once rather than in every
    view and form. Lengths are bounded where they are known: by the forms' `max_length` and
    by the URL converters (`core.converters`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._holds_nul(request):
            # One line, no traceback: this is someone probing, not a bug of ours.
            logger.warning("Bad request: a NUL byte in %s %r", request.method, request.path)
            return bad_request(request, BadRequest("NUL byte in the request"))
        return self.get_response(request)

    def _holds_nul(self, request) -> bool:
        if (
            "\x00" in request.path_info
            or _holds_nul(self._texts(request.GET))
            or _holds_nul(request.COOKIES)
            or _holds_nul(request.COOKIES.values())
        ):
            return True
        return request.method == "POST" and (
            _holds_nul(self._texts(request.POST))
            or _holds_nul(self._texts(request.FILES, lambda upload: upload.name or ""))
        )

    @staticmethod
    def _texts(query_dict, text=str):
        for key, values in query_dict.lists():
            yield key
            yield from map(text, values)
