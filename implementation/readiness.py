"""Implementation's requirement for moving a process into the implementation phase.

Registered with the process's readiness checks when the app is ready (see `apps.py`).
"""

from django.utils.translation import gettext as _

from processes.models import Phase
from processes.readiness import Check, ReadinessContext, readiness_check


@readiness_check(Phase.IMPLEMENTATION)
def a_catalogue_edition_is_published(context: ReadinessContext) -> Check:
    """The catalogue starts the implementation (seed 000): without a published edition
    there is nothing to carry out yet. One query."""
    from catalog.models import Edition

    label = _("A catalogue edition is published")
    latest = (
        Edition.objects.filter(process=context.process, status=Edition.Status.PUBLISHED)
        .order_by("-number")
        .only("number")
        .first()
    )
    if latest is None:
        return Check(label, False, _("No edition of the catalogue has been published yet."))
    return Check(label, True, _("Edition %(number)d is published.") % {"number": latest.number})
