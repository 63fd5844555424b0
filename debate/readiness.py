"""The value debate's requirements for moving a process on through the hourglass.

Registered with the process's readiness checks when the app is ready (see `apps.py`).
Each check reads its facts with one aggregated query, whatever the number of groups.
"""

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from processes.models import Phase
from processes.readiness import Check, ReadinessContext, missing_for, readiness_check


@readiness_check(Phase.CATALOGUE)
def every_group_has_prioritised_values(context: ReadinessContext) -> Check:
    """A closed round on values whose ballot held the group's values: the group's own round,
    or a round for all groups of the process."""
    from debate.models import PrioritisationRound, RoundCandidate

    label = _("Every group has prioritised its values in a closed round")
    if not context.groups:
        return Check(label, False, _("There are no groups yet."))
    prioritised = set(
        RoundCandidate.objects.filter(
            round__process=context.process,
            round__status=PrioritisationRound.Status.CLOSED,
            round__target=PrioritisationRound.Target.VALUES,
            value__group__process=context.process,
        )
        .order_by()
        .values_list("value__group", flat=True)
        .distinct()
    )
    without = [g.name for g in context.groups if g.pk not in prioritised]
    return Check(label, not without, missing_for(without) if without else "")


@readiness_check(Phase.IMPLEMENTATION)
def every_group_has_initiatives_for_the_catalogue(context: ReadinessContext) -> Check:
    """At least `min_initiatives_per_group` ideas selected for the catalogue, each built on
    at least one value; selected ideas without a value do not count."""
    from debate.models import Idea

    minimum = context.process.min_initiatives_per_group
    label = ngettext(
        "Every group has at least %(count)d initiative selected for the catalogue, "
        "linked to a value",
        "Every group has at least %(count)d initiatives selected for the catalogue, "
        "each linked to a value",
        minimum,
    ) % {"count": minimum}
    if not context.groups:
        return Check(label, False, _("There are no groups yet."))
    counts = dict(
        Idea.objects.filter(
            group__process=context.process,
            status=Idea.Status.SELECTED,
            values__isnull=False,
        )
        .order_by()
        .values_list("group")
        .annotate(n=Count("pk", distinct=True))
    )
    short = [
        _("%(group)s (%(count)d)") % {"group": g.name, "count": counts.get(g.pk, 0)}
        for g in context.groups
        if counts.get(g.pk, 0) < minimum
    ]
    return Check(label, not short, missing_for(short) if short else "")
