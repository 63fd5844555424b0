"""The evaluations' sections on the implementation's pages (registered in `apps.py`): the
ratings of the initiatives in the leaders' overview and in the status report."""

from django.utils.translation import gettext_lazy as _

from implementation.sections import register_section

TEMPLATE = "evaluation/sections/ratings.html"


def overview_ratings(*, initiatives, membership) -> dict:
    """The ratings of the initiatives the viewer may read in the overview. Three queries."""
    from .services import ratings_section

    return ratings_section(initiatives)


def report_ratings(*, process, initiatives) -> dict:
    """The ratings of every initiative of the process, for the status report. Three queries."""
    from .services import ratings_section

    return ratings_section(initiatives)


def register() -> None:
    title = _("How the initiatives are rated")
    for slot, context in (("overview", overview_ratings), ("report", report_ratings)):
        register_section(
            "evaluation.ratings",
            slot=slot,
            title=title,
            template=TEMPLATE,
            context=context,
            order=50,
        )
