"""Emails about café meetings and idea workshops: the confirmation (a place, or a place on
the waiting list), moving up from the waiting list, and the reminder the day before.

They are sent by Celery tasks queued after the commit (`spreading.tasks`). The reminder is
sent once per person, meeting and meeting day: its `MeetingReminder` row is created under a
unique constraint and claimed with an UPDATE … WHERE sent_at IS NULL before the email goes,
so a task that runs twice, or twice at once, sends nothing new.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organisations.services import COUNTRY_LANGUAGE

from ..models import MeetingReminder, SignUp
from .ical import meeting_calendar

logger = logging.getLogger(__name__)

KINDS = ("confirmed", "waiting", "promoted")


def recipient_address(membership) -> str:
    user = membership.user
    if user.email:
        return user.email
    # Logins are email addresses; older accounts may have only the username filled in.
    return user.username if "@" in user.username else ""


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _send(*, template: str, context: dict, address: str, organisation, meeting, ics: bool):
    language = COUNTRY_LANGUAGE.get(organisation.country, settings.LANGUAGE_CODE)
    with translation.override(language):
        subject = render_to_string(f"spreading/email/{template}_subject.txt", context)
        body = render_to_string(f"spreading/email/{template}_body.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    )
    if ics:
        message.attach(
            f"meeting-{meeting.pk}.ics",
            meeting_calendar(meeting, url=context["url"]),
            "text/calendar; charset=utf-8",
        )
    message.send()


def _load_sign_up(sign_up_id: int) -> SignUp | None:
    return (
        SignUp.objects.select_related(
            "membership__user",
            "meeting__host__user",
            "meeting__series__process__organisation",
        )
        .filter(pk=sign_up_id)
        .first()
    )


def send_sign_up_email(sign_up_id: int, kind: str) -> bool:
    """Tell the person what their sign-up gave them. Nothing is sent when the sign-up is
    gone (cancelled meanwhile) or no longer says what the email would (a person on the
    waiting list who has already moved up gets the "moved up" email instead)."""
    if kind not in KINDS:
        raise ValueError(kind)
    sign_up = _load_sign_up(sign_up_id)
    if sign_up is None:
        return False
    expected = SignUp.Status.WAITING if kind == "waiting" else SignUp.Status.CONFIRMED
    if sign_up.status != expected:
        return False
    address = recipient_address(sign_up.membership)
    if not address:
        logger.warning("Sign-up %s has no address to go to", sign_up_id)
        return False
    meeting = sign_up.meeting
    series = meeting.series
    position = None
    if kind == "waiting":
        from .meetings import waiting_position

        position = waiting_position(sign_up)
    context = {
        "kind": kind,
        "sign_up": sign_up,
        "meeting": meeting,
        "series": series,
        "process": series.process,
        "recipient": sign_up.membership,
        "position": position,
        "url": _absolute(meeting.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }
    try:
        _send(
            template="sign_up",
            context=context,
            address=address,
            organisation=series.process.organisation,
            meeting=meeting,
            ics=kind != "waiting",
        )
    except Exception:
        logger.exception("Could not send the %s email of sign-up %s", kind, sign_up_id)
        return False
    return True


# --- Reminders the day before ---------------------------------------------------------------


def remind_tomorrow(today: datetime.date | None = None) -> int:
    """Create tomorrow's reminders for everyone with a place and send them after the
    commit. Returns how many reminders were waiting to be sent. A fixed number of queries
    before the emails, whatever the number of sign-ups."""
    today = today or timezone.localdate()
    day = today + datetime.timedelta(days=1)
    with transaction.atomic():
        places = SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED, meeting__date=day
        ).values_list("meeting_id", "membership_id")
        MeetingReminder.objects.bulk_create(
            [
                MeetingReminder(meeting_id=meeting, membership_id=member, meeting_date=day)
                for meeting, member in places
            ],
            ignore_conflicts=True,
        )
        pending = list(
            MeetingReminder.objects.filter(
                meeting_date=day, meeting__date=day, sent_at__isnull=True
            ).values_list("pk", flat=True)
        )
        transaction.on_commit(lambda: [deliver_reminder(pk) for pk in pending])
    return len(pending)


def deliver_reminder(reminder_id: int) -> bool:
    """Send the reminder unless someone already has. True when this call sent it."""
    claimed = MeetingReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    reminder = MeetingReminder.objects.select_related(
        "membership__user", "meeting__host__user", "meeting__series__process__organisation"
    ).get(pk=reminder_id)
    meeting = reminder.meeting
    still_coming = SignUp.objects.filter(
        meeting=meeting, membership=reminder.membership, status=SignUp.Status.CONFIRMED
    ).exists()
    if not still_coming or meeting.date != reminder.meeting_date:
        # Cancelled or moved since: nothing to remind of (a moved meeting gets its own).
        return False
    address = recipient_address(reminder.membership)
    if not address:
        logger.warning("Meeting reminder %s has no address to go to", reminder_id)
        return False
    series = meeting.series
    context = {
        "meeting": meeting,
        "series": series,
        "process": series.process,
        "recipient": reminder.membership,
        "url": _absolute(meeting.get_absolute_url()),
        "site_url": settings.SITE_URL,
    }
    try:
        _send(
            template="reminder",
            context=context,
            address=address,
            organisation=series.process.organisation,
            meeting=meeting,
            ics=True,
        )
    except Exception:
        # Give the row back, so the next run tries again; one failure never stops the rest.
        MeetingReminder.objects.filter(pk=reminder_id).update(sent_at=None)
        logger.exception("Could not send meeting reminder %s", reminder_id)
        return False
    return True
