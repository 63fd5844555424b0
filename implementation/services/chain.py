"""The improvement chain: goals, sub-goals and trial actions run as plan → do → study → act.

A trial moves forward only, one stage at a time; recording the stage it is at again corrects
that stage's notes. Nothing here deletes a trial: an abandoned trial stays, with what was
learned, as part of the initiative's history.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership

from ..models import Goal, Initiative, TrialAction
from .editing import check_fingerprint, long_date

Stage = TrialAction.Stage
STAGE_ORDER = [Stage.PLAN, Stage.DO, Stage.STUDY, Stage.ACT]

GOAL_FIELDS = ("text",)
# What each stage's form edits: the fingerprint of these fields guards against overwriting.
STAGE_FIELDS = {
    Stage.PLAN: ("title", "plan", "expectation", "goal_id", "stage"),
    Stage.DO: ("started_on", "ended_on", "do_notes", "stage"),
    Stage.STUDY: ("study", "stage"),
    Stage.ACT: ("decision", "learning", "decided_on", "stage"),
}


def _clean_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message}, code="required")
    return value


def _not_in_future(value: datetime.date | None, field: str) -> None:
    today = timezone.localdate()
    if value is not None and value > today:
        raise ValidationError(
            {
                field: _("%(date)s is in the future: today is %(today)s.")
                % {"date": long_date(value), "today": long_date(today)}
            },
            code="future",
        )


# -- Goals ----------------------------------------------------------------------------------


@transaction.atomic
def add_goal(
    *, actor: Membership, initiative: Initiative, text: str, parent: Goal | None = None
) -> Goal:
    """Add the initiative's goal, or (with `parent`) a sub-goal of one of its goals.

    Sub-goals are one level deep: a sub-goal's parent is a goal of the same initiative.
    """
    text = _clean_text(text, "text", _("Write the goal."))
    if parent is not None and (parent.initiative_id != initiative.pk or parent.parent_id):
        raise ValidationError(
            {"parent": _("A sub-goal belongs under one of this initiative's goals.")}
        )
    # Lock the initiative so two goals added at once get distinct positions.
    Initiative.objects.select_for_update().filter(pk=initiative.pk).first()
    last = Goal.objects.filter(initiative=initiative, parent=parent).aggregate(m=Max("position"))
    return Goal.objects.create(
        initiative=initiative,
        parent=parent,
        text=text,
        position=(last["m"] or 0) + 1,
    )


@transaction.atomic
def edit_goal(*, actor: Membership, goal: Goal, text: str, seen: str | None = None) -> Goal:
    """Change a goal's wording, unless someone changed it since the form was shown (`seen`)."""
    text = _clean_text(text, "text", _("Write the goal."))
    locked = Goal.objects.select_for_update().get(pk=goal.pk)
    check_fingerprint(locked, GOAL_FIELDS, seen)
    locked.text = text
    locked.save(update_fields=["text"])
    return locked


# -- Trial actions ---------------------------------------------------------------------------


def _clean_goal(initiative: Initiative, goal: Goal | None) -> Goal | None:
    if goal is not None and goal.initiative_id != initiative.pk:
        raise ValidationError({"goal": _("Choose one of this initiative's goals.")})
    return goal


@transaction.atomic
def add_trial(
    *,
    actor: Membership,
    initiative: Initiative,
    title: str,
    expectation: str,
    plan: str = "",
    goal: Goal | None = None,
) -> TrialAction:
    """Plan a trial action: what we try and what we expect, optionally under a (sub-)goal."""
    return TrialAction.objects.create(
        initiative=initiative,
        goal=_clean_goal(initiative, goal),
        title=_clean_text(title, "title", _("Say what you will try.")),
        plan=(plan or "").strip(),
        expectation=_clean_text(expectation, "expectation", _("Say what you expect to happen.")),
        stage=Stage.PLAN,
        created_by=actor,
    )


def _lock_for_stage(trial: TrialAction, stage: str, seen: str | None) -> TrialAction:
    """The trial, locked, if `stage` may be recorded now: the stage it is at (a correction) or
    the next one. A trial never moves back."""
    locked = TrialAction.objects.select_for_update().get(pk=trial.pk)
    current = STAGE_ORDER.index(locked.stage)
    wanted = STAGE_ORDER.index(stage)
    if wanted < current:
        raise ValidationError(
            _(
                "This trial has already reached “%(current)s”: a trial moves forward only "
                "(plan → do → study → act), so “%(stage)s” can no longer be changed."
            )
            % {"current": locked.get_stage_display(), "stage": Stage(stage).label},
            code="backwards",
        )
    if wanted > current + 1:
        raise ValidationError(
            _("Record “%(next)s” first: a trial goes plan → do → study → act, one step at a time.")
            % {"next": STAGE_ORDER[current + 1].label},
            code="skipped",
        )
    # A correction of the current stage is checked against what the editor saw; moving on to
    # the next stage writes fields nobody has filled in yet.
    if wanted == current:
        check_fingerprint(locked, STAGE_FIELDS[Stage(stage)], seen)
    return locked


@transaction.atomic
def edit_plan(
    *,
    actor: Membership,
    trial: TrialAction,
    title: str,
    expectation: str,
    plan: str = "",
    goal: Goal | None = None,
    seen: str | None = None,
) -> TrialAction:
    """Change the plan while the trial has not been tried; after that the plan stays as it
    was, so what was expected can be compared with what happened."""
    locked = _lock_for_stage(trial, Stage.PLAN, seen)
    locked.title = _clean_text(title, "title", _("Say what you will try."))
    locked.expectation = _clean_text(
        expectation, "expectation", _("Say what you expect to happen.")
    )
    locked.plan = (plan or "").strip()
    locked.goal = _clean_goal(locked.initiative, goal)
    locked.save(update_fields=["title", "expectation", "plan", "goal", "updated_at"])
    return locked


@transaction.atomic
def record_do(
    *,
    actor: Membership,
    trial: TrialAction,
    started_on: datetime.date,
    do_notes: str,
    ended_on: datetime.date | None = None,
    seen: str | None = None,
) -> TrialAction:
    """Record that the trial is being tried: from when (and until when), and how it went."""
    locked = _lock_for_stage(trial, Stage.DO, seen)
    if started_on is None:
        raise ValidationError({"started_on": _("Say when you began trying it.")})
    _not_in_future(started_on, "started_on")
    if ended_on is not None:
        _not_in_future(ended_on, "ended_on")
        if ended_on < started_on:
            raise ValidationError(
                {
                    "ended_on": _("The trial cannot end before it began (%(date)s).")
                    % {"date": long_date(started_on)}
                }
            )
    locked.started_on = started_on
    locked.ended_on = ended_on
    locked.do_notes = _clean_text(do_notes, "do_notes", _("Say how it went."))
    locked.stage = Stage.DO
    locked.save(update_fields=["started_on", "ended_on", "do_notes", "stage", "updated_at"])
    return locked


@transaction.atomic
def record_study(
    *, actor: Membership, trial: TrialAction, study: str, seen: str | None = None
) -> TrialAction:
    """Record what happened, compared with what was expected."""
    locked = _lock_for_stage(trial, Stage.STUDY, seen)
    locked.study = _clean_text(study, "study", _("Say what happened."))
    locked.stage = Stage.STUDY
    locked.save(update_fields=["study", "stage", "updated_at"])
    return locked


@transaction.atomic
def record_act(
    *,
    actor: Membership,
    trial: TrialAction,
    decision: str,
    learning: str,
    decided_on: datetime.date | None = None,
    seen: str | None = None,
) -> TrialAction:
    """Decide: adopt, adapt or abandon, with what was learned. An abandoned trial is kept,
    with its learning, for everyone to read."""
    locked = _lock_for_stage(trial, Stage.ACT, seen)
    if decision not in TrialAction.Decision.values:
        raise ValidationError({"decision": _("Choose adopt, adapt or abandon.")})
    decided_on = decided_on or timezone.localdate()
    _not_in_future(decided_on, "decided_on")
    if locked.started_on and decided_on < locked.started_on:
        raise ValidationError(
            {
                "decided_on": _("The decision cannot come before the trial began (%(date)s).")
                % {"date": long_date(locked.started_on)}
            }
        )
    locked.decision = decision
    locked.learning = _clean_text(learning, "learning", _("Say what you learned."))
    locked.decided_on = decided_on
    locked.stage = Stage.ACT
    locked.save(update_fields=["decision", "learning", "decided_on", "stage", "updated_at"])
    return locked


RECORDERS = {
    Stage.PLAN: edit_plan,
    Stage.DO: record_do,
    Stage.STUDY: record_study,
    Stage.ACT: record_act,
}
