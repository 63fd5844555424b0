"""The given frame of a theme: the conditions that are fixed (laws, policies, agreements)
and why. Belongs to the leader and the facilitator.
"""

from django.db import transaction
from django.db.models import Max

from organisations.models import Membership
from processes.models import Theme

from ..models import GivenFrame


@transaction.atomic
def add_frame_condition(
    *, actor: Membership, theme: Theme, text: str, reason: str = "", kind: str
) -> GivenFrame:
    """Add a fixed condition to a theme's given frame, after the existing ones."""
    last = GivenFrame.objects.filter(theme=theme).aggregate(m=Max("position"))["m"]
    return GivenFrame.objects.create(
        theme=theme,
        author=actor,
        text=text,
        reason=reason,
        kind=kind,
        position=0 if last is None else last + 1,
    )


@transaction.atomic
def edit_frame_condition(
    *, actor: Membership, condition: GivenFrame, text: str, reason: str, kind: str
) -> GivenFrame:
    """Change a condition of the given frame."""
    condition.text, condition.reason, condition.kind = text, reason, kind
    condition.save(update_fields=["text", "reason", "kind", "updated_at"])
    return condition


@transaction.atomic
def delete_frame_condition(*, actor: Membership, condition: GivenFrame) -> None:
    """Remove a condition from the given frame."""
    condition.delete()
