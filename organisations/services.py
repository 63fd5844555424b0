"""Actions on organisations, memberships and invitations.

Each function is one thing a person does in the browser. It checks the rules that keep the
data consistent (an organisation always keeps a facilitator, an invitation is used once),
makes the change inside a transaction and raises `OrganisationError` with a message for the
person when the action is not allowed, so nothing is ever half-saved.

As everywhere in the project, `actor` is the acting person's `Membership` of the
organisation. The two actions of someone who is not (yet) a member take the acting `user`
instead: creating an organisation and accepting an invitation.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from organisations import tasks

# The language an organisation's emails are written in (other apps' emails use it too).
from organisations.emails import COUNTRY_LANGUAGE as COUNTRY_LANGUAGE
from organisations.models import Invitation, Membership, Organisation

Role = Membership.Role

# Paths under /o/ that are pages rather than organisations.
RESERVED_SLUGS = frozenset({"new"})


class OrganisationError(Exception):
    """The action is not allowed; the message is shown to the person as it is."""


class InvitationUnusable(OrganisationError):
    """The invitation was already accepted or has expired."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def users_with_email(email: str):
    """Accounts that an invitation or login for `email` belongs to (username is the email)."""
    email = normalise_email(email)
    return get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))


# slugify() drops letters it cannot turn into ASCII; spell them the Danish/Norwegian way.
_NORDIC = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def _free_slug(name: str) -> str:
    base = slugify(name.translate(_NORDIC))[:50].strip("-") or "org"
    if base in RESERVED_SLUGS:
        base = f"{base}-org"
    slug, n = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


# -- Organisations ----------------------------------------------------------------------------


@transaction.atomic
def create_organisation(*, user: AbstractBaseUser, name: str, country: str) -> Organisation:
    """Create an organisation with `user` as its first facilitator.

    Takes the acting `user`, not an `actor`: nobody is a member of an organisation that does
    not exist yet."""
    organisation = Organisation.objects.create(
        name=name.strip(), country=country, slug=_free_slug(name)
    )
    Membership.objects.create(user=user, organisation=organisation, role=Role.FACILITATOR)
    return organisation


# -- Memberships ------------------------------------------------------------------------------


def _other_facilitators_exist(membership: Membership) -> bool:
    # Lock the organisation's facilitator rows so two facilitators cannot step down at the
    # same moment and leave the organisation with none.
    facilitators = list(
        Membership.objects.select_for_update()
        .filter(organisation_id=membership.organisation_id, role=Role.FACILITATOR)
        .values_list("pk", flat=True)
    )
    return any(pk != membership.pk for pk in facilitators)


@transaction.atomic
def update_membership(
    *,
    actor: Membership,
    membership: Membership,
    role: str,
    department: str,
    professional_background: str,
    start_year: int | None,
    is_external: bool,
) -> Membership:
    """A facilitator changes a member's role and profile.

    The organisation keeps at least one facilitator: the last one cannot be given another role.
    """
    if (
        membership.role == Role.FACILITATOR
        and role != Role.FACILITATOR
        and not _other_facilitators_exist(membership)
    ):
        raise OrganisationError(
            _(
                "The organisation needs at least one facilitator. "
                "Make someone else facilitator before changing this role."
            )
        )
    membership.role = role
    membership.department = department
    membership.professional_background = professional_background
    membership.start_year = start_year
    membership.is_external = is_external
    membership.save(
        update_fields=[
            "role",
            "department",
            "professional_background",
            "start_year",
            "is_external",
        ]
    )
    return membership


@transaction.atomic
def update_own_profile(
    *,
    actor: Membership,
    membership: Membership,
    first_name: str,
    last_name: str,
    department: str,
    professional_background: str,
    start_year: int | None,
    birth_year: int | None,
) -> Membership:
    """A person updates their own name and their profile in one organisation."""
    if membership.pk != actor.pk:
        raise OrganisationError(_("You can only change your own profile."))
    user = membership.user
    user.first_name = first_name
    user.last_name = last_name
    user.save(update_fields=["first_name", "last_name"])
    membership.department = department
    membership.professional_background = professional_background
    membership.start_year = start_year
    membership.birth_year = birth_year
    membership.save(
        update_fields=["department", "professional_background", "start_year", "birth_year"]
    )
    return membership


@transaction.atomic
def remove_membership(*, actor: Membership, membership: Membership) -> None:
    """Remove a person from the organisation (their account stays).

    Their seats in groups go with the membership; agenda items and groups they were
    responsible for keep existing without a responsible person.
    """
    if membership.role == Role.FACILITATOR and not _other_facilitators_exist(membership):
        raise OrganisationError(
            _(
                "The organisation needs at least one facilitator. "
                "Make someone else facilitator before removing this person."
            )
        )
    membership.delete()


# -- Invitations ------------------------------------------------------------------------------


def _send_after_commit(invitation: Invitation) -> None:
    # The worker sends it once the invitation is saved; the row says whether it went.
    transaction.on_commit(partial(tasks.queue_invitation_email, invitation.pk))


@transaction.atomic
def invite_member(
    *,
    actor: Membership,
    organisation: Organisation,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    department: str = "",
    professional_background: str = "",
    start_year: int | None = None,
    is_external: bool = False,
) -> Invitation:
    """Invite a person by email and send them the link.

    The invitation is saved first and its email sent after the commit, by a Celery task: a
    mail server that is down loses no invitation. It shows as "not sent", and
    `resend_invitation` sends it again.
    """
    email = normalise_email(email)
    if Membership.objects.filter(
        organisation=organisation, user__in=users_with_email(email)
    ).exists():
        raise OrganisationError(_("This person is already a member of the organisation."))
    pending = Invitation.objects.filter(
        organisation=organisation,
        email__iexact=email,
        accepted_at__isnull=True,
        expires_at__gt=timezone.now(),
    )
    if pending.exists():
        raise OrganisationError(
            _("This person already has an invitation waiting. You can send it again instead.")
        )
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        department=department,
        professional_background=professional_background,
        start_year=start_year,
        is_external=is_external,
        invited_by=actor.user,
    )
    _send_after_commit(invitation)
    return invitation


@transaction.atomic
def resend_invitation(*, actor: Membership, invitation: Invitation) -> Invitation:
    """Send the invitation again (after the commit) with a fresh validity period (same link)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise OrganisationError(_("This invitation has already been accepted."))
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.invited_by = actor.user
    invitation.email_status = Invitation.EmailStatus.QUEUED
    invitation.email_error = ""
    invitation.save(update_fields=["expires_at", "invited_by", "email_status", "email_error"])
    _send_after_commit(invitation)
    return invitation


@transaction.atomic
def revoke_invitation(*, actor: Membership, invitation: Invitation) -> None:
    """Withdraw an invitation that has not been accepted; its link stops working."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise OrganisationError(_("This invitation has already been accepted."))
    invitation.delete()


def _claim(invitation: Invitation) -> Invitation:
    """Lock the invitation row and check that it can still be used."""
    invitation = (
        Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise InvitationUnusable(_("This invitation has already been used."))
    if invitation.expires_at <= timezone.now():
        raise InvitationUnusable(_("This invitation has expired."))
    return invitation


def _join(invitation: Invitation, user: AbstractBaseUser) -> Membership:
    if Membership.objects.filter(organisation=invitation.organisation, user=user).exists():
        raise OrganisationError(_("You are already a member of this organisation."))
    membership = Membership.objects.create(
        user=user,
        organisation=invitation.organisation,
        role=invitation.role,
        department=invitation.department,
        professional_background=invitation.professional_background,
        start_year=invitation.start_year,
        is_external=invitation.is_external,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def accept_invitation_as_new_user(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> Membership:
    """Create the invited person's account (username = email) and membership, once."""
    invitation = _claim(invitation)
    if users_with_email(invitation.email).exists():
        raise OrganisationError(
            _("An account with this email address already exists. Log in to accept.")
        )
    user = get_user_model().objects.create_user(
        username=invitation.email,
        email=invitation.email,
        password=password,
        first_name=first_name,
        last_name=last_name,
    )
    return _join(invitation, user)


@transaction.atomic
def accept_invitation_as_existing_user(
    *, user: AbstractBaseUser, invitation: Invitation
) -> Membership:
    """Add the logged-in `user` to the organisation, if the invitation was sent to them.

    Takes the acting `user`, not an `actor`: they are not a member until this succeeds."""
    invitation = _claim(invitation)
    if not users_with_email(invitation.email).filter(pk=user.pk).exists():
        raise OrganisationError(
            _(
                "This invitation was sent to another email address "
                "than the one you are logged in with."
            )
        )
    return _join(invitation, user)
