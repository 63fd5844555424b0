"""The status report: who may ask for, read and download it; the PDF's content in the
report's language; the job row's progress, failure, retry and idempotent rendering."""

import datetime
import hashlib
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from core.jobs import STALL_AFTER
from implementation.models import Initiative, StatusReport, TrialAction
from implementation.services.report import report_context
from implementation.tasks import render_status_report
from tests.catalog.pdf_text import pdf_outline, pdf_pages, pdf_text, squash

from .builders import portfolio, themes_and_groups
from .factories import ProgressUpdateFactory, TrialActionFactory

pytestmark = pytest.mark.django_db

Status = StatusReport.Status


@pytest.fixture
def pairs(process):
    return themes_and_groups(process)


@pytest.fixture
def initiatives(process, pairs, member, leader):
    made = portfolio(process, pairs, initiatives=3, indicators=2, owner=member, improving=1)
    first = made[0]
    Initiative.objects.filter(pk=first.pk).update(
        frame_signed_off_by=leader, frame_signed_off_at=timezone.now()
    )
    ProgressUpdateFactory(
        initiative=first, written_on=datetime.date(2027, 3, 1), text="Første samtaler holdt."
    )
    ProgressUpdateFactory(
        initiative=first, written_on=datetime.date(2027, 5, 1), text="Alle brugere har haft MUS."
    )
    TrialActionFactory(
        initiative=first,
        title="MUS på værkstedet",
        stage=TrialAction.Stage.ACT,
        decision=TrialAction.Decision.ADOPT,
    )
    TrialActionFactory(
        initiative=first,
        title="MUS i grupper",
        started_on=datetime.date(2027, 2, 15),
        stage=TrialAction.Stage.ACT,
        decision=TrialAction.Decision.ABANDON,
        learning="Brugerne talte mindre, når de var flere.",
    )
    return made


def report_url(name, report, *args):
    return reverse(f"implementation:{name}", args=[report.process_id, report.pk, *args])


def make_report(process, requested_by, *, language="en", status=Status.QUEUED, **fields):
    return StatusReport.objects.create(
        process=process, language=language, requested_by=requested_by, status=status, **fields
    )


def rendered(process, requested_by, **kwargs) -> StatusReport:
    report = make_report(process, requested_by, **kwargs)
    assert render_status_report.apply(args=[report.pk]).get() == "ready"
    report.refresh_from_db()
    return report


# -- Access -------------------------------------------------------------------------------------


def process_urls(process):
    return {
        "reports": ("get", reverse("implementation:reports", args=[process.pk])),
        "create": ("post", reverse("implementation:report_create", args=[process.pk])),
        "preview": ("get", reverse("implementation:report_preview", args=[process.pk])),
    }


def report_urls(report):
    return {
        "report": ("get", report_url("report", report)),
        "status": ("get", report_url("report_status", report)),
        "retry": ("post", report_url("report_retry", report)),
        "pdf": ("get", report_url("report_pdf", report)),
    }


EXPECTED = {
    # name: {role: status}; "create" and "retry" succeed with a redirect.
    "reports": {"facilitator": 200, "leader": 200, "group_lead": 200, "member": 200},
    "preview": {"facilitator": 200, "leader": 200, "group_lead": 200, "member": 200},
    "report": {"facilitator": 200, "leader": 200, "group_lead": 200, "member": 200},
    "status": {"facilitator": 200, "leader": 200, "group_lead": 200, "member": 200},
    "pdf": {"facilitator": 200, "leader": 200, "group_lead": 200, "member": 200},
    "create": {"facilitator": 302, "leader": 302, "group_lead": 403, "member": 403},
    "retry": {"facilitator": 302, "leader": 302, "group_lead": 403, "member": 403},
}


@pytest.mark.parametrize("role", ["facilitator", "leader", "group_lead", "member", "external"])
def test_the_permission_matrix(
    request, as_user, process, initiatives, facilitator, role, django_capture_on_commit_callbacks
):
    report = rendered(process, facilitator)
    failed = make_report(process, facilitator, status=Status.FAILED, error="Skrifttypen mangler.")
    client = as_user(request.getfixturevalue(role))
    urls = {**process_urls(process), **report_urls(report)}
    urls["retry"] = ("post", report_url("report_retry", failed))
    for name, (method, url) in urls.items():
        data = {"language": "da", "audience": "council"} if name == "create" else None
        with django_capture_on_commit_callbacks(execute=False):
            response = getattr(client, method)(url, data)
        expected = 403 if role == "external" else EXPECTED[name][role]
        assert response.status_code == expected, (name, role)


def test_outsiders_get_404_and_visitors_the_login(
    client, process, initiatives, facilitator, outsider
):
    report = rendered(process, facilitator)
    urls = {**process_urls(process), **report_urls(report)}
    for name, (method, url) in urls.items():
        response = getattr(client, method)(url)
        assert response.status_code == 302 and "/login/" in response.url, name
    client.force_login(outsider.user)
    for name, (method, url) in urls.items():
        assert getattr(client, method)(url).status_code == 404, name


def test_a_wrong_method_gets_405(as_user, process, facilitator):
    report = make_report(process, facilitator, status=Status.FAILED, error="x")
    client = as_user(facilitator)
    for name, (method, url) in {**process_urls(process), **report_urls(report)}.items():
        wrong = client.get if method == "post" else client.post
        assert wrong(url).status_code == 405, name


def test_members_see_only_ready_reports(as_user, process, initiatives, facilitator, member):
    queued = make_report(process, facilitator)
    ready = rendered(process, facilitator, audience="staff")
    client = as_user(member)
    page = client.get(reverse("implementation:reports", args=[process.pk])).text
    assert report_url("report", ready) in page and report_url("report", queued) not in page
    assert "For all staff" in page
    assert "Make a new report" not in page
    for name in ("report", "report_status", "report_pdf"):
        assert client.get(report_url(name, queued)).status_code == 404, name


# -- Asking for a report and following its progress ----------------------------------------------


def test_a_manager_asks_for_a_report_and_downloads_the_pdf(
    as_user, process, initiatives, leader, django_capture_on_commit_callbacks
):
    client = as_user(leader)
    page = client.get(reverse("implementation:reports", args=[process.pk])).text
    assert "Make a new report" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("implementation:report_create", args=[process.pk]),
            {"language": "en", "audience": "other", "other_audience": "Brugerrådet"},
        )
    report = StatusReport.objects.get(process=process)
    assert response.status_code == 302 and response.url == report_url("report", report)
    assert (report.language, report.audience, report.requested_by) == ("en", "Brugerrådet", leader)
    assert report.status == Status.READY and report.attempts == 1
    page = client.get(report_url("report", report)).text
    assert report_url("report_pdf", report) in page and "hx-trigger" not in page
    download = client.get(report_url("report_pdf", report))
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    assert hashlib.sha256(data).hexdigest() == report.checksum and len(data) == report.size
    assert "For Brugerrådet" in squash(pdf_text(data))


def test_someone_else_needs_a_name_and_nothing_is_queued_without_one(
    as_user, process, leader, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = as_user(leader).post(
            reverse("implementation:report_create", args=[process.pk]),
            {"language": "en", "audience": "other", "other_audience": "  "},
        )
    assert response.status_code == 400
    assert "Say who the report is for." in response.text
    assert not StatusReport.objects.exists() and not callbacks


def test_the_status_fragment_polls_until_the_report_is_done(as_user, process, facilitator):
    report = make_report(process, facilitator, status=Status.RENDERING, started_at=timezone.now())
    client = as_user(facilitator)
    fragment = client.get(report_url("report_status", report), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert 'hx-trigger="every 2s"' in fragment.text and "<html" not in fragment.text
    StatusReport.objects.filter(pk=report.pk).update(status=Status.FAILED, error="Ingen plads.")
    fragment = client.get(report_url("report_status", report), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 286  # htmx stops polling
    assert "Ingen plads." in fragment.text and "hx-trigger" not in fragment.text


def test_a_failed_report_shows_why_and_a_manager_can_retry(
    as_user, process, initiatives, facilitator, member, django_capture_on_commit_callbacks
):
    report = make_report(process, facilitator, status=Status.FAILED, error="Skrifttypen mangler.")
    page = as_user(facilitator).get(report_url("report", report)).text
    assert "Skrifttypen mangler." in page and report_url("report_retry", report) in page
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(report_url("report_retry", report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.error) == (Status.READY, "")
    # Retrying a report that did not fail changes nothing.
    response = as_user(facilitator).post(report_url("report_retry", report), follow=True)
    assert "Only a report that failed can be made again." in response.text


@pytest.mark.parametrize(
    ("status", "field", "message"),
    [
        (Status.RENDERING, "started_at", "The rendering stopped unexpectedly"),
        (Status.QUEUED, "queued_at", "The rendering did not start"),
    ],
)
def test_a_stalled_report_is_shown_as_failed_and_the_retry_queues_it_again(
    as_user, process, initiatives, facilitator, status, field, message,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    report = make_report(process, facilitator, status=status)
    StatusReport.objects.filter(pk=report.pk).update(
        **{field: timezone.now() - STALL_AFTER - timedelta(seconds=1)}
    )
    client = as_user(facilitator)
    fragment = client.get(report_url("report_status", report), HTTP_HX_REQUEST="true")
    assert message in fragment.text and fragment.status_code == 286
    assert report_url("report_retry", report) in fragment.text
    listed = client.get(reverse("implementation:reports", args=[process.pk])).text
    assert "Failed" in listed
    # Reading a page never writes: the row keeps its status until someone retries.
    assert StatusReport.objects.get(pk=report.pk).status == status
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(report_url("report_retry", report))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.error) == (Status.READY, "")


def test_a_report_still_within_its_time_is_not_stalled(as_user, process, facilitator):
    report = make_report(process, facilitator, status=Status.RENDERING, started_at=timezone.now())
    response = as_user(facilitator).post(report_url("report_retry", report), follow=True)
    assert "Only a report that failed can be made again." in response.text
    assert StatusReport.objects.get(pk=report.pk).status == Status.RENDERING


# -- The rendering ---------------------------------------------------------------------------------


def test_rendering_twice_leaves_one_file_and_a_rerun_replaces_it(
    process, initiatives, facilitator, media
):
    report = rendered(process, facilitator)
    folder = media / "status-reports" / f"process-{process.pk}"
    assert [f.name for f in folder.iterdir()] == [f"status-report-{report.pk}.pdf"]
    # A duplicate delivery of a ready report does nothing.
    assert render_status_report.apply(args=[report.pk]).get() == "skipped"
    again = StatusReport.objects.get(pk=report.pk)
    assert (again.attempts, again.checksum) == (1, report.checksum)
    # A rerun (after a failure) renders into the same single file.
    StatusReport.objects.filter(pk=report.pk).update(status=Status.FAILED)
    assert render_status_report.apply(args=[report.pk]).get() == "ready"
    assert [f.name for f in folder.iterdir()] == [f"status-report-{report.pk}.pdf"]
    assert StatusReport.objects.get(pk=report.pk).attempts == 2


def test_a_report_that_cannot_be_rendered_fails_with_the_reason(process, facilitator, monkeypatch):
    report = make_report(process, facilitator)

    def broken(report, **kwargs):
        raise ValueError("no fonts")

    monkeypatch.setattr("implementation.services.report.render_pdf", broken)
    assert render_status_report.apply(args=[report.pk]).get() == "failed"
    report.refresh_from_db()
    assert report.status == Status.FAILED and "no fonts" in report.error and not report.file


@pytest.mark.parametrize(
    ("language", "contents", "initiatives_heading", "english"),
    [("da", "Indhold", "Tiltag", "Contents"), ("nb", "Innhold", "Tiltak", "Contents")],
)
def test_the_pdf_holds_every_initiative_and_indicator_in_the_reports_language(
    process, initiatives, facilitator, language, contents, initiatives_heading, english
):
    report = rendered(process, facilitator, language=language, audience="council")
    data = report.file.open("rb").read()
    text = squash(pdf_text(data))
    for initiative in initiatives:
        assert initiative.title in text
        for indicator in initiative.indicators.all():
            assert indicator.name in text
    assert contents in text and english not in text
    assert initiatives_heading in text
    assert "Alle brugere har haft MUS." in text  # the latest update
    assert "Første samtaler holdt." not in text  # not the earlier one
    assert "MUS i grupper" in text and "Brugerne talte mindre, når de var flere." in text
    assert report.page_count >= 4
    # Bookmarks: the themes and each initiative.
    outline = pdf_outline(data)
    assert "Tema 1" in outline and initiatives[0].title in outline


def test_the_preview_shows_the_report_in_the_language_asked_for(
    as_user, process, initiatives, member
):
    page = as_user(member).get(
        reverse("implementation:report_preview", args=[process.pk]) + "?language=nb"
    )
    text = page.text
    assert page.status_code == 200
    assert 'lang="nb"' in text and "Innhold" in text
    for initiative in initiatives:
        assert initiative.title in text
    assert text.count('class="qh-run-chart"') == 6
    assert "Signal" in text  # the improving indicator's sentence
    assert "MUS i grupper" in text


def test_text_people_typed_stays_text(as_user, process, initiatives, member):
    Initiative.objects.filter(pk=initiatives[0].pk).update(title='<script>alert("x")</script>')
    page = as_user(member).get(reverse("implementation:report_preview", args=[process.pk])).text
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page


def test_the_report_costs_the_same_queries_for_ten_times_the_initiatives(process, pairs, member):
    portfolio(process, pairs, initiatives=3, indicators=2, owner=member, improving=1)

    def count():
        with translation.override("da"), CaptureQueriesContext(connection) as queries:
            context = report_context(process, language="da")
        return len(queries), context

    small, _context = count()
    more = themes_and_groups(process, 3, prefix="Flere ")
    made = portfolio(process, more, initiatives=27, indicators=3, measurements=24, prefix="Mere")
    for initiative in made[:10]:
        TrialActionFactory(initiative=initiative)
        ProgressUpdateFactory(initiative=initiative)
    large, context = count()
    assert large == small
    assert sum(len(theme.initiatives) for theme in context["themes"]) == 30


def test_a_report_rendered_in_parts_reads_like_one_rendered_in_one_go(
    settings, process, initiatives, facilitator
):
    settings.PDF_PARTS_MIN_CHARS = 0
    settings.PDF_RENDER_PROCESSES = 1
    whole = rendered(process, facilitator, language="da").file.open("rb").read()
    settings.PDF_RENDER_PROCESSES = 2
    joined = rendered(process, facilitator, language="da").file.open("rb").read()
    assert joined != whole
    # The same pages with the same words: headers, footers ("3 / 9"), contents' numbers, the
    # run charts' labels; and the same bookmarks.
    assert [squash(p) for p in pdf_pages(joined)] == [squash(p) for p in pdf_pages(whole)]
    assert pdf_outline(joined) == pdf_outline(whole)
