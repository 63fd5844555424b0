"""The next cycle on the process page (registered in `apps.py`): which process this one
continues or is continued by, and for the facilitator the ways on (start the next cycle
once the process is in implementation, export its design)."""

from processes.models import Phase
from processes.panels import register_panel


def next_cycle(process, membership) -> dict:
    """At most four queries, whatever the size of the process."""
    from implementation.models import Initiative

    from .access import can_plan
    from .models import CycleLink
    from .services.carry import CLOSED

    previous = CycleLink.objects.filter(process=process).select_related("previous").first()
    following = list(
        CycleLink.objects.filter(previous=process)
        .select_related("process")
        .order_by("started_at", "pk")
    )
    carried_in = (
        Initiative.objects.filter(process=process, carried_from__isnull=False).count()
        if previous
        else 0
    )
    planner = can_plan(membership)
    in_implementation = process.current_phase == Phase.IMPLEMENTATION
    running = (
        Initiative.objects.filter(process=process, carried_to__isnull=True)
        .exclude(status__in=CLOSED)
        .count()
        if planner and in_implementation
        else 0
    )
    return {
        "visible": planner or previous is not None or bool(following),
        "can_plan": planner,
        "can_start": planner and in_implementation,
        "previous": previous.previous if previous else None,
        "following": [link.process for link in following],
        "carried_in": carried_in,
        "running": running,
    }


def register() -> None:
    register_panel("cycles.next_cycle", "cycles/panels/next_cycle.html", next_cycle, order=90)
