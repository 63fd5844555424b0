"""Moving a process through the hourglass: value debate -> prioritisation -> catalogue ->
implementation.

Moving forward requires every readiness check of the next phase to be met, or a reason for
going on anyway; that override is recorded with the reason and the unmet requirements.
Moving back one phase is always allowed and recorded too.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes import readiness
from processes.models import Phase, PhaseChange, Process

NEXT, BACK = "next", "back"
OVERRIDE_REASON_MAX_LENGTH = 2000


class PhaseMoveRefused(ValidationError):
    """The move is not allowed; `unmet` lists the requirements that stand in the way."""

    def __init__(self, message, *, unmet: list[readiness.Check] | None = None):
        super().__init__(message)
        self.unmet = unmet or []


@transaction.atomic
def move_phase(
    *,
    actor: Membership,
    process: Process,
    direction: str = NEXT,
    override_reason: str = "",
    expected_phase: str | None = None,
) -> PhaseChange:
    """Move `process` one phase on (`"next"`) or back (`"back"`) and record a PhaseChange.

    The process row is locked first, so two facilitators pressing the button at once move it
    one phase, not two; with `expected_phase` (the phase the person saw) a move from a page
    that is out of date is refused. Forward moves with unmet requirements and no reason are
    refused with `PhaseMoveRefused`; nothing is changed then.
    """
    if direction not in (NEXT, BACK):
        raise ValueError(f"direction must be {NEXT!r} or {BACK!r}")
    locked = Process.objects.select_for_update().get(pk=process.pk)
    if expected_phase and locked.phase != expected_phase:
        raise PhaseMoveRefused(
            _(
                "The phase was changed in the meantime: the process is now in “%(phase)s”. "
                "Check the page again before you move it."
            )
            % {"phase": locked.get_phase_display()}
        )
    current = locked.current_phase
    ordered = Phase.ordered()
    reason = override_reason.strip()
    unmet_labels: list[str] = []
    if direction == BACK:
        if current.index == 0:
            raise PhaseMoveRefused(_("The process is already in its first phase."))
        target = ordered[current.index - 1]
        reason = ""
    else:
        target = locked.next_phase
        if target is None:
            raise PhaseMoveRefused(_("The process is already in its last phase."))
        unmet = readiness.unmet(readiness.evaluate(locked, target))
        if unmet and not reason:
            raise PhaseMoveRefused(
                _(
                    "The process is not ready for “%(phase)s”. Meet the requirements below "
                    "or give a reason for going on anyway."
                )
                % {"phase": target.label},
                unmet=unmet,
            )
        if len(reason) > OVERRIDE_REASON_MAX_LENGTH:
            raise PhaseMoveRefused(
                _("Keep the reason under %(count)d characters.")
                % {"count": OVERRIDE_REASON_MAX_LENGTH}
            )
        unmet_labels = [check.label for check in unmet]
        if not unmet:
            # A reason for overriding nothing would read as an override in the history.
            reason = ""
    locked.phase = target
    locked.save(update_fields=["phase"])
    process.phase = target
    return PhaseChange.objects.create(
        process=locked,
        from_phase=current,
        to_phase=target,
        actor=actor.user,
        override_reason=reason,
        unmet_requirements=unmet_labels,
    )


def move_to_next_phase(
    *, actor: Membership, process: Process, override_reason: str = ""
) -> PhaseChange:
    """Move `process` on to its next phase; see `move_phase`."""
    return move_phase(actor=actor, process=process, direction=NEXT, override_reason=override_reason)


def move_to_previous_phase(*, actor: Membership, process: Process) -> PhaseChange:
    """Move `process` back one phase; see `move_phase`."""
    return move_phase(actor=actor, process=process, direction=BACK)
