"""The spreading's sections on the implementation's pages (registered in `apps.py`): the
featured good stories in the status report, and on an initiative's page the way to its
reactions and stories."""

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from implementation.sections import register_section


def report_stories(*, process, initiatives) -> dict | None:
    """The leader's featured good stories (one query); no section when none is featured."""
    from .services import featured_stories

    stories = featured_stories(process)
    return {"stories": stories} if stories else None


def initiative_reactions(*, initiative, membership) -> dict:
    """How many comments, wishes to take part and good stories the initiative has, with the
    link to them (one query). Whoever may read the initiative may read these."""
    from implementation.models import Initiative

    counts = Initiative.objects.filter(pk=initiative.pk).aggregate(
        comments=Count("comments", distinct=True),
        volunteers=Count("volunteers", distinct=True),
        stories=Count("stories", distinct=True),
    )
    return {
        "url": reverse("spreading:initiative", args=[initiative.process_id, initiative.pk]),
        "story_url": reverse("spreading:story_add", args=[initiative.process_id, initiative.pk]),
        **counts,
    }


def register() -> None:
    register_section(
        "spreading.stories",
        slot="report",
        title=_("Good stories"),
        template="spreading/sections/report_stories.html",
        context=report_stories,
        order=60,
    )
    register_section(
        "spreading.reactions",
        slot="initiative",
        title=_("What colleagues say"),
        template="spreading/sections/initiative_reactions.html",
        context=initiative_reactions,
        order=50,
    )
