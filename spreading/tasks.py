"""Background work of the spreading: the emails about sign-ups (queued after the commit by
the sign-up services) and the reminders the day before a meeting (run daily by Celery beat,
see settings)."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.conf import settings


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_sign_up_email(sign_up_id: int, kind: str) -> bool:
    """The confirmation ("confirmed" or "waiting") or the "promoted" email of a sign-up."""
    from .services.emails import send_sign_up_email as send

    return send(sign_up_id, kind)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_meeting_reminders(today: str | None = None) -> int:
    """Remind everyone with a place at tomorrow's meetings. Idempotent: a second run (or a
    redelivered message) sends nothing new. `today` (an ISO date) stands in for the date."""
    from .services.emails import remind_tomorrow

    day = datetime.date.fromisoformat(today) if today else None
    return remind_tomorrow(day)
