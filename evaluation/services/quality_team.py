"""The organisation's quality team (seed 003): setting it up with seed 003's cadences and
questions, its members with their roles, and the reflection cadences with the next meeting
due at each level."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership, Organisation

from .. import defaults
from ..models import (
    QualityTeam,
    QualityTeamMember,
    ReflectionCadence,
    ReflectionLevel,
    ReflectionQuestion,
)

TeamRole = QualityTeamMember.Role
Position = QualityTeamMember.Position


@transaction.atomic
def set_up_team(
    *, actor: Membership, organisation: Organisation, language: str | None = None
) -> QualityTeam:
    """The organisation's quality team, created (if it does not exist) with seed 003's
    cadences for the three levels and its reflection questions, written in `language`.
    Idempotent."""
    lang = defaults.language(language)
    team, created = QualityTeam.objects.get_or_create(
        organisation=organisation,
        defaults={"purpose": defaults.TEAM_PURPOSE[lang], "language": lang, "created_by": actor},
    )
    if created:
        ReflectionCadence.objects.bulk_create(
            ReflectionCadence(
                team=team,
                level=level,
                every_weeks=weeks,
                duration_minutes=minutes,
                participants=who[lang],
            )
            for level, weeks, minutes, who in defaults.CADENCES
        )
        ReflectionQuestion.objects.bulk_create(
            ReflectionQuestion(team=team, level=level, text=text, position=position)
            for position, (level, text) in enumerate(defaults.reflection_questions(lang))
        )
    team.organisation = organisation
    return team


@transaction.atomic
def edit_team(
    *, actor: Membership, team: QualityTeam, purpose: str, meets_every_weeks: int
) -> QualityTeam:
    if not 1 <= int(meets_every_weeks) <= 52:
        raise ValidationError({"meets_every_weeks": _("Choose from 1 to 52 weeks.")})
    team.purpose = (purpose or "").strip()
    team.meets_every_weeks = int(meets_every_weeks)
    team.save(update_fields=["purpose", "meets_every_weeks"])
    return team


def _seat_fields(team, membership, role, position, profession) -> dict:
    errors = {}
    if membership is None or membership.organisation_id != team.organisation_id:
        errors["membership"] = _("Choose a person from the organisation.")
    if role not in TeamRole.values:
        errors["role"] = _("Choose the person's role in the team.")
    if position not in Position.values:
        errors["position"] = _("Say whether the person is a leader or a frontline worker.")
    if errors:
        raise ValidationError(errors)
    profession = (profession or "").strip() or membership.professional_background
    return {"role": role, "position": position, "profession": profession}


def _save_seat(seat: QualityTeamMember, *, update_fields=None) -> None:
    try:
        with transaction.atomic():
            seat.save(update_fields=update_fields)
    except IntegrityError as error:
        lead = QualityTeamMember.objects.filter(team=seat.team, role=TeamRole.LEAD).exclude(
            pk=seat.pk
        )
        if seat.role == TeamRole.LEAD and lead.exists():
            raise ValidationError(
                {"role": _("The team already has a lead. Change their role first.")}
            ) from error
        raise ValidationError(
            {"membership": _("The person is already on the quality team.")}
        ) from error


@transaction.atomic
def add_member(
    *,
    actor: Membership,
    team: QualityTeam,
    membership: Membership,
    role: str,
    position: str,
    profession: str = "",
) -> QualityTeamMember:
    """Put a person of the organisation on the team. One seat per person and one lead per
    team (the database holds both)."""
    fields = _seat_fields(team, membership, role, position, profession)
    seat = QualityTeamMember(team=team, membership=membership, **fields)
    _save_seat(seat)
    return seat


@transaction.atomic
def edit_member(
    *, actor: Membership, seat: QualityTeamMember, role: str, position: str, profession: str = ""
) -> QualityTeamMember:
    fields = _seat_fields(seat.team, seat.membership, role, position, profession)
    for name, value in fields.items():
        setattr(seat, name, value)
    _save_seat(seat, update_fields=list(fields))
    return seat


@transaction.atomic
def remove_member(*, actor: Membership, seat: QualityTeamMember) -> None:
    seat.delete()


@transaction.atomic
def edit_cadence(
    *,
    actor: Membership,
    cadence: ReflectionCadence,
    every_weeks: int,
    duration_minutes: int | None,
    participants: str,
) -> ReflectionCadence:
    errors = {}
    if every_weeks is None or not 1 <= int(every_weeks) <= 104:
        errors["every_weeks"] = _("Choose from 1 to 104 weeks.")
    if duration_minutes is not None and not 5 <= int(duration_minutes) <= 600:
        errors["duration_minutes"] = _("Choose from 5 to 600 minutes, or leave it empty.")
    if errors:
        raise ValidationError(errors)
    cadence.every_weeks = int(every_weeks)
    cadence.duration_minutes = duration_minutes
    cadence.participants = (participants or "").strip()
    cadence.save(update_fields=["every_weeks", "duration_minutes", "participants"])
    return cadence


# -- What the team page shows ----------------------------------------------------------------


@dataclass
class ProfessionHint:
    profession: str
    has_leader: bool
    has_frontline: bool


def profession_hints(seats: list[QualityTeamMember]) -> list[ProfessionHint]:
    """Professions on the team with a leader but no frontline worker, or the other way
    round (seed 003: one of each per profession). No query: `seats` are loaded."""
    found: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for seat in seats:
        key = seat.profession.strip().casefold()
        if not key:
            continue
        names.setdefault(key, seat.profession.strip())
        found.setdefault(key, set()).add(seat.position)
    return [
        ProfessionHint(names[key], Position.LEADER in positions, Position.FRONTLINE in positions)
        for key, positions in sorted(found.items())
        if len(positions) < 2
    ]


def missing_roles(seats: list[QualityTeamMember]) -> list[str]:
    """The labels of the four roles nobody on the team has yet."""
    taken = {seat.role for seat in seats}
    return [str(label) for value, label in TeamRole.choices if value not in taken]


@dataclass
class LevelPlan:
    level: str
    label: str
    cadence: ReflectionCadence | None
    last_held_on: datetime.date | None
    next_due: datetime.date | None
    overdue: bool
    meeting_count: int


def level_plans(team: QualityTeam, today: datetime.date | None = None) -> list[LevelPlan]:
    """Each level's cadence, its last meeting and when the next one is due: the last
    meeting plus the cadence, or today when none has been held. Two queries."""
    from django.db.models import Count

    today = today or timezone.localdate()
    cadences = {c.level: c for c in team.cadences.all()}
    held = {
        row["level"]: row
        for row in team.meetings.order_by()
        .values("level")
        .annotate(last=Max("held_on"), n=Count("pk"))
    }
    plans = []
    for level, label in ReflectionLevel.choices:
        cadence = cadences.get(level)
        last = held.get(level, {}).get("last")
        due = None
        if cadence is not None:
            due = last + datetime.timedelta(weeks=cadence.every_weeks) if last else today
        plans.append(
            LevelPlan(
                level=level,
                label=str(label),
                cadence=cadence,
                last_held_on=last,
                next_due=due,
                overdue=bool(due and last and due < today),
                meeting_count=held.get(level, {}).get("n", 0),
            )
        )
    return plans
