"""Benchmark of the value and idea catalogue: compiling the snapshot and rendering the PDF.

    .venv/bin/python -m bench.catalogue            # 3, 10, 30 and 80 groups (400 initiatives)
    .venv/bin/python -m bench.catalogue --quick    # 3 and 6 groups, for CI

prints, per size, the number of groups and initiatives, the seconds and database queries the
compilation takes, the seconds the HTML and the PDF take (wall clock and CPU), the PDF's pages
and size and the peak memory of the process that rendered it. Each PDF is rendered in a fresh
process (bench.pdf_process), as the Celery worker does; long ones in parts side by side
(catalog/services/parts.py), and the CPU time then counts the part processes too. For the
largest size it prints beside it, in the same run, bare WeasyPrint rendering the same words:
the catalogue's text as plain paragraphs, no stylesheet, no fonts (the floor; target: the PDF
within 1.2 x its time, and under 450 MB), and the same catalogue rendered in one process.
It runs on a throw-away test database (PostgreSQL when DATABASE_URL points
there, else SQLite) and exits non-zero if the compilation's query count grows with the
material: the count must be the same for every size.
"""

import argparse
import datetime
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qualityhub.settings")
os.environ.setdefault("QUALITYHUB_ENV", "test")
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)

from bench import pdf_process  # noqa: E402

INITIATIVES_PER_GROUP = 5
TARGET_RATIO = 1.2
TARGET_PEAK_MB = 450
VALUES_PER_GROUP = 4

TEXT = (
    "Brugerne er kolleger med ret til at blive hørt, ikke modtagere af omsorg. Vi taler med "
    "brugerne, ikke om dem, og vi giver dem indflydelse på det, der fylder i hverdagen. "
)


def build(groups: int, tag: str):
    from debate.models import GivenFrame, Idea, InfluenceItem, Value
    from organisations.models import Membership, Organisation
    from processes.models import Group, Process, Seminar, Theme, ValueStream

    user = get_user_model().objects.create(username=f"bench-{tag}")
    organisation = Organisation.objects.create(name=f"Benchmark {tag}", slug=f"bench-{tag}")
    author = Membership.objects.create(user=user, organisation=organisation, role="facilitator")
    process = Process.objects.create(
        organisation=organisation,
        title=f"Benchmark {tag}",
        purpose=TEXT,
        start_date=datetime.date(2027, 1, 10),
        end_date=datetime.date(2027, 5, 10),
    )
    streams = list(ValueStream.objects.order_by("number"))
    Seminar.objects.create(
        process=process, kind="kickoff", date=datetime.date(2027, 1, 20),
        start_time=datetime.time(9), end_time=datetime.time(15), summary=f"<p>{TEXT}</p>" * 3,
    )  # fmt: skip
    for g in range(groups):
        theme = Theme.objects.create(process=process, title=f"Tema {g + 1}", description=TEXT)
        theme.value_streams.set(streams[g % len(streams) : g % len(streams) + 2])
        GivenFrame.objects.create(theme=theme, kind="law", text=TEXT, reason=TEXT)
        group = Group.objects.create(process=process, theme=theme, name=f"Gruppe {g + 1}")
        values = [
            Value.objects.create(
                group=group,
                author=author,
                name=f"Værdi {g + 1}.{v + 1}",
                meaning=TEXT,
                examples=TEXT,
                dilemmas=TEXT,
                gap=TEXT,
                is_ideal=v < 2,
            )  # fmt: skip
            for v in range(VALUES_PER_GROUP)
        ]
        for i in range(INITIATIVES_PER_GROUP):
            idea = Idea.objects.create(
                group=group, author=author, title=f"Tiltag {g + 1}.{i + 1}", description=TEXT,
                improves_core_task=TEXT, spread_plan=TEXT, involved=["users", "staff"],
                users_role="co_creating", first_step=TEXT, status="selected",
            )  # fmt: skip
            idea.values.set(values[:2])
        for column in ("self", "co", "none"):
            InfluenceItem.objects.create(group=group, activity=f"Aktivitet {column}", column=column)
    return process


def measure(groups: int, tag: str, *, floor: bool, one_pass: bool = False) -> dict:
    from catalog.models import Edition
    from catalog.services.compile import compile_snapshot
    from catalog.services.render import render_html_document

    process = build(groups, tag)
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        snapshot = compile_snapshot(process)
    compile_seconds = time.perf_counter() - started
    edition = Edition(process=process, number=1, language="da", title=process.title)
    started = time.perf_counter()
    document = render_html_document(edition, snapshot)
    html_seconds = time.perf_counter() - started
    pdf = pdf_process.render("catalogue", document)
    row = {
        "groups": groups,
        "initiatives": groups * INITIATIVES_PER_GROUP,
        "compile_s": compile_seconds,
        "queries": len(queries),
        "html_s": html_seconds,
        "pdf_s": pdf.wall_s,
        "pdf_cpu_s": pdf.cpu_s,
        "peak_mb": pdf.peak_mb,
        "part_peak_mb": pdf.part_peak_mb,
        "pages": pdf.pages,
        "kb": len(pdf.pdf) / 1024,
    }
    if floor:
        row["floor"] = pdf_process.render("plain", pdf_process.words_only(document))
    if one_pass:  # the same document in one process, as before it was rendered in parts
        row["one_pass"] = pdf_process.render("catalogue", document, processes=1)
    return row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    args = parser.parse_args()
    sizes = [3, 6] if args.quick else [3, 10, 30, 80]

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        rows = [
            measure(n, f"{n}", floor=n == sizes[-1], one_pass=n == sizes[-1] and not args.quick)
            for n in sizes
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    print(f"Catalogue benchmark ({connection.vendor}, {os.cpu_count()} CPUs)")
    header = f"{'groups':>6} {'initiatives':>11} {'compile s':>9} {'queries':>7} "
    header += f"{'HTML s':>7} {'PDF s':>7} {'(CPU s)':>7} {'pages':>5} {'PDF KB':>7} {'peak MB':>7}"
    print(header)
    for r in rows:
        print(
            f"{r['groups']:>6} {r['initiatives']:>11} {r['compile_s']:>9.3f} {r['queries']:>7} "
            f"{r['html_s']:>7.3f} {r['pdf_s']:>7.2f} {r['pdf_cpu_s']:>7.2f} {r['pages']:>5} "
            f"{r['kb']:>7.0f} {r['peak_mb']:>7.0f}"
        )
    last = rows[-1]
    floor = last["floor"]
    print(
        f"  bare WeasyPrint, the same words as plain paragraphs ({last['initiatives']} "
        f"initiatives): {floor.wall_s:.2f} s (CPU {floor.cpu_s:.2f} s), {floor.pages} pages, "
        f"peak {floor.peak_mb:.0f} MB"
    )
    parts = f", largest part process {last['part_peak_mb']:.0f} MB" if last["part_peak_mb"] else ""
    print(
        f"  catalogue PDF / floor: {last['pdf_s'] / floor.wall_s:.2f} x wall clock, "
        f"{last['pdf_cpu_s'] / floor.cpu_s:.2f} x CPU of all its processes (target "
        f"{TARGET_RATIO} x); peak {last['peak_mb']:.0f} MB{parts} (target under "
        f"{TARGET_PEAK_MB} MB)"
    )
    if "one_pass" in last:
        one = last["one_pass"]
        print(
            f"  the same catalogue in one process: {one.wall_s:.2f} s (CPU {one.cpu_s:.2f} s), "
            f"{one.wall_s / floor.wall_s:.2f} x the floor's wall clock, peak {one.peak_mb:.0f} MB"
        )
    counts = {r["queries"] for r in rows}
    if len(counts) != 1:
        print(f"FAIL: compiling takes {sorted(counts)} queries: it grows with the material")
        return 1
    print(f"OK: compiling takes {counts.pop()} queries for every size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
