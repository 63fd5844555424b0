"""The phones and projectors of the live seminar benchmark (`bench.live_seminar`), run as
separate processes so that the load generator is not the server's event loop:

    python -m bench.live_client < spec.json

Plain asyncio streams speaking HTTP/1.1 on keep-alive connections, as a browser would, and
cheaper on the CPU than a client library (a thousand streams and their fetches fit in one
or two processes). Two modes:

- `push`: every phone loads its fragment (200 and its ETag), opens its event stream with
  `?since=<etag>` and, on `changed`, fetches the fragment with `If-None-Match` on a second
  connection (after a random delay of up to 2 s for a change every page shows, as
  `live.js` does). It says `ready` on stdout once every stream stands, runs until it reads
  `stop` on stdin, then prints what each phone saw: for every benchmark marker
  (`bench-<phase>-<group>-<number>`, the title of an added value) the time it first
  received a fragment containing it.
- `poll`: every phone polls its fragment every `every` seconds on its own connection with the
  ETag of its last answer, from `start_at` for `duration` seconds. Latency is taken from the
  moment the poll was due, so a client that falls behind shows as latency.

Times are `time.monotonic()`, one clock for every process on the machine.
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import sys
import time
from urllib.parse import quote

MARKER = re.compile(rb"bench-\d+-\d+-\d+")
# As live.js: a group's phones spread their fetches over 0.1 s, a change every group shows
# over 2 s.
GROUP_SPREAD_SECONDS = 0.1
SHARED_SPREAD_SECONDS = 2.0
RECONNECT_SECONDS = 3.0


class HttpError(Exception):
    pass


def _request(host: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _read_head(reader: asyncio.StreamReader) -> tuple[int, dict[bytes, bytes]]:
    data = await reader.readuntil(b"\r\n\r\n")
    lines = data.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(b":")
            headers[name.strip().lower()] = value.strip()
    return status, headers


async def _read_chunk(reader: asyncio.StreamReader) -> bytes | None:
    """One chunk of a chunked body; None at its end."""
    size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
    if size == 0:
        while (await reader.readuntil(b"\r\n")) != b"\r\n":
            pass  # trailers
        return None
    return (await reader.readexactly(size + 2))[:-2]


async def _read_body(reader, status: int, headers: dict[bytes, bytes]) -> bytes:
    if status in (204, 304) or status < 200:
        return b""
    if b"content-length" in headers:
        return await reader.readexactly(int(headers[b"content-length"]))
    if b"chunked" in headers.get(b"transfer-encoding", b""):
        parts = []
        while (chunk := await _read_chunk(reader)) is not None:
            parts.append(chunk)
        return b"".join(parts)
    return await reader.read()


class Connection:
    """One keep-alive connection, reopened (and counted) when the server has closed it."""

    opened = 0

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def open(self) -> None:
        if self.writer is None or self.writer.is_closing() or self.reader.at_eof():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            Connection.opened += 1

    async def get(self, path: str, headers: dict[str, str]):
        for attempt in (1, 2):
            reused = self.writer is not None and not self.writer.is_closing()
            try:
                await self.open()
                self.writer.write(_request(f"{self.host}:{self.port}", path, headers))
                status, head = await _read_head(self.reader)
                body = await _read_body(self.reader, status, head)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as error:
                self.close()
                if attempt == 2 or not reused:
                    raise HttpError(repr(error)) from error
                continue  # an idle connection the server closed: reopen once, as browsers do
            if head.get(b"connection", b"").lower() == b"close":
                self.close()
            return status, head, body
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


class Stats:
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: dict[str, int] = {}
        self.errors: list[str] = []

    def add(self, status: int, milliseconds: float) -> None:
        self.latencies.append(round(milliseconds, 2))
        self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1

    def error(self, what: str) -> None:
        if len(self.errors) < 20:
            self.errors.append(what)
        self.statuses["error"] = self.statuses.get("error", 0) + 1

    def as_dict(self) -> dict:
        return {"latencies": self.latencies, "statuses": self.statuses, "errors": self.errors}


# Push ---------------------------------------------------------------------------------------


class Phone:
    """A phone or projector holding its event stream and fetching its fragment when told."""

    def __init__(self, spec: dict, host: str, port: int, stats: dict[str, Stats]):
        self.id = spec["id"]
        self.path = spec["path"]
        self.cookie = f"sessionid={spec['session']}"
        self.host, self.port = host, port
        self.fetches = stats["fetch"]
        self.stats = stats
        self.connection = Connection(host, port)
        self.etag = ""
        self.seen: dict[str, float] = {}
        self.fetching = False
        self.pending = False
        self.stream_up = asyncio.Event()
        self.pings = self.changes = self.drops = 0

    async def fetch(self, stats: Stats | None = None) -> None:
        """The fragment, with the ETag of the last answer (none at the first load)."""
        stats = stats or self.fetches
        headers = {"Cookie": self.cookie, "HX-Request": "true"}
        if self.etag:
            headers["If-None-Match"] = self.etag
        started = time.monotonic()
        try:
            status, head, body = await self.connection.get(self.path, headers)
        except HttpError as error:
            stats.error(f"fetch {self.path}: {error}")
            return
        now = time.monotonic()
        stats.add(status, (now - started) * 1000)
        if status == 200:
            self.etag = head.get(b"etag", b"").decode() or self.etag
            for marker in MARKER.findall(body):
                self.seen.setdefault(marker.decode(), now)

    async def changed(self, data: str) -> None:
        spread = SHARED_SPREAD_SECONDS if data == "shared" else GROUP_SPREAD_SECONDS
        await asyncio.sleep(random.uniform(0, spread))
        self.pending = True
        if self.fetching:
            return  # the running fetch goes round once more
        self.fetching = True
        try:
            while self.pending:
                self.pending = False
                await self.fetch()
        finally:
            self.fetching = False

    def event(self, raw: bytes) -> None:
        fields = {}
        for line in raw.decode().split("\n"):
            name, _, value = line.partition(":")
            fields[name] = value.removeprefix(" ")
        name = fields.get("event")
        if name == "ping":
            self.pings += 1
        elif name == "changed":
            self.changes += 1
            asyncio.ensure_future(self.changed(fields.get("data", "")))
        elif name == "gone":
            self.stats["stream"].error(f"gone {self.path}")

    async def hold_stream(self, stopping: asyncio.Event) -> None:
        events = self.path + "events/"
        while not stopping.is_set():
            writer = None
            try:
                reader, writer = await asyncio.open_connection(self.host, self.port)
                Connection.opened += 1
                since = quote(self.etag, safe="")
                headers = {"Cookie": self.cookie, "Accept": "text/event-stream"}
                host = f"{self.host}:{self.port}"
                writer.write(_request(host, f"{events}?since={since}", headers))
                status, head = await _read_head(reader)
                if status != 200 or b"chunked" not in head.get(b"transfer-encoding", b""):
                    self.stats["stream"].error(f"stream {events}: {status}")
                    return
                self.stream_up.set()
                buffer = b""
                while (chunk := await _read_chunk(reader)) is not None:
                    buffer += chunk
                    while b"\n\n" in buffer:
                        raw, buffer = buffer.split(b"\n\n", 1)
                        self.event(raw)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                pass
            finally:
                if writer is not None:
                    writer.close()
            if not stopping.is_set():
                self.drops += 1
                await asyncio.sleep(RECONNECT_SECONDS)


async def run_push(spec: dict) -> dict:
    stats = {"load": Stats(), "fetch": Stats(), "stream": Stats()}
    phones = [Phone(p, spec["host"], spec["port"], stats) for p in spec["phones"]]
    stopping = asyncio.Event()
    gate = asyncio.Semaphore(spec.get("opening_concurrency", 8))
    streams = []

    async def arrive(phone: Phone) -> None:
        # Opening the page: the fragment and its ETag, then the stream.
        async with gate:
            await phone.fetch(stats["load"])
        streams.append(asyncio.ensure_future(phone.hold_stream(stopping)))
        await asyncio.wait_for(phone.stream_up.wait(), 120)

    started = time.monotonic()
    await asyncio.gather(*(arrive(phone) for phone in phones), return_exceptions=True)
    opened = sum(phone.stream_up.is_set() for phone in phones)
    print("ready", json.dumps({"streams": opened, "seconds": time.monotonic() - started}))
    sys.stdout.flush()
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.readline)  # "stop"
    stopping.set()
    for task in streams:
        task.cancel()
    await asyncio.gather(*streams, return_exceptions=True)
    return {
        "phones": {p.id: {"seen": p.seen, "etag": p.etag} for p in phones},
        "pings": sum(p.pings for p in phones),
        "changes": sum(p.changes for p in phones),
        "drops": sum(p.drops for p in phones),
        "connections": Connection.opened,
        **{name: s.as_dict() for name, s in stats.items()},
    }


# Poll ---------------------------------------------------------------------------------------


async def run_poll(spec: dict) -> dict:
    stats = Stats()
    every = spec["every"]
    start_at = spec["start_at"]
    end_at = start_at + spec["duration"]
    etags: dict[str, str] = {}

    async def phone(p: dict) -> None:
        connection = Connection(spec["host"], spec["port"])
        etag = p["etag"]
        headers = {"Cookie": f"sessionid={p['session']}", "HX-Request": "true"}
        try:
            await connection.open()
        except OSError as error:
            stats.error(f"connect: {error!r}")
        due = start_at + random.uniform(0, every)
        while due < end_at:
            await asyncio.sleep(max(0.0, due - time.monotonic()))
            try:
                status, head, _body = await connection.get(
                    p["path"], {**headers, "If-None-Match": etag}
                )
            except HttpError as error:
                stats.error(f"poll {p['path']}: {error}")
            else:
                stats.add(status, (time.monotonic() - due) * 1000)
                if status == 200:
                    etag = head.get(b"etag", b"").decode() or etag
            due += every
        etags[p["id"]] = etag
        connection.close()

    await asyncio.gather(*(phone(p) for p in spec["phones"]))
    return {"poll": stats.as_dict(), "connections": Connection.opened, "etags": etags}


def main() -> None:
    spec = json.loads(sys.stdin.readline())
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    run = run_push if spec["mode"] == "push" else run_poll
    result = asyncio.run(run(spec))
    print("result", json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()
