"""Who may do what with evaluations, the quality team and reflection meetings.

Process evaluation: the facilitator prepares the questionnaire, opens and closes it and sends
reminders; everyone who takes part in the process (a participant, or seated in or leading one
of its groups) answers once while it is open; the facilitator and the leader see the response
rate and the results while it runs; once it is closed everyone in the organisation sees the
results. A result is never shown below `MIN_ANSWERS` answers (see services.results).

Initiative evaluation: read and written as the initiative itself (implementation.access):
its owner, its team and the managers write; other members read; externals only what they take
part in.

Quality team: the facilitator and the leader set it up and manage its members, cadences and
question bank; they and the team's members record reflection meetings; every member of the
organisation reads, except external representatives who are not on the team.

Other organisations get 404 everywhere (processes.access, organisations.access).
"""

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from implementation.access import can_edit as can_edit_initiative
from implementation.access import get_initiative_for
from organisations.access import get_organisation_for
from organisations.models import Membership
from processes.access import get_process_for, require
from processes.models import Process

from .models import ProcessEvaluation, QualityTeam, ReflectionMeeting

Role = Membership.Role
EVALUATION_MANAGERS = frozenset({Role.FACILITATOR})
RESULT_READERS = frozenset({Role.FACILITATOR, Role.LEADER})
TEAM_MANAGERS = frozenset({Role.FACILITATOR, Role.LEADER})

__all__ = [
    "can_answer",
    "can_edit_initiative",
    "can_manage_evaluation",
    "can_manage_team",
    "can_read_team",
    "can_record_meetings",
    "can_see_results",
    "get_evaluation_for",
    "get_initiative_for",
    "get_meeting_for",
    "get_team_for",
    "require",
    "takes_part_in",
]


# -- Process evaluation -----------------------------------------------------------------------


def participants_of(process: Process):
    """Everyone who takes part in `process`: its participants, and whoever sits in or leads
    one of its groups."""
    return (
        Membership.objects.filter(organisation_id=process.organisation_id)
        .filter(Q(processes=process) | Q(seats__process=process) | Q(led_groups__process=process))
        .distinct()
    )


def takes_part_in(membership: Membership, process: Process) -> bool:
    return participants_of(process).filter(pk=membership.pk).exists()


def can_manage_evaluation(membership: Membership) -> bool:
    return membership.role in EVALUATION_MANAGERS


def can_answer(membership: Membership, evaluation: ProcessEvaluation | None) -> bool:
    """Open, and `membership` takes part in the process (one query)."""
    if evaluation is None or not evaluation.is_open:
        return False
    return takes_part_in(membership, evaluation.process)


def can_see_results(membership: Membership, evaluation: ProcessEvaluation | None) -> bool:
    """The facilitator and the leader at any time; everyone once it is closed. (Whether there
    are enough answers to show is the results' own rule.)"""
    if evaluation is None or evaluation.status == ProcessEvaluation.Status.DRAFT:
        return membership.role in RESULT_READERS
    if membership.role in RESULT_READERS:
        return True
    return evaluation.status == ProcessEvaluation.Status.CLOSED


def get_evaluation_for(request: HttpRequest, process_pk: int, roles=None):
    """(process, membership, evaluation or None) for a process the user can see, or 404."""
    if roles is None:
        process, membership = get_process_for(request, process_pk)
    else:
        process, membership = get_process_for(request, process_pk, roles)
    evaluation = ProcessEvaluation.objects.filter(process=process).first()
    if evaluation is not None:
        evaluation.process = process
    return process, membership, evaluation


# -- Quality team -----------------------------------------------------------------------------


def can_manage_team(membership: Membership) -> bool:
    return membership.role in TEAM_MANAGERS


def on_team(membership: Membership, team: QualityTeam | None) -> bool:
    if team is None:
        return False
    return team.seats.filter(membership=membership).exists()


def can_read_team(membership: Membership, team: QualityTeam | None) -> bool:
    if membership.role != Role.EXTERNAL:
        return True
    return on_team(membership, team)


def can_record_meetings(membership: Membership, team: QualityTeam | None) -> bool:
    if team is None:
        return False
    return can_manage_team(membership) or on_team(membership, team)


def get_team_for(request: HttpRequest, org_slug: str, *, readable: bool = True):
    """(organisation, membership, team or None) for the user's own organisation, or 404.

    With `readable`, 403 for an external representative who is not on the team.
    """
    organisation, membership = get_organisation_for(request, org_slug)
    team = QualityTeam.objects.filter(organisation=organisation).first()
    if team is not None:
        team.organisation = organisation
    if readable:
        require(can_read_team(membership, team))
    return organisation, membership, team


def get_meeting_for(request: HttpRequest, org_slug: str, meeting_pk: int):
    """(organisation, membership, team, meeting) for a meeting the user may read, or 404."""
    organisation, membership, team = get_team_for(request, org_slug)
    meeting = get_object_or_404(
        ReflectionMeeting.objects.select_related("created_by__user"),
        pk=meeting_pk,
        team__organisation=organisation,
    )
    meeting.team = team
    return organisation, membership, team, meeting
