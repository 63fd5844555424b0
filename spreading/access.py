"""Who may do what in the spreading to the whole organisation.

Every member of the organisation, whether or not they took part in the process's groups,
reads the initiatives and reacts on them: comments, “I want to take part”, new idea
proposals, good stories, signing up for café meetings and idea workshops. External
representatives do so on the initiatives they take part in (as `implementation` decides).

- The facilitator plans the meeting series; the host of a meeting (and the facilitator and
  the leader) sees who signed up, prints the host kit and records the meeting's input.
- A proposal is adopted or declined by the lead of a group on the proposal's theme, the
  facilitator or the leader.
- The leader features good stories. Authors and the facilitator and leader delete comments
  and stories.
- An initiative's owner and team (and the facilitator and leader) see who wants to take part.

Other organisations get 404 on every URL (`get_process_for`, `get_organisation_for`).
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from debate.access import sees_authors
from implementation.access import can_edit, get_initiative_for, initiatives_visible_to
from organisations.models import Membership
from processes.access import get_process_for, require
from processes.models import Group

from .models import Comment, Meeting, Proposal, Series, Story

Role = Membership.Role
PLANNERS = frozenset({Role.FACILITATOR})
MANAGERS = frozenset({Role.FACILITATOR, Role.LEADER})
FEATURERS = frozenset({Role.LEADER})

__all__ = [
    "can_decide",
    "can_feature",
    "can_plan",
    "can_remove",
    "can_run",
    "can_see_volunteers",
    "deciding_themes",
    "get_comment_for",
    "get_initiative_for",
    "get_meeting_for",
    "get_proposal_for",
    "get_series_for",
    "get_story_for",
    "proposals_visible_to",
    "require",
    "sees_authors",
    "stories_visible_to",
]


def can_plan(membership: Membership) -> bool:
    """Plan café meetings and idea workshops: the facilitator."""
    return membership.role in PLANNERS


def can_run(membership: Membership, meeting: Meeting) -> bool:
    """See the sign-ups, print the host kit and record the input: the host, the facilitator
    and the leader."""
    return membership.role in MANAGERS or meeting.host_id == membership.pk


def can_feature(membership: Membership) -> bool:
    return membership.role in FEATURERS


def can_remove(membership: Membership, authored) -> bool:
    """Delete a comment or a story: its author, the facilitator and the leader."""
    return membership.role in MANAGERS or (
        authored.author_id is not None and authored.author_id == membership.pk
    )


def can_see_volunteers(membership: Membership, initiative) -> bool:
    """Who wants to take part: the owner, the team, the facilitator and the leader."""
    return can_edit(membership, initiative)


def deciding_themes(membership: Membership, process) -> set[int] | None:
    """The theme ids on which `membership` adopts and declines proposals: None means every
    theme (and proposals without one); a group lead gets their groups' themes. One query
    for a group lead, none for the others."""
    if membership.role in MANAGERS:
        return None
    return set(
        Group.objects.filter(process=process, lead=membership, theme__isnull=False).values_list(
            "theme_id", flat=True
        )
    )


def can_decide(membership: Membership, proposal: Proposal, themes=...) -> bool:
    """Adopt or decline `proposal`: the lead of a group on its theme, the facilitator and
    the leader. Pass `themes` from `deciding_themes` to decide many without more queries."""
    if themes is ...:
        themes = deciding_themes(membership, proposal.process)
    if themes is None:
        return True
    return proposal.effective_theme_id in themes


def proposals_visible_to(membership: Membership, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to what `membership` may read: an external does not see
    proposals on initiatives they cannot read."""
    if membership.role != Role.EXTERNAL:
        return queryset
    from implementation.models import Initiative

    visible = initiatives_visible_to(membership, Initiative.objects.all()).values("pk")
    return queryset.filter(Q(initiative__isnull=True) | Q(initiative__in=visible))


def stories_visible_to(membership: Membership, queryset: QuerySet) -> QuerySet:
    """`queryset` of stories narrowed to the initiatives `membership` may read."""
    if membership.role != Role.EXTERNAL:
        return queryset
    from implementation.models import Initiative

    visible = initiatives_visible_to(membership, Initiative.objects.all()).values("pk")
    return queryset.filter(initiative__in=visible)


def get_series_for(request, process_pk: int, series_pk: int):
    """(process, membership, series) for a series of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk)
    series = get_object_or_404(Series, pk=series_pk, process=process)
    series.process = process
    return process, membership, series


def get_meeting_for(request, process_pk: int, meeting_pk: int):
    """(process, membership, meeting) with its series and host, or 404."""
    process, membership = get_process_for(request, process_pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("series", "host__user"),
        pk=meeting_pk,
        series__process=process,
    )
    meeting.series.process = process
    return process, membership, meeting


def get_proposal_for(request, process_pk: int, proposal_pk: int):
    """(process, membership, proposal), or 404 (also for an external who cannot read the
    initiative it builds on)."""
    process, membership = get_process_for(request, process_pk)
    queryset = proposals_visible_to(
        membership,
        Proposal.objects.select_related(
            "initiative", "theme", "author__user", "adopted_as", "decided_by__user", "meeting"
        ),
    )
    proposal = get_object_or_404(queryset, pk=proposal_pk, process=process)
    proposal.process = process
    return process, membership, proposal


def get_story_for(request, process_pk: int, story_pk: int):
    """(process, membership, story) for a story on an initiative the user may read, or 404."""
    process, membership = get_process_for(request, process_pk)
    queryset = stories_visible_to(
        membership,
        Story.objects.select_related("initiative", "author__user", "featured_by__user"),
    )
    story = get_object_or_404(queryset, pk=story_pk, initiative__process=process)
    story.initiative.process = process
    return process, membership, story


def get_comment_for(request, process_pk: int, initiative_pk: int, comment_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    comment = get_object_or_404(Comment, pk=comment_pk, initiative=initiative)
    comment.initiative = initiative
    return process, membership, initiative, comment


def not_found():
    raise Http404
