"""Who may do what with the next cycle: only the facilitator starts one, exports a
process's design or imports one. Other organisations get 404 (`get_process_for`,
`get_organisation_for`); other roles 403."""

from organisations.access import PLANNERS, get_organisation_for
from organisations.models import Membership
from processes.access import get_process_for

__all__ = ["PLANNERS", "can_plan", "get_organisation_for", "get_process_for"]


def can_plan(membership: Membership) -> bool:
    """Start the next cycle, export a design, import one: the facilitator."""
    return membership.role in PLANNERS
