"""Reminding the participants who have not answered a process evaluation.

At most one reminder a day per evaluation: the `EvaluationReminder` row is unique per day, so
pressing the button twice, or two facilitators pressing it at once, gives one row; its emails
go out after the transaction commits (a Celery task gets the row's id), sent by whoever claims
the row first (UPDATE … WHERE sent_at IS NULL). The recipients are worked out when the emails
are sent, so someone who answered in the meantime gets none. Each person gets their own email:
no one sees who else has not answered.

The task is defined here, beside the services it runs, and `evaluation.tasks` (where Celery
looks for tasks) imports it from here: services never import `tasks`.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from organisations.models import Membership
from organisations.services import COUNTRY_LANGUAGE

from ..access import participants_of
from ..models import EvaluationReminder, ProcessEvaluation, Respondent

logger = logging.getLogger(__name__)


def not_answered(evaluation: ProcessEvaluation):
    """The people who take part in the process and have not answered."""
    answered = Respondent.objects.filter(evaluation=evaluation, membership__isnull=False)
    return (
        participants_of(evaluation.process)
        .exclude(pk__in=answered.values("membership_id"))
        .select_related("user")
    )


def reminded_today(evaluation: ProcessEvaluation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return EvaluationReminder.objects.filter(evaluation=evaluation, sent_on=today).exists()


@transaction.atomic
def send_reminder(
    *, actor: Membership, evaluation: ProcessEvaluation, today: datetime.date | None = None
) -> EvaluationReminder:
    """Queue today's reminder to everyone who has not answered yet.

    Refused when the evaluation is not open, when everyone has answered, and when a reminder
    has already gone out today (once a day, however often it is asked for)."""
    today = today or timezone.localdate()
    locked = ProcessEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.process = evaluation.process
    if locked.status != ProcessEvaluation.Status.OPEN:
        raise ValidationError(_("The evaluation is not open, so there is no one to remind."))
    if not not_answered(locked).exists():
        raise ValidationError(_("Everyone has answered: there is no one to remind."))
    reminder, created = EvaluationReminder.objects.get_or_create(
        evaluation=locked, sent_on=today, defaults={"requested_by": actor}
    )
    if not created:
        raise ValidationError(
            _("A reminder has already been sent today. You can send the next one tomorrow."),
            code="already_sent",
        )
    transaction.on_commit(partial(_queue, reminder.pk))
    return reminder


def _queue(reminder_id: int) -> None:
    """Hand the reminder to Celery; if the broker cannot take it, drop the unsent row so
    the facilitator can press the button again today."""
    try:
        send_evaluation_reminder.delay(reminder_id)
    except Exception:
        logger.exception("Could not queue evaluation reminder %s", reminder_id)
        EvaluationReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).delete()


def recipient_address(membership: Membership) -> str:
    user = membership.user
    if user.email:
        return user.email
    return user.username if "@" in user.username else ""


def deliver(reminder_id: int) -> int:
    """Send the reminder's emails unless someone already has. Returns how many were sent."""
    claimed = EvaluationReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return 0
    reminder = EvaluationReminder.objects.select_related("evaluation__process__organisation").get(
        pk=reminder_id
    )
    evaluation = reminder.evaluation
    process = evaluation.process
    language = COUNTRY_LANGUAGE.get(process.organisation.country, settings.LANGUAGE_CODE)
    url = settings.SITE_URL.rstrip("/") + reverse("evaluation:answer", args=[process.pk])
    messages = []
    with translation.override(language):
        for person in not_answered(evaluation):
            address = recipient_address(person)
            if not address:
                continue
            context = {"process": process, "recipient": person, "url": url}
            subject = render_to_string("evaluation/email/reminder_subject.txt", context)
            body = render_to_string("evaluation/email/reminder_body.txt", context)
            messages.append(
                EmailMultiAlternatives(
                    subject=" ".join(subject.split()),
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[address],
                )
            )
    try:
        get_connection().send_messages(messages)
    except Exception:
        # Give the row back, so a retry sends them; nothing was half-recorded.
        EvaluationReminder.objects.filter(pk=reminder_id).update(sent_at=None)
        logger.exception("Could not send evaluation reminder %s", reminder_id)
        return 0
    EvaluationReminder.objects.filter(pk=reminder_id).update(recipient_count=len(messages))
    return len(messages)


@shared_task(
    name="evaluation.tasks.send_evaluation_reminder",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
)
def send_evaluation_reminder(reminder_id: int) -> int:
    """Email a reminder's messages. Idempotent: a redelivered message finds the row claimed
    and sends nothing."""
    return deliver(reminder_id)
