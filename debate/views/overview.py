"""The value debate of a process: its groups and the themes' given frames."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.views.decorators.http import require_GET

from processes.access import get_process_for
from processes.models import Group, Theme

from ..access import can_run_rounds
from ..models import PrioritisationRound


@require_GET
def overview(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    groups = (
        Group.objects.filter(process=process)
        .select_related("theme")
        .annotate(
            value_count=Count("values", filter=Q(values__merged_into__isnull=True), distinct=True),
            idea_count=Count("ideas", distinct=True),
        )
    )
    themes = Theme.objects.filter(process=process).annotate(condition_count=Count("given_frame"))
    rounds = PrioritisationRound.objects.filter(process=process)
    context = {
        "process": process,
        "groups": groups,
        "themes": themes,
        "open_rounds": list(rounds.filter(status=PrioritisationRound.Status.OPEN)),
        "round_count": rounds.count(),
        "can_run": can_run_rounds(membership),
    }
    return render(request, "debate/overview.html", context)
