"""Creating and changing a development process and who takes part in it.

`actor` is always the Membership of the person acting (a facilitator of the organisation).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Membership, Organisation
from processes.models import Process

PROCESS_FIELDS = (
    "title",
    "purpose",
    "start_date",
    "end_date",
    "min_initiatives_per_group",
    "author_visibility",
)


def _check_dates(start_date: datetime.date, end_date: datetime.date) -> None:
    # The database holds this rule too; saying it here gives the person a message instead.
    if end_date < start_date:
        raise ValidationError(
            {"end_date": _("The process must end on or after the day it starts.")}
        )


@transaction.atomic
def create_process(
    *,
    actor: Membership,
    organisation: Organisation,
    title: str,
    start_date: datetime.date,
    end_date: datetime.date,
    purpose: str = "",
    min_initiatives_per_group: int = 3,
    author_visibility: str = Process.AuthorVisibility.NAMED,
) -> Process:
    """Create a process in `organisation` in the value-debate phase.

    Everyone who is a member of the organisation now takes part; the facilitator narrows the
    list on the participants page.
    """
    if actor.organisation_id != organisation.pk:
        raise ValidationError(_("You can only create processes in your own organisation."))
    _check_dates(start_date, end_date)
    process = Process.objects.create(
        organisation=organisation,
        title=title.strip(),
        purpose=purpose.strip(),
        start_date=start_date,
        end_date=end_date,
        min_initiatives_per_group=min_initiatives_per_group,
        author_visibility=author_visibility,
        created_by=actor.user,
    )
    process.participants.set(Membership.objects.filter(organisation=organisation))
    return process


@transaction.atomic
def update_process(*, actor: Membership, process: Process, **changes) -> Process:
    """Change the process's settings; only the fields in PROCESS_FIELDS can be changed."""
    unknown = set(changes) - set(PROCESS_FIELDS)
    if unknown:
        raise TypeError(f"update_process() cannot change {', '.join(sorted(unknown))}")
    for name, value in changes.items():
        if name in ("title", "purpose"):
            value = value.strip()
        setattr(process, name, value)
    _check_dates(process.start_date, process.end_date)
    process.save(update_fields=list(changes))
    return process


@transaction.atomic
def set_participants(
    *, actor: Membership, process: Process, memberships: Iterable[Membership]
) -> Process:
    """Make exactly `memberships` the participants of `process`.

    Only members of the process's own organisation can take part.
    """
    chosen = list(memberships)
    if any(m.organisation_id != process.organisation_id for m in chosen):
        raise ValidationError(_("Only members of the organisation can take part."))
    process.participants.set(chosen)
    return process
