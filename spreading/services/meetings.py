"""Café meetings and idea workshops for all staff: the facilitator plans a series and its
meetings; staff sign up, join the waiting list when a meeting is full and move up when
someone cancels.

Never over capacity: signing up, cancelling and changing a meeting's capacity lock the
meeting's row (`select_for_update`) and count its confirmed places inside the same
transaction, so parallel requests are served one after the other. With “one meeting per
person” the series' row is locked first as well (always series before meeting, so two
requests never wait for each other in a circle).

Emails (confirmation, waiting list, moved up) are queued as Celery tasks after the commit,
so nobody is told about a place that a rolled-back transaction never gave them.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from organisations.models import Membership
from processes.models import Process

from ..access import can_plan
from ..models import Meeting, Series, SignUp

Status = SignUp.Status

SERIES_FIELDS = ("title", "kind", "description", "agenda", "questions", "one_meeting_per_person")
MEETING_FIELDS = ("date", "start_time", "end_time", "place", "host", "capacity")


def long_date(value: datetime.date) -> str:
    return date_format(value, pgettext("a date in a sentence", "j F Y"))


def meeting_starts(meeting: Meeting) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(meeting.date, meeting.start_time))


def has_started(meeting: Meeting, now: datetime.datetime | None = None) -> bool:
    return meeting_starts(meeting) <= (now or timezone.now())


def _queue_email(sign_up_id: int, kind: str) -> None:
    from ..tasks import send_sign_up_email

    # robust: a broker that cannot be reached costs the email, never the sign-up (logged).
    transaction.on_commit(partial(send_sign_up_email.delay, sign_up_id, kind), robust=True)


# --- Planning -------------------------------------------------------------------------------


def _clean_series(fields: dict) -> dict:
    cleaned = dict(fields)
    errors = {}
    if "title" in cleaned:
        cleaned["title"] = (cleaned["title"] or "").strip()
        if not cleaned["title"]:
            errors["title"] = _("Give the series a title.")
    if "kind" in cleaned and cleaned["kind"] not in Series.Kind.values:
        errors["kind"] = _("Choose café meetings or idea workshops.")
    for field in ("description", "agenda", "questions"):
        if field in cleaned:
            cleaned[field] = (cleaned[field] or "").strip()
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


@transaction.atomic
def plan_series(process: Process, *, actor: Membership, **fields) -> Series:
    """A new series of café meetings or idea workshops for all staff."""
    if not can_plan(actor) or actor.organisation_id != process.organisation_id:
        raise PermissionDenied
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    cleaned = _clean_series(fields)
    return Series.objects.create(process=process, created_by=actor, **cleaned)


@transaction.atomic
def update_series(series: Series, *, actor: Membership, **fields) -> Series:
    if not can_plan(actor):
        raise PermissionDenied
    unknown = set(fields) - set(SERIES_FIELDS)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    cleaned = _clean_series(fields)
    locked = Series.objects.select_for_update().get(pk=series.pk)
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(cleaned))
    for field, value in cleaned.items():
        setattr(series, field, value)
    return locked


def _clean_meeting(series: Series, fields: dict, *, today: datetime.date) -> dict:
    cleaned = dict(fields)
    errors = {}
    start, end = cleaned.get("start_time"), cleaned.get("end_time")
    if start and end and end <= start:
        errors["end_time"] = _("The meeting must end after it starts.")
    date = cleaned.get("date")
    if date is not None and date < today:
        errors["date"] = _("%(date)s has passed: choose a day from today on.") % {
            "date": long_date(date)
        }
    host = cleaned.get("host")
    if "host" in cleaned and host is None:
        errors["host"] = _("Choose who hosts the meeting.")
    elif host is not None and host.organisation_id != series.process.organisation_id:
        errors["host"] = _("The host must be a member of the organisation.")
    capacity = cleaned.get("capacity")
    if "capacity" in cleaned and (capacity is None or not 1 <= capacity <= 1000):
        errors["capacity"] = _("Give a number of places between 1 and 1,000.")
    if "place" in cleaned:
        cleaned["place"] = (cleaned["place"] or "").strip()
        if not cleaned["place"]:
            errors["place"] = _("Say where the meeting is.")
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


@transaction.atomic
def add_meeting(
    series: Series, *, actor: Membership, today: datetime.date | None = None, **fields
) -> Meeting:
    """A meeting of the series: date, start and end, place, host and number of places."""
    if not can_plan(actor):
        raise PermissionDenied
    missing = set(MEETING_FIELDS) - set(fields)
    if missing:
        raise TypeError(f"Missing fields: {', '.join(sorted(missing))}")
    cleaned = _clean_meeting(series, fields, today=today or timezone.localdate())
    return Meeting.objects.create(series=series, **cleaned)


@transaction.atomic
def update_meeting(
    meeting: Meeting, *, actor: Membership, today: datetime.date | None = None, **fields
) -> list[SignUp]:
    """Change a meeting. More places move the first people on the waiting list up (they
    are emailed); fewer places than people already signed up are refused. Returns the
    sign-ups that moved up."""
    if not can_plan(actor):
        raise PermissionDenied
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.series = meeting.series
    # A meeting that already lies in the past keeps its date; only a new date is checked.
    check = dict(fields)
    if check.get("date") == locked.date:
        check.pop("date")
    cleaned = _clean_meeting(locked.series, check, today=today or timezone.localdate())
    if "date" in fields and "date" not in cleaned:
        cleaned["date"] = fields["date"]
    confirmed = locked.sign_ups.filter(status=Status.CONFIRMED).count()
    capacity = cleaned.get("capacity", locked.capacity)
    if capacity < confirmed:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d people have a place already: the meeting needs at least "
                    "%(count)d places."
                )
                % {"count": confirmed}
            },
            code="below_sign_ups",
        )
    for field, value in cleaned.items():
        setattr(locked, field, value)
    locked.save(update_fields=list(cleaned))
    for field, value in cleaned.items():
        setattr(meeting, field, value)
    return _fill_places(locked, capacity - confirmed)


def _fill_places(meeting: Meeting, free: int) -> list[SignUp]:
    """Move the first `free` people on the waiting list up (the meeting row is locked)."""
    if free <= 0:
        return []
    waiting = list(
        meeting.sign_ups.filter(status=Status.WAITING).order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for sign_up in waiting:
        sign_up.status = Status.CONFIRMED
        sign_up.promoted_at = now
        sign_up.save(update_fields=["status", "promoted_at"])
        _queue_email(sign_up.pk, "promoted")
    return waiting


# --- Signing up -----------------------------------------------------------------------------


class SignUpRefused(ValidationError):
    """Signing up was not possible; the message says why."""


@transaction.atomic
def sign_up(meeting: Meeting, *, actor: Membership, now: datetime.datetime | None = None) -> SignUp:
    """Sign `actor` up: a place if there is one, else the end of the waiting list.

    Guarantees: the meeting never has more confirmed sign-ups than places, whatever number
    of people sign up at once; a person signs up once per meeting (and, with “one meeting
    per person”, once per series); a meeting that has started takes no sign-ups. The
    confirmation email is sent after the commit.
    """
    series = meeting.series
    if actor.organisation_id != series.process.organisation_id:
        raise PermissionDenied
    if series.one_meeting_per_person:
        Series.objects.select_for_update().get(pk=series.pk)
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if has_started(locked, now):
        raise SignUpRefused(_("The meeting has already taken place."), code="past")
    mine = SignUp.objects.filter(membership=actor).select_related("meeting")
    existing = mine.filter(meeting=locked).first()
    if existing is not None:
        raise SignUpRefused(_already_message(existing), code="already")
    if series.one_meeting_per_person:
        other = mine.filter(meeting__series=series).first()
        if other is not None:
            raise SignUpRefused(
                _(
                    "You are already signed up for the meeting on %(date)s in this series. "
                    "Cancel that sign-up first if you would rather come to this one."
                )
                % {"date": long_date(other.meeting.date)},
                code="one_per_series",
            )
    confirmed = locked.sign_ups.filter(status=Status.CONFIRMED).count()
    status = Status.CONFIRMED if confirmed < locked.capacity else Status.WAITING
    try:
        with transaction.atomic():
            created = SignUp.objects.create(meeting=locked, membership=actor, status=status)
    except IntegrityError as error:
        # Only reachable without the lock (never on PostgreSQL); said the same way.
        raise SignUpRefused(_("You are already signed up for this meeting."), code="already") from (
            error
        )
    _queue_email(created.pk, "confirmed" if status == Status.CONFIRMED else "waiting")
    return created


def _already_message(existing: SignUp) -> str:
    if existing.is_waiting:
        return _("You are already on the waiting list for this meeting (number %(position)d).") % {
            "position": waiting_position(existing)
        }
    return _("You are already signed up for this meeting.")


def waiting_position(sign_up: SignUp) -> int:
    """1 for the first person on the waiting list."""
    before = Q(created_at__lt=sign_up.created_at) | Q(
        created_at=sign_up.created_at, pk__lt=sign_up.pk
    )
    waiting = SignUp.objects.filter(meeting_id=sign_up.meeting_id, status=Status.WAITING)
    return waiting.filter(before).count() + 1


@transaction.atomic
def cancel_sign_up(
    meeting: Meeting, *, actor: Membership, now: datetime.datetime | None = None
) -> SignUp | None:
    """Give up a place (or leave the waiting list). A freed place goes to the first person
    on the waiting list, who is emailed after the commit. Returns that person's sign-up."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.series = meeting.series
    own = SignUp.objects.filter(meeting=locked, membership=actor).first()
    if own is None:
        raise ValidationError(_("You are not signed up for this meeting."), code="not_signed_up")
    if has_started(locked, now):
        raise ValidationError(
            _("The meeting has already taken place; the sign-up stays as it was."), code="past"
        )
    freed = own.status == Status.CONFIRMED
    own.delete()
    if not freed:
        return None
    confirmed = locked.sign_ups.filter(status=Status.CONFIRMED).count()
    promoted = _fill_places(locked, locked.capacity - confirmed)
    return promoted[0] if promoted else None
