"""Composing the groups of a process for diversity: the facilitator's page.

One view shows the page; the others answer its forms. Each form works as a plain post (with
a redirect back, or the page with the proposal) and, for htmx, returns only the composition
panel (`page.html#panel`) with a status line for screen readers.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from processes.access import PLANNERS, get_process_for
from processes.forms.composition import AcceptProposalForm, MoveForm
from processes.services import composition as services
from processes.services.composition.overview import build_overview

PAGE = "processes/composition/page.html"
PANEL = PAGE + "#panel"


def _render(
    request, process, composition, *, overview=None, token="", status="", error="", focus=""
):
    context = {
        "process": process,
        "composition": composition,
        "overview": overview or build_overview(composition),
        "token": token,
        "status": status or error,
        "error": error,
        # "proposal", "scores", "error" or a membership pk: what gets focus after a swap.
        "focus": focus,
    }
    return render(request, PANEL if request.htmx else PAGE, context)


def _back(process, anchor: str = ""):
    url = reverse("processes:composition", args=[process.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request, process, composition, message: str):
    if not request.htmx:
        messages.error(request, message)
        return _back(process)
    return _render(request, process, composition, error=message, focus="error")


@require_safe
def composition(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    return _render(request, process, services.load_composition(process))


@require_POST
def composition_propose(request, process_pk):
    """Compute a proposal and show it beside the groups as they are; nothing is saved."""
    process, membership = get_process_for(request, process_pk, PLANNERS)
    composition = services.load_composition(process)
    try:
        proposal = services.propose(composition.participants(), composition.specs(), seed=0)
    except services.CompositionError as exc:
        return _render(request, process, composition, error=exc.message, focus="error")
    overview = build_overview(composition, proposal)
    status = _("A proposal is ready. It scores %(proposed)d %% against %(now)d %% now.") % {
        "proposed": overview.proposed_percent,
        "now": overview.percent,
    }
    return _render(
        request,
        process,
        composition,
        overview=overview,
        token=services.sign_proposal(composition, proposal),
        status=status,
        focus="proposal",
    )


@require_POST
def composition_accept(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    composition = services.load_composition(process)
    form = AcceptProposalForm(request.POST, composition=composition)
    if not form.is_valid():
        return _refused(request, process, composition, form.errors["proposal"][0])
    try:
        seats = services.apply_composition(
            actor=membership, process=process, assignment=form.cleaned_data["assignment"]
        )
    except services.CompositionError as exc:
        return _refused(request, process, composition, exc.message)
    status = _("The proposal is accepted: %(count)d participants have their seats.") % {
        "count": seats
    }
    if not request.htmx:
        messages.success(request, status)
        return _back(process)
    composition = services.load_composition(process)
    return _render(request, process, composition, status=status, focus="scores")


@require_POST
def composition_move(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    composition = services.load_composition(process)
    form = MoveForm(request.POST, composition=composition)
    if not form.is_valid():
        message = next(iter(form.errors.values()))[0]
        return _refused(request, process, composition, message)
    person, group = form.cleaned_data["membership"], form.cleaned_data["group_object"]
    try:
        services.move_participant(actor=membership, process=process, person=person, group=group)
    except services.CompositionError as exc:
        return _refused(request, process, composition, exc.message)
    if group is None:
        status = _("%(name)s moved to the unassigned participants.") % {"name": person.display_name}
    else:
        status = _("%(name)s moved to %(group)s.") % {
            "name": person.display_name,
            "group": group.name,
        }
    if not request.htmx:
        messages.success(request, status)
        return _back(process, f"person-{person.pk}")
    composition = services.load_composition(process)
    return _render(request, process, composition, status=status, focus=person.pk)
