"""Benchmark of live seminar mode under the production server: pushed changes and polling.

    .venv/bin/python -m bench.live_seminar            # N = 200 and 1,000 phones
    .venv/bin/python -m bench.live_seminar --quick    # N = 50 for a few seconds (CI)

Creates a fresh database (`qh_bench_live`, dropped at the end), migrates it, seeds one
process with N participants in groups of 20 and one seminar, logs everyone in by writing
sessions straight into the session store, and starts the production server: gunicorn with
uvicorn workers on `qualityhub.asgi`, `--keep-alive 75`, Redis pub/sub carrying the changes
between the workers (`LIVE_PUSH_REDIS_URL`). Then, for each N, with 5 projectors on the board
and one member per group adding a value every 60 s through the group view's real POST:

1. PUSH: every phone loads its fragment, holds its event stream and fetches the fragment
   when told it changed (`bench.live_client`, raw asyncio, one or two processes). Measured:
   the server's CPU while the streams are idle (no change, pings only), and for every added
   value the time from its commit (the POST's answer; the view commits before answering)
   until every phone of the group has received a fragment showing it (its 200).
2. POLLING, paced: the streams closed, the same phones poll every 2 s with If-None-Match on
   keep-alive connections (as the fallback does): requests/s, p50/p95 from the moment each
   poll was due, the share of 304s, the server's CPU.
3. POLLING, flat out: wrk sends the same unchanged polls (every phone's path, cookie and ETag)
   as fast as the server answers, then the bare-Django 304 floor (`bench.live_urls`: the full
   middleware stack, no query): the server's CPU per request of each, so the ratio is the
   cost of the live poll over the floor.

The server's CPU is utime + stime of gunicorn's master and workers from /proc; PostgreSQL's
backends for the database are shown apart. Clients, wrk, PostgreSQL and Redis run on the
same machine and compete with the server for the CPU: on a small machine latencies are upper
bounds, CPU per request is not affected much.

`--quick` fails on errors, on a change that never reaches a phone, on fewer than 90 % of the
unchanged polls answered 304, and when an unchanged poll costs more than one query (counted
in-process with the test client against the same database). The full run prints the table
with the targets and fails on errors only.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "qh_bench_live"
GROUP_SIZE = 20
PROJECTORS = 5
POLL_EVERY = 2.0
SUBMIT_EVERY = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# Targets (full run): push p95 at the largest N, idle CPU, unchanged poll CPU over the floor,
# paced poll p95 at the largest N.
PUSH_P95_MS = 1000
IDLE_CPU_PERCENT = 5
POLL_OVER_FLOOR = 3
POLL_P95_MS = 100

# wrk: each thread takes every k-th line of the request file (path, session, ETag) and cycles
# through them; the statuses are counted per thread and summed in done().
WRK_SCRIPT = r"""
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local file, nthreads = args[1], tonumber(args[2])
  requests, n, s304, s200, other = {}, 0, 0, 0, 0
  local i = 0
  for line in io.lines(file) do
    if i % nthreads == id - 1 then
      local path, session, etag = line:match("^(%S+) (%S+) (.+)$")
      requests[#requests + 1] = wrk.format("GET", path, {
        ["Cookie"] = "sessionid=" .. session,
        ["HX-Request"] = "true",
        ["If-None-Match"] = etag,
      })
    end
    i = i + 1
  end
end

function request()
  n = n + 1
  return requests[(n - 1) % #requests + 1]
end

function response(status, headers, body)
  if status == 304 then s304 = s304 + 1
  elseif status == 200 then s200 = s200 + 1
  else other = other + 1 end
end

function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a, b, c = a + t:get("s304"), b + t:get("s200"), c + t:get("other")
  end
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d %d %d %.1f %.1f\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout,
    e.status, a, b, c, 0, latency:percentile(50), latency:percentile(95)))
end
"""


# Figures ------------------------------------------------------------------------------------


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: list[float], share: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


@dataclass
class Figures:
    """One N's results, by row label."""

    n: int
    values: dict[str, str] = field(default_factory=dict)
    raw: dict[str, float | None] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def put(self, label: str, value: float | None, fmt: str = "{:.0f}") -> None:
        self.raw[label] = value
        self.values[label] = "–" if value is None else fmt.format(value)


# Server CPU ---------------------------------------------------------------------------------


def _ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime, stime


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(c) for c in (task / "children").read_text().split()]
    return found


class CpuMeter:
    """CPU seconds of gunicorn (master and workers) and of the database's backends."""

    def __init__(self, server_pid: int, admin_url: str):
        self.server_pid = server_pid
        self.admin = psycopg.connect(admin_url, autocommit=True)

    def _db_ticks(self) -> dict[int, int]:
        pids = self.admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME]
        ).fetchall()
        return {pid: _ticks(pid) for (pid,) in pids}

    def sample(self) -> tuple[float, int, dict[int, int]]:
        server = sum(_ticks(p) for p in [self.server_pid, *_children(self.server_pid)])
        return time.monotonic(), server, self._db_ticks()

    def since(self, start) -> tuple[float, float, float]:
        """Wall seconds, server CPU seconds and database CPU seconds since `start`."""
        wall0, server0, db0 = start
        wall1, server1, db1 = self.sample()
        db = sum(ticks - db0.get(pid, 0) for pid, ticks in db1.items())
        return wall1 - wall0, (server1 - server0) / CLOCK_TICKS, db / CLOCK_TICKS


# Database and data --------------------------------------------------------------------------


def admin_url(base: str) -> str:
    return base.rstrip("/") + "/postgres"


def recreate_database(base: str) -> None:
    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database(base: str) -> None:
    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed(n: int) -> dict:
    """One organisation and process, N members in groups of 20, one seminar; a session per
    person. Returns what the clients need: paths and session keys."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.models import Session
    from django.urls import reverse
    from django.utils import timezone

    from live.services import live_state_for
    from organisations.models import Membership, Organisation
    from processes.models import Group, GroupMembership, Process, Seminar

    User = get_user_model()  # noqa: N806
    org = Organisation.objects.create(name="Benchmark kommune", slug="bench")
    facilitator_user = User.objects.create(username="facilitator@bench.local")
    Membership.objects.create(
        organisation=org, user=facilitator_user, role=Membership.Role.FACILITATOR
    )
    today = timezone.localdate()
    process = Process.objects.create(
        organisation=org,
        title="Slip værdidebatten løs",
        start_date=today,
        end_date=today + datetime.timedelta(days=120),
        created_by=facilitator_user,
    )
    password = make_password(None)
    users = User.objects.bulk_create(
        [User(username=f"p{i}@bench.local", password=password) for i in range(n)]
    )
    members = Membership.objects.bulk_create(
        [Membership(organisation=org, user=u, role=Membership.Role.MEMBER) for u in users]
    )
    groups = Group.objects.bulk_create(
        [Group(process=process, name=f"Gruppe {g + 1}") for g in range((n - 1) // GROUP_SIZE + 1)]
    )
    GroupMembership.objects.bulk_create(
        [
            GroupMembership(group=groups[i // GROUP_SIZE], membership=m, process=process)
            for i, m in enumerate(members)
        ]
    )
    seminar = Seminar.objects.create(
        process=process,
        kind=Seminar.Kind.MIDWAY,
        date=today,
        start_time="09:00",
        end_time="15:00",
    )
    live_state_for(seminar)
    store = SessionStore()
    expire = timezone.now() + datetime.timedelta(days=1)
    sessions = []
    for user in [facilitator_user, *users]:
        data = {
            "_auth_user_id": str(user.pk),
            "_auth_user_backend": "organisations.backends.EmailBackend",
            "_auth_user_hash": user.get_session_auth_hash(),
        }
        sessions.append(
            Session(
                session_key=store._get_new_session_key(),
                session_data=store.encode(data),
                expire_date=expire,
            )
        )
    Session.objects.bulk_create(sessions)
    keys = [s.session_key for s in sessions]
    return {
        "board": reverse("live:board", args=[process.pk, seminar.pk]),
        "facilitator": keys[0],
        "phones": [
            {
                "id": str(i),
                "group": i // GROUP_SIZE,
                "session": keys[i + 1],
                "path": reverse(
                    "live:live_group", args=[process.pk, seminar.pk, groups[i // GROUP_SIZE].pk]
                ),
            }
            for i in range(n)
        ],
    }


def unchanged_poll_queries(data: dict) -> tuple[int, int]:
    """In this process, through the test client and the whole middleware stack: the status
    and the number of queries of an unchanged poll."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    phone = data["phones"][0]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies["sessionid"] = phone["session"]
    etag = client.get(phone["path"], headers={"HX-Request": "true"})["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(phone["path"], headers={"HX-Request": "true", "If-None-Match": etag})
    return response.status_code, len(queries)


# Server and clients -------------------------------------------------------------------------


def start_server(env: dict, port: int, workers: int) -> subprocess.Popen:
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "qualityhub.asgi:application",
        "--worker-class",
        "uvicorn_worker.UvicornWorker",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--keep-alive",
        "75",
        "--backlog",
        "2048",
        "--graceful-timeout",
        "5",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command


def wait_until_up(base: str, server: subprocess.Popen, workers: int) -> None:
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            up = httpx.get(base + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            up = False
        if up and len(_children(server.pid)) >= workers:
            time.sleep(1)  # the other workers finish starting
            return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


async def start_client(spec: dict) -> asyncio.subprocess.Process:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.live_client",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        limit=2**27,
    )
    process.stdin.write((json.dumps(spec) + "\n").encode())
    await process.stdin.drain()
    return process


async def client_says(process: asyncio.subprocess.Process, tag: str, timeout: float) -> dict:
    while True:
        line = await asyncio.wait_for(process.stdout.readline(), timeout)
        if not line:
            raise SystemExit(f"a client process ended without saying {tag}")
        if line.startswith(tag.encode() + b" "):
            return json.loads(line[len(tag) + 1 :])


def client_processes(n: int) -> int:
    return 1 if n <= 300 else 2


class Submitter:
    """The member of a group who adds a value every 60 s through the live view's POST (an
    htmx submit, as the phone's form sends it)."""

    def __init__(self, base: str, phone: dict):
        self.phone = phone
        self.client = httpx.AsyncClient(base_url=base, timeout=30)
        self.client.cookies.set("sessionid", phone["session"])
        self.errors: list[str] = []

    async def prepare(self) -> None:
        await self.client.get(self.phone["path"])  # the page, for its CSRF cookie

    async def add(self, title: str) -> float | None:
        """Add a value; the time its commit was answered, or None."""
        token = self.client.cookies.get("csrftoken") or ""
        data = {"kind": "value", "title": title, "text": "Added by the benchmark."}
        headers = {"HX-Request": "true", "X-CSRFToken": token}
        try:
            response = await self.client.post(self.phone["path"], data=data, headers=headers)
        except httpx.HTTPError as error:
            self.errors.append(f"POST: {error!r}")
            return None
        if response.status_code != 200:
            self.errors.append(f"POST: {response.status_code}")
            return None
        return time.monotonic()

    async def run(self, tag: str, until: float, commits: dict, first_within: float) -> None:
        start = time.monotonic() + random.uniform(0, first_within)
        number = 0
        while start + number * SUBMIT_EVERY < until:
            await asyncio.sleep(max(0.0, start + number * SUBMIT_EVERY - time.monotonic()))
            number += 1
            marker = f"bench-{tag}-{self.phone['group']}-{number}"
            committed = await self.add(f"Value {marker}")
            if committed is not None:
                commits[marker] = (self.phone["group"], committed)

    async def close(self) -> None:
        await self.client.aclose()


def status_errors(statuses: dict[str, int]) -> dict[str, int]:
    return {s: c for s, c in statuses.items() if s == "error" or int(s) >= 400}


# Phases ---------------------------------------------------------------------------------------


@dataclass
class Run:
    base: str
    host: str
    port: int
    data: dict
    meter: CpuMeter
    quick: bool
    idle_seconds: float
    push_seconds: float
    poll_seconds: float
    wrk_seconds: float
    wrk_connections: int
    workdir: Path


async def push_phase(run: Run, n: int, figures: Figures) -> dict[str, str]:
    phones = run.data["phones"][:n]
    projectors = [
        {"id": f"board{i}", "path": run.data["board"], "session": run.data["facilitator"]}
        for i in range(PROJECTORS)
    ]
    k = client_processes(n)
    specs = [
        {
            "mode": "push",
            "host": run.host,
            "port": run.port,
            "phones": phones[i::k] + (projectors if i == 0 else []),
        }
        for i in range(k)
    ]
    progress(f"N = {n}: push: {n} phones and {PROJECTORS} projectors open their streams")
    clients = [await start_client(spec) for spec in specs]
    ready = [await client_says(c, "ready", 900) for c in clients]
    figures.put("streams open", sum(r["streams"] for r in ready))
    figures.put("opening: load + stream (s)", max(r["seconds"] for r in ready), "{:.1f}")
    if sum(r["streams"] for r in ready) < n + PROJECTORS:
        figures.errors.append(f"N={n}: only {sum(r['streams'] for r in ready)} streams open")
    groups = sorted({p["group"] for p in phones})
    submitters = [Submitter(run.base, phones[g * GROUP_SIZE]) for g in groups]
    await asyncio.gather(*(s.prepare() for s in submitters))

    progress(f"N = {n}: push: idle for {run.idle_seconds:g} s")
    await asyncio.sleep(2)  # the opening's last fetches settle
    client_pids = [c.pid for c in clients]
    client_ticks = sum(_ticks(p) for p in client_pids)
    start = run.meter.sample()
    await asyncio.sleep(run.idle_seconds)
    wall, server_cpu, db_cpu = run.meter.since(start)
    figures.put("idle server CPU (% of a core)", 100 * server_cpu / wall, "{:.1f}")
    figures.put("idle database CPU (% of a core)", 100 * db_cpu / wall, "{:.1f}")

    commits: dict[str, tuple[int, float]] = {}
    start = run.meter.sample()
    window = run.push_seconds
    progress(f"N = {n}: push: values added for {window:g} s")
    until = time.monotonic() + window
    await asyncio.gather(
        *(s.run(f"{n}", until, commits, min(window, SUBMIT_EVERY)) for s in submitters)
    )
    await asyncio.sleep(max(0.0, until - time.monotonic()) + (3 if run.quick else 5))
    wall, server_cpu, _db = run.meter.since(start)
    figures.put("server CPU with changes (% core)", 100 * server_cpu / wall, "{:.1f}")
    client_cpu = (sum(_ticks(p) for p in client_pids) - client_ticks) / CLOCK_TICKS
    for s in submitters:
        figures.errors += [f"N={n} submitter: {e}" for e in s.errors]
        await s.close()

    for c in clients:
        c.stdin.write(b"stop\n")
        await c.stdin.drain()
    results = [await client_says(c, "result", 120) for c in clients]
    for c in clients:
        await c.wait()
    seen = {pid: p["seen"] for r in results for pid, p in r["phones"].items()}
    etags = {pid: p["etag"] for r in results for pid, p in r["phones"].items()}
    members: dict[int, list[str]] = {}
    for phone in phones:
        members.setdefault(phone["group"], []).append(phone["id"])
    latencies, board_latencies, missed = [], [], 0
    for marker, (group, committed) in commits.items():
        times = [seen[pid].get(marker) for pid in members[group]]
        if None in times:
            missed += 1
        else:
            latencies.append((max(times) - committed) * 1000)
        board = [seen[p["id"]].get(marker) for p in projectors]
        if None not in board:
            board_latencies.append((max(board) - committed) * 1000)
    figures.put("changes (values added)", len(commits))
    figures.put("push p50 (ms): whole group has it", percentile(latencies, 0.5))
    figures.put("push p95 (ms)", percentile(latencies, 0.95))
    figures.put("push max (ms)", max(latencies, default=None))
    figures.put("changes missing on a phone", missed)
    figures.put("board push p95 (ms)", percentile(board_latencies, 0.95))
    fetches = [x for r in results for x in r["fetch"]["latencies"]]
    figures.put("fragment fetch p95 (ms)", percentile(fetches, 0.95))
    figures.put("pings received", sum(r["pings"] for r in results))
    figures.put("streams dropped", sum(r["drops"] for r in results))
    share = 100 * client_cpu / (run.idle_seconds + wall)
    figures.put("clients' CPU (% of a core)", share, "{:.1f}")
    if missed:
        figures.errors.append(f"N={n}: {missed} of {len(commits)} changes never reached a phone")
    if not commits:
        figures.errors.append(f"N={n}: no value was added")
    for r in results:
        for name in ("load", "fetch", "stream"):
            bad = status_errors(r[name]["statuses"])
            if bad:
                figures.errors.append(f"N={n} {name}: {bad} {r[name]['errors'][:3]}")
    return etags


async def paced_phase(run: Run, n: int, figures: Figures, etags: dict[str, str]) -> dict:
    phones = [
        {"id": p["id"], "path": p["path"], "session": p["session"], "etag": etags.get(p["id"], "")}
        for p in run.data["phones"][:n]
    ]
    phones += [
        {
            "id": f"board{i}",
            "path": run.data["board"],
            "session": run.data["facilitator"],
            "etag": etags.get(f"board{i}", ""),
        }
        for i in range(PROJECTORS)
    ]
    progress(f"N = {n}: paced polls for {run.poll_seconds:g} s")
    k = client_processes(n)
    start_at = time.monotonic() + 3
    spec = {"mode": "poll", "host": run.host, "port": run.port, "every": POLL_EVERY}
    spec |= {"start_at": start_at, "duration": run.poll_seconds}
    clients = [await start_client({**spec, "phones": phones[i::k]}) for i in range(k)]
    groups = sorted({p["group"] for p in run.data["phones"][:n]})
    # Values keep being added, but not in the last seconds: the ETags the polls end with are
    # then current, and wrk's polls after this phase are all unchanged.
    submitters = [Submitter(run.base, run.data["phones"][g * GROUP_SIZE]) for g in groups]
    await asyncio.gather(*(s.prepare() for s in submitters))
    await asyncio.sleep(max(0.0, start_at - time.monotonic()))
    start = run.meter.sample()
    if run.quick:
        await asyncio.sleep(run.poll_seconds)
    else:
        until = start_at + run.poll_seconds - 2 * POLL_EVERY
        await asyncio.gather(*(s.run(f"poll{n}", until, {}, SUBMIT_EVERY) for s in submitters))
        await asyncio.sleep(max(0.0, start_at + run.poll_seconds - time.monotonic()))
    wall, server_cpu, db_cpu = run.meter.since(start)
    for s in submitters:
        await s.close()
    results = [await client_says(c, "result", 120) for c in clients]
    for c in clients:
        await c.wait()
    latencies = [x for r in results for x in r["poll"]["latencies"]]
    statuses: dict[str, int] = {}
    for r in results:
        for status, count in r["poll"]["statuses"].items():
            statuses[status] = statuses.get(status, 0) + count
    answered = len(latencies)
    figures.put("paced: requests/s", answered / run.poll_seconds)
    figures.put("paced: p50 (ms)", percentile(latencies, 0.5), "{:.1f}")
    figures.put("paced: p95 (ms)", percentile(latencies, 0.95), "{:.1f}")
    figures.put("paced: 304 share (%)", 100 * statuses.get("304", 0) / max(answered, 1), "{:.1f}")
    figures.put("paced: errors", sum(status_errors(statuses).values()))
    figures.put("paced: connections opened", sum(r["connections"] for r in results))
    figures.put("paced: server CPU (% of a core)", 100 * server_cpu / wall, "{:.0f}")
    figures.put("paced: server CPU per poll (ms)", 1000 * server_cpu / max(answered, 1), "{:.2f}")
    bad = status_errors(statuses)
    if bad:
        errors = [e for r in results for e in r["poll"]["errors"]][:3]
        figures.errors.append(f"N={n} paced polls: {bad} {errors}")
    return {pid: etag for r in results for pid, etag in r["etags"].items()}


def wrk(run: Run, lines: list[str], name: str) -> tuple[dict, float, float]:
    requests = run.workdir / f"{name}.txt"
    requests.write_text("\n".join(lines) + "\n")
    script = run.workdir / "poll.lua"
    script.write_text(WRK_SCRIPT)
    threads = 1
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{run.wrk_connections}",
        f"-d{run.wrk_seconds:g}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        run.base,
        "--",
        str(requests),
        str(threads),
    ]
    progress(f"wrk: {name} for {run.wrk_seconds:g} s")
    start = run.meter.sample()
    out = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    _wall, server_cpu, db_cpu = run.meter.since(start)
    line = next((x for x in out.stdout.splitlines() if x.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk gave no result: {out.stdout}\n{out.stderr}")
    parts = line.split()[1:]
    keys = ["requests", "duration_us", "socket_errors", "status_errors", "s304", "s200", "other"]
    result = dict(zip(keys, (int(x) for x in parts[:7]), strict=True))
    result["p50"], result["p95"] = float(parts[8]) / 1000, float(parts[9]) / 1000
    return result, server_cpu, db_cpu


def flat_out_phase(run: Run, n: int, figures: Figures, etags: dict[str, str]) -> None:
    phones = run.data["phones"][:n]
    live = [f"{p['path']} {p['session']} {etags[p['id']]}" for p in phones if etags.get(p["id"])]
    floor = [f'/bench/floor/ {p["session"]} "bench-floor"' for p in phones]
    per_request = {}
    for name, lines in (("live", live), ("floor", floor)):
        result, server_cpu, db_cpu = wrk(run, lines, name)
        count = max(result["requests"], 1)
        seconds = result["duration_us"] / 1e6
        label = "wrk live poll" if name == "live" else "wrk floor 304"
        figures.put(f"{label}: requests/s", result["requests"] / seconds)
        figures.put(f"{label}: p50 / p95 (ms)", None)
        figures.values[f"{label}: p50 / p95 (ms)"] = f"{result['p50']:.0f} / {result['p95']:.0f}"
        figures.put(f"{label}: 304 share (%)", 100 * result["s304"] / count, "{:.1f}")
        errors = result["socket_errors"] + result["status_errors"]
        figures.put(f"{label}: errors", errors)
        per_request[name] = 1000 * server_cpu / count
        figures.put(f"{label}: server CPU/req (ms)", per_request[name], "{:.2f}")
        figures.put(f"{label}: database CPU/req (ms)", 1000 * db_cpu / count, "{:.2f}")
        if errors:
            figures.errors.append(f"N={n} {label}: {errors} errors")
        if name == "live" and 100 * result["s304"] / count < 90:
            figures.errors.append(f"N={n} {label}: fewer than 90 % of unchanged polls were 304")
    ratio = per_request["live"] / per_request["floor"]
    figures.put("live poll / floor (server CPU)", ratio, "{:.1f}x")


async def measure(run: Run, n: int) -> Figures:
    figures = Figures(n)
    etags = await push_phase(run, n, figures)
    etags = await paced_phase(run, n, figures, etags)
    await asyncio.to_thread(flat_out_phase, run, n, figures, etags)
    return figures


# Report ---------------------------------------------------------------------------------------


def targets(all_figures: list[Figures]) -> list[tuple[str, bool]]:
    largest = max(all_figures, key=lambda f: f.n)
    found = []

    def check(text: str, value: float | None, ok) -> None:
        found.append((text, value is not None and ok(value)))

    check(
        f"push p95 ≤ {PUSH_P95_MS} ms at N = {largest.n}",
        largest.raw.get("push p95 (ms)"),
        lambda v: v <= PUSH_P95_MS,
    )
    for f in all_figures:
        value = f.raw.get("idle server CPU (% of a core)")
        check(
            f"idle CPU < {IDLE_CPU_PERCENT} % at N = {f.n}",
            value,
            lambda v: v < IDLE_CPU_PERCENT,
        )
        value = f.raw.get("live poll / floor (server CPU)")
        check(f"unchanged poll ≤ {POLL_OVER_FLOOR}x floor at N = {f.n}", value, lambda v: v <= 3)
    check(
        f"paced poll p95 ≤ {POLL_P95_MS} ms at N = {largest.n}",
        largest.raw.get("paced: p95 (ms)"),
        lambda v: v <= POLL_P95_MS,
    )
    check("no errors", 0 if not any(f.errors for f in all_figures) else 1, lambda v: v == 0)
    return found


def print_table(all_figures: list[Figures]) -> None:
    labels = list(all_figures[0].values)
    width = max(len(label) for label in labels) + 2
    header = f"{'':<{width}}" + "".join(f"{'N = ' + str(f.n):>12}" for f in all_figures)
    print(header)
    print("-" * len(header))
    for label in labels:
        if label.endswith("requests/s"):
            print()
        row = "".join(f"{f.values.get(label, '–'):>12}" for f in all_figures)
        print(f"{label:<{width}}{row}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 50 for a few seconds (CI)")
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--idle", type=float, default=20.0, help="idle window, seconds")
    parser.add_argument("--push", type=float, default=90.0, help="change window, seconds")
    parser.add_argument("--poll", type=float, default=30.0, help="paced polling, seconds")
    parser.add_argument("--wrk", type=float, default=15.0, help="each wrk run, seconds")
    parser.add_argument("--wrk-connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=8817)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="Redis for the change notices between the workers",
    )
    parser.add_argument("--settings", default="bench.live_settings")
    args = parser.parse_args()
    if args.quick:
        args.n, args.idle, args.push, args.poll, args.wrk = [50], 2.0, 1.0, 4.0, 2.0
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk; scripts/test-system-deps.sh)")
    # A thousand streams and a thousand polling connections, in the server and the clients.
    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    database_url = f"{args.database.rstrip('/')}/{DB_NAME}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=args.settings,
        DATABASE_URL=database_url,
        DEBUG="0",
        QUALITYHUB_ENV="development",
        LIVE_PUSH_REDIS_URL=args.redis,
    )
    if args.quick:
        env["BENCH_SKIP_MIGRATIONS"] = "1"  # see bench.live_settings
    env.pop("REDIS_URL", None)  # cache and tasks in-process: the bench measures the pages
    os.environ.update(env)
    os.environ.pop("REDIS_URL", None)
    recreate_database(args.database)
    server = None
    problems: list[str] = []
    load_before = os.getloadavg()[0]
    try:
        syncdb = ["--run-syncdb"] if args.quick else []
        subprocess.run(  # noqa: S603 - our own fixed command
            [sys.executable, "manage.py", "migrate", "--verbosity", "0", *syncdb],
            cwd=ROOT,
            env=env,
            check=True,
        )
        data = seed(max(args.n))
        status, queries = unchanged_poll_queries(data)
        if status != 304 or queries > 1:
            problems.append(f"an unchanged poll answered {status} with {queries} queries")
        from django.db import connections

        connections.close_all()
        server = start_server(env, args.port, args.workers)
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(base, server, args.workers)
        meter = CpuMeter(server.pid, admin_url(args.database))
        all_figures = []
        with tempfile.TemporaryDirectory(prefix="qh-bench-live-") as workdir:
            run = Run(
                base=base,
                host="127.0.0.1",
                port=args.port,
                data=data,
                meter=meter,
                quick=args.quick,
                idle_seconds=args.idle,
                push_seconds=args.push,
                poll_seconds=args.poll,
                wrk_seconds=args.wrk,
                wrk_connections=args.wrk_connections,
                workdir=Path(workdir),
            )
            for n in args.n:
                all_figures.append(asyncio.run(measure(run, n)))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database(args.database)

    print(
        f"\nLive seminar, {datetime.datetime.now():%Y-%m-%d %H:%M}: gunicorn qualityhub.asgi, "
        f"{args.workers} uvicorn workers, keep-alive 75 s, Redis pub/sub; {os.cpu_count()} CPUs "
        f"shared by server, clients, wrk, PostgreSQL and Redis (load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after)"
    )
    print(
        f"Groups of {GROUP_SIZE}, {PROJECTORS} projectors, a value added per group every "
        f"{SUBMIT_EVERY:.0f} s; idle {args.idle:g} s, changes {args.push:g} s, paced polls "
        f"every {POLL_EVERY:g} s for {args.poll:g} s, wrk -c{args.wrk_connections} "
        f"{args.wrk:g} s each; unchanged poll: {queries} query, status {status}\n"
    )
    print_table(all_figures)
    problems += [e for f in all_figures for e in f.errors]
    if not args.quick:
        print()
        for text, met in targets(all_figures):
            print(f"{'met  ' if met else 'UNMET'}  {text}")
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("OK: no errors, every change reached every phone, unchanged polls answered 304")
    return 0


if __name__ == "__main__":
    sys.exit(main())
