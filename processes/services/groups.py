"""Groups of a process and their meetings between the seminars.

`actor` is always the Membership of the person acting. Who may act is decided by the views
(the access helpers and `can_manage_meetings`); these functions guarantee what happens.

A group's lead sits in the group they lead: choosing a lead seats them there, moving them out
of another group of the process if they sat in one (a person has one seat per process, which
the database enforces). Deleting a group removes its seats, never anyone's place in the
process: its members become unassigned.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from organisations.access import PLANNERS
from organisations.models import Membership
from processes.models import Group, GroupMeeting, GroupMembership, Process, Seminar, Theme

GROUP_FIELDS = ("name", "theme", "lead", "max_size")
MEETING_FIELDS = ("date", "place", "notes")


def can_manage_meetings(membership: Membership, group: Group) -> bool:
    """The facilitator plans every group's meetings; a group's lead plans their own group's."""
    return membership.role in PLANNERS or (
        group.lead_id is not None and group.lead_id == membership.pk
    )


# --- Reading ---------------------------------------------------------------------------------


def _seats_by_name() -> QuerySet[GroupMembership]:
    return GroupMembership.objects.select_related("membership__user").order_by(
        "membership__user__first_name", "membership__user__last_name", "membership__user__username"
    )


def groups_with_members(process: Process) -> QuerySet[Group]:
    """The process's groups with theme, lead and seats loaded in a fixed number of queries,
    however many people sit in them. `seated(group)` lists a group's members by name."""
    return (
        Group.objects.filter(process=process)
        .select_related("theme", "lead__user")
        .prefetch_related(Prefetch("seats", queryset=_seats_by_name(), to_attr="seated_seats"))
    )


def seated(group: Group) -> list[Membership]:
    """The group's members by name (one query, or none after `groups_with_members`)."""
    seats = getattr(group, "seated_seats", None)
    if seats is None:
        seats = _seats_by_name().filter(group=group)
    return [seat.membership for seat in seats]


def unassigned_participants(process: Process) -> QuerySet[Membership]:
    """Participants of the process without a seat in any of its groups."""
    return (
        process.participants.exclude(seats__process=process)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username")
    )


@dataclass(frozen=True)
class Mix:
    """A short account of how mixed a group is, for the group list. The composition page
    gives the full picture and the diversity score."""

    size: int
    departments: int
    backgrounds: int
    externals: int
    years_min: int | None
    years_max: int | None

    @property
    def is_empty(self) -> bool:
        return self.size == 0


@dataclass(frozen=True)
class Score:
    """A diversity score as the composition page shows it: a percentage and words."""

    percent: int
    words: str


@dataclass(frozen=True)
class MixScores:
    groups: dict[int, Score]
    overall: Score


def mix_scores(process: Process) -> MixScores:
    """The diversity scores of the composition page (see `services.composition`), per group
    id and overall, read in a fixed number of queries."""
    from processes.services.composition import describe, load_composition, score

    composition = load_composition(process)
    scores = score(composition.current(), composition.participants())

    def as_score(value: float) -> Score:
        return Score(percent=round(value * 100), words=describe(value))

    return MixScores(
        groups={pk: as_score(value) for pk, value in scores.groups.items()},
        overall=as_score(scores.overall),
    )


def _distinct(values) -> int:
    # "Pædagog" and "pædagog " are one background.
    return len({" ".join(v.split()).casefold() for v in values if v and v.strip()})


def mix_of(members: list[Membership], today: datetime.date | None = None) -> Mix:
    years = [y for y in (m.years_in_organisation(today) for m in members) if y is not None]
    return Mix(
        size=len(members),
        departments=_distinct(m.department for m in members),
        backgrounds=_distinct(m.professional_background for m in members),
        # As on the composition page, the external role counts even without the tick.
        externals=sum(1 for m in members if m.is_external or m.role == Membership.Role.EXTERNAL),
        years_min=min(years) if years else None,
        years_max=max(years) if years else None,
    )


def seminars_around(seminars: list[Seminar], date: datetime.date):
    """The seminars just before and just after `date` (either may be None)."""
    before = [s for s in seminars if s.date <= date]
    after = [s for s in seminars if s.date > date]
    return (before[-1] if before else None), (after[0] if after else None)


# --- Groups ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LeadSeating:
    """What choosing a lead did to the seats: `moved_from` is the group the lead left."""

    seated: bool = False
    moved_from: Group | None = None


def _seat_lead(group: Group) -> LeadSeating:
    if group.lead_id is None:
        return LeadSeating()
    seat = (
        GroupMembership.objects.select_for_update()
        .select_related("group")
        .filter(process=group.process_id, membership=group.lead_id)
        .first()
    )
    if seat is None:
        GroupMembership.objects.create(
            group=group, membership_id=group.lead_id, process_id=group.process_id
        )
        return LeadSeating(seated=True)
    if seat.group_id == group.pk:
        return LeadSeating()
    previous = seat.group
    seat.group = group
    seat.save(update_fields=["group"])
    return LeadSeating(seated=True, moved_from=previous)


@transaction.atomic
def create_group(
    *,
    actor: Membership,
    process: Process,
    name: str,
    theme: Theme | None,
    lead: Membership | None,
    max_size: int | None,
) -> tuple[Group, LeadSeating]:
    """Creates the group and seats its lead in it."""
    group = Group.objects.create(
        process=process, name=name, theme=theme, lead=lead, max_size=max_size
    )
    return group, _seat_lead(group)


@transaction.atomic
def update_group(
    *,
    actor: Membership,
    group: Group,
    name: str,
    theme: Theme | None,
    lead: Membership | None,
    max_size: int | None,
) -> LeadSeating:
    """Saves the group's settings and seats a new lead in it. The previous lead keeps
    their seat as an ordinary member."""
    group.name, group.theme, group.lead, group.max_size = name, theme, lead, max_size
    group.save(update_fields=list(GROUP_FIELDS))
    return _seat_lead(group)


@transaction.atomic
def create_groups_from_themes(*, actor: Membership, process: Process) -> list[Group]:
    """One group, named after its theme, for every theme of the process that has none.

    The process row is locked so that a double click cannot create a theme's group twice.
    """
    Process.objects.select_for_update().filter(pk=process.pk).first()
    themes = Theme.objects.filter(process=process, groups__isnull=True).order_by("position", "pk")
    max_length = Group._meta.get_field("name").max_length
    return [
        Group.objects.create(process=process, theme=theme, name=theme.title[:max_length])
        for theme in themes
    ]


@transaction.atomic
def delete_group(*, actor: Membership, group: Group) -> int:
    """Deletes the group with its meetings and its work; returns how many people lost their
    seat. They stay participants of the process, unassigned."""
    count = GroupMembership.objects.filter(group=group).count()
    group.delete()
    return count


def deletion_summary(group: Group) -> list[tuple[str, int]]:
    """What deleting the group takes with it besides its seats, as (label, count) pairs,
    e.g. the values and ideas of the group's debate, whatever app they live in."""
    from django.contrib.admin.utils import NestedObjects
    from django.db import router

    collector = NestedObjects(using=router.db_for_write(Group))
    collector.collect([group])
    summary = []
    for model, objects in collector.model_objs.items():
        if model in (Group, GroupMembership) or not objects:
            continue
        opts = model._meta
        label = opts.verbose_name if len(objects) == 1 else opts.verbose_name_plural
        summary.append((str(label), len(objects)))
    return sorted(summary, key=lambda pair: pair[0])


# --- Meetings --------------------------------------------------------------------------------


@transaction.atomic
def create_meeting(
    *, actor: Membership, group: Group, date: datetime.date, place: str, notes: str
) -> GroupMeeting:
    return GroupMeeting.objects.create(group=group, date=date, place=place, notes=notes)


@transaction.atomic
def update_meeting(
    *, actor: Membership, meeting: GroupMeeting, date: datetime.date, place: str, notes: str
) -> GroupMeeting:
    meeting.date, meeting.place, meeting.notes = date, place, notes
    meeting.save(update_fields=list(MEETING_FIELDS))
    return meeting


@transaction.atomic
def delete_meeting(*, actor: Membership, meeting: GroupMeeting) -> None:
    meeting.delete()


def lead_seating_message(group: Group, seating: LeadSeating) -> str:
    """What the facilitator should know about the seats after choosing a lead."""
    if seating.moved_from is not None:
        return gettext("%(lead)s now sits in this group, which they lead, instead of %(old)s.") % {
            "lead": group.lead.display_name,
            "old": seating.moved_from.name,
        }
    if seating.seated:
        return gettext("%(lead)s now sits in this group, which they lead.") % {
            "lead": group.lead.display_name
        }
    return ""
