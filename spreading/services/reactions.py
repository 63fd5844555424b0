"""Reactions on initiatives from anyone in the organisation: comments, “I want to take
part”, and new idea proposals, which the lead of a group on the theme, the facilitator or the
leader adopts as an initiative or declines with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from implementation.models import Initiative
from implementation.services.initiatives import add_initiative
from organisations.models import Membership
from processes.models import Group, Process, Theme

from ..access import can_decide, can_remove
from ..models import COMMENT_MAX_LENGTH, Comment, Meeting, Proposal, Series, Volunteer

Origin = Initiative.Origin


def _text(value: str | None) -> str:
    return (value or "").strip()


def _check_meeting(meeting: Meeting | None, process: Process) -> None:
    if meeting is not None and meeting.series.process_id != process.pk:
        raise ValidationError(_("The meeting is not part of this process."), code="invalid")


@transaction.atomic
def add_comment(
    initiative: Initiative, *, actor: Membership, text: str, meeting: Meeting | None = None
) -> Comment:
    """A comment on `initiative`; with `meeting`, input the host recorded from a meeting."""
    text = _text(text)
    if not text:
        raise ValidationError({"text": _("Write a comment first.")}, code="required")
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep the comment under %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}},
            code="max_length",
        )
    if actor.organisation_id != initiative.process.organisation_id:
        raise PermissionDenied
    _check_meeting(meeting, initiative.process)
    return Comment.objects.create(initiative=initiative, author=actor, text=text, meeting=meeting)


@transaction.atomic
def delete_comment(comment: Comment, *, actor: Membership) -> None:
    """Remove a comment: its author, the facilitator or the leader."""
    if not can_remove(actor, comment):
        raise PermissionDenied
    comment.delete()


@transaction.atomic
def set_take_part(initiative: Initiative, *, actor: Membership, wants: bool) -> bool:
    """Say “I want to take part” (or take it back). Setting the state the person asked for,
    rather than flipping it, makes a double click harmless. Returns the new state."""
    if actor.organisation_id != initiative.process.organisation_id:
        raise PermissionDenied
    if not wants:
        Volunteer.objects.filter(initiative=initiative, membership=actor).delete()
        return False
    try:
        # A savepoint: a parallel request may have just added the same row.
        with transaction.atomic():
            Volunteer.objects.get_or_create(initiative=initiative, membership=actor)
    except IntegrityError:
        pass
    return True


@transaction.atomic
def propose_idea(
    process: Process,
    *,
    actor: Membership,
    title: str,
    description: str = "",
    initiative: Initiative | None = None,
    theme: Theme | None = None,
    meeting: Meeting | None = None,
) -> Proposal:
    """A new idea from staff (or recorded by a host from a meeting), optionally building on
    an initiative or on a theme of the process."""
    errors = {}
    title = _text(title)
    if not title:
        errors["title"] = _("Give the idea a title.")
    if initiative is not None and initiative.process_id != process.pk:
        errors["initiative"] = _("The initiative is not part of this process.")
    if theme is not None and theme.process_id != process.pk:
        errors["theme"] = _("The theme is not part of this process.")
    if errors:
        raise ValidationError(errors, code="invalid")
    if actor.organisation_id != process.organisation_id:
        raise PermissionDenied
    _check_meeting(meeting, process)
    if theme is None and initiative is not None:
        theme = initiative.theme
    return Proposal.objects.create(
        process=process,
        title=title,
        description=(description or "").strip(),
        initiative=initiative,
        theme=theme,
        author=actor,
        meeting=meeting,
    )


def adoption_origin(proposal: Proposal) -> str:
    """Where an adopted proposal comes from, as the initiative records it."""
    if proposal.meeting_id is None:
        return Origin.STAFF_PROPOSAL
    if proposal.meeting.series.kind == Series.Kind.WORKSHOP:
        return Origin.IDEA_WORKSHOP
    return Origin.CAFE_MEETING


def _lock_open(proposal: Proposal) -> Proposal:
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("initiative", "meeting__series")
        .get(pk=proposal.pk)
    )
    locked.process = proposal.process
    if locked.status != Proposal.Status.OPEN:
        if locked.status == Proposal.Status.ADOPTED:
            message = _("The proposal has already been adopted.")
        else:
            message = _("The proposal has already been declined.")
        raise ValidationError(message, code="decided")
    return locked


@transaction.atomic
def adopt_proposal(
    proposal: Proposal,
    *,
    actor: Membership,
    reason: str,
    title: str | None = None,
    description: str | None = None,
    theme: Theme | None = None,
) -> Initiative:
    """Adopt the proposal as an initiative of the process, with its origin (a proposal from
    staff, a café meeting or an idea workshop) and `reason` recorded on the initiative.

    Guarantees: the proposal is locked, so it is adopted once even if two people press the
    button together; the adopter must be allowed to decide on the proposal's theme and on
    the theme chosen for the initiative; implementation must have started (else nothing is
    saved and the message says so).
    """
    locked = _lock_open(proposal)
    process = locked.process
    if not can_decide(actor, locked):
        raise PermissionDenied
    reason = _text(reason)
    errors = {}
    if not reason:
        errors["reason"] = _("Say why the idea is taken up as an initiative.")
    theme = theme if theme is not None else _theme_of(locked)
    if theme is not None and theme.process_id != process.pk:
        errors["theme"] = _("The theme is not part of this process.")
    elif theme is not None and not can_decide(actor, Proposal(theme=theme, process=process)):
        errors["theme"] = _("You can adopt ideas only on the themes of your own groups.")
    if errors:
        raise ValidationError(errors, code="invalid")
    initiative = add_initiative(
        process,
        actor=actor,
        title=title if title is not None else locked.title,
        description=description if description is not None else locked.description,
        origin=adoption_origin(locked),
        origin_reason=reason,
        theme=theme,
        group=_group_for(process, theme, actor),
    )
    locked.status = Proposal.Status.ADOPTED
    locked.adopted_as = initiative
    locked.decision_reason = reason
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(
        update_fields=["status", "adopted_as", "decision_reason", "decided_by", "decided_at"]
    )
    proposal.status, proposal.adopted_as = locked.status, initiative
    return initiative


def _theme_of(proposal: Proposal) -> Theme | None:
    if proposal.theme_id:
        return Theme.objects.get(pk=proposal.theme_id)
    if proposal.initiative_id and proposal.initiative.theme_id:
        return Theme.objects.get(pk=proposal.initiative.theme_id)
    return None


def _group_for(process: Process, theme: Theme | None, actor: Membership) -> Group | None:
    """The group the new initiative belongs to: the adopter's own group on the theme, else
    the theme's only group."""
    if theme is None:
        return None
    groups = list(Group.objects.filter(process=process, theme=theme).order_by("name", "pk")[:5])
    own = [g for g in groups if g.lead_id == actor.pk]
    if own:
        return own[0]
    return groups[0] if len(groups) == 1 else None


@transaction.atomic
def decline_proposal(proposal: Proposal, *, actor: Membership, reason: str) -> Proposal:
    """Decline the proposal; the reason is shown to everyone who reads it."""
    locked = _lock_open(proposal)
    if not can_decide(actor, locked):
        raise PermissionDenied
    reason = _text(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why the idea is declined.")}, code="required")
    locked.status = Proposal.Status.DECLINED
    locked.decision_reason = reason
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decision_reason", "decided_by", "decided_at"])
    proposal.status = locked.status
    return locked
