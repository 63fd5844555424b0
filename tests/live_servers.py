"""Two real servers for the live event streams: uvicorn running the production entry point
(`qualityhub.asgi`) in separate processes on the tests' PostgreSQL database, sharing one
Redis for their change notices. Used by the integration and the browser tests."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import redis
from django.db import connection

REDIS_DB = 8
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict, log: Path):
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env, self.log = env, log
        self.start()

    def start(self) -> None:
        handle = self.log.open("ab")
        self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [sys.executable, "-m", "uvicorn", "qualityhub.asgi:application", "--host",
             "127.0.0.1", "--port", str(self.port), "--no-access-log",
             "--timeout-graceful-shutdown", "1"],
            env=self.env, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise AssertionError(f"the server did not start:\n{self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _redis_url() -> str:
    url = (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return f"{url}/{REDIS_DB}"


@pytest.fixture(scope="module")
def live_servers(django_db_setup, tmp_path_factory):
    """Two servers, started once for the module, on the tests' database and one Redis."""
    if connection.vendor != "postgresql":
        if os.environ.get("CI"):
            pytest.fail("the live servers need the tests' database to be PostgreSQL")
        pytest.skip("the live servers need the tests' database to be PostgreSQL")
    url = _redis_url()
    try:
        redis.Redis.from_url(url).ping()
    except redis.exceptions.ConnectionError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"Redis is not running at {url}")
    db = connection.settings_dict
    env = dict(
        os.environ,
        QUALITYHUB_ENV="test",
        DATABASE_URL=(
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        LIVE_PUSH_REDIS_URL=url,
        ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    logs = tmp_path_factory.mktemp("live-servers")
    started = [Server(env, logs / f"server-{n}.log") for n in (1, 2)]
    try:
        for server in started:
            server.wait()
        yield started
    finally:
        for server in started:
            server.stop()


@pytest.fixture
def servers(live_servers, settings, transactional_db):
    """The two servers, with this test process publishing its own writes to the same Redis."""
    settings.LIVE_PUSH_REDIS_URL = _redis_url()
    return live_servers
