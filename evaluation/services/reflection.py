"""The bank of reflection questions and the reflection meetings' notes."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from implementation.models import Indicator, Initiative
from organisations.models import Membership

from ..models import (
    TEXT_MAX_LENGTH,
    QualityTeam,
    ReflectionLevel,
    ReflectionMeeting,
    ReflectionQuestion,
)


def _question_fields(level: str, text: str) -> dict:
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the question.")
    if level and level not in ReflectionLevel.values:
        errors["level"] = _("Choose a level, or every level.")
    if errors:
        raise ValidationError(errors)
    return {"level": level or "", "text": text}


@transaction.atomic
def add_question(
    *, actor: Membership, team: QualityTeam, level: str, text: str
) -> ReflectionQuestion:
    fields = _question_fields(level, text)
    last = team.questions.aggregate(last=Max("position"))["last"]
    return ReflectionQuestion.objects.create(
        team=team, position=0 if last is None else last + 1, **fields
    )


@transaction.atomic
def edit_question(
    *, actor: Membership, question: ReflectionQuestion, level: str, text: str
) -> ReflectionQuestion:
    fields = _question_fields(level, text)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=list(fields))
    return question


@transaction.atomic
def delete_question(*, actor: Membership, question: ReflectionQuestion) -> None:
    """Remove the question from the bank; meetings that asked it no longer list it."""
    question.delete()


def _meeting_fields(
    team: QualityTeam,
    *,
    level: str,
    held_on: datetime.date | None,
    title: str,
    notes: str,
    questions: Iterable[ReflectionQuestion],
    initiatives: Iterable[Initiative],
    indicators: Iterable[Indicator],
    today: datetime.date,
) -> dict:
    errors = {}
    title = (title or "").strip()
    notes = (notes or "").strip()
    if level not in ReflectionLevel.values:
        errors["level"] = _("Choose the level the meeting reflected at.")
    if held_on is None:
        errors["held_on"] = _("Give the date of the meeting.")
    elif held_on > today:
        errors["held_on"] = _(
            "Notes are for a meeting that has been held: the date is in the future."
        )
    if not title:
        errors["title"] = _("Give the meeting a topic.")
    if len(notes) > TEXT_MAX_LENGTH:
        errors["notes"] = _("Keep the notes under %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
    questions, initiatives, indicators = list(questions), list(initiatives), list(indicators)
    org = team.organisation_id
    if any(q.team_id != team.pk for q in questions):
        errors["questions"] = _("Choose questions from the organisation's bank.")
    if any(i.process.organisation_id != org for i in initiatives):
        errors["initiatives"] = _("Choose initiatives of the organisation.")
    if any(i.initiative.process.organisation_id != org for i in indicators):
        errors["indicators"] = _("Choose indicators of the organisation's initiatives.")
    if errors:
        raise ValidationError(errors)
    return {
        "fields": {"level": level, "held_on": held_on, "title": title, "notes": notes},
        "questions": questions,
        "initiatives": initiatives,
        "indicators": indicators,
    }


@transaction.atomic
def record_meeting(
    *,
    actor: Membership,
    team: QualityTeam,
    level: str,
    held_on: datetime.date | None,
    title: str,
    notes: str = "",
    questions: Iterable[ReflectionQuestion] = (),
    initiatives: Iterable[Initiative] = (),
    indicators: Iterable[Indicator] = (),
    today: datetime.date | None = None,
) -> ReflectionMeeting:
    """Record a reflection meeting that has been held, with the questions it asked and the
    initiatives and indicators it looked at (all of the team's organisation)."""
    cleaned = _meeting_fields(
        team, level=level, held_on=held_on, title=title, notes=notes, questions=questions,
        initiatives=initiatives, indicators=indicators, today=today or timezone.localdate(),
    )  # fmt: skip
    meeting = ReflectionMeeting.objects.create(team=team, created_by=actor, **cleaned["fields"])
    meeting.questions.set(cleaned["questions"])
    meeting.initiatives.set(cleaned["initiatives"])
    meeting.indicators.set(cleaned["indicators"])
    return meeting


@transaction.atomic
def edit_meeting(
    *,
    actor: Membership,
    meeting: ReflectionMeeting,
    level: str,
    held_on: datetime.date | None,
    title: str,
    notes: str = "",
    questions: Iterable[ReflectionQuestion] = (),
    initiatives: Iterable[Initiative] = (),
    indicators: Iterable[Indicator] = (),
    today: datetime.date | None = None,
) -> ReflectionMeeting:
    cleaned = _meeting_fields(
        meeting.team, level=level, held_on=held_on, title=title, notes=notes,
        questions=questions, initiatives=initiatives, indicators=indicators,
        today=today or timezone.localdate(),
    )  # fmt: skip
    for name, value in cleaned["fields"].items():
        setattr(meeting, name, value)
    meeting.save(update_fields=[*cleaned["fields"], "updated_at"])
    meeting.questions.set(cleaned["questions"])
    meeting.initiatives.set(cleaned["initiatives"])
    meeting.indicators.set(cleaned["indicators"])
    return meeting
