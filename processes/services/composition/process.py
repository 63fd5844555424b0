"""Reading a process into the core, signed proposals, and the seats changing services."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from organisations.models import Membership
from processes.models import Group, GroupMembership, Process

from .core import CompositionError, GroupSpec, Participant, participant_from_facts

# --- The process: reading --------------------------------------------------------------------


@dataclass
class Composition:
    """A process's groups and everyone who takes part, as read from the database.

    The people are the process's participants, every group's lead and anyone who already
    has a seat: accepting a proposal replaces all seats, so it must place all of them.
    """

    process: Process
    groups: list[Group]
    people: dict[int, Membership]
    participant_ids: set[int]
    seats: dict[int, int]  # membership id -> group id
    year: int

    def participants(self) -> list[Participant]:
        return [_participant(m, self.year) for m in self.people.values()]

    def specs(self) -> list[GroupSpec]:
        return [GroupSpec(id=g.pk, max_size=g.max_size, lead=g.lead_id) for g in self.groups]

    def current(self) -> dict[int, list[int]]:
        assignment: dict[int, list[int]] = {g.pk: [] for g in self.groups}
        for person_id in self.people:
            if person_id in self.seats:
                assignment[self.seats[person_id]].append(person_id)
        return assignment

    def unassigned(self) -> list[Membership]:
        return [m for pk, m in self.people.items() if pk not in self.seats]

    def basis(self) -> str:
        """A fingerprint of everything a proposal is computed from: the people and their
        facts, the groups with sizes and leads, and who sits where."""
        facts = [
            sorted(
                (p.id, p.department, p.background, p.seniority, p.age, p.external)
                for p in self.participants()
            ),
            [(g.pk, g.max_size, g.lead_id) for g in self.groups],
            sorted(self.seats.items()),
        ]
        return hashlib.sha256(repr(facts).encode()).hexdigest()[:32]


def _participant(membership: Membership, year: int) -> Participant:
    return participant_from_facts(
        membership.pk,
        department=membership.department,
        professional_background=membership.professional_background,
        start_year=membership.start_year,
        birth_year=membership.birth_year,
        is_external=membership.is_external or membership.role == Membership.Role.EXTERNAL,
        year=year,
    )


def load_composition(process: Process) -> Composition:
    """Read the groups, seats and people of `process` in a fixed number of queries."""
    groups = list(
        Group.objects.filter(process=process)
        .select_related("lead__user", "theme")
        .order_by("theme__position", "name", "pk")
    )
    seats = list(
        GroupMembership.objects.filter(process=process, group__process=process)
        .select_related("membership__user")
        .order_by("pk")
    )
    participants = list(
        process.participants.filter(organisation_id=process.organisation_id).select_related("user")
    )
    people: dict[int, Membership] = {}
    for membership in participants:
        people[membership.pk] = membership
    for group in groups:
        if group.lead is not None and group.lead.organisation_id == process.organisation_id:
            people.setdefault(group.lead.pk, group.lead)
    for seat in seats:
        people.setdefault(seat.membership_id, seat.membership)
    ordered = dict(sorted(people.items(), key=lambda item: (_sort_name(item[1]), item[0])))
    return Composition(
        process=process,
        groups=groups,
        people=ordered,
        participant_ids={m.pk for m in participants},
        seats={seat.membership_id: seat.group_id for seat in seats},
        year=timezone.localdate().year,
    )


def _sort_name(membership: Membership) -> str:
    return membership.display_name.casefold()


# --- Signed proposals ------------------------------------------------------------------------

PROPOSAL_SALT = "processes.composition.proposal"
PROPOSAL_MAX_AGE = 60 * 60 * 12


def sign_proposal(composition: Composition, assignment: Mapping[int, Sequence[int]]) -> str:
    """The proposal as a signed string for a hidden field; `read_proposal` checks it."""
    payload = {
        "process": composition.process.pk,
        "basis": composition.basis(),
        "groups": [[group_id, list(ids)] for group_id, ids in assignment.items()],
    }
    return signing.dumps(payload, salt=PROPOSAL_SALT, compress=True)


def read_proposal(composition: Composition, token: str) -> dict[int, list[int]]:
    """The assignment in a signed proposal, if it is intact, fresh and made from the data
    the process has now. Raises `CompositionError` otherwise."""
    try:
        payload = signing.loads(token, salt=PROPOSAL_SALT, max_age=PROPOSAL_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise CompositionError(
            gettext("The proposal is more than 12 hours old. Propose a new one.")
        ) from exc
    except signing.BadSignature as exc:
        raise CompositionError(
            gettext("The proposal could not be read: it was changed. Propose a new one.")
        ) from exc
    if not isinstance(payload, dict) or payload.get("process") != composition.process.pk:
        raise CompositionError(
            gettext("The proposal belongs to another process. Propose a new one.")
        )
    if payload.get("basis") != composition.basis():
        raise CompositionError(
            gettext(
                "The participants, groups or seats have changed since the proposal was "
                "made, so it was not accepted. Propose again to see one for the groups as "
                "they are now."
            )
        )
    return {int(group_id): [int(i) for i in ids] for group_id, ids in payload["groups"]}


# --- The process: changing -------------------------------------------------------------------


def _check_assignment(composition: Composition, assignment: Mapping[int, Sequence[int]]):
    groups = {g.pk: g for g in composition.groups}
    seen: set[int] = set()
    for group_id, ids in assignment.items():
        group = groups.get(group_id)
        if group is None:
            raise CompositionError(gettext("The proposal names a group that no longer exists."))
        if group.max_size is not None and len(ids) > group.max_size:
            raise CompositionError(
                gettext("“%(group)s” has room for only %(size)d.")
                % {"group": group.name, "size": group.max_size}
            )
        for person_id in ids:
            if person_id not in composition.people or person_id in seen:
                raise CompositionError(gettext("The proposal does not fit the participants."))
            seen.add(person_id)
    for group in composition.groups:
        if group.lead_id in seen:
            led = {g.pk for g in composition.groups if g.lead_id == group.lead_id}
            if not any(group.lead_id in assignment.get(pk, ()) for pk in led):
                raise CompositionError(
                    gettext("%(name)s must sit in the group they lead.")
                    % {"name": group.lead.display_name}
                )


@transaction.atomic
def apply_composition(
    *, actor: Membership, process: Process, assignment: Mapping[int, Sequence[int]]
) -> int:
    """Replace all seats of `process` by `assignment` (group id -> membership ids).

    All or nothing: the process row is locked, the assignment is checked against the current
    groups and people (known groups, everyone at most once, maximum sizes, leads in their
    groups), then the old seats are deleted and the new ones created. Returns the number
    of seats.
    """
    Process.objects.select_for_update().get(pk=process.pk)
    composition = load_composition(process)
    _check_assignment(composition, assignment)
    GroupMembership.objects.filter(process=process).delete()
    seats = [
        GroupMembership(group_id=group_id, membership_id=person_id, process=process)
        for group_id, ids in assignment.items()
        for person_id in ids
    ]
    GroupMembership.objects.bulk_create(seats)
    return len(seats)


@transaction.atomic
def move_participant(
    *, actor: Membership, process: Process, person: Membership, group: Group | None
) -> None:
    """Give `person` a seat in `group`, or no seat (None). A lead stays in the group they
    lead and a full group takes no one; both raise `CompositionError`."""
    Process.objects.select_for_update().get(pk=process.pk)
    if group is not None and group.process_id != process.pk:
        raise ValueError("The group belongs to another process.")
    led = list(Group.objects.filter(process=process, lead=person).order_by("name"))
    if led and (group is None or group not in led):
        raise CompositionError(
            gettext("%(name)s leads “%(group)s”. Choose another lead for it first.")
            % {"name": person.display_name, "group": led[0].name}
        )
    if group is not None and group.max_size is not None:
        taken = GroupMembership.objects.filter(group=group).exclude(membership=person).count()
        if taken >= group.max_size:
            raise CompositionError(
                gettext("“%(group)s” is full: it has room for %(size)d.")
                % {"group": group.name, "size": group.max_size}
            )
    GroupMembership.objects.filter(process=process, membership=person).delete()
    if group is not None:
        GroupMembership.objects.create(group=group, membership=person, process=process)
