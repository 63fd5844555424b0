"""Background work of the implementation phase: the scheduled update reminders (run by Celery
beat, see settings) and the status report's PDF."""

from __future__ import annotations

import datetime
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

from .models import StatusReport

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_update_reminders(today: str | None = None) -> int:
    """Email the owners of initiatives overdue for a progress update, once per overdue
    period. Idempotent: a second run (or a redelivered message) sends nothing new.

    `today` (an ISO date) stands in for the current date, for tests and catch-up runs.
    """
    from .services.reminders import remind_overdue_owners

    day = datetime.date.fromisoformat(today) if today else None
    return remind_overdue_owners(day)


# -- The status report's PDF ------------------------------------------------------------------
# Like the catalogue's rendering (catalog.tasks): the task gets the report's id and keeps its
# state in that row. It is idempotent: a ready report is left alone, and a new rendering
# replaces the report's one file under a fixed name, so a redelivered message or a retry
# never leaves two files. With acks_late the message goes back to the queue if the worker
# dies mid-render; the broker's visibility timeout is longer than the hard time limit.

REPORT_MAX_RETRIES = 2


def report_file_name(report) -> str:
    return f"status-report-{report.pk}.pdf"


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=REPORT_MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_status_report(self, report_id: int) -> str:
    from .services.report import render_pdf

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
