"""Background work of evaluations: the reminder emails to those who have not answered."""

from celery import shared_task
from django.conf import settings


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_evaluation_reminder(reminder_id: int) -> int:
    """Email today's reminder. Idempotent: a redelivered message finds the row claimed and
    sends nothing."""
    from .services.reminders import deliver

    return deliver(reminder_id)
