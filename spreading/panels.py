"""The spreading's panel on the process page (registered in `apps.py`)."""

from processes.panels import register_panel


def summary(process, membership) -> dict:
    """Meetings planned for all staff, open idea proposals and good stories. Three queries."""
    from .access import stories_visible_to
    from .models import Meeting, Proposal, Story

    return {
        "meeting_count": Meeting.objects.filter(series__process=process).count(),
        "open_proposals": Proposal.objects.filter(
            process=process, status=Proposal.Status.OPEN
        ).count(),
        "story_count": stories_visible_to(
            membership, Story.objects.filter(initiative__process=process)
        ).count(),
    }


def register() -> None:
    register_panel(
        "spreading.summary", "spreading/panels/summary.html", summary, order=40, slot="summary"
    )
