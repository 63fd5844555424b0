"""Whether participants see who wrote what in the debate of a process."""

from django.db import transaction

from organisations.models import Membership
from processes.models import Process


@transaction.atomic
def set_author_visibility(*, actor: Membership, process: Process, visibility: str) -> Process:
    """Show authors to everyone ("named") or only to the facilitator ("hidden"). Takes effect
    on every page of the debate at once, including entries written before the change."""
    if visibility not in Process.AuthorVisibility.values:
        raise ValueError(visibility)
    process.author_visibility = visibility
    process.save(update_fields=["author_visibility"])
    return process
