"""A development process: create and edit it, choose its participants, follow it through the
hourglass and see how its themes cover the public value universe.

The phase panel of the detail page (`detail.html#phase`) is served alone to htmx requests
by `phase_move`; without JavaScript the same form posts and redirects back.
"""

import copy

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from organisations.access import get_organisation_for
from processes import panels, readiness
from processes.access import PLANNERS, get_process_for
from processes.forms.process import ParticipantsForm, PhaseMoveForm, ProcessForm
from processes.models import Phase, PhaseChange, Process, Theme, ValueStream
from processes.services import phases as phase_services
from processes.services import process as services

DETAIL = "processes/process/detail.html"
PHASE_FRAGMENT = DETAIL + "#phase"


def _posted(request):
    # Not `request.POST or None`: a post with every box unticked is empty, yet still a post.
    return request.POST if request.method == "POST" else None


# --- Create and edit ------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def process_create(request, org_slug):
    organisation, membership = get_organisation_for(request, org_slug, PLANNERS)
    form = ProcessForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        process = services.create_process(
            actor=membership, organisation=organisation, **form.cleaned_data
        )
        messages.success(
            request,
            _(
                "The process is created. Every member of the organisation takes part; "
                "change that under “Participants”."
            ),
        )
        return redirect(process)
    return render(
        request,
        "processes/process/form.html",
        {"organisation": organisation, "membership": membership, "form": form, "process": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def process_edit(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    # The form works on a copy, so a rejected change never shows up in the page's headings.
    form = ProcessForm(_posted(request), instance=copy.copy(process))
    if request.method == "POST" and form.is_valid():
        services.update_process(actor=membership, process=process, **form.cleaned_data)
        messages.success(request, _("The process is saved."))
        return redirect(process)
    return render(
        request,
        "processes/process/form.html",
        {
            "organisation": process.organisation,
            "membership": membership,
            "form": form,
            "process": process,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def participants(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    form = ParticipantsForm(
        _posted(request),
        organisation=process.organisation,
        initial={"participants": list(process.participants.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["participants"]
        services.set_participants(actor=membership, process=process, memberships=chosen)
        messages.success(
            request,
            _("The participants are saved: %(count)d take part.") % {"count": len(chosen)},
        )
        return redirect(process)
    choices = list(form["participants"])
    return render(
        request,
        "processes/process/participants.html",
        {
            "process": process,
            "membership": membership,
            "form": form,
            "rows": [(choice, choice.data["value"].instance) for choice in choices],
        },
    )


# --- The process page and the hourglass -----------------------------------------------------


def _hourglass(process: Process) -> list[dict]:
    current = process.current_phase.index
    return [
        {
            "number": i + 1,
            "phase": phase,
            "label": phase.label,
            "explanation": readiness.PHASE_EXPLANATIONS[phase],
            "done": i < current,
            "current": i == current,
        }
        for i, phase in enumerate(Phase.ordered())
    ]


def _phase_context(request, process, membership, *, form=None, refusal=None, status=""):
    can_plan = membership.role in PLANNERS
    next_phase = process.next_phase
    checks = readiness.evaluate(process, next_phase) if next_phase else []
    unmet = readiness.unmet(checks)
    form = form or PhaseMoveForm(initial={"direction": "next", "from_phase": process.phase})
    # Shown as required while something is unmet; the service is what enforces it.
    form.fields["override_reason"].required = bool(unmet)
    ordered = Phase.ordered()
    previous_phase = (
        ordered[process.current_phase.index - 1] if process.current_phase.index else None
    )
    return {
        "process": process,
        "membership": membership,
        "can_plan": can_plan,
        "hourglass": _hourglass(process),
        "next_phase": next_phase,
        "previous_phase": previous_phase,
        "checks": checks,
        "unmet": unmet,
        "move_form": form,
        "refusal": refusal,
        "status": status,
        "history": PhaseChange.objects.filter(process=process).select_related("actor"),
    }


def _summary(process: Process) -> dict:
    return {
        "theme_count": Theme.objects.filter(process=process).count(),
        "seminar_count": process.seminars.count(),
        "group_count": process.groups.count(),
        "participant_count": process.participants.count(),
        "stream_count": ValueStream.objects.filter(themes__process=process).distinct().count(),
    }


@require_safe
def process_detail(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    context = _phase_context(request, process, membership)
    context.update(_summary(process))
    context["summary_panels"] = panels.panels_for(process, membership, "summary")
    context["section_panels"] = panels.panels_for(process, membership, "section")
    return render(request, DETAIL, context)


@require_POST
def phase_move(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    form = PhaseMoveForm(request.POST)
    if not form.is_valid():
        if "direction" in form.errors:
            return HttpResponseBadRequest(_("Choose to move to the next or the previous phase."))
        return _render_phase(request, process, membership, form=form)
    data = form.cleaned_data
    try:
        change = phase_services.move_phase(
            actor=membership,
            process=process,
            direction=data["direction"],
            override_reason=data["override_reason"],
            expected_phase=data["from_phase"] or None,
        )
    except phase_services.PhaseMoveRefused as exc:
        process.refresh_from_db(fields=["phase"])
        if exc.unmet:
            form.add_error(
                "override_reason",
                _("Give a reason for going on while requirements are not met."),
            )
        refusal = {"message": exc.message, "unmet": exc.unmet}
        return _render_phase(request, process, membership, form=form, refusal=refusal)
    if change.override_reason:
        status = _("The process moved on to “%(phase)s” although requirements are not met.")
    elif data["direction"] == phase_services.BACK:
        status = _("The process moved back to “%(phase)s”.")
    else:
        status = _("The process moved on to “%(phase)s”.")
    status %= {"phase": change.get_to_phase_display()}
    if not request.htmx:
        messages.success(request, status)
        return redirect(reverse("processes:detail", args=[process.pk]) + "#phase")
    return _render_phase(request, process, membership, status=status)


def _render_phase(request, process, membership, *, form=None, refusal=None, status=""):
    context = _phase_context(
        request, process, membership, form=None if status else form, refusal=refusal, status=status
    )
    if request.htmx:
        context["swap_history"] = True
        return render(request, PHASE_FRAGMENT, context)
    context.update(_summary(process))
    context["summary_panels"] = panels.panels_for(process, membership, "summary")
    context["section_panels"] = panels.panels_for(process, membership, "section")
    return render(request, DETAIL, context)


# --- Value streams --------------------------------------------------------------------------


@require_safe
def value_streams(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    themes = Theme.objects.filter(process=process).order_by("position", "pk")
    streams = ValueStream.objects.prefetch_related(
        Prefetch("themes", queryset=themes, to_attr="process_themes")
    ).order_by("number")
    uncovered = themes.annotate(stream_count=Count("value_streams")).filter(Q(stream_count=0))
    return render(
        request,
        "processes/process/value_streams.html",
        {
            "process": process,
            "membership": membership,
            "streams": streams,
            "themes_without_stream": uncovered,
            "can_plan": membership.role in PLANNERS,
        },
    )
