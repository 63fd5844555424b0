"""Implementation's panel on the process page (registered in `apps.py`)."""

from django.db.models import Count
from django.utils import timezone

from processes.panels import register_panel


def summary(process, membership) -> dict:
    """The initiatives by status and how many are overdue for an update. Three queries
    (four for an external, whose visible initiatives are a filtered set)."""
    from .access import initiatives_visible_to
    from .models import Implementation, Initiative
    from .services.updates import overdue_in

    implementation = Implementation.objects.filter(process=process).first()
    if implementation is None:
        return {"started": False}
    visible = initiatives_visible_to(membership, Initiative.objects.filter(process=process))
    # distinct: an external's filter joins the team, which may repeat a row.
    counts = dict(visible.order_by().values_list("status").annotate(n=Count("pk", distinct=True)))
    labels = dict(Initiative.Status.choices)
    by_status = [
        {"status": status, "label": labels[status], "count": counts[status]}
        for status in Initiative.Status.values
        if counts.get(status)
    ]
    late = overdue_in(visible, implementation.update_interval_days, timezone.localdate())
    return {
        "started": True,
        "total": sum(counts.values()),
        "by_status": by_status,
        "overdue": late.count(),
    }


def register() -> None:
    register_panel(
        "implementation.summary",
        "implementation/panels/summary.html",
        summary,
        order=30,
        slot="summary",
    )
