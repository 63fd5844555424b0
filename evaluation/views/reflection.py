"""Reflection: the bank of reflection questions, and the meetings' notes linked to the
initiatives and indicators they looked at."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from implementation.access import initiatives_visible_to
from implementation.models import Initiative

from ..access import (
    can_manage_team,
    can_record_meetings,
    get_meeting_for,
    get_team_for,
    require,
)
from ..forms.reflection import MeetingForm, ReflectionQuestionForm
from ..models import ReflectionLevel, ReflectionQuestion
from ..services import reflection as services
from .common import posted, show_errors


def _team(request, org_slug: str):
    organisation, membership, team = get_team_for(request, org_slug)
    if team is None:
        raise Http404
    return organisation, membership, team


def _grouped_questions(team) -> list[dict]:
    questions = list(team.questions.order_by("position", "pk"))
    levels = [("", _("Every level")), *ReflectionLevel.choices]
    return [
        {"level": value, "label": label, "questions": [q for q in questions if q.level == value]}
        for value, label in levels
    ]


@require_http_methods(["GET", "HEAD", "POST"])
def questions(request, org_slug: str):
    """The bank of reflection questions; the facilitator and the leader add to it (POST)."""
    organisation, membership, team = _team(request, org_slug)
    manager = can_manage_team(membership)
    form = None
    if manager:
        form = ReflectionQuestionForm(posted(request), prefix="new")
    if request.method == "POST":
        require(manager)
        if form.is_valid():
            try:
                question = services.add_question(actor=membership, team=team, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The question is added to the bank."))
                return redirect(f"{request.path}#question-{question.pk}")
    context = {
        "organisation": organisation,
        "team": team,
        "groups": _grouped_questions(team),
        "form": form,
        "can_manage": manager,
    }
    return render(request, "evaluation/reflection/questions.html", context)


def _question(team, question_pk: int) -> ReflectionQuestion:
    return get_object_or_404(ReflectionQuestion, pk=question_pk, team=team)


@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, org_slug: str, question_pk: int):
    organisation, membership, team = _team(request, org_slug)
    require(can_manage_team(membership))
    question = _question(team, question_pk)
    form = ReflectionQuestionForm(posted(request), instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_question(actor=membership, question=question, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The question is changed."))
            return redirect("evaluation:reflection_questions", organisation.slug)
    context = {"organisation": organisation, "team": team, "question": question, "form": form}
    return render(request, "evaluation/reflection/question_edit.html", context)


@require_POST
def question_delete(request, org_slug: str, question_pk: int):
    organisation, membership, team = _team(request, org_slug)
    require(can_manage_team(membership))
    services.delete_question(actor=membership, question=_question(team, question_pk))
    messages.success(request, _("The question is removed from the bank."))
    return redirect("evaluation:reflection_questions", organisation.slug)


@require_safe
def meetings(request, org_slug: str):
    """Every reflection meeting, newest first, optionally of one level (?level=)."""
    organisation, membership, team = _team(request, org_slug)
    level = request.GET.get("level", "")
    if level not in ReflectionLevel.values:
        level = ""
    queryset = team.meetings.order_by("-held_on", "-pk")
    if level:
        queryset = queryset.filter(level=level)
    context = {
        "organisation": organisation,
        "team": team,
        "meetings": list(queryset),
        "level": level,
        "levels": ReflectionLevel.choices,
        "can_record": can_record_meetings(membership, team),
    }
    return render(request, "evaluation/reflection/meetings.html", context)


def _initiatives(organisation, membership):
    return initiatives_visible_to(
        membership, Initiative.objects.filter(process__organisation=organisation)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_add(request, org_slug: str):
    organisation, membership, team = _team(request, org_slug)
    require(can_record_meetings(membership, team))
    level = request.GET.get("level")
    initial = {"held_on": timezone.localdate()}
    if level in ReflectionLevel.values:
        initial["level"] = level
    form = MeetingForm(
        posted(request),
        initial=initial,
        team=team,
        initiatives=_initiatives(organisation, membership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.record_meeting(actor=membership, team=team, **form.service_kwargs())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The meeting's notes are saved."))
            return redirect("evaluation:meeting", organisation.slug, meeting.pk)
    context = {"organisation": organisation, "team": team, "form": form, "meeting": None}
    return render(request, "evaluation/reflection/meeting_form.html", context)


@require_safe
def meeting(request, org_slug: str, meeting_pk: int):
    organisation, membership, team, meeting = get_meeting_for(request, org_slug, meeting_pk)
    visible = _initiatives(organisation, membership)
    context = {
        "organisation": organisation,
        "team": team,
        "meeting": meeting,
        "questions": list(meeting.questions.order_by("level", "position", "pk")),
        "initiatives": list(
            meeting.initiatives.filter(pk__in=visible.values("pk"))
            .select_related("process")
            .order_by("title", "pk")
        ),
        "indicators": list(
            meeting.indicators.filter(initiative__in=visible.values("pk"))
            .select_related("initiative__process")
            .order_by("initiative__title", "position", "pk")
        ),
        "can_record": can_record_meetings(membership, team),
    }
    return render(request, "evaluation/reflection/meeting.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, org_slug: str, meeting_pk: int):
    organisation, membership, team, meeting = get_meeting_for(request, org_slug, meeting_pk)
    require(can_record_meetings(membership, team))
    form = MeetingForm(
        posted(request),
        instance=meeting,
        team=team,
        initiatives=_initiatives(organisation, membership),
    )
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        # Links the editor may not see (an external on the team) are kept as they are.
        visible = _initiatives(organisation, membership).values("pk")
        kwargs["initiatives"] = [
            *kwargs["initiatives"],
            *meeting.initiatives.exclude(pk__in=visible).select_related("process"),
        ]
        kwargs["indicators"] = [
            *kwargs["indicators"],
            *meeting.indicators.exclude(initiative__in=visible).select_related(
                "initiative__process"
            ),
        ]
        try:
            services.edit_meeting(actor=membership, meeting=meeting, **kwargs)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The meeting's notes are saved."))
            return redirect("evaluation:meeting", organisation.slug, meeting.pk)
    context = {"organisation": organisation, "team": team, "form": form, "meeting": meeting}
    return render(request, "evaluation/reflection/meeting_form.html", context)
