"""Who may do what with the catalogue.

Everyone in the organisation reads published editions. The edition in the works is read by
those who prepare it: the facilitator (who edits it), the leader (who approves it) and group
leads (who confirm their group's pages). Outsiders get 404 from `get_process_for`.
"""

from django.shortcuts import get_object_or_404

from organisations.models import Membership
from processes.access import get_process_for, require

from .models import Edition

Role = Membership.Role
EDITORS = frozenset({Role.FACILITATOR})
APPROVERS = frozenset({Role.LEADER})
PREPARERS = frozenset({Role.FACILITATOR, Role.LEADER, Role.GROUP_LEAD})


def can_see_unpublished(membership: Membership) -> bool:
    return membership.role in PREPARERS


def get_edition_for(request, process_pk: int, edition_pk: int, roles=None):
    """The edition with the process and membership; unpublished ones only for preparers."""
    process, membership = get_process_for(request, process_pk)
    edition = get_object_or_404(Edition, pk=edition_pk, process=process)
    edition.process = process
    if not edition.is_published:
        require(can_see_unpublished(membership))
    if roles is not None:
        require(membership.role in roles)
    return process, membership, edition
