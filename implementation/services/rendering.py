"""Rendering a status report's PDF in a Celery worker, and queueing that rendering.

Like the catalogue's rendering (`catalog.services.rendering`): the task gets the report's id
and keeps its state in that row. It is idempotent: a ready report is left alone, and a new
rendering replaces the report's one file under a fixed name, so a redelivered message or a
retry never leaves two files. With acks_late the message goes back to the queue if the
worker dies mid-render; the broker's visibility timeout is longer than the hard time limit.

The task is defined here, beside the services it runs, and `implementation.tasks` (where
Celery looks for tasks) imports it from here: services never import `tasks`. Its registered
name stays `implementation.tasks.render_status_report`, so messages already queued under that
name are still delivered after an update.
"""

from __future__ import annotations

import hashlib
import io
import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from pypdf import PdfReader

from ..models import StatusReport

logger = logging.getLogger(__name__)

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
    # Read when run (report.py imports this module for `queue_report`).
    from .report import render_pdf

    claimed = (
        StatusReport.objects.filter(pk=report_id)
        .exclude(status=StatusReport.Status.READY)
        .update(
            status=StatusReport.Status.RENDERING,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            error="",
        )
    )
    if not claimed:
        # Already ready, or the report (and its process) is gone: nothing to do.
        return "skipped"
    report = StatusReport.objects.select_related("process__organisation").get(pk=report_id)
    try:
        pdf = render_pdf(report)
    except SoftTimeLimitExceeded:
        _report_failed(report_id, _("Making the PDF took too long."))
        return "failed"
    except Exception as error:
        logger.exception("Rendering status report %s failed", report_id)
        if self.request.retries < self.max_retries and not self.request.is_eager:
            StatusReport.objects.filter(pk=report_id).update(
                status=StatusReport.Status.QUEUED,
                error=_("Attempt %(attempt)d failed; trying again.")
                % {"attempt": self.request.retries + 1},
            )
            raise self.retry(exc=error, countdown=5 * (self.request.retries + 1)) from error
        _report_failed(report_id, _("The PDF could not be made: %(error)s") % {"error": error})
        return "failed"
    _store_report(report_id, pdf)
    return "ready"


def _report_failed(report_id: int, message: str) -> None:
    StatusReport.objects.filter(pk=report_id).update(
        status=StatusReport.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def _store_report(report_id: int, pdf: bytes) -> None:
    with transaction.atomic():
        report = StatusReport.objects.select_for_update().get(pk=report_id)
        name = report_file_name(report)
        storage = report.file.storage
        # One file per report: replace what an earlier or interrupted attempt left.
        path = report.file.field.generate_filename(report, name)
        if storage.exists(path):
            storage.delete(path)
        report.file.save(name, ContentFile(pdf), save=False)
        report.checksum = hashlib.sha256(pdf).hexdigest()
        report.size = len(pdf)
        report.page_count = len(PdfReader(io.BytesIO(pdf)).pages)
        report.status = StatusReport.Status.READY
        report.error = ""
        report.finished_at = timezone.now()
        report.save()


def queue_report(report_id: int) -> None:
    """Send the task with the report's id; raises one of QUEUE_ERRORS if the broker is down."""
    render_status_report.apply_async(args=[report_id], retry=False)
