"""Who may do what in the value debate.

Objects are always loaded through `processes.access` (process, theme, group: 404 for other
organisations) or the debate's loaders below, which filter by that process; a role that may
not act gets 403 from `processes.access.require`. Writing is per group: members and group
leads write only in the group they sit in; whoever is a group's lead (`Group.lead`) writes in
that group whatever their role in the organisation (in the seed the leaders led the groups);
the facilitator writes in every group; other leaders and external representatives read.
Merging, and choosing which ideas go to the catalogue, is moderation: the facilitator or the
group's own lead. The given frame belongs to the leader (and the facilitator). Prioritisation
rounds are run by the facilitator; the people who write in a round's group place dots (the
facilitator only runs the round). In hidden-author mode only the facilitator sees who wrote
what.
"""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from processes.access import get_process_for
from processes.models import Group, GroupMembership

from .models import Idea, InfluenceItem, PrioritisationRound, Value

Role = Membership.Role

# Roles that may write in a group they belong to; the facilitator writes everywhere.
GROUP_WRITER_ROLES = frozenset({Role.MEMBER, Role.GROUP_LEAD})
FRAME_EDITOR_ROLES = frozenset({Role.FACILITATOR, Role.LEADER})


def is_participant_of(membership: Membership, group: Group) -> bool:
    """Does `membership` take part in `group` as a writer: its lead (any role), or a member or
    group lead who sits in it? The facilitator's rights come from the role, not from this."""
    if group.lead_id == membership.pk:
        return True
    if membership.role not in GROUP_WRITER_ROLES:
        return False
    return GroupMembership.objects.filter(group=group, membership=membership).exists()


def can_write(membership: Membership, group: Group) -> bool:
    """May `membership` add and change values, comments and ideas in `group`?"""
    if membership.role == Role.FACILITATOR:
        return True
    return is_participant_of(membership, group)


def can_moderate(membership: Membership, group: Group) -> bool:
    """May `membership` merge values in `group`, undo merges and decide on ideas?"""
    return membership.role == Role.FACILITATOR or group.lead_id == membership.pk


def can_run_rounds(membership: Membership) -> bool:
    """May `membership` open and close prioritisation rounds (and set the author mode)?"""
    return membership.role == Role.FACILITATOR


def can_vote(membership: Membership, round) -> bool:
    """May `membership` place dots in `round`? The people who take part in its group, or in
    any group of the process for a round of all groups."""
    if round.group_id is not None:
        return is_participant_of(membership, round.group)
    if Group.objects.filter(process_id=round.process_id, lead=membership).exists():
        return True
    return (
        membership.role in GROUP_WRITER_ROLES
        and GroupMembership.objects.filter(
            process_id=round.process_id, membership=membership
        ).exists()
    )


def sees_authors(membership: Membership, process) -> bool:
    """Does `membership` see who wrote what? Everyone in named mode; in hidden mode only the
    facilitator (who needs to follow up) sees the authors."""
    if process.author_visibility == process.AuthorVisibility.NAMED:
        return True
    return membership.role == Role.FACILITATOR


def can_edit_frame(membership: Membership) -> bool:
    return membership.role in FRAME_EDITOR_ROLES


def get_value_for(request: HttpRequest, process_pk: int, value_pk: int):
    """(process, membership, value) for a value in a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    value = get_object_or_404(
        Value.objects.select_related("group__theme", "group__lead", "author__user", "merged_into"),
        pk=value_pk,
        group__process=process,
    )
    return process, membership, value


def get_round_for(request: HttpRequest, process_pk: int, round_pk: int):
    """(process, membership, round) for a prioritisation round of a visible process, or 404."""
    process, membership = get_process_for(request, process_pk)
    round = get_object_or_404(
        PrioritisationRound.objects.select_related("group__theme", "group__lead"),
        pk=round_pk,
        process=process,
    )
    return process, membership, round


def get_idea_for(request: HttpRequest, process_pk: int, idea_pk: int):
    """(process, membership, idea) for an idea in a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    idea = get_object_or_404(
        Idea.objects.select_related("group__theme", "group__lead", "author__user", "seminar"),
        pk=idea_pk,
        group__process=process,
    )
    return process, membership, idea


def get_influence_item_for(request: HttpRequest, process_pk: int, item_pk: int):
    """(process, membership, item) for an activity of an influence schema, or 404."""
    process, membership = get_process_for(request, process_pk)
    item = get_object_or_404(
        InfluenceItem.objects.select_related("group__theme", "group__lead__user"),
        pk=item_pk,
        group__process=process,
    )
    return process, membership, item
