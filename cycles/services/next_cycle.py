"""The next cycle: quality development goes on after a process ends (seed 003).

A facilitator starts a new process from one in its implementation phase. The design comes
along (themes with their value streams, framework documents and given frame, the seminars'
agendas moved to the new dates, the groups' names and sizes, the process's settings), the
people do not (no group members, leads or agenda responsibles: the facilitator composes
the new groups), and the initiatives still being carried out continue in the new process
with their whole history.

Framework documents' files are copied, not shared: deleting a document or a theme deletes
its file from storage, so a file shared by two processes would vanish from the other one.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debate.models import GivenFrame
from implementation.models import Initiative
from organisations.access import PLANNERS
from organisations.models import Membership
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    Phase,
    Process,
    Seminar,
    Theme,
)
from processes.services.process import create_process

from ..models import CycleLink
from . import carry
from .carry import CLOSED, running_initiatives

__all__ = ["CLOSED", "NextCycle", "running_initiatives", "start_next_cycle"]

TITLE_MAX_LENGTH = Process._meta.get_field("title").max_length


@dataclass
class NextCycle:
    """What `start_next_cycle` made."""

    process: Process
    themes: int = 0
    seminars: int = 0
    groups: int = 0
    carried: list[Initiative] = field(default_factory=list)
    # Titles of framework documents whose file was missing from storage: kept as a link,
    # or left out when they had no link either.
    documents_without_file: list[str] = field(default_factory=list)


def start_next_cycle(
    old_process: Process,
    *,
    actor: Membership,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    carry_initiatives: bool = True,
    today: datetime.date | None = None,
) -> NextCycle:
    """Start a new process in the organisation as the next cycle of `old_process`.

    Guarantees: only a facilitator of the process's organisation starts it, and only from a
    process in its implementation phase; everything happens in one transaction, so a
    refusal or an error leaves no half-copied process (and removes the copied files); the
    old process row is locked, so two starts at once carry each initiative once (the
    one-to-one `carried_from` holds that too). Seminars keep their place in the period:
    the same day when the new process is as long as the old one, proportionally when not,
    moved off a weekend while inside the period. Each carried initiative keeps its status,
    owner, team, sign-off, revisions, status changes, goals, trials, indicators with their
    measurements, and progress updates; the old one gets a dated note saying where it went.
    """
    copied_files: list[str] = []
    try:
        with transaction.atomic():
            return _start(
                old_process,
                actor=actor,
                title=title,
                start_date=start_date,
                end_date=end_date,
                carry_initiatives=carry_initiatives,
                today=today or timezone.localdate(),
                copied_files=copied_files,
            )
    except BaseException:
        # Files are not part of the transaction: remove the copies of a cycle never started.
        storage = FrameworkDocument._meta.get_field("file").storage
        for name in copied_files:
            storage.delete(name)
        raise


def _start(
    old_process: Process,
    *,
    actor: Membership,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    carry_initiatives: bool,
    today: datetime.date,
    copied_files: list[str],
) -> NextCycle:
    old = Process.objects.select_for_update().get(pk=old_process.pk)
    if actor.organisation_id != old.organisation_id or actor.role not in PLANNERS:
        raise ValidationError(_("Only the organisation's facilitator starts the next cycle."))
    if old.current_phase != Phase.IMPLEMENTATION:
        raise ValidationError(
            _(
                "Start the next cycle from a process in its implementation phase: "
                "“%(title)s” is in “%(phase)s”."
            )
            % {"title": old.title, "phase": old.get_phase_display()},
            code="phase",
        )
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the new process a title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title under %(count)d characters.") % {
            "count": TITLE_MAX_LENGTH
        }
    if end_date < start_date:
        errors["end_date"] = _("The process must end on or after the day it starts.")
    if errors:
        raise ValidationError(errors)

    new = create_process(
        actor=actor,
        organisation=old.organisation,
        title=title,
        start_date=start_date,
        end_date=end_date,
        purpose=old.purpose,
        min_initiatives_per_group=old.min_initiatives_per_group,
        author_visibility=old.author_visibility,
    )
    CycleLink.objects.create(previous=old, process=new, started_by=actor)
    result = NextCycle(process=new)

    themes = _copy_themes(old, new, result, copied_files)
    _copy_seminars(old, new, result)
    groups = _copy_groups(old, new, themes, result)
    if carry_initiatives:
        result.carried = carry.carry_initiatives(old, new, themes, groups, actor=actor, today=today)
    return result


# --- The design ------------------------------------------------------------------------------


def _copy_themes(
    old: Process, new: Process, result: NextCycle, copied_files: list[str]
) -> dict[int, Theme]:
    """Themes with value streams, framework documents and given frame; old pk -> new theme."""
    themes: dict[int, Theme] = {}
    old_themes = list(
        Theme.objects.filter(process=old)
        .prefetch_related("value_streams", "documents", "given_frame")
        .order_by("position", "pk")
    )
    for position, theme in enumerate(old_themes):
        copy = Theme.objects.create(
            process=new,
            title=theme.title,
            description=theme.description,
            challenges=theme.challenges,
            position=position,
        )
        copy.value_streams.set(theme.value_streams.all())
        themes[theme.pk] = copy
        for document in sorted(theme.documents.all(), key=lambda d: (d.title, d.pk)):
            _copy_document(document, copy, result, copied_files)
        GivenFrame.objects.bulk_create(
            GivenFrame(
                theme=copy,
                kind=condition.kind,
                text=condition.text,
                reason=condition.reason,
                # Who stated the condition still stated it.
                author_id=condition.author_id,
                position=index,
            )
            for index, condition in enumerate(
                sorted(theme.given_frame.all(), key=lambda c: (c.position, c.pk))
            )
        )
    result.themes = len(themes)
    return themes


def _copy_document(
    document: FrameworkDocument, theme: Theme, result: NextCycle, copied_files: list[str]
) -> None:
    copy = FrameworkDocument(theme=theme, title=document.title, url=document.url)
    if document.file:
        storage = document.file.storage
        try:
            with storage.open(document.file.name, "rb") as source:
                copy.file.save(PurePath(document.file.name).name, File(source), save=False)
            copied_files.append(copy.file.name)
        except OSError:
            result.documents_without_file.append(document.title)
            if not document.url:
                return
    copy.save()


def seminar_day(
    day: datetime.date, old: Process, start: datetime.date, end: datetime.date
) -> datetime.date:
    """Where a seminar of `old` falls in the period `start`–`end`: at the same distance from
    the start when the periods are equally long, proportionally otherwise; inside the period;
    moved off a weekend (forward, else back) while that keeps it inside."""
    old_days = (old.end_date - old.start_date).days
    new_days = (end - start).days
    offset = (day - old.start_date).days
    if old_days != new_days:
        offset = round(offset * new_days / old_days) if old_days else 0
    moved = min(max(start + datetime.timedelta(days=offset), start), end)
    for step in (1, -1):
        candidate = moved
        while candidate.weekday() >= 5 and start <= candidate + datetime.timedelta(step) <= end:
            candidate += datetime.timedelta(step)
        if candidate.weekday() < 5:
            return candidate
    return moved


def _copy_seminars(old: Process, new: Process, result: NextCycle) -> None:
    """The seminars' kinds, titles, times, places and agendas; never summaries or people."""
    seminars = sorted(
        Seminar.objects.filter(process=old).prefetch_related("agenda_items"),
        key=lambda s: (s.date, s.start_time, s.pk),
    )
    items = []
    for seminar in seminars:
        copy = Seminar.objects.create(
            process=new,
            kind=seminar.kind,
            title=seminar.title,
            date=seminar_day(seminar.date, old, new.start_date, new.end_date),
            start_time=seminar.start_time,
            end_time=seminar.end_time,
            place=seminar.place,
        )
        agenda = sorted(seminar.agenda_items.all(), key=lambda i: (i.position, i.pk))
        items.extend(
            AgendaItem(
                seminar=copy,
                position=position,
                title=item.title,
                duration_minutes=item.duration_minutes,
                format=item.format,
                notes=item.notes,
            )
            for position, item in enumerate(agenda)
        )
    AgendaItem.objects.bulk_create(items)
    result.seminars = len(seminars)


def _copy_groups(
    old: Process, new: Process, themes: dict[int, Theme], result: NextCycle
) -> dict[int, Group]:
    """Group names, themes and maximum sizes; old pk -> new group. Nobody is seated."""
    groups = {}
    for group in Group.objects.filter(process=old).order_by("pk"):
        groups[group.pk] = Group.objects.create(
            process=new,
            theme=themes.get(group.theme_id),
            name=group.name,
            max_size=group.max_size,
        )
    result.groups = len(groups)
    return groups
