"""The value debate's panel on the process page (registered in `apps.py`)."""

from processes.panels import register_panel


def summary(process, membership) -> dict:
    """How far the debate has come: the values (merged ones counted once) and the ideas."""
    from debate.models import Idea, Value

    return {
        "value_count": Value.objects.filter(
            group__process=process, merged_into__isnull=True
        ).count(),
        "idea_count": Idea.objects.filter(group__process=process).count(),
    }


def register() -> None:
    register_panel(
        "debate.summary", "debate/panels/summary.html", summary, order=10, slot="summary"
    )
