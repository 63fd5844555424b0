"""Sending the organisations' emails from a Celery worker, after the commit.

An email is sent by a task, never inside the request's transaction: a slow or broken mail
server cannot hold a database transaction open or undo what the person did. The invitation
task takes the invitation's id and records in that row whether its email went, so the
facilitator sees a failure and can send it again. Tasks retry with a growing pause (1, 2, 4,
8, 16 minutes) when the mail server does not answer; with acks_late a worker that dies
mid-send leaves the message to another worker, and a redelivery of a sent invitation sends
nothing.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from core.queueing import QUEUE_ERRORS, retry_countdown
from organisations.emails import invitation_message
from organisations.models import Invitation

logger = logging.getLogger(__name__)

EMAIL_MAX_RETRIES = 5
# What a mail server that is down, refuses or times out raises (SMTPException is an OSError).
EMAIL_ERRORS = (OSError,)
Status = Invitation.EmailStatus


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=EMAIL_MAX_RETRIES)
def send_invitation_email(self, invitation_id: int) -> str:
    invitation = (
        Invitation.objects.select_related("organisation", "invited_by")
        .filter(pk=invitation_id, accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.email_status == Status.SENT:
        # Withdrawn or accepted in the meantime, or a redelivery after the email went.
        return "skipped"
    pending = Invitation.objects.filter(pk=invitation_id)
    pending.update(email_attempts=F("email_attempts") + 1)
    try:
        invitation_message(invitation).send()
    except EMAIL_ERRORS as error:
        logger.warning("The email of invitation %s could not be sent: %s", invitation_id, error)
        # Eager tasks (development, tests) do not wait to retry: the facilitator sends again.
        retrying = self.request.retries < self.max_retries and not self.request.is_eager
        pending.update(
            email_status=Status.QUEUED if retrying else Status.FAILED,
            email_error=str(error)[:300],
        )
        if retrying:
            raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
        return "failed"
    pending.update(email_status=Status.SENT, email_sent_at=timezone.now(), email_error="")
    return "sent"


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=EMAIL_MAX_RETRIES)
def send_email(
    self, subject: str, body: str, from_email: str, to: list[str], html: str | None = None
) -> str:
    """An email already rendered in the request (a password reset link)."""
    message = EmailMultiAlternatives(subject, body, from_email, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except EMAIL_ERRORS as error:
        if self.request.retries < self.max_retries and not self.request.is_eager:
            raise self.retry(exc=error, countdown=retry_countdown(self.request.retries)) from error
        logger.error("An email to %s could not be sent: %s", ", ".join(to), error)
        return "failed"
    return "sent"


def queue_invitation_email(invitation_id: int) -> None:
    """Hand the invitation's email to the worker (call it from transaction.on_commit).

    With the broker down the invitation is kept, marked "not sent": sending again later works.
    """
    try:
        send_invitation_email.delay(invitation_id)
    except QUEUE_ERRORS as error:
        logger.warning("Could not queue the email of invitation %s: %s", invitation_id, error)
        Invitation.objects.filter(pk=invitation_id).update(
            email_status=Status.FAILED, email_error=str(error)[:300]
        )


def queue_email(subject: str, body: str, from_email: str, to: list[str], html=None) -> None:
    try:
        send_email.delay(subject, body, from_email, to, html)
    except QUEUE_ERRORS as error:
        logger.error("Could not queue an email to %s: %s", ", ".join(to), error)
