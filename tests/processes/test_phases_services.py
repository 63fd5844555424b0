"""The service names other code calls: move on to the next phase, move back one."""

import pytest

from processes.models import Phase, PhaseChange
from processes.services.phases import (
    PhaseMoveRefused,
    move_to_next_phase,
    move_to_previous_phase,
)


def test_move_to_next_phase_needs_a_reason_while_requirements_are_unmet(process, facilitator):
    with pytest.raises(PhaseMoveRefused):
        move_to_next_phase(actor=facilitator, process=process)
    change = move_to_next_phase(
        actor=facilitator, process=process, override_reason="Tidsplanen er stram."
    )
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert change.override_reason == "Tidsplanen er stram."
    assert change.unmet_requirements


def test_move_to_previous_phase_goes_back_one_and_records_it(process, facilitator):
    process.phase = Phase.CATALOGUE
    process.save()
    change = move_to_previous_phase(actor=facilitator, process=process)
    process.refresh_from_db()
    assert process.phase == Phase.PRIORITISATION
    assert (change.from_phase, change.to_phase) == (Phase.CATALOGUE, Phase.PRIORITISATION)
    assert PhaseChange.objects.filter(process=process).count() == 1
