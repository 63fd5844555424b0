"""Seminars of a process: the programme, the agenda editor, print, iCalendar and summaries.

The agenda editor serves the whole seminar page and, for htmx requests, only its agenda
fragment (`detail.html#agenda`) from the same views, so every action also works as a plain
form post with a redirect back.
"""

import copy
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.downloads import attach
from core.params import int_param
from processes.access import PLANNERS, get_process_for, get_seminar_for
from processes.forms.seminars import AgendaItemForm, SeminarForm, SummaryForm
from processes.models import AgendaItem, Seminar
from processes.sanitise import format_for_editing, summary_for_display
from processes.services import seminars as services
from processes.services.seminars import seminars_calendar, timed_agenda

DETAIL = "processes/seminars/detail.html"
AGENDA_FRAGMENT = DETAIL + "#agenda"


def _item_for(request, process_pk: int, seminar_pk: int, item_pk: int):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk, PLANNERS)
    item = get_object_or_404(AgendaItem, pk=item_pk, seminar=seminar)
    item.seminar = seminar
    return process, membership, seminar, item


def _detail_url(seminar: Seminar, anchor: str = "agenda") -> str:
    return f"{seminar.get_absolute_url()}#{anchor}"


def _outside_process_warning(request, process, seminar) -> None:
    if not process.start_date <= seminar.date <= process.end_date:
        messages.warning(
            request,
            _("The seminar's date lies outside the process's dates. Check that it is right."),
        )


# --- The agenda on the seminar page -------------------------------------------------------


@dataclass
class AgendaState:
    """What the agenda shows besides the items: which row is a form, where focus goes."""

    add_form: AgendaItemForm | None = None
    editing: int | None = None
    edit_form: AgendaItemForm | None = None
    confirming: int | None = None
    # (item pk, "up" | "down" | "edit" | "confirm") or "caption" / "add".
    focus: tuple[int, str] | str | None = None
    status: str = ""


def _render_seminar(request, process, membership, seminar, state: AgendaState | None = None):
    state = state or AgendaState()
    can_plan = membership.role in PLANNERS
    items = list(
        AgendaItem.objects.filter(seminar=seminar)
        .select_related("responsible__user")
        .order_by("position", "pk")
    )
    if can_plan and state.add_form is None:
        state.add_form = AgendaItemForm(prefix="new", organisation=process.organisation)
    # The form that just appeared (or was reset) gets focus after an htmx swap; with errors
    # its error summary wins (static/js/app.js).
    if state.edit_form is not None:
        state.edit_form.fields["title"].widget.attrs["data-autofocus"] = ""
    elif state.focus == "add":
        state.add_form.fields["title"].widget.attrs["data-autofocus"] = ""
    focus_item, focus_control = (
        state.focus if isinstance(state.focus, tuple) else (None, state.focus)
    )
    context = {
        "process": process,
        "membership": membership,
        "seminar": seminar,
        "agenda": timed_agenda(seminar, items),
        "can_plan": can_plan,
        "state": state,
        "focus_item": focus_item,
        "focus_control": focus_control,
        "summary_html": summary_for_display(seminar.summary),
    }
    template = AGENDA_FRAGMENT if request.htmx else DETAIL
    return render(request, template, context)


def _focus_after_move(item: AgendaItem, direction: str, count: int) -> tuple[int, str]:
    # Keep focus on the button pressed, unless the item reached the end it was moving to
    # and that button is gone: then the other move button.
    if direction == "up" and item.position == 0:
        direction = "down"
    elif direction == "down" and item.position == count - 1:
        direction = "up"
    return (item.pk, direction if count > 1 else "edit")


# --- Seminars --------------------------------------------------------------------------------


@require_safe
def seminar_list(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    seminars = process.seminars.annotate(item_count=Count("agenda_items")).order_by(
        "date", "start_time", "pk"
    )
    return render(
        request,
        "processes/seminars/list.html",
        {
            "process": process,
            "membership": membership,
            "seminars": seminars,
            "can_plan": membership.role in PLANNERS,
        },
    )


@require_POST
def seminar_plan(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    try:
        services.plan_three_seminars(actor=membership, process=process)
    except services.SeminarsAlreadyPlanned as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Three seminars are planned with a default agenda. Adjust dates, places and "
                "agendas to your process."
            ),
        )
    return redirect("processes:seminar_list", process.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def seminar_create(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    form = SeminarForm(
        request.POST or None,
        initial={"date": process.start_date, "start_time": "09:00", "end_time": "15:30"},
    )
    if request.method == "POST" and form.is_valid():
        seminar = services.create_seminar(actor=membership, process=process, **form.cleaned_data)
        messages.success(request, _("The seminar is created. Now plan its agenda."))
        _outside_process_warning(request, process, seminar)
        return redirect(seminar)
    return render(
        request,
        "processes/seminars/form.html",
        {"process": process, "membership": membership, "form": form, "seminar": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def seminar_edit(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk, PLANNERS)
    # The form works on a copy, so a rejected change never shows up in the page's headings.
    form = SeminarForm(request.POST or None, instance=copy.copy(seminar))
    if request.method == "POST" and form.is_valid():
        services.update_seminar(actor=membership, seminar=seminar, **form.cleaned_data)
        messages.success(request, _("The seminar is saved."))
        _outside_process_warning(request, process, seminar)
        return redirect(seminar)
    return render(
        request,
        "processes/seminars/form.html",
        {"process": process, "membership": membership, "form": form, "seminar": seminar},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def seminar_delete(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk, PLANNERS)
    if request.method == "POST":
        name = str(seminar)
        services.delete_seminar(actor=membership, seminar=seminar)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect("processes:seminar_list", process.pk)
    return render(
        request,
        "processes/seminars/delete.html",
        {
            "process": process,
            "membership": membership,
            "seminar": seminar,
            "item_count": seminar.agenda_items.count(),
        },
    )


@require_safe
def seminar_detail(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk)
    state = AgendaState()
    # "Cancel" in the agenda editor comes back here and asks for focus on its row.
    if (focus := int_param(request.GET.get("focus"))) is not None:
        state.focus = (focus, "edit")
    return _render_seminar(request, process, membership, seminar, state)


@require_safe
def seminar_print(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk)
    items = list(seminar.agenda_items.select_related("responsible__user"))
    return render(
        request,
        "processes/seminars/print.html",
        {
            "process": process,
            "membership": membership,
            "seminar": seminar,
            "agenda": timed_agenda(seminar, items),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def seminar_summary(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk, PLANNERS)
    form = SummaryForm(
        request.POST or None, initial={"summary": format_for_editing(seminar.summary)}
    )
    if request.method == "POST" and form.is_valid():
        services.save_summary(
            actor=membership, seminar=seminar, summary=form.cleaned_data["summary"]
        )
        messages.success(request, _("The written summary is saved."))
        return redirect(_detail_url(seminar, "summary"))
    return render(
        request,
        "processes/seminars/summary.html",
        {"process": process, "membership": membership, "seminar": seminar, "form": form},
    )


# --- iCalendar -------------------------------------------------------------------------------


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return attach(response, filename)


@require_safe
def seminar_ical(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk)
    body = seminars_calendar(process, [seminar], url_for=request.build_absolute_uri)
    return _ics_response(body, f"seminar-{seminar.pk}.ics")


@require_safe
def process_ical(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    body = seminars_calendar(process, process.seminars.all(), url_for=request.build_absolute_uri)
    return _ics_response(body, f"process-{process.pk}-seminars.ics")


# --- Agenda items ----------------------------------------------------------------------------


@require_POST
def agenda_item_create(request, process_pk, seminar_pk):
    process, membership, seminar = get_seminar_for(request, process_pk, seminar_pk, PLANNERS)
    form = AgendaItemForm(request.POST, prefix="new", organisation=process.organisation)
    if not form.is_valid():
        return _render_seminar(
            request, process, membership, seminar, AgendaState(add_form=form, focus="add")
        )
    item = services.add_agenda_item(actor=membership, seminar=seminar, **form.cleaned_data)
    status = _("“%(title)s” is added to the agenda.") % {"title": item.title}
    if not request.htmx:
        messages.success(request, status)
        return redirect(_detail_url(seminar, f"item-{item.pk}"))
    return _render_seminar(
        request, process, membership, seminar, AgendaState(focus="add", status=status)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_edit(request, process_pk, seminar_pk, item_pk):
    process, membership, seminar, item = _item_for(request, process_pk, seminar_pk, item_pk)
    form = AgendaItemForm(
        request.POST or None,
        instance=copy.copy(item),
        prefix=f"item-{item.pk}",
        organisation=process.organisation,
    )
    if request.method == "POST" and form.is_valid():
        services.update_agenda_item(actor=membership, item=item, **form.cleaned_data)
        status = _("“%(title)s” is saved.") % {"title": item.title}
        if not request.htmx:
            messages.success(request, status)
            return redirect(_detail_url(seminar, f"item-{item.pk}"))
        state = AgendaState(focus=(item.pk, "edit"), status=status)
    else:
        state = AgendaState(editing=item.pk, edit_form=form, focus=(item.pk, "form"))
    return _render_seminar(request, process, membership, seminar, state)


@require_http_methods(["GET", "HEAD", "POST"])
def agenda_item_delete(request, process_pk, seminar_pk, item_pk):
    process, membership, seminar, item = _item_for(request, process_pk, seminar_pk, item_pk)
    if request.method != "POST":
        state = AgendaState(confirming=item.pk, focus=(item.pk, "confirm"))
        return _render_seminar(request, process, membership, seminar, state)
    title = item.title
    services.delete_agenda_item(actor=membership, item=item)
    status = _("“%(title)s” is deleted from the agenda.") % {"title": title}
    if not request.htmx:
        messages.success(request, status)
        return redirect(_detail_url(seminar))
    state = AgendaState(focus="caption", status=status)
    return _render_seminar(request, process, membership, seminar, state)


@require_POST
def agenda_item_move(request, process_pk, seminar_pk, item_pk):
    process, membership, seminar, item = _item_for(request, process_pk, seminar_pk, item_pk)
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        return HttpResponseBadRequest(_("Choose to move the item up or down."))
    moved = services.move_agenda_item(actor=membership, item=item, direction=direction)
    if direction == "up":
        status = _("“%(title)s” is moved up.") if moved else _("“%(title)s” is already first.")
    else:
        status = _("“%(title)s” is moved down.") if moved else _("“%(title)s” is already last.")
    status %= {"title": item.title}
    if not request.htmx:
        messages.add_message(request, messages.SUCCESS if moved else messages.INFO, status)
        return redirect(_detail_url(seminar, f"item-{item.pk}"))
    count = seminar.agenda_items.count()
    state = AgendaState(focus=_focus_after_move(item, direction, count), status=status)
    return _render_seminar(request, process, membership, seminar, state)
