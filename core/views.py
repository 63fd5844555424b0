import logging

from django.contrib.auth.decorators import login_not_required
from django.contrib.staticfiles import finders
from django.db import DatabaseError, connection
from django.forms import BaseForm
from django.forms.utils import pretty_name
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@login_not_required
@never_cache
@require_safe
def healthz(request):
    """Liveness for load balancers and container health checks: 200 "ok" when the database
    answers a trivial query, 503 otherwise. Public, and says nothing about the installation."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever the page links: the
    icon from the static files, cached for a day."""
    path = finders.find("favicon.ico")
    if path is None:  # pragma: no cover - the icon is part of the static files
        raise Http404
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115
    response["Cache-Control"] = "public, max-age=86400"
    return response


# Errors that mean a service the page needs (the database, Redis) is down, not a bug: the
# visitor gets a 503 with Retry-After, and the app recovers by itself when the service is back.
def _unavailable_errors() -> tuple[type[BaseException], ...]:
    from django.db import InterfaceError, OperationalError

    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis comes with celery[redis]
        pass
    return tuple(errors)


UNAVAILABLE_ERRORS = _unavailable_errors()
# Fields whose values are never shown back on the error page.
SECRET_FIELDS = ("password", "csrfmiddlewaretoken", "token")


def _form_classes(base=BaseForm):
    for form_class in base.__subclasses__():
        yield form_class
        yield from _form_classes(form_class)


def field_labels(names: list[str]) -> dict[str, str]:
    """The labels the visitor saw for the posted field `names`.

    The request that failed does not say which form it came from, and the database may be
    down, so the labels come from the form classes (never instantiated): the one whose fields
    best match the posted names. A name no form knows is shown as Django shows a field
    without a label ("start_time" as "Start time").
    """
    wanted = {name.rsplit("-", 1)[-1] for name in names}  # without a form prefix
    best, best_score = {}, (0, 0)
    for form_class in _form_classes():
        fields = getattr(form_class, "base_fields", {})
        shared = len(wanted & fields.keys())
        score = (shared, -len(fields.keys() - wanted))
        if shared and score > best_score:
            best, best_score = fields, score
    labels = {}
    for name in names:
        field = best.get(name.rsplit("-", 1)[-1])
        labels[name] = (
            str(field.label)
            if field is not None and field.label
            else pretty_name(name.rsplit("-", 1)[-1])
        )
    return labels


@login_not_required
def server_error(request):
    """The 500 handler. A database or Redis outage becomes a 503 page that shows what the
    visitor had typed, so nothing is lost; anything else is a plain 500 page.

    Rendered without a request context: the context processors would ask the database for
    the user and the session.
    """
    import sys

    from django.template.loader import render_to_string

    error = sys.exc_info()[1]
    unavailable = isinstance(error, UNAVAILABLE_ERRORS)
    typed = []
    if unavailable and request.method == "POST":
        posted = [
            (name, values)
            for name, values in request.POST.lists()
            if not any(secret in name.lower() for secret in SECRET_FIELDS)
        ]
        labels = field_labels([name for name, _ in posted])
        for name, values in posted:
            for value in values:
                if value.strip() and len(value) > 1:
                    typed.append({"name": name, "label": labels[name], "value": value})
    html = render_to_string(
        "503.html" if unavailable else "500.html",
        {"typed": typed, "LANGUAGE_CODE": getattr(request, "LANGUAGE_CODE", "da")},
    )
    response = HttpResponse(html, status=503 if unavailable else 500)
    if unavailable:
        response["Retry-After"] = "30"
        logger.warning("Service unavailable for %s: %s", request.path, error)
    return response
