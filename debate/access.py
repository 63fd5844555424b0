"""Who may do what in the value debate.

Objects are always loaded through `organisations.access.get_process_for` (404 for other
organisations) and then filtered by that process. Writing is per group: members and group
leads write only in the group they sit in (or lead); the facilitator writes in every group;
leaders and external representatives read. Merging is moderation: the facilitator or the
group's own lead. The given frame belongs to the leader (and the facilitator).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from organisations.access import get_process_for
from organisations.models import Membership
from processes.models import Group, GroupMembership, Theme

from .models import Value

Role = Membership.Role

# Roles that may write in a group they belong to; the facilitator writes everywhere.
GROUP_WRITER_ROLES = frozenset({Role.MEMBER, Role.GROUP_LEAD})
FRAME_EDITOR_ROLES = frozenset({Role.FACILITATOR, Role.LEADER})


def can_write(membership: Membership, group: Group) -> bool:
    """May `membership` add and change values and comments in `group`?"""
    if membership.role == Role.FACILITATOR:
        return True
    if membership.role not in GROUP_WRITER_ROLES:
        return False
    if group.lead_id == membership.pk:
        return True
    return GroupMembership.objects.filter(group=group, membership=membership).exists()


def can_moderate(membership: Membership, group: Group) -> bool:
    """May `membership` merge values in `group` and undo merges?"""
    if membership.role == Role.FACILITATOR:
        return True
    return membership.role in GROUP_WRITER_ROLES and group.lead_id == membership.pk


def can_edit_frame(membership: Membership) -> bool:
    return membership.role in FRAME_EDITOR_ROLES


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_group_for(request: HttpRequest, process_pk: int, group_pk: int):
    """(process, membership, group) for a group of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    group = get_object_or_404(
        Group.objects.select_related("theme", "lead__user"), pk=group_pk, process=process
    )
    return process, membership, group


def get_value_for(request: HttpRequest, process_pk: int, value_pk: int):
    """(process, membership, value) for a value in a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    value = get_object_or_404(
        Value.objects.select_related("group__theme", "group__lead", "author__user", "merged_into"),
        pk=value_pk,
        group__process=process,
    )
    return process, membership, value


def get_theme_for(request: HttpRequest, process_pk: int, theme_pk: int):
    """(process, membership, theme) for a theme of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    theme = get_object_or_404(Theme, pk=theme_pk, process=process)
    return process, membership, theme
