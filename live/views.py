"""Live seminar mode: the plenary board, each group's phone view, the facilitator's controls,
and joining by code.

The board and the group view are polled every few seconds by every projector and phone in
the hall; `live_poll` answers unchanged polls with 304 before anything else is loaded.
"""

import math

import segno
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from debate import services
from debate.access import can_run_rounds, can_write, sees_authors
from debate.models import PrioritisationRound
from debate.services import ideas as idea_services
from processes.access import PLANNERS, get_group_for, get_process_for, require
from processes.models import AgendaItem, Process, Seminar

from . import services as live_services
from .forms import JoinForm, LiveEntryForm, RunItemForm, TimerForm, normalise_join_code
from .models import SeminarLiveState
from .polling import live_poll, shared_fragment
from .stream import StreamSpec, live_stream, stream_unavailable


def _timer_context(state: SeminarLiveState) -> dict:
    seconds = state.timer_remaining_seconds()
    return {
        "timer_seconds": seconds,
        "timer_minutes_left": None if seconds is None else math.ceil(seconds / 60),
    }


def _join_url(request, code: str) -> str:
    return request.build_absolute_uri(reverse("join_short", args=[code]))


def _qr_svg(url: str) -> str:
    # Generated here from our own URL (no user text in it), so it is safe to output as is.
    return segno.make(url, error="m").svg_inline(
        scale=1, border=2, omitsize=True, svgclass="qh-qr", lineclass=None, dark="#000"
    )


def _board_keys(process_pk: int, seminar_pk: int) -> list[str]:
    return [live_services.process_key(process_pk)]


@require_GET
@live_poll(_board_keys)
def board(request, process_pk: int, seminar_pk: int):
    """The plenary board for a projector: every group's newest entries, the rounds (open
    ones with the number of voters only: dots are secret until a round closes), the running
    agenda item with its timer, and the join code. In hidden-author mode it shows no names
    at all, whoever is logged in: a projector is seen by the whole hall."""
    process, membership = get_process_for(request, process_pk)
    seminar = live_services.seminar_with_state(process, seminar_pk)
    state = live_services.live_state_for(seminar)
    if request.htmx and not state.timer_running:
        # The same for every projector (no names unless named mode, for everyone); with a
        # timer running each answer says how many seconds are left, so it is rendered anew.
        def render_board(etag: str) -> str:
            context = _board_context(request, process, seminar, state, membership, etag)
            return render_to_string("live/board.html#board", context, request)

        key = ("board", seminar.pk, get_language(), request.get_host())
        return shared_fragment(request, key, render_board)
    template = "live/board.html"
    if request.htmx:
        template += "#board"
    context = _board_context(request, process, seminar, state, membership, request.live_etag)
    return render(request, template, context)


def _board_context(request, process, seminar, state, membership, etag: str) -> dict:
    named = process.author_visibility == Process.AuthorVisibility.NAMED
    join_url = _join_url(request, state.join_code)
    return {
        "process": process,
        "seminar": seminar,
        "state": state,
        "groups": live_services.board_groups(process, with_authors=named),
        "rounds": live_services.round_summaries(process),
        "show_authors": named,
        "join_url": join_url,
        "join_path": reverse("join_short", args=[state.join_code]),
        "qr_svg": _qr_svg(join_url),
        "can_control": can_run_rounds(membership),
        "live_etag": etag,
        **_timer_context(state),
    }


def _group_keys(process_pk: int, seminar_pk: int, group_pk: int) -> list[str]:
    return [live_services.group_key(group_pk), live_services.shared_key(process_pk)]


def _may_see_board(request, process_pk: int, seminar_pk: int) -> None:
    process, _membership = get_process_for(request, process_pk)
    get_object_or_404(Seminar, pk=seminar_pk, process=process)


def _may_see_group(request, process_pk: int, seminar_pk: int, group_pk: int) -> None:
    process, _membership, _group = get_group_for(request, process_pk, group_pk)
    get_object_or_404(Seminar, pk=seminar_pk, process=process)


board_events = live_stream(
    StreamSpec(keys_for=_board_keys, authorise=_may_see_board, shared_keys=lambda **kw: [])
)(stream_unavailable)
group_events = live_stream(
    StreamSpec(
        keys_for=_group_keys,
        authorise=_may_see_group,
        shared_keys=lambda process_pk, **kw: [live_services.shared_key(process_pk)],
    )
)(stream_unavailable)


def _add_entry(form: LiveEntryForm, *, membership, group, seminar):
    data = form.cleaned_data
    if form.is_idea:
        return idea_services.add_idea(
            actor=membership,
            group=group,
            title=data["title"],
            description=data["text"],
            values=data["values"],
            seminar=seminar,
            propose=True,
        )
    return services.add_value(
        actor=membership, group=group, name=data["title"], meaning=data["text"]
    )


@require_http_methods(["GET", "POST"])
@live_poll(_group_keys)
def live_group(request, process_pk: int, seminar_pk: int, group_pk: int):
    """A group's live view for phones: the running agenda item, the group's rounds, values and
    ideas, polled like the board; POST adds a value or an idea from one short form."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    seminar = live_services.seminar_with_state(process, seminar_pk)
    writable = can_write(membership, group)
    added = None
    form = LiveEntryForm(group=group) if writable else None
    if request.method == "POST":
        require(writable)
        form = LiveEntryForm(request.POST, group=group)
        if form.is_valid():
            try:
                added = _add_entry(form, membership=membership, group=group, seminar=seminar)
            except services.DebateError as error:
                form.add_error(None, str(error))
            else:
                if not request.htmx:
                    messages.success(request, _("Saved: “%(title)s”.") % {"title": added})
                    return redirect(request.path)
                form = LiveEntryForm(group=group)
        if request.htmx:
            context = {"process": process, "seminar": seminar, "group": group, "form": form}
            context["added"] = added
            return render(request, "live/group.html#entry-form", context)
    state = live_services.live_state_for(seminar)

    def context(etag: str) -> dict:
        values, ideas = live_services.group_entries(group)
        return {
            "process": process,
            "seminar": seminar,
            "group": group,
            "state": state,
            "values": values,
            "ideas": ideas,
            "rounds": live_services.round_summaries(process, group=group, closed_limit=2),
            "form": form,
            "added": added,
            "live_etag": etag,
            **_timer_context(state),
        }

    if request.htmx and not state.timer_running:
        # Alike for the whole group where everyone sees the authors' names; in hidden-author
        # mode each person sees "You" on their own entries, so each has a copy of their own.
        viewer = "names" if sees_authors(membership, process) else f"member-{membership.pk}"

        def render_group(etag: str) -> str:
            return render_to_string("live/group.html#live", context(etag), request)

        key = ("group", group.pk, seminar.pk, get_language(), viewer)
        return shared_fragment(request, key, render_group)
    template = "live/group.html"
    if request.htmx:
        template += "#live"
    return render(request, template, context(request.live_etag))


@require_http_methods(["GET", "POST"])
def seminar_control(request, process_pk: int, seminar_pk: int):
    """The facilitator's controls: which agenda item runs, the timer, the join code, and the
    way to the rounds. Every change shows on the board and the phones within a poll."""
    process, membership = get_process_for(request, process_pk, roles=PLANNERS)
    seminar = get_object_or_404(Seminar, pk=seminar_pk, process=process)
    timer_form = TimerForm()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "run":
            run_form = RunItemForm(request.POST, seminar=seminar)
            if run_form.is_valid():
                item = run_form.cleaned_data["item"]
                live_services.set_running_item(actor=membership, seminar=seminar, item=item)
                messages.success(request, _("Running now: %(title)s.") % {"title": item.title})
                return redirect(request.path)
            messages.error(request, _("Choose an agenda item of this seminar."))
        elif action == "clear":
            live_services.set_running_item(actor=membership, seminar=seminar, item=None)
            messages.success(request, _("No agenda item is running now."))
            return redirect(request.path)
        elif action == "timer":
            timer_form = TimerForm(request.POST)
            if timer_form.is_valid():
                live_services.start_timer(
                    actor=membership, seminar=seminar, minutes=timer_form.cleaned_data["minutes"]
                )
                messages.success(request, _("The timer is running."))
                return redirect(request.path)
        elif action == "stop":
            live_services.stop_timer(actor=membership, seminar=seminar)
            messages.success(request, _("The timer is stopped."))
            return redirect(request.path)
        elif action == "code":
            live_services.new_join_code(actor=membership, seminar=seminar)
            messages.success(request, _("A new join code is shown; the old one no longer works."))
            return redirect(request.path)
        else:
            messages.error(request, _("That is not something the controls can do."))
    state = live_services.live_state_for(seminar)
    rounds = (
        PrioritisationRound.objects.filter(process=process)
        .select_related("group")
        .order_by("-status", "-opened_at", "-pk")[:10]
    )
    context = {
        "process": process,
        "seminar": seminar,
        "state": state,
        "items": AgendaItem.objects.filter(seminar=seminar),
        "timer_form": timer_form,
        "rounds": rounds,
        "join_url": _join_url(request, state.join_code),
        **_timer_context(state),
    }
    return render(request, "live/control.html", context)


def _join(request, code: str):
    """Take the person to their own group's live view for the seminar with `code`; people
    outside the groups (the facilitator, most leaders) go to the board. A code of another
    organisation reads as unknown, so codes reveal nothing."""
    state = (
        SeminarLiveState.objects.select_related("seminar")
        .filter(
            join_code=normalise_join_code(code),
            seminar__process__organisation__memberships__user_id=request.user.pk,
        )
        .first()
    )
    if state is None:
        return None
    seminar = state.seminar
    process, membership = get_process_for(request, seminar.process_id)
    group = live_services.group_of(process, membership)
    if group is None:
        messages.info(request, _("You are not in a group of this process: here is the board."))
        return redirect("live:board", process.pk, seminar.pk)
    return redirect("live:live_group", process.pk, seminar.pk, group.pk)


@require_GET
def join(request, code: str | None = None):
    """Join a live seminar by its code: typed into the form, or scanned (`/j/<code>/`)."""
    data = {"code": code} if code is not None else (request.GET or None)
    form = JoinForm(data)
    status = 200
    if form.is_valid():
        response = _join(request, form.cleaned_data["code"])
        if response is not None:
            return response
        form.add_error("code", _("No seminar of yours has this code. Check it on the screen."))
        status = 404
    return render(request, "live/join.html", {"form": form}, status=status)
