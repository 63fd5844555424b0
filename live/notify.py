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


def hears_every_change() -> bool:
    """Does this process hear of every change, wherever it was made? Only with Redis (without
    it, notices reach only the process that made the change), and only while subscribed."""
    return bool(_redis_url()) and hub.loop is not None and hub.ready.is_set()


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
        stamp_cache.forget(keys)
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
                    # Notices may have been missed while unsubscribed: nothing cached holds.
                    stamp_cache.clear()
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
                stamp_cache.clear()
                logger.warning("Live change listener lost Redis; retrying", exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
            finally:
                await client.aclose()


class StampCache:
    """The change markers this process has read, kept while no notice says they changed, so
    an unchanged poll served by `live.stream` needs no query at all.

    Only used while the process listens on Redis (`hub.ready`): every change anywhere then
    reaches this process as a notice, which drops the keys it names. Entries also expire
    after `ttl` seconds, and everything is dropped whenever the subscription is lost or
    made, when notices may have been missed. A read that started before a notice for its
    key is not stored (the generation check), so an old value never outlives its notice.
    """

    def __init__(self, ttl: float = 5.0):
        self.ttl = ttl
        self.entries: dict[str, tuple[int, float]] = {}
        self.generation: dict[str, int] = defaultdict(int)
        self.epoch = 0

    def get(self, keys: Iterable[str], now: float) -> dict[str, int] | None:
        found = {}
        for key in keys:
            entry = self.entries.get(key)
            if entry is None or entry[1] < now:
                return None
            found[key] = entry[0]
        return found

    def snapshot(self, keys: Iterable[str]) -> tuple[int, dict[str, int]]:
        return self.epoch, {key: self.generation[key] for key in keys}

    def store(self, snapshot, stamps: dict[str, int], now: float) -> None:
        epoch, generations = snapshot
        if epoch != self.epoch:
            return
        for key, stamp in stamps.items():
            if self.generation[key] == generations.get(key):
                self.entries[key] = (stamp, now + self.ttl)

    def forget(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.generation[key] += 1
            self.entries.pop(key, None)

    def clear(self) -> None:
        self.epoch += 1
        self.entries.clear()


stamp_cache = StampCache()
hub = Hub()
