"""The evaluations' panel on the process page (registered in `apps.py`)."""

from processes.panels import register_panel


def summary(process, membership) -> dict:
    """Where the process evaluation stands (for the viewer: answer it, answered, its status;
    for the facilitator and the leader also how many answered) and how many of the
    initiatives the viewer may read are evaluated. At most six queries, whatever the size."""
    from implementation.access import initiatives_visible_to
    from implementation.models import Initiative

    from .access import can_answer, can_see_results
    from .models import InitiativeEvaluation, ProcessEvaluation, Respondent

    evaluation = ProcessEvaluation.objects.filter(process=process).first()
    context = {"evaluation": evaluation, "answered": False, "can_answer": False}
    if evaluation is not None:
        evaluation.process = process
        context["answered"] = Respondent.objects.filter(
            evaluation=evaluation, membership=membership
        ).exists()
        context["can_answer"] = not context["answered"] and can_answer(membership, evaluation)
        context["sees_rate"] = can_see_results(membership, evaluation) and (
            membership.role in ("facilitator", "leader")
        )
        if context["sees_rate"]:
            context["respondent_count"] = evaluation.respondents.count()
    visible = initiatives_visible_to(membership, Initiative.objects.filter(process=process))
    context["initiative_count"] = visible.count()
    context["evaluated_count"] = InitiativeEvaluation.objects.filter(
        initiative__in=visible.values("pk")
    ).count()
    return context


def register() -> None:
    register_panel(
        "evaluation.summary",
        "evaluation/panels/summary.html",
        summary,
        order=40,
        slot="summary",
    )
