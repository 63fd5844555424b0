"""Loading process-scoped objects for the person asking, and the one `require`.

Every view loads what it shows through these helpers: objects of an organisation the user
is not a member of are answered with 404, so their existence is never revealed; a member
whose role does not allow the action gets 403 (`require`).
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from organisations.access import ALL_ROLES, PLANNERS, get_membership, require_role
from organisations.models import Membership

from .models import Group, Process, Seminar, Theme

__all__ = [
    "ALL_ROLES",
    "PLANNERS",
    "get_group_for",
    "get_process_for",
    "get_seminar_for",
    "get_theme_for",
    "require",
]


def require(allowed: bool) -> None:
    """403 unless `allowed`: the one way views say "not for your role"."""
    if not allowed:
        raise PermissionDenied


def get_process_for(
    request: HttpRequest, process_pk: int, roles: Iterable[str] = ALL_ROLES
) -> tuple[Process, Membership]:
    """The process `process_pk` with the user's membership of its organisation.

    404 for anyone outside the organisation, 403 for a member without one of `roles`.
    Sets `request.process` and `request.membership` for the navigation.
    """
    process = get_object_or_404(
        Process.objects.select_related("organisation"),
        pk=process_pk,
        organisation__memberships__user_id=request.user.pk,
    )
    membership = get_membership(request, process.organisation)
    require_role(membership, roles)
    request.process = process
    request.membership = membership
    return process, membership


def get_theme_for(request: HttpRequest, process_pk: int, theme_pk: int, roles=ALL_ROLES):
    """(process, membership, theme) for a theme of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk, roles)
    theme = get_object_or_404(Theme, pk=theme_pk, process=process)
    theme.process = process
    return process, membership, theme


def get_group_for(request: HttpRequest, process_pk: int, group_pk: int, roles=ALL_ROLES):
    """(process, membership, group) for a group of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk, roles)
    group = get_object_or_404(
        Group.objects.select_related("theme", "lead__user"), pk=group_pk, process=process
    )
    return process, membership, group


def get_seminar_for(request: HttpRequest, process_pk: int, seminar_pk: int, roles=ALL_ROLES):
    """(process, membership, seminar) for a seminar of a process the user can see, or 404."""
    process, membership = get_process_for(request, process_pk, roles)
    seminar = get_object_or_404(
        Seminar.objects.select_related("summary_updated_by"), pk=seminar_pk, process=process
    )
    return process, membership, seminar
