"""Carry "scope X changed" from the process that committed a change to every process that
holds event streams for that scope.

Publishing happens after the commit (`bump_live_version` registers it with
`transaction.on_commit`), so a phone told about a change always finds it when it fetches.

Two carriers, chosen by the `LIVE_PUSH_REDIS_URL` setting:

- Redis pub/sub on one channel per installation: every web process (and machine)
  subscribes once and hands each message to the streams of its own that watch one of the
  named scopes. Messages are tiny ("g12,p3"), a few per second in a full seminar.
- In-process, when there is no Redis (`make run`): the one server process is both the writer
  and the stream holder; writes in worker threads hand the keys to the event loop.

A message that is lost (Redis restarting, a process starting after the change) costs at most
one fallback poll: streams that reconnect compare the page's ETag with the current one, and
the client polls while its stream is down.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings

logger = logging.getLogger(__name__)


def channel() -> str:
    """One channel per installation: Redis pub/sub ignores the database number, so two
    installations sharing a Redis server (staging and production) must not wake each other's
    streams. The database name tells installations apart."""
    return f"qualityhub:live:{settings.DATABASES['default']['NAME']}"


def _redis_url() -> str:
    return getattr(settings, "LIVE_PUSH_REDIS_URL", "")


# Publishing (any thread, any process) -----------------------------------------------------

_publishers: dict[str, object] = {}
_publisher_lock = threading.Lock()


def _redis_publisher(url: str):
    with _publisher_lock:
        if url not in _publishers:
            import redis

            _publishers[url] = redis.Redis.from_url(
                url, socket_timeout=2, socket_connect_timeout=2, health_check_interval=30
            )
        return _publishers[url]


def publish(keys: Iterable[str]) -> None:
    """Tell every stream watching one of `keys` that it changed. Never raises: a lost
    message is caught up by the fallback poll, a failed write would be worse."""
    message = ",".join(sorted(keys))
    if not message:
        return
    url = _redis_url()
    if url:
        try:
            _redis_publisher(url).publish(channel(), message)
        except Exception:  # noqa: BLE001 - see the docstring
            logger.warning("Could not publish a live change", exc_info=True)
        return
    hub.deliver_threadsafe(message)


# Receiving (inside the event loop of a server process) -------------------------------------


class Subscription:
    """One event stream's view of the hub: the keys it watches and a queue of the changed
    ones. The queue holds at most one pending wake-up; a stream reads the stamps anew anyway,
    so several changes before it wakes are one."""

    def __init__(self, hub: Hub, keys: frozenset[str]):
        self.hub = hub
        self.keys = keys
        self.changed: set[str] = set()
        self.event = asyncio.Event()

    def notify(self, keys: set[str]) -> None:
        self.changed |= keys
        self.event.set()

    async def wait(self, timeout: float) -> set[str]:
        """The keys changed since the last call, or an empty set after `timeout` seconds."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return set()
        self.event.clear()
        changed, self.changed = self.changed, set()
        return changed

    def close(self) -> None:
        self.hub.unsubscribe(self)


class Hub:
    """The process's registry of subscriptions, and (with Redis) its one listener."""

    def __init__(self):
        self.by_key: dict[str, set[Subscription]] = defaultdict(set)
        self.loop: asyncio.AbstractEventLoop | None = None
        self.listener: asyncio.Task | None = None
        # Set while the Redis subscription stands (always, without Redis): a stream compares
        # the page's state with the current one only after this, so no change slips between.
        self.ready = asyncio.Event()

    def subscribe(self, keys: Iterable[str]) -> Subscription:
        self.start()
        subscription = Subscription(self, frozenset(keys))
        for key in subscription.keys:
            self.by_key[key].add(subscription)
        return subscription

    def start(self) -> None:
        """Start listening (at server start-up, or with the first stream)."""
        loop = asyncio.get_running_loop()
        if loop is not self.loop:  # a new server loop (or a test's): start afresh
            self.loop, self.listener, self.ready = loop, None, asyncio.Event()
        if not _redis_url():
            self.ready.set()
        elif self.listener is None or self.listener.done():
            self.listener = self.loop.create_task(self._listen())

    async def until_ready(self, timeout: float = 3.0) -> bool:
        try:
            await asyncio.wait_for(self.ready.wait(), timeout)
        except TimeoutError:
            return False
        return True

    def unsubscribe(self, subscription: Subscription) -> None:
        for key in subscription.keys:
            watchers = self.by_key.get(key)
            if watchers is not None:
                watchers.discard(subscription)
                if not watchers:
                    del self.by_key[key]

    @property
    def watching(self) -> int:
        return len({s for watchers in self.by_key.values() for s in watchers})

    def deliver(self, message: str) -> None:
        keys = set(message.split(","))
        woken: dict[Subscription, set[str]] = {}
        for key in keys:
            for subscription in self.by_key.get(key, ()):
                woken.setdefault(subscription, set()).add(key)
        for subscription, changed in woken.items():
            subscription.notify(changed)

    def deliver_threadsafe(self, message: str) -> None:
        loop = self.loop
        if loop is None or loop.is_closed():
            return  # nobody holds a stream in this process
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self.deliver(message)
        else:
            loop.call_soon_threadsafe(self.deliver, message)

    async def _listen(self) -> None:
        """Hold one Redis subscription for the process; reconnect after a failure."""
        import redis.asyncio as aioredis

        delay = 0.5
        while True:
            client = aioredis.Redis.from_url(_redis_url(), health_check_interval=30)
            try:
                async with client.pubsub(ignore_subscribe_messages=True) as pubsub:
                    await pubsub.subscribe(channel())
                    self.ready.set()
                    delay = 0.5
                    async for message in pubsub.listen():
                        data = message.get("data")
                        if isinstance(data, bytes):
                            self.deliver(data.decode())
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - keep listening; streams fall back meanwhile
                self.ready.clear()
                logger.warning("Live change listener lost Redis; retrying", exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
            finally:
                await client.aclose()


hub = Hub()
