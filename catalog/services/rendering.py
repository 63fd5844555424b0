"""Rendering an edition's PDF in a Celery worker, and queueing that rendering.

The task takes the render job's id and keeps its state in that row. It is idempotent: a
ready job is left alone, and a new rendering replaces the edition's one file under a fixed
name, so running it twice (a redelivery after a worker died, a retry) never leaves two files.
With acks_late the message goes back to the queue if the worker dies mid-render; the broker's
visibility timeout is longer than the hard time limit (see settings), so a render that is
still running is never handed to a second worker.

The task is defined here, beside the services it runs, and `catalog.tasks` (where Celery
looks for tasks) imports it from here: services never import `tasks`, so the two cannot
import each other in a loop. Its registered name stays `catalog.tasks.render_edition`, so
messages already queued under that name are still delivered after an update.
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
from django.utils.translation import gettext_lazy
from pypdf import PdfReader

from ..models import Edition, RenderJob
from .diff import diff_snapshots
from .render import render_pdf

logger = logging.getLogger(__name__)
MAX_RETRIES = 2


def pdf_name(edition: Edition) -> str:
    return f"edition-{edition.number}.pdf"


@shared_task(
    name="catalog.tasks.render_edition",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def render_edition(self, job_id: int) -> str:
    claimed = (
        RenderJob.objects.filter(pk=job_id)
        .exclude(status=RenderJob.Status.READY)
        .update(
            status=RenderJob.Status.RENDERING,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            error="",
        )
    )
    if not claimed:
        # Already ready, or the job (and its edition) is gone: nothing to do.
        return "skipped"
    job = RenderJob.objects.select_related("edition__process").get(pk=job_id)
    edition = job.edition
    try:
        previous = (
            Edition.objects.filter(
                process_id=edition.process_id,
                status=Edition.Status.PUBLISHED,
                number=(edition.number or 0) - 1,
            )
            .only("snapshot")
            .first()
        )
        diff = diff_snapshots(previous.snapshot, edition.snapshot) if previous else None
        pdf = render_pdf(edition, edition.snapshot, diff)
    except SoftTimeLimitExceeded:
        _fail(job_id, _("Rendering the PDF took too long."))
        return "failed"
    except Exception as error:
        logger.exception("Rendering edition %s failed", edition.pk)
        if self.request.retries < self.max_retries and not self.request.is_eager:
            RenderJob.objects.filter(pk=job_id).update(
                status=RenderJob.Status.QUEUED,
                error=_("Attempt %(attempt)d failed; trying again.")
                % {"attempt": self.request.retries + 1},
            )
            raise self.retry(exc=error, countdown=5 * (self.request.retries + 1)) from error
        _fail(job_id, _("The PDF could not be made: %(error)s") % {"error": error})
        return "failed"
    _store(job_id, edition, pdf)
    return "ready"


def _fail(job_id: int, message: str) -> None:
    RenderJob.objects.filter(pk=job_id).update(
        status=RenderJob.Status.FAILED, error=message[:2000], finished_at=timezone.now()
    )


def _store(job_id: int, edition: Edition, pdf: bytes) -> None:
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().get(pk=job_id)
        storage = job.file.storage
        name = job.file.field.generate_filename(job, pdf_name(edition))
        # One file per edition: replace what an earlier or interrupted attempt left.
        if storage.exists(name):
            storage.delete(name)
        job.file.save(pdf_name(edition), ContentFile(pdf), save=False)
        job.checksum = hashlib.sha256(pdf).hexdigest()
        job.size = len(pdf)
        job.page_count = _page_count(pdf)
        job.status = RenderJob.Status.READY
        job.error = ""
        job.finished_at = timezone.now()
        job.save()


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


# -- Queueing ---------------------------------------------------------------------------------


def _queue_errors() -> tuple[type[BaseException], ...]:
    from kombu.exceptions import OperationalError

    errors: list[type[BaseException]] = [OperationalError, ConnectionError, OSError]
    try:
        from redis.exceptions import ConnectionError as RedisConnectionError
        from redis.exceptions import TimeoutError as RedisTimeoutError

        errors += [RedisConnectionError, RedisTimeoutError]
    except ImportError:  # pragma: no cover - redis comes with celery[redis]
        pass
    return tuple(errors)


# What sending a task raises when the broker cannot be reached.
QUEUE_ERRORS = _queue_errors()
SERVICE_DOWN_MESSAGE = gettext_lazy(
    "The PDF service cannot be reached right now. Nothing is lost; try again in a moment."
)


def queue_render(job: RenderJob) -> None:
    """Send the task with the job's id; raises one of QUEUE_ERRORS if the broker is down."""
    render_edition.apply_async(args=[job.pk], retry=False)
