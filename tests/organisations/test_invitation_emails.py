"""Invitation and password reset emails leave from a Celery task after the commit: a mail
server that is down loses no invitation, the member page says whether each invitation's
email went, and "Send again" sends it once the server is back."""

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.test import Client
from django.urls import reverse
from kombu.exceptions import OperationalError

from organisations import tasks
from organisations.models import Invitation
from tests.factories import InvitationFactory, UserFactory

Status = Invitation.EmailStatus
SMTP = "django.core.mail.backends.smtp.EmailBackend"
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
INVITE = {"email": "ny.kollega@example.org", "first_name": "Ny", "role": "member"}


def invite_url(organisation):
    return reverse("organisations:invitation_create", args=[organisation.slug])


def resend_url(invitation):
    return reverse(
        "organisations:invitation_resend", args=[invitation.organisation.slug, invitation.pk]
    )


@pytest.fixture
def smtp_down(settings):
    """Email goes to a real SMTP backend on a port where nothing listens."""
    settings.EMAIL_BACKEND = SMTP
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2


@pytest.mark.django_db
def test_the_email_leaves_only_after_the_invitation_is_saved(
    as_user, facilitator, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = as_user(facilitator).post(invite_url(organisation), INVITE)

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email_status == Status.QUEUED
    assert mail.outbox == []
    assert len(callbacks) == 1

    callbacks[0]()
    invitation.refresh_from_db()
    assert len(mail.outbox) == 1
    assert invitation.email_status == Status.SENT
    assert invitation.email_sent_at is not None
    assert invitation.email_attempts == 1


@pytest.mark.django_db
def test_the_member_page_says_the_email_was_sent(
    as_user, facilitator, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(invite_url(organisation), INVITE)
    html = as_user(facilitator).get(organisation.get_absolute_url()).content.decode()

    assert "ny.kollega@example.org" in html
    assert "Email sent" in html


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_that_is_down_loses_no_invitation(
    facilitator, organisation, settings, smtp_down
):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(facilitator.user)

    # Real commits: the task runs (in-process) once the invitation is saved.
    response = client.post(invite_url(organisation), INVITE, follow=True)

    html = response.content.decode()
    invitation = Invitation.objects.get()
    assert response.status_code == 200
    assert invitation.email_status == Status.FAILED
    assert invitation.email_error
    assert "is saved, but its email could not be sent" in html
    assert "Email not sent:" in html
    assert "Send again" in html

    # The mail server works again: sending again delivers the same link.
    settings.EMAIL_BACKEND = LOCMEM
    response = client.post(resend_url(invitation), follow=True)

    html = response.content.decode()
    invitation.refresh_from_db()
    assert invitation.email_status == Status.SENT
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body
    assert "The invitation was sent again to ny.kollega@example.org." in html
    assert "Email sent" in html
    assert "Email not sent" not in html


@pytest.mark.django_db
def test_with_the_task_queue_down_the_invitation_is_kept_as_not_sent(
    as_user, facilitator, organisation, monkeypatch, django_capture_on_commit_callbacks
):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")

    monkeypatch.setattr(tasks.send_invitation_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(invite_url(organisation), INVITE)
    html = as_user(facilitator).get(organisation.get_absolute_url()).content.decode()

    assert response.status_code == 302
    assert Invitation.objects.get().email_status == Status.FAILED
    assert "Email not sent:" in html


# -- The task ---------------------------------------------------------------------------------


def run_in_worker(task, *args, retries=0):
    """Run the task as a worker would (not eagerly), at its `retries`-th retry."""
    task.push_request(retries=retries, is_eager=False)
    try:
        return task.run(*args)
    finally:
        task.pop_request()


@pytest.fixture
def retry(monkeypatch):
    """A task's retry() raises what Celery's does, without queueing the next attempt."""

    def fake_retry(exc=None, countdown=None, **options):
        raise Retry(exc=exc, when=countdown)

    monkeypatch.setattr(tasks.send_invitation_email, "retry", fake_retry)


@pytest.mark.django_db
def test_the_worker_retries_with_a_growing_pause_then_gives_up(organisation, smtp_down, retry):
    invitation = InvitationFactory(organisation=organisation)

    with pytest.raises(Retry) as first:
        run_in_worker(tasks.send_invitation_email, invitation.pk)
    invitation.refresh_from_db()
    assert invitation.email_status == Status.QUEUED  # still trying
    assert invitation.email_error

    with pytest.raises(Retry) as third:
        run_in_worker(tasks.send_invitation_email, invitation.pk, retries=2)
    assert (first.value.when, third.value.when) == (60, 240)

    result = run_in_worker(
        tasks.send_invitation_email, invitation.pk, retries=tasks.EMAIL_MAX_RETRIES
    )
    invitation.refresh_from_db()
    assert result == "failed"
    assert invitation.email_status == Status.FAILED
    assert invitation.email_attempts == 3


@pytest.mark.django_db
def test_a_redelivered_task_sends_the_invitation_once(organisation):
    invitation = InvitationFactory(organisation=organisation)

    assert tasks.send_invitation_email.delay(invitation.pk).get() == "sent"
    assert tasks.send_invitation_email.delay(invitation.pk).get() == "skipped"
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_withdrawn_or_accepted_invitation_sends_nothing(organisation):
    accepted = InvitationFactory(organisation=organisation, accepted_at="2027-01-01T10:00Z")

    assert tasks.send_invitation_email.delay(accepted.pk).get() == "skipped"
    assert tasks.send_invitation_email.delay(accepted.pk + 1000).get() == "skipped"
    assert mail.outbox == []


# -- Password reset ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_reset_email_leaves_from_a_task_after_the_commit(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="inger@example.org", email="inger@example.org")

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("password_reset"), {"email": "inger@example.org"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []
    callbacks[0]()
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_reset_asked_while_the_mail_server_is_down_still_answers(
    client, smtp_down, django_capture_on_commit_callbacks
):
    UserFactory(username="inger@example.org", email="inger@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "inger@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
