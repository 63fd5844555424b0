"""The process evaluation: the facilitator prepares, edits, opens and closes the
questionnaire and reminds those who have not answered; participants answer once; the results
are shown as charts with tables, never below the anonymity threshold."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from processes.models import Seminar

from ..access import (
    can_answer,
    can_manage_evaluation,
    can_see_results,
    get_evaluation_for,
    require,
    takes_part_in,
)
from ..charts import bar_chart
from ..forms.process import AnswerForm, QuestionForm, SettingsForm
from ..models import MIN_ANSWERS, ProcessEvaluation, Question
from ..services import answers as answer_services
from ..services import questionnaire as services
from ..services import reminders as reminder_services
from ..services.results import response_rate, results
from .common import posted, show_errors

HOME = "evaluation/process/home.html"


def _wrapup(process) -> Seminar | None:
    return (
        Seminar.objects.filter(process=process, kind=Seminar.Kind.WRAPUP).order_by("-date").first()
    )


def _home_context(process, membership, evaluation) -> dict:
    manager = can_manage_evaluation(membership)
    context = {
        "process": process,
        "membership": membership,
        "evaluation": evaluation,
        "can_manage": manager,
        "min_answers": MIN_ANSWERS,
        "wrapup": _wrapup(process),
        "today": timezone.localdate(),
    }
    if evaluation is None:
        return context
    answered = answer_services.has_answered(evaluation, membership)
    context.update(
        {
            "answered": answered,
            "takes_part": takes_part_in(membership, process),
            "can_answer": not answered and can_answer(membership, evaluation),
            "can_see_results": can_see_results(membership, evaluation),
        }
    )
    if manager or membership.role == membership.Role.LEADER:
        respondents, participants = response_rate(evaluation)
        context.update(
            {
                "respondent_count": respondents,
                "participant_count": participants,
                "rate": round(100 * respondents / participants) if participants else None,
                "not_answered": max(0, participants - respondents),
            }
        )
    if manager:
        context["questions"] = list(evaluation.questions.all())
        context["reminded_today"] = reminder_services.reminded_today(evaluation)
        context["last_reminder"] = evaluation.reminders.first()
    return context


@require_safe
def home(request, process_pk: int):
    process, membership, evaluation = get_evaluation_for(request, process_pk)
    return render(request, HOME, _home_context(process, membership, evaluation))


@require_POST
def prepare(request, process_pk: int):
    """Create the questionnaire with the default questions, in the facilitator's language."""
    process, membership, evaluation = get_evaluation_for(request, process_pk)
    require(can_manage_evaluation(membership))
    if evaluation is None:
        services.prepare_evaluation(actor=membership, process=process)
        messages.success(
            request,
            _("The questionnaire is ready with suggested questions. Change them as you like."),
        )
    return redirect("evaluation:questions", process.pk)


def _managed(request, process_pk: int):
    process, membership, evaluation = get_evaluation_for(request, process_pk)
    require(can_manage_evaluation(membership))
    if evaluation is None:
        raise Http404
    return process, membership, evaluation


def _questions_locked(evaluation) -> str:
    if evaluation.status == ProcessEvaluation.Status.CLOSED:
        return _("The evaluation is closed, so its questions can no longer be changed.")
    if evaluation.respondents.exists():
        return _(
            "Someone has already answered, so the questions can no longer be changed: their "
            "answers would no longer match the questions."
        )
    return ""


@require_http_methods(["GET", "HEAD", "POST"])
def questions(request, process_pk: int):
    """The questionnaire as the facilitator edits it; POST adds a question."""
    process, membership, evaluation = _managed(request, process_pk)
    form = QuestionForm(posted(request), prefix="new")
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            question = services.add_question(
                actor=membership, evaluation=evaluation, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
            status = 409
        else:
            messages.success(request, _("The question is added."))
            return redirect(f"{request.path}#question-{question.pk}")
    context = {
        "process": process,
        "evaluation": evaluation,
        "questions": list(evaluation.questions.all()),
        "locked": _questions_locked(evaluation),
        "form": form,
    }
    return render(request, "evaluation/process/questions.html", context, status=status)


def _question(evaluation, question_pk: int) -> Question:
    question = get_object_or_404(Question, pk=question_pk, evaluation=evaluation)
    question.evaluation = evaluation
    return question


@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, process_pk: int, question_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    question = _question(evaluation, question_pk)
    form = QuestionForm(posted(request), instance=question)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(actor=membership, question=question, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
            status = 409
        else:
            messages.success(request, _("The question is changed."))
            return redirect(
                reverse("evaluation:questions", args=[process.pk]) + f"#question-{question.pk}"
            )
    context = {"process": process, "evaluation": evaluation, "question": question, "form": form}
    return render(request, "evaluation/process/question_edit.html", context, status=status)


@require_POST
def question_delete(request, process_pk: int, question_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    question = _question(evaluation, question_pk)
    try:
        services.delete_question(actor=membership, question=question)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("evaluation:questions", process.pk)


@require_POST
def question_move(request, process_pk: int, question_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    question = _question(evaluation, question_pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    try:
        services.move_question(actor=membership, question=question, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(reverse("evaluation:questions", args=[process.pk]) + f"#question-{question.pk}")


@require_http_methods(["GET", "HEAD", "POST"])
def settings(request, process_pk: int):
    """The introduction, and whether the answers are anonymous."""
    process, membership, evaluation = _managed(request, process_pk)
    changeable = (
        evaluation.status == ProcessEvaluation.Status.DRAFT
        and not services.authors_hidden(process)
        and not evaluation.respondents.exists()
    )
    form = SettingsForm(posted(request), instance=evaluation, can_change_anonymity=changeable)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_settings(
                actor=membership,
                evaluation=evaluation,
                intro=form.cleaned_data["intro"],
                anonymous=form.cleaned_data["anonymous"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("evaluation:process", process.pk)
    context = {
        "process": process,
        "evaluation": evaluation,
        "form": form,
        "authors_hidden": services.authors_hidden(process),
        "changeable": changeable,
    }
    return render(request, "evaluation/process/settings.html", context)


@require_POST
def open_evaluation(request, process_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    try:
        services.open_evaluation(actor=membership, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The evaluation is open: the participants can answer now."))
    return redirect("evaluation:process", process.pk)


@require_POST
def close_evaluation(request, process_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    try:
        services.close_evaluation(actor=membership, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("The evaluation is closed. Everyone in the organisation can now read the results."),
        )
    return redirect("evaluation:process", process.pk)


@require_POST
def remind(request, process_pk: int):
    process, membership, evaluation = _managed(request, process_pk)
    try:
        reminder_services.send_reminder(actor=membership, evaluation=evaluation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("A reminder is on its way to everyone who has not answered yet.")
        )
    return redirect("evaluation:process", process.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, process_pk: int):
    """The questionnaire for one participant. A second answer is refused (409) with a
    message, and nothing changes."""
    process, membership, evaluation = get_evaluation_for(request, process_pk)
    if evaluation is None:
        raise Http404
    # Only the people who took part answer; the others are told so on the evaluation's page.
    require(takes_part_in(membership, process))
    answered = answer_services.has_answered(evaluation, membership)
    questions_list = list(evaluation.questions.all())
    form = AnswerForm(posted(request), questions=questions_list)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            answer_services.submit_answers(
                actor=membership, evaluation=evaluation, answers=form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
            codes = (
                {e.code for e in error.error_list} if not hasattr(error, "error_dict") else set()
            )
            if codes & {"already_answered", "not_open"}:
                status = 409
                answered = answer_services.has_answered(evaluation, membership)
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect("evaluation:process", process.pk)
    context = {
        "process": process,
        "evaluation": evaluation,
        "form": form,
        "answered": answered,
        "is_open": evaluation.is_open,
    }
    return render(request, "evaluation/process/answer.html", context, status=status)


@require_safe
def results_page(request, process_pk: int):
    process, membership, evaluation = get_evaluation_for(request, process_pk)
    if evaluation is None:
        raise Http404
    require(can_see_results(membership, evaluation))
    names = can_manage_evaluation(membership) and not evaluation.anonymous
    outcome = results(evaluation, viewer=membership, names=names)
    for result in outcome.questions:
        result.chart = bar_chart(result.bars) if result.bars else None
    context = {
        "process": process,
        "evaluation": evaluation,
        "results": outcome,
        "min_answers": MIN_ANSWERS,
        "can_manage": can_manage_evaluation(membership),
    }
    return render(request, "evaluation/process/results.html", context)
