"""Loading objects for the person asking.

Every view loads what it shows through these helpers: objects of an organisation the user
is not a member of are answered with 404, so their existence is never revealed; a member
whose role does not allow the action gets 403.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from organisations.models import Membership, Organisation

Role = Membership.Role

# Who may change the plan of a process (themes, seminars, agendas, groups, phases).
PLANNERS = frozenset({Role.FACILITATOR})
# Everyone who may read a process's plan.
ALL_ROLES = frozenset(Role)


def get_membership(request: HttpRequest, organisation: Organisation) -> Membership:
    """The user's membership of `organisation`, or 404."""
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation=organisation,
        user_id=request.user.pk,
    )


def require_role(membership: Membership, roles: Iterable[str]) -> None:
    if membership.role not in set(roles):
        raise PermissionDenied


def get_organisation_for(
    request: HttpRequest, org_slug: str, roles: Iterable[str] = ALL_ROLES
) -> tuple[Organisation, Membership]:
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        organisation__slug=org_slug,
        user_id=request.user.pk,
    )
    require_role(membership, roles)
    return membership.organisation, membership
