"""Implementation's panel on the home page (registered in `apps.py`)."""

from django.db.models import Prefetch, Q

from organisations.dashboard import register_dashboard_panel


def my_initiatives(user) -> dict:
    """The initiatives `user` owns or is on the team of, across their organisations, each with
    its indicators, so the home page links straight to adding a measurement. Two queries.

    Owner and team are memberships, so an external sees only their own initiatives, and an
    initiative of an organisation the user has left is not listed.
    """
    from .models import Indicator, Initiative

    indicators = Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    initiatives = list(
        Initiative.objects.filter(Q(owner__user=user) | Q(team__user=user))
        # Anchored and stopped initiatives need no more measurements or updates.
        .exclude(status__in=[Initiative.Status.ANCHORED, Initiative.Status.STOPPED])
        .select_related("process__organisation")
        .distinct()
        .order_by("process__organisation__name", "process__title", "title", "pk")
        .prefetch_related(indicators)
    )
    return {"initiatives": initiatives} if initiatives else {}


def register() -> None:
    register_dashboard_panel(
        "implementation.mine", "implementation/dashboard/mine.html", my_initiatives, order=20
    )
