"""Benchmark of live seminar mode: a plenary of N people polling under gunicorn on PostgreSQL.

    .venv/bin/python -m bench.live_seminar            # N = 200 and 1,000, 30 s each
    .venv/bin/python -m bench.live_seminar --quick    # N = 50 for 5 s (CI)

Creates a fresh database (`qh_bench_live`, dropped at the end), migrates it, seeds one
process with N participants in groups of 20 and one seminar, logs everyone in by writing
sessions straight into the session store, and starts gunicorn. Then, for each N:

- every participant polls their group's live view every 2 s with If-None-Match (the first
  poll of each fetches the fragment and its ETag),
- one member of each group adds a value every 60 s (starting at a random moment),
- 5 projectors poll the plenary board every 3 s,

and, in a second phase of the same length against the same server, the same N clients poll
a bare Django view that answers 304 (the floor: the middleware stack, no query, no template).
It prints requests/s, p50 and p95 latency and the share of 304s for both.

The client runs on the same machine as the server and the database, so on a small machine
it competes with them for the CPU; the figures are an upper bound on the cost.
"""

import argparse
import asyncio
import datetime
import os
import random
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "qh_bench_live"
GROUP_SIZE = 20
POLL_EVERY = 2.0
BOARD_EVERY = 3.0
SUBMIT_EVERY = 60.0
PROJECTORS = 5


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: int = 0

    def add(self, status: int, seconds: float) -> None:
        self.latencies.append(seconds * 1000)
        self.statuses[status] = self.statuses.get(status, 0) + 1

    def problems(
        self, label: str, min_304_share: float = 0.0, require_answers: bool = True
    ) -> list[str]:
        """What makes this sample a failed benchmark: errors, error statuses, or (for polls)
        too few answers that were 304 Not Modified."""
        count = len(self.latencies)
        found = []
        if not count and require_answers:
            found.append(f"{label}: no answers")
        if self.errors:
            found.append(f"{label}: {self.errors} connection errors")
        bad = {s: c for s, c in self.statuses.items() if s >= 400}
        if bad:
            found.append(f"{label}: error statuses {bad}")
        if count and 100 * self.statuses.get(304, 0) / count < min_304_share:
            found.append(f"{label}: fewer than {min_304_share:.0f} % of polls answered 304")
        return found

    def row(self, label: str, n: int, duration: float) -> str:
        count = len(self.latencies)
        if not count:
            return f"{label:<14}{n:>6}  no answers ({self.errors} errors)"
        ordered = sorted(self.latencies)
        p50 = statistics.median(ordered)
        p95 = ordered[min(count - 1, int(count * 0.95))]
        share = 100 * self.statuses.get(304, 0) / count
        other = {s: c for s, c in self.statuses.items() if s not in (200, 304)}
        extra = f"  other: {other}" if other else ""
        if self.errors:
            extra += f"  errors: {self.errors}"
        return (
            f"{label:<14}{n:>6}{count / duration:>10.1f}{p50:>9.1f}{p95:>9.1f}{share:>8.1f}%{extra}"
        )


# Database and data ------------------------------------------------------------------------


def admin_url(base: str) -> str:
    return base.rstrip("/") + "/postgres"


def recreate_database(base: str) -> None:
    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}"')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def drop_database(base: str) -> None:
    with psycopg.connect(admin_url(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def seed(n: int) -> dict:
    """One organisation and process, N members in groups of 20, one seminar; a session per
    person. Returns what the clients need: URLs and session keys."""
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
    everyone = [facilitator_user, *users]
    for user in everyone:
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
        "participants": [
            (keys[i + 1], reverse("live:live_group", args=[process.pk, seminar.pk, g.pk]))
            for i, g in enumerate(groups[i // GROUP_SIZE] for i in range(n))
        ],
    }


# Load -------------------------------------------------------------------------------------


async def first_load(client, url, session, sample, gate):
    """Opening the live view: the full fragment and its ETag (no If-None-Match yet)."""
    async with gate:
        started = time.perf_counter()
        try:
            response = await client.get(
                url, headers={"HX-Request": "true"}, cookies={"sessionid": session}
            )
        except httpx.HTTPError:
            sample.errors += 1
            return None
        sample.add(response.status_code, time.perf_counter() - started)
        return response.headers.get("ETag")


async def poller(client, url, session, etag, every, sample, until):
    """One phone or projector polling with the ETag its last answer carried."""
    cookies = {"sessionid": session}
    await asyncio.sleep(random.uniform(0, every))
    while time.monotonic() < until:
        headers = {"HX-Request": "true"}
        if etag:
            headers["If-None-Match"] = etag
        started = time.perf_counter()
        try:
            response = await client.get(url, headers=headers, cookies=cookies)
        except httpx.HTTPError:
            sample.errors += 1
        else:
            sample.add(response.status_code, time.perf_counter() - started)
            etag = response.headers.get("ETag", etag)
        await asyncio.sleep(max(0.0, every - (time.perf_counter() - started)))


async def submitter(base, url, session, sample, until):
    """One member of a group: opens the page once (for the CSRF token), then adds a value
    every 60 s, as the phone form does."""
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        client.cookies.set("sessionid", session)
        await client.get(url)
        token = client.cookies.get("csrftoken")
        await asyncio.sleep(random.uniform(0, SUBMIT_EVERY))
        number = 0
        while time.monotonic() < until:
            number += 1
            data = {"kind": "value", "title": f"Værdi {number}", "text": "Fra benchmarken."}
            headers = {"HX-Request": "true", "X-CSRFToken": token or "", "Referer": base + url}
            started = time.perf_counter()
            try:
                response = await client.post(url, data=data, headers=headers)
            except httpx.HTTPError:
                sample.errors += 1
            else:
                sample.add(response.status_code, time.perf_counter() - started)
            await asyncio.sleep(max(0.0, SUBMIT_EVERY - (time.perf_counter() - started)))


async def run_phase(base, data, n, duration, floor=False):
    """Everyone opens their view first (at most 20 at a time, as people trickle in), then
    the timed steady state: polls, projectors and new entries for `duration` seconds."""
    loads, polls, boards, posts = Sample(), Sample(), Sample(), Sample()
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    participants = data["participants"][:n]
    targets = [("/bench/floor/" if floor else url, session) for session, url in participants]
    projectors = [] if floor else [(data["board"], data["facilitator"])] * PROJECTORS
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        gate = asyncio.Semaphore(20)
        started = time.monotonic()
        etags = await asyncio.gather(
            *(first_load(client, url, session, loads, gate) for url, session in targets),
            *(first_load(client, url, session, Sample(), gate) for url, session in projectors),
        )
        load_seconds = time.monotonic() - started
        until = time.monotonic() + duration
        tasks = [
            poller(client, url, session, etag, POLL_EVERY, polls, until)
            for (url, session), etag in zip(targets, etags, strict=False)
        ]
        tasks += [
            poller(client, url, session, etag, BOARD_EVERY, boards, until)
            for (url, session), etag in zip(projectors, etags[len(targets) :], strict=True)
        ]
        if not floor:
            for session, url in participants[::GROUP_SIZE]:
                tasks.append(submitter(base, url, session, posts, until))
        await asyncio.gather(*tasks)
    return (loads, load_seconds), polls, boards, posts


def start_gunicorn(env, port, workers, threads):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "qualityhub.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603 - our own fixed command


def wait_until_up(base: str, server) -> None:
    for _ in range(100):
        if server.poll() is not None:
            raise SystemExit("gunicorn did not start")
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 50 for 5 s (for CI)")
    parser.add_argument("--n", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per phase")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8817)
    parser.add_argument(
        "--database",
        default=os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432"),
        help="PostgreSQL server URL, without a database name",
    )
    parser.add_argument("--settings", default="bench.live_settings")
    args = parser.parse_args()
    if args.quick:
        args.n, args.duration = [50], 5.0

    problems: list[str] = []
    database_url = f"{args.database.rstrip('/')}/{DB_NAME}"
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE=args.settings,
        DATABASE_URL=database_url,
        DEBUG="0",
        QUALITYHUB_ENV="development",
    )
    env.pop("REDIS_URL", None)
    os.environ.update(env)
    recreate_database(args.database)
    server = None
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        data = seed(max(args.n))
        from django.db import connections

        connections.close_all()
        server = start_gunicorn(env, args.port, args.workers, args.threads)
        base = f"http://127.0.0.1:{args.port}"
        wait_until_up(base, server)
        print(
            f"gunicorn -w {args.workers} --threads {args.threads} (gthread), "
            f"{os.cpu_count()} CPUs, {args.duration:.0f} s per phase"
        )
        header = f"{'':<14}{'N':>6}{'req/s':>10}{'p50 ms':>9}{'p95 ms':>9}{'304':>9}"
        print(header)
        print("-" * len(header))
        for n in args.n:
            (loads, load_seconds), polls, boards, posts = asyncio.run(
                run_phase(base, data, n, args.duration)
            )
            print(loads.row("first loads", n, load_seconds))
            print(polls.row("group polls", n, args.duration))
            print(boards.row("board polls", PROJECTORS, args.duration))
            print(posts.row("entries added", (n - 1) // GROUP_SIZE + 1, args.duration))
            # Unchanged polls must stay cheap 304s; in a quiet group most polls are unchanged.
            problems += polls.problems("group polls", min_304_share=70)
            problems += boards.problems("board polls") + posts.problems(
                "entries added", require_answers=False
            )
            _, floor, _, _ = asyncio.run(run_phase(base, data, n, args.duration, floor=True))
            print(floor.row("floor (304)", n, args.duration))
            sys.stdout.flush()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database(args.database)
    if problems:
        print("FAIL: " + "; ".join(problems))
        return 1
    print("OK: every request answered, unchanged polls answered 304")
    return 0


if __name__ == "__main__":
    sys.exit(main())
