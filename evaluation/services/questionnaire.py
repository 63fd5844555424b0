"""Preparing, editing, opening and closing a process's evaluation questionnaire.

The questions can be changed only while nobody has answered: an answer given to one wording
must not be counted under another.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Membership
from processes.models import Process

from .. import defaults
from ..models import ProcessEvaluation, Question

Status = ProcessEvaluation.Status


def authors_hidden(process: Process) -> bool:
    return process.author_visibility == Process.AuthorVisibility.HIDDEN


@transaction.atomic
def prepare_evaluation(
    *, actor: Membership, process: Process, language: str | None = None
) -> ProcessEvaluation:
    """The process's questionnaire, created with the default questions (written in
    `language`, else the request's) if it does not exist yet. Idempotent: a second call, or
    two at once, give the same questionnaire with one set of questions."""
    lang = defaults.language(language)
    evaluation, created = ProcessEvaluation.objects.get_or_create(
        process=process,
        defaults={
            "intro": defaults.EVALUATION_INTRO[lang],
            "language": lang,
            "created_by": actor,
        },
    )
    if created:
        Question.objects.bulk_create(
            Question(evaluation=evaluation, position=i, kind=kind, text=text, help_text=help_text)
            for i, (kind, text, help_text) in enumerate(defaults.evaluation_questions(lang))
        )
    evaluation.process = process
    return evaluation


def _lock(evaluation: ProcessEvaluation) -> ProcessEvaluation:
    locked = ProcessEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    locked.process = evaluation.process
    return locked


def _questions_editable(locked: ProcessEvaluation) -> None:
    if locked.status == Status.CLOSED:
        raise ValidationError(
            _("The evaluation is closed, so its questions can no longer be changed."),
            code="closed",
        )
    if locked.respondents.exists():
        raise ValidationError(
            _(
                "Someone has already answered, so the questions can no longer be changed: "
                "their answers would no longer match the questions."
            ),
            code="answered",
        )


@transaction.atomic
def edit_settings(
    *, actor: Membership, evaluation: ProcessEvaluation, intro: str, anonymous: bool
) -> ProcessEvaluation:
    """Change the introduction, and whether answers are anonymous. Anonymity can be turned
    off only before the questionnaire opens, and never in a process whose authors are
    hidden."""
    locked = _lock(evaluation)
    anonymous = bool(anonymous)
    if anonymous != locked.anonymous:
        if not anonymous and authors_hidden(locked.process):
            raise ValidationError(
                {
                    "anonymous": _(
                        "The process hides who wrote what, so its evaluation stays anonymous."
                    )
                }
            )
        if locked.status != Status.DRAFT or locked.respondents.exists():
            raise ValidationError(
                {
                    "anonymous": _(
                        "Whether answers are anonymous can be changed only before the "
                        "evaluation opens."
                    )
                }
            )
    locked.intro = (intro or "").strip()
    locked.anonymous = anonymous
    locked.save(update_fields=["intro", "anonymous", "updated_at"])
    return locked


def _question_fields(kind: str, text: str, help_text: str) -> dict:
    text = (text or "").strip()
    errors = {}
    if not text:
        errors["text"] = _("Write the question.")
    if kind not in Question.Kind.values:
        errors["kind"] = _("Choose how the question is answered.")
    if errors:
        raise ValidationError(errors)
    return {"kind": kind, "text": text, "help_text": (help_text or "").strip()}


@transaction.atomic
def add_question(
    *, actor: Membership, evaluation: ProcessEvaluation, kind: str, text: str, help_text: str = ""
) -> Question:
    """Add a question at the end of the questionnaire."""
    locked = _lock(evaluation)
    _questions_editable(locked)
    fields = _question_fields(kind, text, help_text)
    last = locked.questions.aggregate(last=Max("position"))["last"]
    return Question.objects.create(
        evaluation=locked, position=0 if last is None else last + 1, **fields
    )


@transaction.atomic
def edit_question(
    *, actor: Membership, question: Question, kind: str, text: str, help_text: str = ""
) -> Question:
    _questions_editable(_lock(question.evaluation))
    fields = _question_fields(kind, text, help_text)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save(update_fields=list(fields))
    return question


@transaction.atomic
def delete_question(*, actor: Membership, question: Question) -> None:
    _questions_editable(_lock(question.evaluation))
    question.delete()


@transaction.atomic
def move_question(*, actor: Membership, question: Question, direction: str) -> Question:
    """Swap the question with the one above ("up") or below ("down"); at either end,
    nothing moves. Positions are renumbered 0, 1, 2, … on the way."""
    locked = _lock(question.evaluation)
    _questions_editable(locked)
    questions = list(locked.questions.order_by("position", "pk"))
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions):
        item.position = position
    Question.objects.bulk_update(questions, ["position"])
    return question


@transaction.atomic
def open_evaluation(*, actor: Membership, evaluation: ProcessEvaluation) -> ProcessEvaluation:
    """Open the questionnaire for answers (again, after it was closed)."""
    locked = _lock(evaluation)
    if locked.status == Status.OPEN:
        return locked
    if not locked.questions.exists():
        raise ValidationError(_("Add at least one question before opening the evaluation."))
    locked.status = Status.OPEN
    locked.opened_at = timezone.now()
    locked.closed_at = None
    locked.save(update_fields=["status", "opened_at", "closed_at", "updated_at"])
    return locked


@transaction.atomic
def close_evaluation(*, actor: Membership, evaluation: ProcessEvaluation) -> ProcessEvaluation:
    """Close the questionnaire: no more answers; everyone in the organisation may now read
    the results (where enough people answered)."""
    locked = _lock(evaluation)
    if locked.status != Status.OPEN:
        raise ValidationError(_("The evaluation is not open."))
    locked.status = Status.CLOSED
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "closed_at", "updated_at"])
    return locked
