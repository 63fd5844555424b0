"""Carrying running initiatives forward into the next cycle, with their whole history.

Each initiative still being carried out becomes a new initiative of the new process that
names the old one (`carried_from`) and keeps its status, owner, team, sign-off, lineage,
revisions, status changes, goals and sub-goals, trials, indicators with their measurements
and progress updates, with their original dates and times. Both timelines get a dated note,
so neither reads as if the initiative had stopped or just appeared.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils.translation import gettext as _

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
from organisations.models import Membership
from processes.models import Group, Process, Theme

__all__ = ["CLOSED", "carry_initiatives", "running_initiatives"]


def running_initiatives(process: Process):
    """The initiatives still being carried out (not anchored, not stopped) that have not
    been carried forward yet."""
    return (
        Initiative.objects.filter(process=process, carried_to__isnull=True)
        .exclude(status__in=CLOSED)
        .order_by("pk")
    )


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


def carry_initiatives(
    old: Process,
    new: Process,
    themes: dict[int, Theme],
    groups: dict[int, Group],
    *,
    actor: Membership,
    today: datetime.date,
) -> list[Initiative]:
    """Carry `old`'s running initiatives into `new` (whose themes and groups are mapped from
    the old ones' pks); the caller holds the transaction and the lock on `old`."""
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
        return []
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
    return [
        _carry(initiative, new, themes, groups, actor=actor, today=today, old=old)
        for initiative in running
    ]


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
