"""Benchmark of the implementation phase: the leaders' overview and the status report.

    .venv/bin/python -m bench.implementation            # 40 and 400 initiatives
    .venv/bin/python -m bench.implementation --quick    # 20 and 40 initiatives, for CI

Each initiative has 3 indicators with 24 measurements each (400 initiatives: 1,200
indicators, 28,800 measurements), spread over 8 themes with a group each. It prints, per size:

- the database queries of the overview page (process and organisation), which must be the
  same for every size (the run exits non-zero if they grow);
- the overview's server time: the median of N requests through Django's test client (the
  whole middleware stack, the queries, the run chart rules and the template; no network);
- the status report: seconds for its HTML (queries, run chart SVGs, template) and for the
  PDF (rendered in a fresh process, as the worker does: bench.pdf_process; in parts side by
  side, catalog/services/parts.py, its CPU time counting the part processes), the PDF's pages,
  size and the peak memory of the rendering process and of its largest part process, the
  same report rendered in one process, and beside it, in the same run, bare
  WeasyPrint rendering the same words: the report's text as plain paragraphs, no stylesheet,
  no fonts, no charts (the floor), the same document unstyled but with its charts, and the
  report without its charts (what the charts cost).

It runs on a throw-away test database (PostgreSQL when DATABASE_URL points there, else
SQLite). Targets: overview at most 200 ms at 400 initiatives; the report within 1.2 × the
floor and under 450 MB.
"""

import argparse
import datetime
import os
import re
import statistics
import sys
import time
from decimal import Decimal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")
os.environ.setdefault("QUALITYHUB_ENV", "test")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

from bench import pdf_process  # noqa: E402

INDICATORS = 3
MEASUREMENTS = 24
THEMES = 8
TARGET_MS = 200
TARGET_RATIO = 1.2
TARGET_PEAK_MB = 450

TEXT = (
    "Brugerne holder MUS-samtaler med en medarbejder om kompetencer, fastholdelse og løn. "
    "Vi prøver det først i værkstedet og tager det derefter til de andre afdelinger."
)


def build(initiatives: int, tag: str):
    """An organisation with one process of `initiatives` initiatives and their data."""
    from implementation.models import (
        Indicator,
        Initiative,
        Measurement,
        ProgressUpdate,
        TrialAction,
    )
    from organisations.models import Membership, Organisation
    from processes.models import Group, Process, Theme, ValueStream

    organisation = Organisation.objects.create(name=f"Benchmark {tag}", slug=f"bench-{tag}")
    users = get_user_model().objects
    leader = Membership.objects.create(
        user=users.create(username=f"leader-{tag}", first_name="Lene", last_name="Leder"),
        organisation=organisation,
        role="leader",
    )
    owners = [
        Membership.objects.create(
            user=users.create(username=f"owner-{tag}-{n}", first_name="Ejer", last_name=str(n)),
            organisation=organisation,
            role="member",
        )
        for n in range(20)
    ]
    process = Process.objects.create(
        organisation=organisation,
        title=f"Benchmark {tag}",
        purpose=TEXT,
        start_date=datetime.date(2027, 1, 10),
        end_date=datetime.date(2027, 5, 10),
    )
    streams = list(ValueStream.objects.order_by("number"))
    pairs = []
    for t in range(THEMES):
        theme = Theme.objects.create(process=process, title=f"Tema {t + 1}", position=t)
        theme.value_streams.set(streams[t % len(streams) : t % len(streams) + 2])
        pairs.append(
            (theme, Group.objects.create(process=process, theme=theme, name=f"Gruppe {t + 1}"))
        )
    today = datetime.date.today()
    statuses = ["planned", "trial", "running", "running", "anchored", "paused"]
    made = Initiative.objects.bulk_create(
        Initiative(
            process=process,
            theme=pairs[n % THEMES][0],
            group=pairs[n % THEMES][1],
            title=f"Tiltag {n + 1}: MUS for brugerne i afdeling {n % 17 + 1}",
            description=TEXT,
            origin="other",
            origin_reason="Foreslået på et cafémøde.",
            owner=owners[n % len(owners)],
            status=statuses[n % len(statuses)],
            status_changed_on=today - datetime.timedelta(days=n % 90),
            start_date=datetime.date(2027, 1, 4),
            end_date=datetime.date(2027, 12, 31),
            last_update_on=today - datetime.timedelta(days=n % 60),
        )
        for n in range(initiatives)
    )
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(initiative=i, written_on=i.last_update_on, text=TEXT) for i in made
    )
    TrialAction.objects.bulk_create(
        TrialAction(
            initiative=i,
            title=f"Prøvehandling {k + 1}",
            expectation=TEXT,
            started_on=datetime.date(2027, 2, 1) + datetime.timedelta(weeks=6 * k),
            stage="act" if k == 0 else "do",
            decision=("abandon" if n % 3 == 0 else "adopt") if k == 0 else "",
            learning=TEXT if k == 0 and n % 3 == 0 else "",
        )
        for n, i in enumerate(made)
        for k in range(2)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            initiative=i,
            name=f"Indikator {k + 1} for tiltag {n + 1}",
            unit="percent",
            better="higher",
            baseline_value=Decimal(60),
            baseline_date=datetime.date(2027, 1, 1),
            baseline_period_end=datetime.date(2027, 1, 4) + datetime.timedelta(weeks=11),
            target_value=Decimal(80),
            target_date=datetime.date(2027, 12, 31),
            position=k,
        )
        for n, i in enumerate(made)
        for k in range(INDICATORS)
    )
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            measured_on=datetime.date(2027, 1, 4) + datetime.timedelta(weeks=m),
            value=Decimal(
                (75 if m >= 12 else 60 + (m % 3) * 2 - 2) if n % 4 == 0 else 58 + (m * 7 % 5)
            ),
        )
        for n, indicator in enumerate(indicators)
        for m in range(MEASUREMENTS)
    )
    return process, leader


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def server_ms(client: Client, url: str, requests: int) -> tuple[float, float, float]:
    """The first request's wall-clock milliseconds (cold: nothing remembered yet), then the
    median wall-clock and CPU milliseconds of `requests` more. CPU time is this process's
    alone: on a shared machine it says what the page costs while the wall clock also counts
    the neighbours."""
    started = time.perf_counter()
    client.get(url)
    first = (time.perf_counter() - started) * 1000
    walls, cpus = [], []
    for _ in range(requests):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
        assert response.status_code == 200
    return first, statistics.median(walls), statistics.median(cpus)


def unstyled(document: str) -> str:
    """The same document without its stylesheet and fonts (charts kept)."""
    return re.sub(r"<style>.*?</style>", "", document, flags=re.S)


def without_charts(document: str) -> str:
    """The same report without its run charts (the images), styled and in parts as the
    report: what everything but the charts costs."""
    return re.sub(r'<img src="data:image/svg\+xml;base64,[^"]*" alt="[^"]*">', "", document)


def timed(function, *args):
    """(result, wall seconds, CPU seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = function(*args)
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(initiatives: int, *, requests: int, report: bool, quick: bool = False) -> dict:
    from implementation.models import StatusReport
    from implementation.services.report import render_html_document

    process, leader = build(initiatives, str(initiatives))
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(leader.user)
    overview = reverse("implementation:overview", args=[process.pk])
    organisation = reverse("implementation:organisation_overview", args=[process.organisation.slug])
    row = {
        "initiatives": initiatives,
        "indicators": initiatives * INDICATORS,
        "measurements": initiatives * INDICATORS * MEASUREMENTS,
    }
    # Timed first, so that the first request finds nothing remembered.
    row["first_ms"], row["overview_ms"], row["overview_cpu_ms"] = server_ms(
        client, overview, requests
    )
    row["queries"] = queries(client, overview)
    row["org_queries"] = queries(client, organisation)
    _first, row["filtered_ms"], row["filtered_cpu_ms"] = server_ms(
        client, overview + "?signal=on&status=running", requests
    )
    if not report:
        return row
    status_report = StatusReport(process=process, language="da", audience="council")
    document, row["html_s"], row["html_cpu_s"] = timed(render_html_document, status_report)
    # Each PDF in a fresh process (as the worker renders it), for its own peak memory.
    pdf = pdf_process.render("report", document)
    row["pdf_s"], row["pdf_cpu_s"], row["peak_mb"] = pdf.wall_s, pdf.cpu_s, pdf.peak_mb
    row["part_peak_mb"] = pdf.part_peak_mb
    row["pages"], row["kb"] = pdf.pages, len(pdf.pdf) / 1024
    floor = pdf_process.render("plain", pdf_process.words_only(document))
    row["floor_s"], row["floor_cpu_s"], row["floor_mb"] = floor.wall_s, floor.cpu_s, floor.peak_mb
    row["floor_pages"] = floor.pages
    if not quick:  # in one process (as before parts); what the charts cost; not in CI
        one = pdf_process.render("report", document, processes=1)
        row["one_s"], row["one_cpu_s"], row["one_mb"] = one.wall_s, one.cpu_s, one.peak_mb
        charts = pdf_process.render("plain", unstyled(document))
        row["charts_s"], row["charts_cpu_s"] = charts.wall_s, charts.cpu_s
        row["charts_pages"] = charts.pages
        bare = pdf_process.render("report", without_charts(document))
        row["no_charts_s"], row["no_charts_cpu_s"] = bare.wall_s, bare.cpu_s
        row["no_charts_pages"] = bare.pages
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    parser.add_argument("--no-report", action="store_true", help="the overview only")
    args = parser.parse_args()
    sizes = [20, 40] if args.quick else [40, 400]
    requests = 5 if args.quick else 15

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = [
            measure(
                n,
                requests=requests,
                report=(n == sizes[-1] and not args.no_report),
                quick=args.quick,
            )
            for n in sizes
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Implementation benchmark ({connection.vendor}, {os.cpu_count()} CPUs)")
    print(
        f"{'initiatives':>11} {'indicators':>10} {'measurements':>12} {'queries':>7} "
        f"{'org q.':>6} {'first ms':>8} {'overview ms':>11} {'(CPU ms)':>8} {'filtered ms':>11} "
        f"{'(CPU ms)':>8}"
    )
    for r in rows:
        print(
            f"{r['initiatives']:>11} {r['indicators']:>10} {r['measurements']:>12} "
            f"{r['queries']:>7} {r['org_queries']:>6} {r['first_ms']:>8.0f} "
            f"{r['overview_ms']:>11.0f} {r['overview_cpu_ms']:>8.0f} {r['filtered_ms']:>11.0f} "
            f"{r['filtered_cpu_ms']:>8.0f}"
        )
    last = rows[-1]
    if "pdf_s" in last:
        print(
            f"Status report of {last['initiatives']} initiatives "
            f"({last['indicators']} run charts): "
            f"HTML {last['html_s']:.1f} s (CPU {last['html_cpu_s']:.1f} s), "
            f"PDF {last['pdf_s']:.1f} s (CPU {last['pdf_cpu_s']:.1f} s), {last['pages']} pages, "
            f"{last['kb']:.0f} KB, peak {last['peak_mb']:.0f} MB"
            + (
                f", largest part process {last['part_peak_mb']:.0f} MB"
                if last["part_peak_mb"]
                else ""
            )
            + f" (target under {TARGET_PEAK_MB} MB; CPU of all its processes)"
        )
        if "one_s" in last:
            print(
                f"  the same report in one process: {last['one_s']:.1f} s "
                f"(CPU {last['one_cpu_s']:.1f} s), peak {last['one_mb']:.0f} MB"
            )
        print(
            f"  bare WeasyPrint, the same words as plain paragraphs: {last['floor_s']:.1f} s "
            f"(CPU {last['floor_cpu_s']:.1f} s, {last['floor_pages']} pages, "
            f"peak {last['floor_mb']:.0f} MB)"
        )
        if "charts_s" in last:
            print(
                "  bare WeasyPrint, the same document unstyled with its charts: "
                f"{last['charts_s']:.1f} s "
                f"(CPU {last['charts_cpu_s']:.1f} s, {last['charts_pages']} pages)"
            )
        if "no_charts_s" in last:
            print(
                "  the report without its run charts, in parts: "
                f"{last['no_charts_s']:.1f} s (CPU {last['no_charts_cpu_s']:.1f} s, "
                f"{last['no_charts_pages']} pages): "
                f"{last['no_charts_s'] / last['floor_s']:.2f} x the floor's wall clock"
            )
        report_cpu = last["html_cpu_s"] + last["pdf_cpu_s"]
        print(
            f"  report PDF / words floor: {last['pdf_s'] / last['floor_s']:.2f} x wall clock, "
            f"{last['pdf_cpu_s'] / last['floor_cpu_s']:.2f} x CPU (target {TARGET_RATIO} x); "
            f"with its HTML (CPU): {report_cpu / last['floor_cpu_s']:.2f} x"
        )

    failed = False
    counts = {(r["queries"], r["org_queries"]) for r in rows}
    if len(counts) != 1:
        print(f"FAIL: the overview's queries grow with the initiatives: {sorted(counts)}")
        failed = True
    else:
        print(f"OK: the overview takes {rows[0]['queries']} queries for every size")
    if not args.quick and last["overview_ms"] > TARGET_MS:
        print(f"NOTE: the overview took {last['overview_ms']:.0f} ms (target {TARGET_MS} ms)")
    if "pdf_s" in last and last["html_s"] + last["pdf_s"] > settings.CELERY_TASK_SOFT_TIME_LIMIT:
        print(
            f"NOTE: the report took longer than the task's soft time limit "
            f"({settings.CELERY_TASK_SOFT_TIME_LIMIT} s)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
