"""Benchmark of the spreading to the whole organisation: the pages all staff use.

    .venv/bin/python -m bench.spreading            # 70 staff and 700 staff
    .venv/bin/python -m bench.spreading --quick    # 70 and 140 staff, for CI

builds organisations whose staff sign up for café meetings and react on the initiatives
(700 staff, 50 meetings of 14 places and 2,000 reactions: comments, wishes to take part,
idea proposals and good stories; a tenth of that for the small one), then requests the
pages through Django's test client as a member of staff and prints, per page and size, the
database queries and the median server time. It runs on a throw-away test database
(PostgreSQL when DATABASE_URL points there, else SQLite) and exits non-zero if a page's
query count grows with the organisation: the count must be the same for every size.
"""

import argparse
import datetime
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")
os.environ.setdefault("QUALITYHUB_ENV", "test")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

INITIATIVES = 20
PLACES = 14
REPEAT = 5
TEXT = (
    "Vi prøvede det i træværkstedet i sidste uge. Brugerne forberedte sig selv, og samtalen "
    "blev meget bedre end før. Kan vi gøre det samme i kantinen?"
)


def build(staff: int, meetings: int, reactions: int, tag: str) -> dict:
    """An organisation in implementation with `staff` members who fill `meetings` café
    meetings and leave `reactions` reactions on the initiatives."""
    from catalog.models import Edition
    from implementation.models import Implementation, Initiative
    from organisations.models import Membership, Organisation
    from processes.models import Process, Theme
    from spreading.models import Comment, Meeting, Proposal, Series, SignUp, Story, Volunteer

    organisation = Organisation.objects.create(name=f"Benchmark {tag}", slug=f"bench-{tag}")
    password = make_password("bench")
    users = get_user_model().objects.bulk_create(
        get_user_model()(username=f"ansat{i}@{tag}.example", password=password, first_name="Ansat")
        for i in range(staff)
    )
    people = Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role="member", department="Værksted")
        for user in users
    )
    facilitator = Membership.objects.create(
        user=get_user_model().objects.create(username=f"facilitator@{tag}.example"),
        organisation=organisation,
        role="facilitator",
    )
    process = Process.objects.create(
        organisation=organisation,
        title=f"Benchmark {tag}",
        start_date=datetime.date(2027, 1, 10),
        end_date=datetime.date(2027, 5, 10),
        phase="implementation",
    )
    themes = [
        Theme.objects.create(process=process, title=f"Tema {t + 1}", position=t) for t in range(3)
    ]
    edition = Edition.objects.create(
        process=process, number=1, status="published", published_at=timezone.now(), snapshot={}
    )
    Implementation.objects.create(process=process, edition=edition, started_by=facilitator)
    initiatives = Initiative.objects.bulk_create(
        Initiative(
            process=process,
            title=f"Tiltag {i + 1}",
            description=TEXT,
            theme=themes[i % 3],
            owner=people[i],
            origin="other",
            origin_reason="Benchmark",
        )
        for i in range(INITIATIVES)
    )
    series = Series.objects.create(
        process=process, title="Cafémøder for alle", questions="Hvad?\nHvorfor?", agenda="Velkomst"
    )
    start = timezone.localdate() + datetime.timedelta(days=30)
    rooms = Meeting.objects.bulk_create(
        Meeting(
            series=series,
            date=start + datetime.timedelta(days=m),
            start_time=datetime.time(14),
            end_time=datetime.time(15, 30),
            place=f"Lokale {m + 1}",
            host=people[m],
            capacity=PLACES,
        )
        for m in range(meetings)
    )
    SignUp.objects.bulk_create(
        SignUp(
            meeting=rooms[i % meetings],
            membership=person,
            status="confirmed" if i < meetings * PLACES else "waiting",
        )
        for i, person in enumerate(people)
    )
    # 2,000 reactions at full size: 60 % comments, 30 % wishes, 7.5 % ideas, 2.5 % stories.
    comments, wishes = reactions * 60 // 100, reactions * 30 // 100
    ideas, stories = reactions * 75 // 1000, reactions * 25 // 1000
    Comment.objects.bulk_create(
        Comment(initiative=initiatives[i % INITIATIVES], author=people[i % staff], text=TEXT)
        for i in range(comments)
    )
    Volunteer.objects.bulk_create(
        Volunteer(initiative=initiatives[i % INITIATIVES], membership=people[i // INITIATIVES])
        for i in range(wishes)
    )
    Proposal.objects.bulk_create(
        Proposal(
            process=process,
            title=f"Idé {i + 1}",
            description=TEXT,
            initiative=initiatives[i % INITIATIVES],
            theme=themes[i % 3],
            author=people[i % staff],
        )
        for i in range(ideas)
    )
    Story.objects.bulk_create(
        Story(
            initiative=initiatives[i % INITIATIVES],
            title=f"Historie {i + 1}",
            text=TEXT * 3,
            author=people[i % staff],
            featured_at=timezone.now() if i % 5 == 0 else None,
        )
        for i in range(stories)
    )
    return {
        "organisation": organisation,
        "process": process,
        "viewer": people[-1],
        "initiative": initiatives[0],
        "series": series,
        "meeting": rooms[0],
        "facilitator": facilitator,
        "size": (staff, meetings, reactions),
    }


def pages(world) -> dict[str, tuple[str, object]]:
    """Page name → (URL, who asks)."""
    process, staff = world["process"], world["viewer"]
    return {
        "feed": (reverse("spreading:feed", args=[world["organisation"].slug]), staff),
        "series": (world["series"].get_absolute_url(), staff),
        "home": (reverse("spreading:home", args=[process.pk]), staff),
        "initiative": (
            reverse("spreading:initiative", args=[process.pk, world["initiative"].pk]),
            staff,
        ),
        "proposals": (reverse("spreading:proposals", args=[process.pk]), staff),
        "meeting (host)": (
            reverse("spreading:meeting", args=[process.pk, world["meeting"].pk]),
            world["facilitator"],
        ),
        "host kit": (
            reverse("spreading:host_kit", args=[process.pk, world["meeting"].pk]),
            world["facilitator"],
        ),
    }


def measure(world) -> dict[str, dict]:
    results = {}
    for name, (url, who) in pages(world).items():
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(who.user)
        client.get(url)  # warm up: sessions, templates
        timings = []
        for _ in range(REPEAT):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {response.status_code}")
        results[name] = {"queries": len(queries), "ms": statistics.median(timings) * 1000}
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    sizes = [(70, 5, 200), (140, 10, 400)] if args.quick else [(70, 5, 200), (700, 50, 2000)]

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # The tables straight from the models, without running every migration (about 8 s): the
    # benchmark builds all its rows itself and needs none that a data migration adds.
    connection.settings_dict["TEST"]["MIGRATE"] = False
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = []
        for staff, meetings, reactions in sizes:
            started = time.perf_counter()
            world = build(staff, meetings, reactions, f"{staff}")
            built = time.perf_counter() - started
            rows.append((world["size"], built, measure(world)))
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Spreading benchmark ({connection.vendor}); median of {REPEAT} requests")
    print(f"{'page':<16} " + " ".join(f"{f'{s[0]} staff':>22}" for s, _b, _r in rows))
    print(f"{'':<16} " + " ".join(f"{'queries':>10} {'ms':>11}" for _ in rows))
    failed = []
    for name in rows[0][2]:
        cells = [r[name] for _s, _b, r in rows]
        print(f"{name:<16} " + " ".join(f"{c['queries']:>10} {c['ms']:>11.1f}" for c in cells))
        if len({c["queries"] for c in cells}) != 1:
            failed.append(name)
    for (staff, meetings, reactions), built, _r in rows:
        print(f"{staff} staff, {meetings} meetings, {reactions} reactions: built in {built:.1f} s")
    if failed:
        print(f"FAIL: the query count grows with the organisation on: {', '.join(failed)}")
        return 1
    print("OK: every page takes the same number of queries for every size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
