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
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from debate.models import GivenFrame
from implementation.models import (
    Goal,
    Implementation,
    Indicator,
    Initiative,
    InitiativeRevision,
    Measurement,
    ProgressUpdate,
    StatusChange,
    TrialAction,
)
from implementation.services.updates import CLOSED
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


def running_initiatives(process: Process):
    """The initiatives still being carried out (not anchored, not stopped) that have not
    been carried forward yet."""
    return (
        Initiative.objects.filter(process=process, carried_to__isnull=True)
        .exclude(status__in=CLOSED)
        .order_by("pk")
    )


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
        _carry_initiatives(old, new, themes, groups, result, actor=actor, today=today)
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


# --- Initiatives -----------------------------------------------------------------------------


def _keep_timestamps(model, pairs: Iterable[tuple], fields=("created_at",)) -> None:
    """`auto_now_add` stamps a copy with today; give it its original's time again."""
    copies = []
    for copy, original in pairs:
        for name in fields:
            setattr(copy, name, getattr(original, name))
        copies.append(copy)
    if copies:
        # bulk_update writes the attributes as they are (no auto_now).
        model.objects.bulk_update(copies, list(fields))


def _carry_initiatives(
    old: Process,
    new: Process,
    themes: dict[int, Theme],
    groups: dict[int, Group],
    result: NextCycle,
    *,
    actor: Membership,
    today: datetime.date,
) -> None:
    running = list(
        running_initiatives(old)
        .select_for_update(of=("self",))
        .prefetch_related(
            "team",
            "revisions",
            "status_changes",
            "goals",
            "trials",
            "indicators__measurements",
            "updates",
        )
    )
    if not running:
        return
    implementation = Implementation.objects.filter(process=old).first()
    if implementation is not None:
        # The initiatives are followed up in the new process from today on: same interval,
        # same reminders. The edition is where the carried initiatives started; the new
        # process's own published edition adds its initiatives to this implementation later.
        Implementation.objects.create(
            process=new,
            edition_id=implementation.edition_id,
            update_interval_days=implementation.update_interval_days,
            started_by=actor,
        )
    for initiative in running:
        result.carried.append(
            _carry(initiative, new, themes, groups, actor=actor, today=today, old=old)
        )


def _carry(
    initiative: Initiative,
    new: Process,
    themes: dict[int, Theme],
    groups: dict[int, Group],
    *,
    actor: Membership,
    today: datetime.date,
    old: Process,
) -> Initiative:
    copy = Initiative.objects.create(
        process=new,
        group=groups.get(initiative.group_id),
        theme=themes.get(initiative.theme_id),
        title=initiative.title,
        description=initiative.description,
        origin=initiative.origin,
        origin_reason=initiative.origin_reason,
        # The edition and the idea belong to the old process (and its pages); the frozen
        # lineage still tells where the initiative came from.
        edition=None,
        source_idea=None,
        lineage=initiative.lineage,
        carried_from=initiative,
        owner_id=initiative.owner_id,
        users_involvement=initiative.users_involvement,
        start_date=initiative.start_date,
        end_date=initiative.end_date,
        status=initiative.status,
        status_changed_on=initiative.status_changed_on,
        frame_signed_off_by_id=initiative.frame_signed_off_by_id,
        frame_signed_off_at=initiative.frame_signed_off_at,
        frame_note=initiative.frame_note,
        last_update_on=initiative.last_update_on,
        # The revisions come along, so the version stays in step with them.
        version=initiative.version,
        created_by_id=initiative.created_by_id,
    )
    copy.team.set(initiative.team.all())

    revisions = [
        (
            InitiativeRevision(
                initiative=copy,
                editor_id=r.editor_id,
                kind=r.kind,
                version=r.version,
                data=r.data,
            ),
            r,
        )
        for r in initiative.revisions.all()
    ]
    InitiativeRevision.objects.bulk_create([pair[0] for pair in revisions])
    _keep_timestamps(InitiativeRevision, revisions)

    changes = {
        change.pk: StatusChange(
            initiative=copy,
            from_status=change.from_status,
            to_status=change.to_status,
            changed_on=change.changed_on,
            reason=change.reason,
            actor_id=change.actor_id,
        )
        for change in initiative.status_changes.all()
    }
    StatusChange.objects.bulk_create(changes.values())
    _keep_timestamps(
        StatusChange,
        [(changes[c.pk], c) for c in initiative.status_changes.all()],
    )

    goals = _copy_goals(initiative, copy)
    trials = [
        (
            TrialAction(
                initiative=copy,
                goal=goals.get(trial.goal_id),
                title=trial.title,
                plan=trial.plan,
                expectation=trial.expectation,
                stage=trial.stage,
                started_on=trial.started_on,
                ended_on=trial.ended_on,
                do_notes=trial.do_notes,
                study=trial.study,
                decision=trial.decision,
                learning=trial.learning,
                decided_on=trial.decided_on,
                created_by_id=trial.created_by_id,
            ),
            trial,
        )
        for trial in initiative.trials.all()
    ]
    TrialAction.objects.bulk_create([pair[0] for pair in trials])
    _keep_timestamps(TrialAction, trials, fields=("created_at", "updated_at"))

    _copy_indicators(initiative, copy)

    updates = [
        (
            ProgressUpdate(
                initiative=copy,
                written_on=update.written_on,
                text=update.text,
                status_change=changes.get(update.status_change_id),
                author_id=update.author_id,
            ),
            update,
        )
        for update in initiative.updates.all()
    ]
    ProgressUpdate.objects.bulk_create([pair[0] for pair in updates])
    _keep_timestamps(ProgressUpdate, updates)

    # Both timelines say what happened, so neither reads as if the initiative just stopped
    # or just appeared.
    ProgressUpdate.objects.create(
        initiative=initiative,
        written_on=today,
        text=_("Carried forward to “%(process)s”, the next cycle, where it continues.")
        % {"process": new.title},
        author=actor,
    )
    ProgressUpdate.objects.create(
        initiative=copy,
        written_on=today,
        text=_("Carried forward from “%(process)s”, the previous cycle, with its history.")
        % {"process": old.title},
        author=actor,
    )
    for row in (initiative, copy):
        if row.last_update_on is None or row.last_update_on < today:
            row.last_update_on = today
            row.save(update_fields=["last_update_on", "updated_at"])
    return copy


def _copy_goals(initiative: Initiative, copy: Initiative) -> dict[int, Goal]:
    """The goal and its sub-goals, parents before children; old pk -> new goal."""
    pending = sorted(initiative.goals.all(), key=lambda g: (g.position, g.pk))
    copies: dict[int, Goal] = {}
    originals = []
    while pending:
        ready = [g for g in pending if g.parent_id is None or g.parent_id in copies]
        if not ready:  # a parent outside the initiative: keep the goal at the top
            ready = pending[:1]
        for goal in ready:
            copies[goal.pk] = Goal.objects.create(
                initiative=copy,
                parent=copies.get(goal.parent_id),
                text=goal.text,
                position=goal.position,
            )
            originals.append((copies[goal.pk], goal))
        pending = [g for g in pending if g.pk not in copies]
    _keep_timestamps(Goal, originals)
    return copies


def _copy_indicators(initiative: Initiative, copy: Initiative) -> None:
    pairs = []
    measurements = []
    for indicator in initiative.indicators.all():
        new_indicator = Indicator.objects.create(
            initiative=copy,
            name=indicator.name,
            unit=indicator.unit,
            better=indicator.better,
            baseline_value=indicator.baseline_value,
            baseline_date=indicator.baseline_date,
            baseline_method=indicator.baseline_method,
            baseline_period_end=indicator.baseline_period_end,
            target_value=indicator.target_value,
            target_date=indicator.target_date,
            position=indicator.position,
        )
        pairs.append((new_indicator, indicator))
        measurements.extend(
            (
                Measurement(
                    indicator=new_indicator,
                    measured_on=m.measured_on,
                    value=m.value,
                    note=m.note,
                    evidence_kind=m.evidence_kind,
                    evidence=m.evidence,
                    entered_by_id=m.entered_by_id,
                ),
                m,
            )
            for m in indicator.measurements.all()
        )
    _keep_timestamps(Indicator, pairs)
    Measurement.objects.bulk_create([pair[0] for pair in measurements])
    _keep_timestamps(Measurement, measurements)
