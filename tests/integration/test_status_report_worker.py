"""The status report's PDF pipeline end to end: a real worker, Redis, PostgreSQL, WeasyPrint."""

import hashlib
import time

import pytest
from django.conf import settings
from django.utils import translation

from implementation.models import StatusReport
from implementation.services.report import ReportError, request_report, retry_report
from implementation.tasks import render_status_report
from tests.catalog.pdf_text import pdf_text, squash
from tests.implementation.builders import portfolio, themes_and_groups

from .conftest import point_app_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

Status = StatusReport.Status


def wait_for(report_id: int, statuses: set[str], timeout: float = 90) -> StatusReport:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = StatusReport.objects.get(pk=report_id)
        if report.status in statuses:
            return report
        time.sleep(0.3)
    raise AssertionError(f"report {report_id} stayed {report.status!r} ({report.error!r})")


def files_of(report: StatusReport) -> list[str]:
    folder = settings.MEDIA_ROOT / "status-reports" / f"process-{report.process_id}"
    return sorted(f.name for f in folder.glob("*")) if folder.exists() else []


def test_a_worker_turns_a_requested_report_into_one_pdf(start_worker, process, leader, member):
    initiatives = portfolio(
        process, themes_and_groups(process), initiatives=4, indicators=2, owner=member, improving=1
    )
    start_worker()
    report = request_report(actor=leader, process=process, language="nb", audience="council")
    assert report.status in (Status.QUEUED, Status.RENDERING)

    report = wait_for(report.pk, {Status.READY, Status.FAILED})
    assert report.status == Status.READY, report.error
    assert report.attempts == 1
    data = report.file.open("rb").read()
    assert hashlib.sha256(data).hexdigest() == report.checksum and report.size == len(data)
    text = squash(pdf_text(data))
    assert "Innhold" in text  # Norwegian headings
    for initiative in initiatives:
        assert initiative.title in text
        for indicator in initiative.indicators.all():
            assert indicator.name in text
    assert files_of(report) == [f"status-report-{report.pk}.pdf"]

    # The same message again (a duplicate delivery) changes nothing: one file, same sum.
    render_status_report.apply_async(args=[report.pk])
    time.sleep(3)
    again = StatusReport.objects.get(pk=report.pk)
    assert (again.status, again.checksum, again.attempts) == (Status.READY, report.checksum, 1)
    assert files_of(report) == [f"status-report-{report.pk}.pdf"]

    # A retry after a failure renders into the same single file.
    StatusReport.objects.filter(pk=report.pk).update(status=Status.FAILED, error="Simulated")
    retry_report(actor=leader, report=report)
    report = wait_for(report.pk, {Status.READY, Status.FAILED})
    assert report.status == Status.READY and report.attempts == 2
    assert files_of(report) == [f"status-report-{report.pk}.pdf"]
    assert hashlib.sha256(report.file.open("rb").read()).hexdigest() == report.checksum


def test_with_redis_down_the_report_is_kept_as_failed_and_can_be_retried(
    worker_env, process, leader
):
    point_app_at("redis://127.0.0.1:1/0", eager=False)  # nothing listens on port 1
    with (
        translation.override("en"),
        pytest.raises(ReportError, match="The PDF service cannot be reached") as raised,
    ):
        request_report(actor=leader, process=process, language="da")
    report = raised.value.report
    assert StatusReport.objects.get(pk=report.pk).status == Status.FAILED

    # Once the broker is back, the retry queues it.
    point_app_at(worker_env["REDIS_URL"], eager=False)
    report = retry_report(actor=leader, report=report)
    assert report.status == Status.QUEUED and report.error == ""
