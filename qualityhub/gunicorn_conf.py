"""Gunicorn in production: uvicorn workers running `qualityhub.asgi` (the live pages' event
streams served natively, the rest of Django in each worker's thread pool).

    gunicorn -c qualityhub/gunicorn_conf.py qualityhub.asgi:application

Why uvicorn workers under gunicorn: a held event stream must cost a coroutine, not a thread
(a thousand phones hold one each), and gunicorn keeps what it is good at: a master that
restarts dead workers, graceful reloads, one setting per knob.
"""

import os

bind = os.environ.get("BIND", "0.0.0.0:8000")
worker_class = "uvicorn_worker.UvicornWorker"
# Each worker has its own event loop (streams) and thread pool (WEB_THREADS, Django views).
workers = int(os.environ.get("WEB_WORKERS", "3"))
# Phones whose stream is down poll every few seconds: keep their connections open between
# polls rather than opening a new one each time.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "75"))
# Open event streams end at shutdown after this; the browsers reconnect to the new workers.
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "10"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
backlog = 2048
accesslog = os.environ.get("WEB_ACCESS_LOG", "-") or None
