"""Seminars and their agendas: every change a facilitator makes goes through here.

`actor` is always the Membership of the person acting.

Agenda positions are kept dense (0, 1, 2, ...) and unique within a seminar. Every function
that changes positions locks the seminar row first (`select_for_update`), so two browser tabs
moving items at once queue up instead of producing duplicate or missing positions.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from organisations.models import Membership
from processes.models import AgendaItem, Process, Seminar
from processes.sanitise import sanitise_html

SEMINAR_FIELDS = ("kind", "title", "date", "start_time", "end_time", "place")
AGENDA_ITEM_FIELDS = ("title", "duration_minutes", "format", "responsible", "notes")

DEFAULT_START = datetime.time(9, 0)
DEFAULT_END = datetime.time(15, 30)

Format = AgendaItem.Format

# The default programmes of the three full-day seminars, after the design described in
# "Slip værdidebatten løs" (FOKUS 2009): plenary and group sessions alternate. Titles are
# translated when the items are created, so they land in the facilitator's language.
# Each programme fills 09:00-15:30 exactly. `None` as title marks the initiatives item, whose
# title depends on the process's product requirement.
DEFAULT_AGENDAS: dict[str, list[tuple[object, int, str]]] = {
    Seminar.Kind.KICKOFF: [
        (_("Welcome and the plan for the process"), 15, Format.PLENARY),
        (_("Free brainstorm: which values matter in our work?"), 45, Format.PLENARY),
        (_("Break"), 15, Format.BREAK),
        (_("Talk by an external speaker: how quality grows from values"), 60, Format.TALK),
        (_("Our values before, now and in the future"), 45, Format.PLENARY),
        (_("Lunch"), 45, Format.BREAK),
        (_("Group work on the themes"), 90, Format.GROUP),
        (_("Break"), 15, Format.BREAK),
        (_("The groups present their discussions in plenary"), 45, Format.PLENARY),
        (_("Round-up and next steps"), 15, Format.PLENARY),
    ],
    Seminar.Kind.MIDWAY: [
        (_("Welcome and recap of the kick-off seminar"), 15, Format.PLENARY),
        (_("Group work: taking the value debate a step further"), 90, Format.GROUP),
        (_("Break"), 15, Format.BREAK),
        (_("Exchange of experience between the groups"), 60, Format.PLENARY),
        (_("Lunch"), 45, Format.BREAK),
        (_("Group work: prioritising values and themes for discussion"), 60, Format.GROUP),
        (_("Group work: first ideas for concrete initiatives"), 45, Format.GROUP),
        (_("Break"), 15, Format.BREAK),
        (_("The groups present their first ideas to each other"), 45, Format.PLENARY),
    ],
    Seminar.Kind.WRAPUP: [
        (_("Welcome"), 15, Format.PLENARY),
        (_("The groups prepare their presentations"), 45, Format.GROUP),
        (_("Break"), 15, Format.BREAK),
        (None, 90, Format.PLENARY),
        (_("Lunch"), 45, Format.BREAK),
        (_("How the value discussion spreads to the whole organisation"), 60, Format.PLENARY),
        (_("How each initiative raises quality"), 60, Format.GROUP),
        (_("Break"), 15, Format.BREAK),
        (_("Evaluation of the process"), 45, Format.PLENARY),
    ],
}


class SeminarsAlreadyPlanned(ValidationError):
    pass


# --- Reading -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimedItem:
    item: AgendaItem
    starts: datetime.datetime
    ends: datetime.datetime
    is_first: bool
    is_last: bool


@dataclass(frozen=True)
class TimedAgenda:
    rows: list[TimedItem]
    ends: datetime.datetime
    overrun_minutes: int

    @property
    def total_minutes(self) -> int:
        return sum(row.item.duration_minutes for row in self.rows)


def timed_agenda(seminar: Seminar, items: list[AgendaItem]) -> TimedAgenda:
    """Clock times of each item: the seminar's start plus the durations before it."""
    clock = seminar.starts_at()
    rows = []
    for index, item in enumerate(items):
        ends = clock + item.duration
        rows.append(
            TimedItem(
                item=item,
                starts=clock,
                ends=ends,
                is_first=index == 0,
                is_last=index == len(items) - 1,
            )
        )
        clock = ends
    planned_end = datetime.datetime.combine(seminar.date, seminar.end_time)
    overrun = max(0, int((clock - planned_end).total_seconds() // 60))
    return TimedAgenda(rows=rows, ends=clock, overrun_minutes=overrun)


def seminars_calendar(
    process: Process, seminars: Iterable[Seminar], *, url_for: Callable[[str], str]
) -> bytes:
    """An iCalendar file with one event per seminar, the agenda in its description.

    Times are wall-clock times in the site's time zone (Europe/Copenhagen by default), sent
    with a TZID and the matching VTIMEZONE. UIDs are stable, so importing the file again
    updates the events instead of duplicating them.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//QualityHub//Seminars//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", process.title)
    seminar_pks = [seminar.pk for seminar in seminars]
    with_items = (
        Seminar.objects.filter(pk__in=seminar_pks)
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=AgendaItem.objects.select_related("responsible__user").order_by(
                    "position", "pk"
                ),
            )
        )
        .order_by("date", "start_time", "pk")
    )
    stamp = timezone.now()
    for seminar in with_items:
        agenda = timed_agenda(seminar, list(seminar.agenda_items.all()))
        url = url_for(seminar.get_absolute_url())
        lines = [_agenda_line(row) for row in agenda.rows]
        description = "\n".join([*lines, "", url]) if lines else url
        event = icalendar.Event()
        event.add("uid", f"seminar-{seminar.pk}@qualityhub")
        event.add("dtstamp", stamp)
        event.add("dtstart", seminar.starts_at().replace(tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(seminar.date, seminar.end_time, tzinfo=zone))
        event.add("summary", f"{seminar.display_title} · {process.title}")
        if seminar.place:
            event.add("location", seminar.place)
        event.add("description", description)
        event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _agenda_line(row: TimedItem) -> str:
    item = row.item
    details = [str(item.get_format_display())]
    if item.responsible_id:
        details.append(item.responsible.display_name)
    return f"{row.starts:%H:%M}–{row.ends:%H:%M} {item.title} ({', '.join(details)})"


def spread_dates(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """Start, middle and end of a period, each moved off a weekend while inside it."""
    middle = start + (end - start) / 2
    dates = []
    for day, step in ((start, 1), (middle, 1), (end, -1)):
        moved = day
        while moved.weekday() >= 5 and start <= moved + datetime.timedelta(days=step) <= end:
            moved += datetime.timedelta(days=step)
        dates.append(moved if moved.weekday() < 5 else day)
    return dates


# --- Seminars ------------------------------------------------------------------------------


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


@transaction.atomic
def create_seminar(*, actor: Membership, process: Process, **fields) -> Seminar:
    """Create a seminar in `process`; its agenda starts empty."""
    _check_fields(fields, SEMINAR_FIELDS)
    seminar = Seminar(process=process, **fields)
    seminar.full_clean()
    seminar.save()
    return seminar


@transaction.atomic
def update_seminar(*, actor: Membership, seminar: Seminar, **fields) -> Seminar:
    """Change the facts of a seminar; the agenda follows a new start time automatically."""
    _check_fields(fields, SEMINAR_FIELDS)
    for name, value in fields.items():
        setattr(seminar, name, value)
    seminar.full_clean()
    seminar.save(update_fields=list(fields))
    return seminar


@transaction.atomic
def delete_seminar(*, actor: Membership, seminar: Seminar) -> None:
    """Delete a seminar with its agenda and summary."""
    seminar.delete()


@transaction.atomic
def plan_three_seminars(*, actor: Membership, process: Process) -> list[Seminar]:
    """Create kick-off, midway and wrap-up seminars with default agendas.

    Only for a process without seminars: the process row is locked so a double click
    cannot plan six seminars.
    """
    Process.objects.select_for_update().get(pk=process.pk)
    if process.seminars.exists():
        raise SeminarsAlreadyPlanned(gettext("This process already has seminars."))
    kinds = (Seminar.Kind.KICKOFF, Seminar.Kind.MIDWAY, Seminar.Kind.WRAPUP)
    dates = spread_dates(process.start_date, process.end_date)
    seminars = []
    for kind, day in zip(kinds, dates, strict=True):
        seminar = Seminar.objects.create(
            process=process,
            kind=kind,
            date=day,
            start_time=DEFAULT_START,
            end_time=DEFAULT_END,
        )
        items = []
        for position, (title, minutes, fmt) in enumerate(DEFAULT_AGENDAS[kind]):
            if title is None:
                count = process.min_initiatives_per_group
                title = ngettext(
                    "Each group presents its ideal values and at least %(count)d "
                    "concrete initiative",
                    "Each group presents its ideal values and at least %(count)d "
                    "concrete initiatives",
                    count,
                ) % {"count": count}
            items.append(
                AgendaItem(
                    seminar=seminar,
                    position=position,
                    title=str(title),
                    duration_minutes=minutes,
                    format=fmt,
                    # The facilitator opens each seminar.
                    responsible=actor if position == 0 else None,
                )
            )
        AgendaItem.objects.bulk_create(items)
        seminars.append(seminar)
    return seminars


@transaction.atomic
def save_summary(*, actor: Membership, seminar: Seminar, summary: str) -> Seminar:
    """Store the written summary as sanitised HTML and record who wrote it and when."""
    seminar.summary = str(sanitise_html(summary))
    seminar.summary_updated_at = timezone.now()
    seminar.summary_updated_by = actor.user
    seminar.save(update_fields=["summary", "summary_updated_at", "summary_updated_by"])
    return seminar


# --- Agenda items --------------------------------------------------------------------------


def _lock(seminar: Seminar) -> list[AgendaItem]:
    """Lock the seminar and return its items in agenda order."""
    Seminar.objects.select_for_update().get(pk=seminar.pk)
    return list(AgendaItem.objects.filter(seminar=seminar).order_by("position", "pk"))


def _renumber(items: list[AgendaItem]) -> None:
    changed = []
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            changed.append(item)
    if changed:
        AgendaItem.objects.bulk_update(changed, ["position"])


@transaction.atomic
def add_agenda_item(*, actor: Membership, seminar: Seminar, **fields) -> AgendaItem:
    """Append an item at the end of the agenda."""
    _check_fields(fields, AGENDA_ITEM_FIELDS)
    items = _lock(seminar)
    _renumber(items)
    item = AgendaItem(seminar=seminar, position=len(items), **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def update_agenda_item(*, actor: Membership, item: AgendaItem, **fields) -> AgendaItem:
    _check_fields(fields, AGENDA_ITEM_FIELDS)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
def delete_agenda_item(*, actor: Membership, item: AgendaItem) -> None:
    """Remove an item; the items after it move up one place."""
    items = _lock(item.seminar)
    deleted_pk = item.pk  # delete() clears item.pk
    item.delete()
    _renumber([other for other in items if other.pk != deleted_pk])


@transaction.atomic
def move_agenda_item(*, actor: Membership, item: AgendaItem, direction: str) -> bool:
    """Swap an item with its neighbour above ("up") or below ("down").

    Returns False when there is nothing to move past (the first item moved up, the last
    item moved down); the agenda is left as it was.
    """
    if direction not in ("up", "down"):
        raise ValueError(f"direction must be 'up' or 'down', not {direction!r}")
    items = _lock(item.seminar)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        _renumber(items)
        return False
    items[index], items[target] = items[target], items[index]
    _renumber(items)
    item.position = target
    return True
