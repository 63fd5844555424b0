"""Rendering an edition's PDF in a Celery worker, and queueing that rendering.

The task takes the render job's id and keeps its state in that row, the way every file job
runs (`core.jobs.run_job`): idempotent (a ready job is left alone, and a new rendering
replaces the edition's one file under a fixed name, so running it twice never leaves two
files), acks_late, a few retries, then a message people can read.

The task is defined here, beside the services it runs, and `catalog.tasks` (where Celery
looks for tasks) imports it from here: services never import `tasks`, so the two cannot
import each other in a loop. Its registered name stays `catalog.tasks.render_edition`, so
messages already queued under that name are still delivered after an update.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.utils.translation import gettext_lazy

from core.jobs import JobKind, pdf_not_made, run_job, store_pdf

from ..models import Edition, RenderJob
from .diff import diff_snapshots
from .render import render_pdf

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
    return run_job(self, EDITION_PDF, job_id, make=_make_pdf, store=_store_pdf)


def _make_pdf(job: RenderJob) -> bytes:
    edition = job.edition
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
    return render_pdf(edition, edition.snapshot, diff)


def _store_pdf(job: RenderJob, pdf: bytes) -> None:
    # One file per edition under a fixed name: a new rendition replaces the old.
    store_pdf(job, pdf_name(job.edition), pdf)


EDITION_PDF = JobKind(
    model=RenderJob,
    working=RenderJob.Status.RENDERING,
    finished=[RenderJob.Status.READY],
    too_long=gettext_lazy("Rendering the PDF took too long."),
    failed=pdf_not_made,
    related=("edition__process",),
)


# -- Queueing ---------------------------------------------------------------------------------


SERVICE_DOWN_MESSAGE = gettext_lazy(
    "The PDF service cannot be reached right now. Nothing is lost; try again in a moment."
)


def queue_render(job: RenderJob) -> None:
    """Send the task with the job's id; raises one of QUEUE_ERRORS if the broker is down."""
    render_edition.apply_async(args=[job.pk], retry=False)
