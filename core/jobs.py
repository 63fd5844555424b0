"""Rows a Celery task makes a file for, and the one way such a task runs.

A job row (an edition's PDF, a status report, a person's data download) holds all of its
task's state: queued, being made, ready or failed, the attempts, the error people see, the
times. The task gets the row's id and calls `run_job`, which

1. claims the row with one conditional UPDATE, so a redelivered message for a finished row
   does nothing (the task is idempotent);
2. makes the file; a failed attempt puts the row back in the queue and retries, a few times,
   before the row is marked failed with a message people can read; a soft time limit fails
   it at once;
3. stores the file under the row's lock, replacing what an earlier or interrupted attempt
   left, and marks the row ready in the same transaction.

With acks_late the message goes back to the queue if the worker dies mid-task; the broker's
visibility timeout is longer than the hard time limit (see settings), so a task still running
is never handed to a second worker. A row whose worker or message was lost is shown as failed
once it has waited longer than any task may take (`PdfJob.stalled_message`).
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

logger = logging.getLogger(__name__)

# Longer than any task may run: a row still queued or working after this was lost.
STALL_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
ERROR_LENGTH = 2000


class JobStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    RENDERING = "rendering", gettext_lazy("Rendering")
    READY = "ready", gettext_lazy("Ready")
    FAILED = "failed", gettext_lazy("Failed")


class PdfJob(models.Model):
    """A PDF made by a Celery task. Subclasses add what it is a PDF of and its `file` (each
    in a folder of its own)."""

    Status = JobStatus

    status = models.CharField(
        gettext_lazy("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(gettext_lazy("attempts"), default=0)
    error = models.TextField(gettext_lazy("error"), blank=True)
    checksum = models.CharField(gettext_lazy("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(gettext_lazy("size in bytes"), default=0)
    page_count = models.PositiveIntegerField(gettext_lazy("pages"), default=0)
    queued_at = models.DateTimeField(gettext_lazy("queued"), auto_now_add=True)
    started_at = models.DateTimeField(gettext_lazy("started"), null=True, blank=True)
    finished_at = models.DateTimeField(gettext_lazy("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def stalled_message(self) -> str:
        """Why the rendering will not finish by itself, or "" while it still may.

        Read-only: a page shows a stalled job as failed, with its retry button, and nothing is
        written until someone retries it."""
        if self.status == JobStatus.RENDERING:
            since, message = self.started_at, _("The rendering stopped unexpectedly. Try again.")
        elif self.status == JobStatus.QUEUED:
            since, message = self.queued_at, _("The rendering did not start. Try again.")
        else:
            return ""
        if since and timezone.now() - since > STALL_AFTER:
            return str(message)
        return ""

    @property
    def shown_status(self) -> str:
        """The status people see: a stalled job counts as failed."""
        return JobStatus.FAILED if self.stalled_message else self.status

    @property
    def shown_status_label(self) -> str:
        return JobStatus(self.shown_status).label

    @property
    def shown_error(self) -> str:
        return self.stalled_message or self.error

    @property
    def is_done(self) -> bool:
        return self.shown_status in (JobStatus.READY, JobStatus.FAILED)

    def queue_again(self) -> None:
        """Back in the queue, for a retry of a failed (or stalled) job: call with the row
        locked, and send the task after the commit."""
        self.status = JobStatus.QUEUED
        self.error = ""
        self.queued_at = timezone.now()
        self.started_at = self.finished_at = None
        self.save(update_fields=["status", "error", "queued_at", "started_at", "finished_at"])


@dataclass(frozen=True)
class JobKind:
    """How one kind of job row is worked on by `run_job`."""

    model: type[models.Model]
    working: str  # the status while the task works
    finished: Iterable[str]  # the statuses a task leaves alone
    too_long: str  # the error when the soft time limit strikes (lazy text)
    # The error after the last attempt failed (a person reads it: no internals unless the
    # message is meant for the people who can retry).
    failed: Callable[[Exception], str]
    related: tuple[str, ...] = ()  # select_related for the row the work gets
    retry_after: int = 5  # seconds before the next attempt, times the attempt's number


def run_job(
    task,
    kind: JobKind,
    job_id,
    make: Callable[[models.Model], bytes],
    store: Callable[[models.Model, bytes], None],
) -> str:
    """Claim job `job_id`, make its file with `make(row)` and store it with `store(locked
    row, content)`, which sets the row's file fields; the row is saved ready after it.
    `task` is the bound Celery task (for its retries). Returns "ready", "failed" or
    "skipped" (finished, or gone)."""
    manager = kind.model._default_manager
    claimed = (
        manager.filter(pk=job_id)
        .exclude(status__in=list(kind.finished))
        .update(
            status=kind.working, attempts=F("attempts") + 1, started_at=timezone.now(), error=""
        )
    )
    if not claimed:
        return "skipped"
    job = manager.select_related(*kind.related).get(pk=job_id)
    try:
        content = make(job)
    except SoftTimeLimitExceeded:
        fail(kind.model, job_id, str(kind.too_long))
        return "failed"
    except Exception as error:
        logger.exception("%s %s failed", kind.model.__name__, job_id)
        retries = task.request.retries
        if retries < task.max_retries and not task.request.is_eager:
            manager.filter(pk=job_id).update(
                status=JobStatus.QUEUED,
                error=_("Attempt %(attempt)d failed; trying again.") % {"attempt": retries + 1},
            )
            raise task.retry(exc=error, countdown=kind.retry_after * (retries + 1)) from error
        fail(kind.model, job_id, kind.failed(error))
        return "failed"
    with transaction.atomic():
        job = manager.select_for_update().get(pk=job_id)
        store(job, content)
        job.status = JobStatus.READY
        job.error = ""
        job.finished_at = timezone.now()
        job.save()
    return "ready"


def pdf_not_made(error: Exception) -> str:
    """The error after a PDF's last attempt failed: the people who may retry see why."""
    return _("The PDF could not be made: %(error)s") % {"error": error}


def fail(model: type[models.Model], job_id, message: str) -> None:
    model._default_manager.filter(pk=job_id).update(
        status=JobStatus.FAILED, error=message[:ERROR_LENGTH], finished_at=timezone.now()
    )


def replace_file(job: models.Model, name: str, content: bytes) -> None:
    """Save `content` as the row's file `name`: one file per row, so what an earlier or
    interrupted attempt left (its file, or a file under the same name) goes first."""
    field_file = job.file
    if field_file:
        field_file.delete(save=False)
    path = field_file.field.generate_filename(job, name)
    if field_file.storage.exists(path):
        field_file.storage.delete(path)
    field_file.save(name, ContentFile(content), save=False)


def store_pdf(job: PdfJob, name: str, pdf: bytes) -> None:
    from pypdf import PdfReader

    replace_file(job, name, pdf)
    job.checksum = hashlib.sha256(pdf).hexdigest()
    job.size = len(pdf)
    job.page_count = len(PdfReader(io.BytesIO(pdf)).pages)
