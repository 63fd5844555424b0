"""The retention period: names of people in finished processes do not stay for ever.

An organisation's facilitator sets a number of months (`RetentionPolicy`); without one,
nothing happens by itself. Every night (`apply_retention`, run by Celery beat) each person
who took part in a process of the organisation that ended more than that long ago is looked
at; their name goes when their **last activity** in the organisation is that long ago too.

A person's last activity in the organisation is the latest of: the day they joined; their
last login; and every date on every row linked to them in the organisation (through the
registry's `person` links: the end date of each process they take part in, each value,
comment, dot, review, measurement, update, sign-up, revision and so on). An owner of, or a
team member on, an initiative that is still running is active today. So a person who took
part in an old process and still works on its initiatives, or takes part in a newer one,
keeps their name.

Never anonymised by the task: facilitators (the organisation's administrators: someone must
be left to run it), site administrators, and people already anonymised.

A month before a person's name goes (`WARNING_DAYS`), the facilitators get one email naming
them and the day (`RetentionNotice`, once per person and due day); the name goes only when
the warning is at least a month old, so a period set short, or a task that has not run for a
while, still gives a month's notice. Running the task twice on a day does nothing twice.
"""

from __future__ import annotations

import calendar
import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from implementation.models import Initiative
from implementation.services.updates import CLOSED
from organisations.emails import COUNTRY_LANGUAGE
from organisations.models import Membership, Organisation
from organisations.tasks import queue_email
from processes.models import GroupMembership, Process

from ..models import AnonymisationRecord, RetentionNotice, RetentionPolicy
from ..registry import entries
from . import PrivacyError
from .anonymise import anonymise
from .rows import linked_rows

logger = logging.getLogger(__name__)
Role = Membership.Role
WARNING_DAYS = 30


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def set_retention(*, actor: Membership, organisation: Organisation, months: int | None):
    """A facilitator sets (or clears, with None) the organisation's retention period."""
    if actor.role != Role.FACILITATOR or actor.organisation_id != organisation.pk:
        raise PrivacyError(_("Only the organisation's facilitators can set the retention period."))
    if months is not None and not 1 <= months <= 240:
        raise PrivacyError(_("Choose between 1 and 240 months."))
    policy, _created = RetentionPolicy.objects.update_or_create(
        organisation=organisation, defaults={"months": months, "updated_by": actor}
    )
    return policy


# -- A person's last activity -----------------------------------------------------------------


def _as_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def last_activity(membership: Membership, today: datetime.date) -> datetime.date:
    """The latest day the person did something in the organisation (see the module's
    docstring); `today` when they still own or work on a running initiative."""
    running = Initiative.objects.filter(
        Q(owner=membership) | Q(team=membership),
        process__organisation_id=membership.organisation_id,
    ).exclude(status__in=CLOSED)
    if running.exists():
        return today
    user = membership.user
    days = [_as_date(membership.created_at), _as_date(user.last_login)]
    for entry in entries():
        if not entry.person or entry.org is None or not entry.activity:
            continue
        model = entry.model_class
        date_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.DateField)  # DateTimeField is a DateField
        ]
        if not date_fields:
            continue
        rows = linked_rows(entry, user, [membership]).filter(
            **{entry.org: membership.organisation_id}
        )
        latest = model._base_manager.filter(pk__in=rows.values("pk")).aggregate(
            **{name: Max(name) for name in date_fields}
        )
        days.extend(_as_date(value) for value in latest.values())
    return max(day for day in days if day is not None)


# -- The nightly task -------------------------------------------------------------------------


@dataclass
class Due:
    membership: Membership
    last_active: datetime.date
    due_on: datetime.date


def _candidates(organisation: Organisation, months: int, today: datetime.date):
    """Members who took part in a process of the organisation that ended `months` ago or
    earlier (or will have within the warning month), and whom the task may anonymise."""
    # A month early: the facilitators hear of a name a month before it goes.
    ended = add_months(today + datetime.timedelta(days=WARNING_DAYS), -months)
    old = Process.objects.filter(organisation=organisation, end_date__lte=ended)
    seated = GroupMembership.objects.filter(process__in=old).values("membership_id")
    return (
        Membership.objects.filter(organisation=organisation)
        .filter(Q(processes__in=old) | Q(pk__in=seated))
        .exclude(role=Role.FACILITATOR)
        .exclude(user__is_staff=True)
        .exclude(user__is_superuser=True)
        .exclude(user__pseudonym__isnull=False)
        .select_related("user")
        .distinct()
    )


def due_people(organisation: Organisation, months: int, today: datetime.date) -> list[Due]:
    """Who loses their name within a month (or already should have), with the day."""
    due = []
    for membership in _candidates(organisation, months, today):
        last = last_activity(membership, today)
        due_on = add_months(last, months)
        if due_on - datetime.timedelta(days=WARNING_DAYS) <= today:
            due.append(Due(membership, last, due_on))
    return due


def apply_retention(today: datetime.date | None = None) -> dict[str, int]:
    """Warn and anonymise, organisation by organisation. Idempotent within a day and across
    days: each person is warned once per due day and anonymised once."""
    today = today or timezone.localdate()
    totals = {"warned": 0, "anonymised": 0}
    policies = RetentionPolicy.objects.filter(months__isnull=False).select_related("organisation")
    for policy in policies:
        with transaction.atomic():
            warned, anonymised = _apply(policy.organisation, policy.months, today)
        totals["warned"] += warned
        totals["anonymised"] += anonymised
    return totals


def _apply(organisation: Organisation, months: int, today: datetime.date) -> tuple[int, int]:
    # One run at a time per organisation: a second worker waits, then finds it all done.
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    warned, anonymised = [], 0
    for person in due_people(organisation, months, today):
        notice, created = RetentionNotice.objects.get_or_create(
            membership=person.membership, due_on=person.due_on, defaults={"warned_on": today}
        )
        if created:
            warned.append(person)
        elif person.due_on <= today and notice.warned_on <= today - datetime.timedelta(
            days=WARNING_DAYS
        ):
            anonymise(person.membership, actor=None, reason=AnonymisationRecord.Reason.RETENTION)
            anonymised += 1
    if warned:
        _warn_facilitators(organisation, warned, months)
    return len(warned), anonymised


def _warn_facilitators(organisation: Organisation, people: list[Due], months: int) -> None:
    recipients = list(
        Membership.objects.filter(
            organisation=organisation, role=Role.FACILITATOR, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    if not recipients:
        logger.warning(
            "Organisation %s has no facilitator to warn about retention", organisation.pk
        )
        return
    language = COUNTRY_LANGUAGE.get(organisation.country, settings.LANGUAGE_CODE)
    context = {
        "organisation": organisation,
        "people": people,
        "months": months,
        "warning_days": WARNING_DAYS,
        "url": settings.SITE_URL.rstrip("/") + _people_url(organisation),
    }
    with translation.override(language):
        subject = " ".join(render_to_string("privacy/email/retention_subject.txt", context).split())
        body = render_to_string("privacy/email/retention_body.txt", context)
    # After the commit: the warnings are recorded first, so a rerun never sends them twice.
    transaction.on_commit(
        partial(queue_email, subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    )


def _people_url(organisation: Organisation) -> str:
    from django.urls import reverse

    return reverse("privacy:organisation", args=[organisation.slug])
