"""Answering a process evaluation: once per person, anonymous unless made named.

The has-answered row (`Respondent`, unique per evaluation and person) and the answers are
written in one transaction: a second answer hits the unique constraint, and then nothing of
it is saved. In an anonymous evaluation the `Response` holds no person and no time.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership

from ..access import takes_part_in
from ..models import (
    SCALE_MAX,
    SCALE_MIN,
    TEXT_MAX_LENGTH,
    Answer,
    ProcessEvaluation,
    Question,
    Respondent,
    Response,
)


def already_answered_message() -> str:
    return _(
        "You have already answered this evaluation. Each person answers once, and your "
        "answers were saved the first time; nothing has been changed."
    )


def field_name(question: Question) -> str:
    """The form field (and error key) of a question."""
    return f"q{question.pk}"


def _clean_answer(question: Question, value: Any) -> dict | None:
    """The answer's columns, None for no answer; ValidationError for a value out of range."""
    if value in (None, ""):
        return None
    if question.kind == Question.Kind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not SCALE_MIN <= number <= SCALE_MAX:
            raise ValidationError(
                _("Choose a number from %(low)d to %(high)d.")
                % {"low": SCALE_MIN, "high": SCALE_MAX}
            )
        return {"scale": number}
    if question.kind == Question.Kind.YES_NO:
        if value in (True, "yes", "True", "1"):
            return {"yes": True}
        if value in (False, "no", "False", "0"):
            return {"yes": False}
        raise ValidationError(_("Choose yes or no."))
    text = str(value).strip()
    if len(text) > TEXT_MAX_LENGTH:
        raise ValidationError(
            _("Keep the answer under %(max)d characters.") % {"max": TEXT_MAX_LENGTH}
        )
    return {"text": text} if text else None


def has_answered(evaluation: ProcessEvaluation | None, membership: Membership) -> bool:
    if evaluation is None:
        return False
    return Respondent.objects.filter(evaluation=evaluation, membership=membership).exists()


@transaction.atomic
def submit_answers(
    *,
    actor: Membership,
    evaluation: ProcessEvaluation,
    answers: Mapping[str, Any],
    today: datetime.date | None = None,
) -> Response:
    """Save `actor`'s answers (`answers` keyed by `field_name(question)`).

    Guarantees: only while the evaluation is open and only for someone who takes part in the
    process; every given answer is in range (else nothing is saved and the error is keyed by
    the question's field); at least one question is answered; one answer per person (the
    unique has-answered row, in this transaction); in an anonymous evaluation no row links
    the answers to the person.
    """
    locked = ProcessEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    if locked.status != ProcessEvaluation.Status.OPEN:
        raise ValidationError(_("The evaluation is not open for answers."), code="not_open")
    if not takes_part_in(actor, evaluation.process):
        raise ValidationError(
            _("Only the people who took part in the process answer its evaluation."),
            code="not_participant",
        )
    questions = list(locked.questions.all())
    rows, errors = [], {}
    for question in questions:
        try:
            cleaned = _clean_answer(question, answers.get(field_name(question)))
        except ValidationError as error:
            errors[field_name(question)] = error.messages
            continue
        if cleaned is not None:
            rows.append((question, cleaned))
    if errors:
        raise ValidationError(errors)
    if not rows:
        raise ValidationError(_("Answer at least one question."), code="empty")
    try:
        # Its own savepoint: a second answer fails here, and the caller's transaction can
        # still report it.
        with transaction.atomic():
            Respondent.objects.create(
                evaluation=locked,
                membership=actor,
                answered_on=today or timezone.localdate(),
            )
    except IntegrityError as error:
        raise ValidationError(already_answered_message(), code="already_answered") from error
    response = Response.objects.create(
        evaluation=locked, membership=None if locked.anonymous else actor
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=question, **cleaned) for question, cleaned in rows
    )
    return response
