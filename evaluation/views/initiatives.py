"""Initiative evaluations: the ratings summed up for a process, one initiative's record and
ratings, and the form that changes them (versioned: no silent overwrite)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from core.revisions import EditConflict, conflict_context, revision_history_context
from implementation.access import can_manage as can_manage_initiatives
from implementation.access import initiatives_visible_to
from implementation.models import Initiative
from processes.access import get_process_for

from ..access import can_edit_initiative, get_initiative_for, require
from ..charts import rating_bars, rating_legend
from ..forms.initiatives import InitiativeEvaluationForm
from ..models import InitiativeEvaluation, Rating
from ..services import initiatives as services
from .common import show_errors

CONFLICT_LABELS = {
    "background_and_goals": gettext_lazy("Background and goals"),
    "practice": gettext_lazy("Practice"),
    "results_and_effects": gettext_lazy("Results and effects"),
    "team_ratings_text": gettext_lazy("The team's ratings"),
    "users_rated": gettext_lazy("The users rated the initiative too"),
    "users_ratings_text": gettext_lazy("The users' ratings"),
    "users_rating_note": gettext_lazy("How the users' rating was gathered"),
}
HISTORY_LABELS = {
    "background_and_goals": gettext_lazy("Background and goals"),
    "practice": gettext_lazy("Practice"),
    "results_and_effects": gettext_lazy("Results and effects"),
    "team_ratings": gettext_lazy("The team's ratings"),
    "users_rated": gettext_lazy("The users rated the initiative too"),
    "users_ratings": gettext_lazy("The users' ratings"),
    "users_rating_note": gettext_lazy("How the users' rating was gathered"),
}


@require_safe
def ratings(request, process_pk: int):
    """The initiative evaluations of a process: each dimension's average and distribution
    (the team's and the users'), and which initiatives are evaluated."""
    process, membership = get_process_for(request, process_pk)
    visible = initiatives_visible_to(
        membership, Initiative.objects.filter(process=process)
    ).select_related("theme", "group")
    summary = services.aggregate_ratings(visible)
    initiatives = list(visible.order_by("title", "pk"))
    per_initiative = services.ratings_for_initiatives(initiatives)
    rows = []
    for initiative in initiatives:
        entry = per_initiative.get(initiative.pk)
        team = entry["team"] if entry else {}
        rows.append(
            {
                "initiative": initiative,
                "evaluated": entry is not None,
                "users_rated": bool(entry and entry["evaluation"].users_rated),
                "team": [team.get(d) for d in Rating.Dimension.values],
            }
        )
    context = {
        "process": process,
        "membership": membership,
        "summary": summary,
        "charts": rating_bars(summary),
        "legend": rating_legend(),
        "rows": rows,
        "dimensions": Rating.Dimension.choices,
        "is_external": membership.role == membership.Role.EXTERNAL,
    }
    return render(request, "evaluation/initiatives/ratings.html", context)


def _evaluation(initiative) -> InitiativeEvaluation | None:
    evaluation = (
        InitiativeEvaluation.objects.filter(initiative=initiative)
        .prefetch_related("ratings")
        .first()
    )
    if evaluation is not None:
        evaluation.initiative = initiative
    return evaluation


def _rows(scores: dict) -> list[dict]:
    return [
        {"dimension": value, "label": label, "score": scores.get(value)}
        for value, label in Rating.Dimension.choices
    ]


@require_safe
def initiative(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    evaluation = _evaluation(initiative)
    scores = services.current_ratings(evaluation)
    context = {
        "process": process,
        "initiative": initiative,
        "evaluation": evaluation,
        "team_rows": _rows(scores[Rating.Rater.TEAM]),
        "users_rows": _rows(scores[Rating.Rater.USERS]),
        "can_edit": can_edit_initiative(membership, initiative),
        **revision_history_context(
            evaluation.revisions.select_related("editor__user") if evaluation else [],
            labels=HISTORY_LABELS,
            # Initiatives show their owner and team by name (implementation's pages do).
            sees_authors=True,
            viewer=membership,
        ),
    }
    return render(request, "evaluation/initiatives/detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def initiative_edit(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    require(can_edit_initiative(membership, initiative))
    evaluation = _evaluation(initiative)
    conflict, status = None, 200
    if request.method == "POST":
        form = InitiativeEvaluationForm(request.POST)
        if form.is_valid():
            try:
                services.save_initiative_evaluation(
                    actor=membership, initiative=initiative, **form.service_kwargs()
                )
            except EditConflict as error:
                conflict = conflict_context(
                    error, labels=CONFLICT_LABELS, sees_authors=True, viewer=membership
                )
                data = request.POST.copy()
                data["version"] = str(error.current.version)
                form = InitiativeEvaluationForm(data)
                status = 409
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The evaluation is saved."))
                return redirect("evaluation:initiative", process.pk, initiative.pk)
    else:
        form = InitiativeEvaluationForm(
            initial=InitiativeEvaluationForm.initial_for(
                evaluation, services.current_ratings(evaluation)
            )
        )
    context = {
        "process": process,
        "initiative": initiative,
        "evaluation": evaluation,
        "form": form,
        "conflict": conflict,
        "can_manage": can_manage_initiatives(membership),
    }
    return render(request, "evaluation/initiatives/edit.html", context, status=status)
