"""Email reminders to owners of initiatives that are overdue for a progress update.

One reminder per initiative and overdue period: the `UpdateReminder` row is created with
`get_or_create` under a unique constraint on (initiative, period start), and its email is
sent only after the row's transaction has committed, by whoever claims the row first (an
UPDATE … WHERE sent_at IS NULL). A task that runs twice, or twice at once, finds the row
and sends nothing new; an email that could not be sent leaves the row unclaimed, so the
next run tries again.
"""

from __future__ import annotations

import datetime
import logging
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from organisations.services import COUNTRY_LANGUAGE

from ..models import Initiative, UpdateReminder
from .updates import overdue, period_start

logger = logging.getLogger(__name__)


def remind_overdue_owners(today: datetime.date | None = None) -> int:
    """Create this period's reminder for every overdue initiative with an owner and queue
    its email for after the commit. Returns how many reminders are new."""
    today = today or timezone.localdate()
    initiatives = overdue(Initiative.objects.filter(owner__isnull=False), today).select_related(
        "process__implementation"
    )
    new = 0
    for initiative in initiatives:
        interval = initiative.process.implementation.update_interval_days
        start = period_start(initiative.reference_on, interval, today)
        with transaction.atomic():
            reminder, created = UpdateReminder.objects.get_or_create(
                initiative=initiative,
                period_start=start,
                defaults={"recipient_id": initiative.owner_id},
            )
            new += created
            if reminder.sent_at is None:
                transaction.on_commit(partial(deliver, reminder.pk))
    return new


def recipient_address(membership) -> str:
    user = membership.user
    if user.email:
        return user.email
    # Logins are email addresses; older accounts may have only the username filled in.
    return user.username if "@" in user.username else ""


def deliver(reminder_id: int) -> bool:
    """Send the reminder's email unless someone already has. True when this call sent it."""
    claimed = UpdateReminder.objects.filter(pk=reminder_id, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return False
    reminder = UpdateReminder.objects.select_related(
        "recipient__user",
        "initiative__process__organisation",
        "initiative__process__implementation",
    ).get(pk=reminder_id)
    address = recipient_address(reminder.recipient) if reminder.recipient else ""
    if not address:
        logger.warning("Update reminder %s has no address to go to", reminder_id)
        return False
    try:
        _send(reminder, address)
    except Exception:
        # Give the row back, so the next run tries again; one failure never stops the rest.
        UpdateReminder.objects.filter(pk=reminder_id).update(sent_at=None)
        logger.exception("Could not send update reminder %s", reminder_id)
        return False
    return True


def _send(reminder: UpdateReminder, address: str) -> None:
    initiative = reminder.initiative
    process = initiative.process
    language = COUNTRY_LANGUAGE.get(process.organisation.country, settings.LANGUAGE_CODE)
    context = {
        "initiative": initiative,
        "process": process,
        "recipient": reminder.recipient,
        "since": initiative.last_update_on,
        "interval": process.implementation.update_interval_days,
        "url": settings.SITE_URL.rstrip("/") + initiative.get_absolute_url() + "#updates",
        "site_url": settings.SITE_URL,
    }
    with translation.override(language):
        subject = render_to_string("implementation/email/reminder_subject.txt", context)
        body = render_to_string("implementation/email/reminder_body.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
    ).send()
