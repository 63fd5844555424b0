"""The production entry point (gunicorn with uvicorn workers; `make run` with uvicorn).

Live event streams are served natively by `live.stream.LiveStreamRouter`; every other
request runs Django's WSGI handler in a thread pool (a2wsgi). Django's own ASGI handler would
run each of the stack's sync middleware through its own thread hop, several per request; a
WSGI app in a pool costs one, as under a threaded WSGI server.
"""

import os

from a2wsgi import WSGIMiddleware
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")

django_app = get_wsgi_application()

from live.stream import LiveStreamRouter  # noqa: E402  (needs the apps loaded)

application = LiveStreamRouter(
    WSGIMiddleware(django_app, workers=int(os.environ.get("WEB_THREADS", "8")))
)
