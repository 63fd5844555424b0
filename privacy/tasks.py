"""Background work of the privacy app: a person's data download (defined beside its
services, see services.export), and the nightly retention and purge (run by Celery beat, see
settings)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from .services.export import build_export

__all__ = ["apply_retention", "build_export", "purge_expired"]


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def apply_retention(today: str | None = None) -> dict[str, int]:
    """Warn the facilitators a month ahead, then anonymise the people whose retention period
    has run out. Idempotent: a second run (or a redelivered message) does nothing new.
    `today` (an ISO date) stands in for the current date, for tests and catch-up runs."""
    from .services.retention import apply_retention as run

    return run(datetime.date.fromisoformat(today) if today else None)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def purge_expired(now: str | None = None) -> dict[str, int]:
    """Delete expired invitations, sessions, download files and login records.
    `now` (an ISO date and time) stands in for the current moment."""
    from .services.purge import purge

    return purge(datetime.datetime.fromisoformat(now) if now else None)
