"""Rendering a status report's PDF in a Celery worker, and queueing that rendering.

Like the catalogue's rendering, the way every file job runs (`core.jobs.run_job`): the task
gets the report's id and keeps its state in that row; it is idempotent (a ready report is
left alone, and a new rendering replaces the report's one file under a fixed name), acks_late,
a few retries, then a message people can read.

The task is defined here, beside the services it runs, and `implementation.tasks` (where
Celery looks for tasks) imports it from here: services never import `tasks`. Its registered
name stays `implementation.tasks.render_status_report`, so messages already queued under that
name are still delivered after an update.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext_lazy

from core.jobs import JobKind, pdf_not_made, run_job, store_pdf

from ..models import StatusReport

REPORT_MAX_RETRIES = 2


def report_file_name(report) -> str:
    return f"status-report-{report.pk}.pdf"


@shared_task(
    name="implementation.tasks.render_status_report",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_status_report(self, report_id: int) -> str:
    return run_job(self, STATUS_REPORT_PDF, report_id, make=_make_pdf, store=_store_pdf)


def _make_pdf(report: StatusReport) -> bytes:
    # Read when run (report.py imports this module for `queue_report`).
    from .report import render_pdf

    return render_pdf(report)


def _store_pdf(report: StatusReport, pdf: bytes) -> None:
    store_pdf(report, report_file_name(report), pdf)


STATUS_REPORT_PDF = JobKind(
    model=StatusReport,
    working=StatusReport.Status.RENDERING,
    finished=[StatusReport.Status.READY],
    too_long=gettext_lazy("Making the PDF took too long."),
    failed=pdf_not_made,
    related=("process__organisation",),
)


def queue_report(report_id: int) -> None:
    """Send the task with the report's id; raises one of QUEUE_ERRORS if the broker is down."""
    render_status_report.apply_async(args=[report_id], retry=False)
