"""The improvement chain: goals, sub-goals and trial actions (plan → do → study → act).

Owner, team, facilitator and leader add and edit; the rest of the organisation reads (an
external only the initiatives they take part in). There is no view that deletes a trial:
an abandoned trial is kept as learning.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from core.params import int_param

from ..access import can_edit, get_initiative_for, get_trial_for, require
from ..chain_forms import STAGE_FORMS, GoalForm, SubGoalForm, TrialPlanForm, stage_steps
from ..charts import plain_number
from ..models import Goal, TrialAction
from ..services import chain as services
from ..services.editing import StaleEdit, fingerprint, long_date

Stage = TrialAction.Stage


def stale_conflict(form, error: StaleEdit, fields) -> dict:
    """What core's `edit_conflict.html` shows (as `core.revisions.conflict_context` gives
    it): the fields whose saved value differs from what the editor typed, side by side
    (`rows`), and the labels of the rest (`same`). These rows have no version number or
    revision history, so there is no version or "saved by" to show; the refusal's own
    message is the heading."""
    rows, same = [], []
    for name in fields:
        if name not in form.fields or name == "seen":
            continue
        label = str(form.fields[name].label)
        theirs = _shown(form.fields[name], getattr(error.current, name, None))
        mine = _shown(form.fields[name], form.cleaned_data.get(name))
        if theirs != mine:
            rows.append({"label": label, "theirs": theirs, "mine": mine})
        else:
            same.append(label)
    return {"heading": error.messages[0], "rows": rows, "same": same}


def _shown(field, value) -> str:
    if value is None or value == "":
        return ""
    if hasattr(value, "strftime"):
        return long_date(value)
    if isinstance(value, Decimal):
        return plain_number(value)
    if getattr(field, "choices", None) and not hasattr(field, "queryset"):
        return str(dict(field.choices).get(value, value))
    return str(value)


def _rebind(form_class, request, seen: str, **kwargs):
    """The editor's text again, now based on the saved version: saving re-applies it."""
    data = request.POST.copy()
    data["seen"] = seen
    return form_class(data, **kwargs)


# -- Goals -----------------------------------------------------------------------------------


def _goal_page(request, context, status=200):
    return render(request, "implementation/goal_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def goal_add(request, process_pk: int, initiative_pk: int, goal_pk: int | None = None):
    """Add the initiative's goal, or (under `goal_pk`) a sub-goal."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    parent = None
    if goal_pk is not None:
        parent = get_object_or_404(Goal, pk=goal_pk, initiative=initiative, parent=None)
    form_class = SubGoalForm if parent else GoalForm
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.add_goal(
                actor=membership,
                initiative=initiative,
                text=form.cleaned_data["text"],
                parent=parent,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("The sub-goal has been added.") if parent else _("The goal has been added."),
            )
            return redirect(f"{initiative.get_absolute_url()}#goal-{goal.pk}")
    context = {
        "process": process,
        "initiative": initiative,
        "parent": parent,
        "goal": None,
        "form": form,
        "action": request.path,
    }
    return _goal_page(request, context)


@require_http_methods(["GET", "POST"])
def goal_edit(request, process_pk: int, initiative_pk: int, goal_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    goal = get_object_or_404(
        Goal.objects.select_related("parent"), pk=goal_pk, initiative=initiative
    )
    form_class = SubGoalForm if goal.parent_id else GoalForm
    conflict, status = None, 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                services.edit_goal(
                    actor=membership,
                    goal=goal,
                    text=form.cleaned_data["text"],
                    seen=form.cleaned_data["seen"],
                )
            except StaleEdit as error:
                conflict = stale_conflict(form, error, ["text"])
                form = _rebind(
                    form_class, request, fingerprint(error.current, services.GOAL_FIELDS)
                )
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your changes have been saved."))
                return redirect(f"{initiative.get_absolute_url()}#goal-{goal.pk}")
    else:
        form = form_class(
            initial={"text": goal.text, "seen": fingerprint(goal, services.GOAL_FIELDS)}
        )
    context = {
        "process": process,
        "initiative": initiative,
        "parent": goal.parent,
        "goal": goal,
        "form": form,
        "conflict": conflict,
        "action": request.path,
    }
    return _goal_page(request, context, status)


# -- Trial actions ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def trial_add(request, process_pk: int, initiative_pk: int):
    """Plan a trial action: what we try, what we expect, and the sub-goal it serves."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit(membership, initiative))
    initial = {}
    if (goal_pk := int_param(request.GET.get("goal"))) is not None:
        initial["goal"] = goal_pk
    form = TrialPlanForm(request.POST or None, initial=initial, initiative=initiative)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("seen", None)
        try:
            trial = services.add_trial(actor=membership, initiative=initiative, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The trial action has been planned."))
            return redirect(trial_url(trial))
    context = {"process": process, "initiative": initiative, "form": form}
    return render(request, "implementation/trial_add.html", context)


def trial_url(trial: TrialAction) -> str:
    return reverse(
        "implementation:trial",
        args=[trial.initiative.process_id, trial.initiative_id, trial.pk],
    )


@require_GET
def trial_detail(request, process_pk: int, initiative_pk: int, trial_pk: int):
    process, membership, initiative, trial = get_trial_for(
        request, process_pk, initiative_pk, trial_pk
    )
    context = {
        "process": process,
        "initiative": initiative,
        "trial": trial,
        "goal": trial.goal,
        "steps": stage_steps(trial),
        "can_edit": can_edit(membership, initiative),
    }
    return render(request, "implementation/trial_detail.html", context)


@require_http_methods(["GET", "POST"])
def trial_stage(request, process_pk: int, initiative_pk: int, trial_pk: int, stage: str):
    """Record one stage of a trial: the plan (until it is tried), do, study or act."""
    process, membership, initiative, trial = get_trial_for(
        request, process_pk, initiative_pk, trial_pk
    )
    require(can_edit(membership, initiative))
    stage = Stage(stage)
    form_class = STAGE_FORMS[stage]
    kwargs = {"initiative": initiative} if stage == Stage.PLAN else {}
    fields = services.STAGE_FIELDS[stage]
    conflict, status = None, 200
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.RECORDERS[stage](actor=membership, trial=trial, **data)
            except StaleEdit as error:
                conflict = stale_conflict(form, error, form.fields)
                form = _rebind(form_class, request, fingerprint(error.current, fields), **kwargs)
                trial = error.current
                trial.initiative = initiative
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _SAVED[stage])
                return redirect(trial_url(trial))
    else:
        initial = form_class.initial_for(trial)
        # Correcting the stage the trial is at checks what the editor saw; the next stage
        # is new text and needs no check.
        if trial.stage == stage:
            initial["seen"] = fingerprint(trial, fields)
        form = form_class(initial=initial, **kwargs)
    at = services.STAGE_ORDER.index(trial.stage)
    wanted = services.STAGE_ORDER.index(stage)
    context = {
        "process": process,
        "initiative": initiative,
        "trial": trial,
        "stage": stage,
        "form": form,
        "conflict": conflict,
        "steps": stage_steps(trial, current_page=stage),
        "closed": wanted < at,
        "too_early": wanted > at + 1,
        "next_stage": services.STAGE_ORDER[at + 1] if at + 1 < len(services.STAGE_ORDER) else None,
    }
    return render(request, "implementation/trial_stage.html", context, status=status)


_SAVED = {
    Stage.PLAN: gettext_lazy("The plan has been saved."),
    Stage.DO: gettext_lazy("How the trial went has been saved."),
    Stage.STUDY: gettext_lazy("What happened has been saved."),
    Stage.ACT: gettext_lazy("The decision and what you learned have been saved."),
}
