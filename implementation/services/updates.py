"""Progress updates, and when an initiative is overdue for one.

An initiative that is still being carried out (not anchored in daily routine, not stopped)
is overdue when its last progress update (or, before the first, its start date, or else the
day it was created) is older than the implementation's `update_interval_days`. Each further
interval without an update is a new overdue period, which gets its own reminder.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes.models import Process

from ..models import Implementation, Initiative, ProgressUpdate
from .initiatives import change_status, long_date

CLOSED = (Initiative.Status.ANCHORED, Initiative.Status.STOPPED)


@transaction.atomic
def add_update(
    initiative: Initiative,
    *,
    actor: Membership,
    written_on: datetime.date | None,
    text: str,
    new_status: str | None = None,
    reason: str = "",
    today: datetime.date | None = None,
) -> ProgressUpdate:
    """Add a dated entry to the initiative's timeline, optionally changing its status as of
    the same date (the reason defaults to the update's text).

    Guarantees: the text and a date that is not in the future are required; the status
    change follows `change_status`'s rules and, if it is refused, nothing is saved; the
    initiative's last update date only moves forward (an entry dated in the past does not
    make a more recent update look older).
    """
    today = today or timezone.localdate()
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write what has happened.")
    if written_on is None:
        errors["written_on"] = _("Give the date of the update.")
    elif written_on > today:
        errors["written_on"] = _("%(date)s is in the future: today is %(today)s.") % {
            "date": long_date(written_on),
            "today": long_date(today),
        }
    if errors:
        raise ValidationError(errors, code="invalid")
    locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
    status_change = None
    if new_status and new_status != locked.status:
        try:
            status_change = change_status(
                locked,
                actor=actor,
                to_status=new_status,
                changed_on=written_on,
                reason=(reason or "").strip() or text,
                today=today,
            )
        except ValidationError as error:
            # The update form names the date `written_on` and the status `new_status`.
            renamed = {"changed_on": "written_on", "to_status": "new_status"}
            raise ValidationError(
                {renamed.get(k, k): v for k, v in error.message_dict.items()}, code="invalid"
            ) from error
    update = ProgressUpdate.objects.create(
        initiative=locked,
        written_on=written_on,
        text=text,
        status_change=status_change,
        author=actor,
    )
    if locked.last_update_on is None or written_on > locked.last_update_on:
        locked.last_update_on = written_on
        locked.save(update_fields=["last_update_on", "updated_at"])
    initiative.last_update_on = locked.last_update_on
    initiative.status, initiative.status_changed_on = locked.status, locked.status_changed_on
    return update


# -- Overdue ----------------------------------------------------------------------------------


def reference_date(initiative: Initiative) -> datetime.date:
    """The day the initiative's update clock started: its last update, else its start date,
    else the day it was created."""
    return (
        initiative.last_update_on
        or initiative.start_date
        or timezone.localdate(initiative.created_at)
    )


def is_overdue(initiative: Initiative, interval_days: int, today: datetime.date) -> bool:
    """The same rule as `overdue`, for one initiative already in memory (no query when
    `carried_to` was selected with it)."""
    # hasattr: the reverse one-to-one raises (an AttributeError) when there is none.
    if initiative.status in CLOSED or hasattr(initiative, "carried_to"):
        return False
    return (today - reference_date(initiative)).days > interval_days


def period_start(reference: datetime.date, interval_days: int, today: datetime.date):
    """The first day of the overdue period `today` falls in: reference + k × interval."""
    k = (today - reference).days // interval_days
    return reference + datetime.timedelta(days=k * interval_days)


def with_reference(queryset: QuerySet) -> QuerySet:
    """Still being carried out, annotated with `reference_on` (see `reference_date`).
    An initiative carried forward into the next cycle is carried out there, not here."""
    return (
        queryset.exclude(status__in=CLOSED)
        .filter(carried_to__isnull=True)
        .annotate(reference_on=Coalesce("last_update_on", "start_date", TruncDate("created_at")))
    )


def overdue_in(queryset: QuerySet, interval_days: int, today: datetime.date) -> QuerySet:
    """`overdue` for initiatives of processes that share one interval (no extra query)."""
    cutoff = today - datetime.timedelta(days=interval_days)
    return with_reference(queryset).filter(reference_on__lt=cutoff)


def overdue(process_or_qs: Process | QuerySet, today: datetime.date | None = None) -> QuerySet:
    """The initiatives (of a process, or of a queryset of initiatives) that are overdue for
    a progress update on `today`, annotated with `reference_on` (see `reference_date`).

    Each process has its own interval, so the filter is built per interval: one query for
    the intervals, and the returned queryset.
    """
    today = today or timezone.localdate()
    if isinstance(process_or_qs, Process):
        queryset = Initiative.objects.filter(process=process_or_qs)
    else:
        queryset = process_or_qs
    queryset = with_reference(queryset)
    processes_by_interval: dict[int, list[int]] = defaultdict(list)
    implementations = Implementation.objects.filter(
        process__in=queryset.order_by().values("process_id")
    ).values_list("process_id", "update_interval_days")
    for process_id, interval in implementations:
        processes_by_interval[interval].append(process_id)
    condition = Q(pk__in=[])
    for interval, process_ids in processes_by_interval.items():
        cutoff = today - datetime.timedelta(days=interval)
        condition |= Q(process_id__in=process_ids, reference_on__lt=cutoff)
    return queryset.filter(condition)
