"""A real Celery worker on the local Redis, working on the test's PostgreSQL database.

The worker is a separate process started with `celery -A qualityhub worker`; the tests use
`transaction=True` so that what they write is committed and the worker can read it. The
worker and the tests share the media folder, and use a Redis database of their own (flushed
at the start), so a leftover message from another run cannot interfere.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import redis
from django.db import connection
from kombu import pools

from qualityhub.celery import app as celery_app
from tests.catalog.conftest import second_lead  # noqa: F401 - a fixture used here too
from tests.live_servers import live_servers, servers  # noqa: F401 - fixtures used here

REDIS_DB = 7
BROKER_TIME_LIMIT = 20
BROKER_SOFT_TIME_LIMIT = 15
# Short, so a message whose worker died is handed out again within the test's patience.
VISIBILITY_TIMEOUT = 25


def broker_url() -> str:
    parts = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{REDIS_DB}", "", ""))


def point_app_at(url: str, *, eager: bool) -> None:
    """Send tasks to `url` from this process (the test settings run them eagerly)."""
    celery_app.conf.update(
        broker_url=url,
        task_always_eager=eager,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT},
    )
    # Forget connections to the previous broker (kombu keeps global pools per URL).
    pools.reset()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


class Worker:
    def __init__(self, env: dict, log: Path, pool: str = "solo"):
        self.env, self.log, self.process, self.pool = env, log, None, pool

    def start(self, timeout: float = 60) -> None:
        command = [
            sys.executable, "-m", "tests.integration.worker", f"--pool={self.pool}",
            "--concurrency=1", "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-l", "info",
        ]  # fmt: skip
        handle = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            command, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if b"ready." in self.log.read_bytes():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"the Celery worker did not start:\n{self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL, as when a machine or container dies: no chance to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker_env(settings, tmp_path, transactional_db):
    url = broker_url()
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {url}; the integration tests need it")
    media = tmp_path / "media"
    media.mkdir()
    settings.MEDIA_ROOT = media
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    if connection.vendor != "postgresql":
        message = "the worker needs the tests' database to be PostgreSQL"
        # As the Redis check above and the browser and fuzz tests: never a silent skip in CI.
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = dict(
        os.environ,
        QUALITYHUB_ENV="test",
        DATABASE_URL=database_url,
        REDIS_URL=url,
        MEDIA_ROOT=str(media),
        CELERY_TASK_TIME_LIMIT=str(BROKER_TIME_LIMIT),
        CELERY_TASK_SOFT_TIME_LIMIT=str(BROKER_SOFT_TIME_LIMIT),
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
    )
    point_app_at(url, eager=False)
    yield env
    point_app_at(settings.CELERY_BROKER_URL, eager=True)


@pytest.fixture
def start_worker(worker_env, tmp_path):
    workers = []

    def start(pool: str = "solo") -> Worker:
        worker = Worker(worker_env, tmp_path / f"worker-{len(workers) + 1}.log", pool)
        workers.append(worker)
        worker.start()
        return worker

    yield start
    for worker in workers:
        worker.stop()
