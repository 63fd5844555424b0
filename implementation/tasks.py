"""Background work of the implementation phase, where Celery's autodiscovery looks for it: the
scheduled update reminders (run by Celery beat, see settings) and the status report's PDF.

The status report's task lives beside the services it runs (`services.rendering`), so the
services queue it without importing this module: the dependency runs one way, tasks ->
services."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings

from .services.rendering import render_status_report


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


__all__ = ["render_status_report", "send_update_reminders"]
