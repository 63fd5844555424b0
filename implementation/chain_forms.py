"""Forms of the improvement chain: goals, sub-goals and the four stages of a trial action.

Each edit form carries `seen`, the fingerprint of what the editor was shown, so a save on
top of someone else's change is refused rather than overwriting it.
"""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import TEXT_MAX_LENGTH, Goal, Initiative, TrialAction


def textarea(rows: int = 3) -> forms.Textarea:
    # dir="auto" lets right-to-left text be typed and shown the right way.
    return forms.Textarea(attrs={"rows": rows, "dir": "auto", "class": "form-input--wide"})


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SeenForm(forms.Form):
    # The fingerprint of the stored fields when the form was shown (see services/editing.py).
    seen = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


class GoalForm(SeenForm):
    text = forms.CharField(
        label=_("Goal"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(2),
        help_text=_("What should be better for the users, and how will you know?"),
    )


class SubGoalForm(GoalForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].label = _("Sub-goal")
        self.fields["text"].help_text = _("One step on the way to the goal.")


class TrialPlanForm(SeenForm):
    """Plan: what we try, what we expect, and the (sub-)goal it serves."""

    title = forms.CharField(
        label=_("What we try"),
        max_length=200,
        help_text=_("A small change you can try for a few weeks."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    expectation = forms.CharField(
        label=_("What we expect"), max_length=TEXT_MAX_LENGTH, widget=textarea(2)
    )
    plan = forms.CharField(
        label=_("How, who and when"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(3),
    )
    goal = forms.ModelChoiceField(
        label=_("Sub-goal it serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("None in particular"),
    )

    def __init__(self, *args, initiative: Initiative, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        if goals is None:
            goals = list(Goal.objects.filter(initiative=initiative))
        if not goals:
            del self.fields["goal"]
            return
        self.fields["goal"].queryset = Goal.objects.filter(initiative=initiative)
        # Goals first, each followed by its sub-goals, indented.
        self.fields["goal"].label_from_instance = lambda goal: (
            f"– {goal.text[:80]}" if goal.parent_id else goal.text[:80]
        )
        ordered = [g for g in goals if g.parent_id is None]
        ordered = [x for g in ordered for x in [g, *(s for s in goals if s.parent_id == g.pk)]]
        self.fields["goal"].choices = [("", self.fields["goal"].empty_label)] + [
            (g.pk, self.fields["goal"].label_from_instance(g)) for g in ordered
        ]

    @classmethod
    def initial_for(cls, trial: TrialAction) -> dict:
        return {
            "title": trial.title,
            "expectation": trial.expectation,
            "plan": trial.plan,
            "goal": trial.goal_id,
        }


class TrialDoForm(SeenForm):
    """Do: when it was tried and how it went."""

    started_on = forms.DateField(label=_("Tried from"), widget=date_input())
    ended_on = forms.DateField(
        label=_("Tried until"),
        required=False,
        widget=date_input(),
        help_text=_("Leave empty while you are still trying it."),
    )
    do_notes = forms.CharField(
        label=_("How it went"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_("What you did, and what you noticed along the way."),
    )

    @classmethod
    def initial_for(cls, trial: TrialAction) -> dict:
        return {
            "started_on": trial.started_on or timezone.localdate(),
            "ended_on": trial.ended_on,
            "do_notes": trial.do_notes,
        }


class TrialStudyForm(SeenForm):
    """Study: what happened, held up against what was expected."""

    study = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX_LENGTH,
        widget=textarea(4),
        help_text=_("Compare it with what you expected. Did the measurements move?"),
    )

    @classmethod
    def initial_for(cls, trial: TrialAction) -> dict:
        return {"study": trial.study}


class TrialActForm(SeenForm):
    """Act: adopt, adapt or abandon, and what we learned."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=TrialAction.Decision.choices,
        widget=forms.RadioSelect,
        help_text=_("Abandoning is a result too: the trial stays visible with what you learned."),
    )
    learning = forms.CharField(
        label=_("What we learned"), max_length=TEXT_MAX_LENGTH, widget=textarea(4)
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=date_input())

    @classmethod
    def initial_for(cls, trial: TrialAction) -> dict:
        return {
            "decision": trial.decision,
            "learning": trial.learning,
            "decided_on": trial.decided_on or timezone.localdate(),
        }


STAGE_FORMS = {
    TrialAction.Stage.PLAN: TrialPlanForm,
    TrialAction.Stage.DO: TrialDoForm,
    TrialAction.Stage.STUDY: TrialStudyForm,
    TrialAction.Stage.ACT: TrialActForm,
}


STAGE_ORDER = list(TrialAction.Stage)
STAGE_URLS = {
    TrialAction.Stage.PLAN: "implementation:trial_plan",
    TrialAction.Stage.DO: "implementation:trial_do",
    TrialAction.Stage.STUDY: "implementation:trial_study",
    TrialAction.Stage.ACT: "implementation:trial_act",
}


def stage_steps(trial: TrialAction, current_page: str | None = None) -> list[dict]:
    """The four stages for the step indicator: reached (the last one reached is the trial's
    stage) or ahead, and which may be recorded now: the stage it is at, as a correction,
    and the next one."""
    order = STAGE_ORDER
    at = order.index(trial.stage)
    args = [trial.initiative.process_id, trial.initiative_id, trial.pk]
    return [
        {
            "stage": stage,
            "number": i + 1,
            "label": stage.label,
            "url": reverse(STAGE_URLS[stage], args=args),
            "done": i <= at,
            "at": i == at,
            "open": i in (at, at + 1),
            "page": stage == current_page,
        }
        for i, stage in enumerate(order)
    ]
