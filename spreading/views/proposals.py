"""Idea proposals from staff: the list, proposing, one proposal, and adopting it as an
initiative or declining it with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.params import int_param
from implementation.access import initiatives_visible_to
from implementation.models import Implementation, Initiative
from processes.access import get_process_for
from processes.models import Theme

from ..access import (
    can_decide,
    deciding_themes,
    get_proposal_for,
    proposals_visible_to,
    require,
    sees_authors,
)
from ..forms import AdoptForm, DeclineForm, ProposalForm
from ..models import Proposal
from ..services import reactions as services
from .common import page_of, posted, show_errors

PROPOSALS_PER_PAGE = 25


def _visible_initiatives(process, membership):
    return initiatives_visible_to(
        membership, Initiative.objects.filter(process=process).order_by("title", "pk")
    )


@require_safe
def proposals(request, process_pk: int):
    """Every idea proposal of the process, newest first, filtered by status in the URL."""
    process, membership = get_process_for(request, process_pk)
    status = request.GET.get("status", "")
    queryset = proposals_visible_to(membership, Proposal.objects.filter(process=process))
    if status in Proposal.Status.values:
        queryset = queryset.filter(status=status)
    else:
        status = ""
    page = page_of(
        request,
        queryset.select_related(
            "initiative", "theme", "author__user", "adopted_as", "meeting__series"
        ).order_by("-created_at", "-pk"),
        PROPOSALS_PER_PAGE,
    )
    return render(
        request,
        "spreading/proposals/list.html",
        {
            "process": process,
            "membership": membership,
            "page": page,
            "status": status,
            "statuses": Proposal.Status.choices,
            "show_authors": sees_authors(membership, process),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def proposal_add(request, process_pk: int):
    """Propose a new idea, optionally building on an initiative or a theme (preselected
    from `?initiative=` or `?theme=`)."""
    process, membership = get_process_for(request, process_pk)
    initiatives = _visible_initiatives(process, membership)
    themes = Theme.objects.filter(process=process).order_by("position", "pk")
    initial = {}
    if request.method != "POST":
        for key in ("initiative", "theme"):
            if (pk := int_param(request.GET.get(key))) is not None:
                initial[key] = pk
    form = ProposalForm(posted(request), initial=initial, initiatives=initiatives, themes=themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            proposal = services.propose_idea(
                process,
                actor=membership,
                title=data["title"],
                description=data["description"],
                initiative=data["initiative"],
                theme=data["theme"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Thank you: your idea is proposed. A group lead, the facilitator or the "
                    "leader decides whether it becomes an initiative."
                ),
            )
            return redirect(proposal)
    return render(
        request,
        "spreading/proposals/add.html",
        {"process": process, "membership": membership, "form": form},
    )


def _detail_context(process, membership, proposal, **extra) -> dict:
    decides = proposal.status == Proposal.Status.OPEN and can_decide(membership, proposal)
    context = {
        "process": process,
        "membership": membership,
        "proposal": proposal,
        "can_decide": decides,
        "started": Implementation.objects.filter(process=process).exists() if decides else None,
        "show_authors": sees_authors(membership, process),
    }
    context.update(extra)
    return context


@require_safe
def proposal(request, process_pk: int, proposal_pk: int):
    process, membership, proposal = get_proposal_for(request, process_pk, proposal_pk)
    return render(
        request,
        "spreading/proposals/detail.html",
        _detail_context(process, membership, proposal),
    )


def _themes_for(process, membership):
    themes = Theme.objects.filter(process=process).order_by("position", "pk")
    allowed = deciding_themes(membership, process)
    return themes if allowed is None else themes.filter(pk__in=allowed)


def _refuse_decided(request, proposal):
    messages.info(request, _("The proposal has already been decided on."))
    return redirect(proposal)


@require_http_methods(["GET", "HEAD", "POST"])
def adopt(request, process_pk: int, proposal_pk: int):
    """Adopt the proposal as an initiative, with the reason recorded as its origin."""
    process, membership, proposal = get_proposal_for(request, process_pk, proposal_pk)
    require(can_decide(membership, proposal))
    if proposal.status != Proposal.Status.OPEN:
        return _refuse_decided(request, proposal)
    themes = _themes_for(process, membership)
    initial = {
        "title": proposal.title,
        "description": proposal.description,
        "theme": proposal.effective_theme_id,
    }
    form = AdoptForm(posted(request), initial=initial, themes=themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            initiative = services.adopt_proposal(
                proposal,
                actor=membership,
                reason=data["reason"],
                title=data["title"],
                description=data["description"],
                theme=data["theme"],
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "decided":
                return _refuse_decided(request, proposal)
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The idea is adopted as the initiative “%(title)s”.")
                % {"title": initiative.title},
            )
            return redirect(proposal)
    return render(
        request,
        "spreading/proposals/adopt.html",
        {
            "process": process,
            "membership": membership,
            "proposal": proposal,
            "form": form,
            "started": Implementation.objects.filter(process=process).exists(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def decline(request, process_pk: int, proposal_pk: int):
    process, membership, proposal = get_proposal_for(request, process_pk, proposal_pk)
    require(can_decide(membership, proposal))
    if proposal.status != Proposal.Status.OPEN:
        return _refuse_decided(request, proposal)
    form = DeclineForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.decline_proposal(
                proposal, actor=membership, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "decided":
                return _refuse_decided(request, proposal)
            show_errors(form, error)
        else:
            messages.success(request, _("The idea is declined; the reason is shown with it."))
            return redirect(proposal)
    return render(
        request,
        "spreading/proposals/decline.html",
        {"process": process, "membership": membership, "proposal": proposal, "form": form},
    )
