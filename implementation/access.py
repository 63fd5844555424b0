"""Who may do what in implementation.

The facilitator and the leader do everything in their organisation's processes; an
initiative's owner and team edit it and add goals, trials, indicators, measurements and
progress updates; other members read; external representatives read only the initiatives
they take part in (as owner or in the team). Only the leader signs off that an initiative
fits the legal and political frame. Other organisations get 404 from `get_process_for`.
"""

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from organisations.models import Membership
from processes.access import get_process_for, require

from .models import Indicator, Initiative, TrialAction

Role = Membership.Role
MANAGERS = frozenset({Role.FACILITATOR, Role.LEADER})
SIGNERS = frozenset({Role.LEADER})

__all__ = [
    "MANAGERS",
    "SIGNERS",
    "can_edit",
    "can_manage",
    "can_sign_off",
    "get_indicator_for",
    "get_initiative_for",
    "get_trial_for",
    "initiatives_visible_to",
    "require",
]


def can_manage(membership: Membership) -> bool:
    """Start implementation, add initiatives, change owners and settings, see everything."""
    return membership.role in MANAGERS


def can_sign_off(membership: Membership) -> bool:
    return membership.role in SIGNERS


def takes_part(membership: Membership, initiative: Initiative) -> bool:
    """Is `membership` the owner or on the team? (One query unless the team is prefetched.)"""
    if initiative.owner_id == membership.pk:
        return True
    cache = getattr(initiative, "_prefetched_objects_cache", {})
    if "team" in cache:
        return any(m.pk == membership.pk for m in cache["team"])
    return initiative.team.filter(pk=membership.pk).exists()


def can_edit(membership: Membership, initiative: Initiative) -> bool:
    """Edit the initiative and add to it: managers, its owner and its team."""
    return can_manage(membership) or takes_part(membership, initiative)


def can_read(membership: Membership, initiative: Initiative) -> bool:
    if membership.role != Role.EXTERNAL:
        return True
    return takes_part(membership, initiative)


def initiatives_visible_to(membership: Membership, queryset: QuerySet) -> QuerySet:
    """`queryset` narrowed to what `membership` may read (externals: their own)."""
    if membership.role != Role.EXTERNAL:
        return queryset
    return queryset.filter(Q(owner=membership) | Q(team=membership)).distinct()


def get_initiative_for(request: HttpRequest, process_pk: int, initiative_pk: int):
    """(process, membership, initiative) for an initiative the user may read, or 404.

    An external asking for an initiative they take no part in gets 404 as well: they are
    not told what else exists.
    """
    process, membership = get_process_for(request, process_pk)
    initiative = get_object_or_404(
        Initiative.objects.select_related(
            "group",
            "theme",
            "owner__user",
            "edition",
            "frame_signed_off_by__user",
            "carried_from__process",
            "carried_to__process",
        ),
        pk=initiative_pk,
        process=process,
    )
    initiative.process = process
    if not can_read(membership, initiative):
        raise_not_found()
    return process, membership, initiative


def get_indicator_for(request: HttpRequest, process_pk: int, initiative_pk: int, indicator_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    indicator = get_object_or_404(Indicator, pk=indicator_pk, initiative=initiative)
    indicator.initiative = initiative
    return process, membership, initiative, indicator


def get_trial_for(request: HttpRequest, process_pk: int, initiative_pk: int, trial_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    trial = get_object_or_404(TrialAction, pk=trial_pk, initiative=initiative)
    trial.initiative = initiative
    return process, membership, initiative, trial


def raise_not_found():
    from django.http import Http404

    raise Http404
