"""The improvement chain and the indicators as the initiative page's sections show them.

The sections are included with only `initiative`, `membership` and `can_edit` in their
context, so they load their own data here: a fixed number of queries whatever the size of
the chain (goals, trials; indicators, measurements, trials).
"""

from dataclasses import dataclass, field

from django import template

from ..chain_forms import stage_steps
from ..charts import Chart, build_chart, with_unit
from ..models import Goal, Indicator, Initiative, Measurement, TrialAction

register = template.Library()


@dataclass
class ChainGoal:
    goal: Goal
    trials: list[TrialAction] = field(default_factory=list)
    subs: list["ChainGoal"] = field(default_factory=list)


@dataclass
class Chain:
    goals: list[ChainGoal]
    # Trials planned without a (sub-)goal.
    loose_trials: list[TrialAction]
    trial_count: int

    @property
    def is_empty(self) -> bool:
        return not self.goals and not self.loose_trials


def chain_for(initiative: Initiative) -> Chain:
    """Goals with their sub-goals, each with its trials, in two queries."""
    goals = list(Goal.objects.filter(initiative=initiative).order_by("position", "pk"))
    trials = list(
        TrialAction.objects.filter(initiative=initiative).order_by("started_on", "created_at", "pk")
    )
    for trial in trials:
        trial.initiative = initiative
        trial.steps = stage_steps(trial)
    nodes = {goal.pk: ChainGoal(goal) for goal in goals}
    top = []
    for goal in goals:
        if goal.parent_id in nodes:
            nodes[goal.parent_id].subs.append(nodes[goal.pk])
        else:
            top.append(nodes[goal.pk])
    loose = []
    for trial in trials:
        if trial.goal_id in nodes:
            nodes[trial.goal_id].trials.append(trial)
        else:
            loose.append(trial)
    return Chain(goals=top, loose_trials=loose, trial_count=len(trials))


@register.simple_tag
def improvement_chain(initiative: Initiative) -> Chain:
    return chain_for(initiative)


def charts_for(initiative: Initiative) -> list[Chart]:
    """Each indicator's chart, with the initiative's trials marked: three queries."""
    indicators = list(Indicator.objects.filter(initiative=initiative))
    if not indicators:
        return []
    measurements: dict[int, list[Measurement]] = {i.pk: [] for i in indicators}
    for measurement in Measurement.objects.filter(indicator__in=indicators).order_by(
        "measured_on", "pk"
    ):
        measurements[measurement.indicator_id].append(measurement)
    trials = list(
        TrialAction.objects.filter(initiative=initiative, started_on__isnull=False).only(
            "title", "started_on", "ended_on", "decision", "initiative_id", "stage"
        )
    )
    charts = []
    for indicator in indicators:
        indicator.initiative = initiative
        charts.append(
            build_chart(
                indicator,
                measurements[indicator.pk],
                trials,
                chart_id=f"initiative-indicator-{indicator.pk}",
            )
        )
    return charts


@register.simple_tag
def indicator_charts(initiative: Initiative) -> list[Chart]:
    return charts_for(initiative)


@register.filter
def value_with_unit(value, unit: str) -> str:
    """`{{ measurement.value|value_with_unit:indicator.unit }}` → “62 %”."""
    return with_unit(value, unit)
