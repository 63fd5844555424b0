"""Café meetings and idea workshops for all staff: series and meetings (planned by the
facilitator), signing up and cancelling, the meeting as an iCalendar file, the host's
printable kit and the host's record of the meeting's input.

Pages run a fixed number of queries whatever the number of sign-ups: counts are annotated,
the person's own sign-ups are read in one query.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from catalog.models import Edition
from core.downloads import attach, file_name
from implementation.access import initiatives_visible_to
from implementation.models import Initiative
from processes.access import get_process_for
from processes.models import Theme

from ..access import can_plan, can_run, get_meeting_for, get_series_for, require, sees_authors
from ..forms import InputCommentForm, MeetingForm, ProposalForm, SeriesForm
from ..models import Comment, Meeting, Proposal, Series, SignUp
from ..services import meetings as services
from ..services import reactions as reaction_services
from ..services.ical import meeting_calendar
from .common import STATUS_BADGES, posted, show_errors

Status = SignUp.Status
CONFIRMED = Q(sign_ups__status=Status.CONFIRMED)
WAITING = Q(sign_ups__status=Status.WAITING)


def _with_counts(meetings):
    return meetings.annotate(
        taken=Count("sign_ups", filter=CONFIRMED), waiting=Count("sign_ups", filter=WAITING)
    )


def _mark_mine(meetings: list[Meeting], membership) -> None:
    """Set `my_sign_up` on each meeting (one query)."""
    mine = {
        s.meeting_id: s
        for s in SignUp.objects.filter(membership=membership, meeting__in=[m.pk for m in meetings])
    }
    now = timezone.now()
    for meeting in meetings:
        meeting.my_sign_up = mine.get(meeting.pk)
        meeting.free = max(0, meeting.capacity - meeting.taken)
        meeting.started = services.has_started(meeting, now)


# --- Series ---------------------------------------------------------------------------------


@require_safe
def series_list(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    series = list(
        Series.objects.filter(process=process)
        .annotate(
            meeting_count=Count("meetings", distinct=True),
            places=Count(
                "meetings__sign_ups",
                filter=Q(meetings__sign_ups__status=Status.CONFIRMED),
                distinct=True,
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return render(
        request,
        "spreading/meetings/series_list.html",
        {
            "process": process,
            "membership": membership,
            "series_list": series,
            "can_plan": can_plan(membership),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def series_add(request, process_pk: int):
    process, membership = get_process_for(request, process_pk)
    require(can_plan(membership))
    form = SeriesForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            series = services.plan_series(process, actor=membership, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The series is planned. Add its meetings now."))
            return redirect("spreading:meeting_add", process.pk, series.pk)
    return render(
        request,
        "spreading/meetings/series_form.html",
        {"process": process, "membership": membership, "form": form, "series": None},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def series_edit(request, process_pk: int, series_pk: int):
    process, membership, series = get_series_for(request, process_pk, series_pk)
    require(can_plan(membership))
    initial = {field: getattr(series, field) for field in services.SERIES_FIELDS}
    form = SeriesForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_series(series, actor=membership, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The series is saved."))
            return redirect(series)
    return render(
        request,
        "spreading/meetings/series_form.html",
        {"process": process, "membership": membership, "form": form, "series": series},
    )


@require_safe
def series(request, process_pk: int, series_pk: int):
    """The series with every meeting, its free places and waiting list, and the person's
    own sign-up. Five queries, whatever the number of meetings and sign-ups."""
    process, membership, series = get_series_for(request, process_pk, series_pk)
    meetings = list(
        _with_counts(series.meetings.select_related("host__user")).order_by(
            "date", "start_time", "pk"
        )
    )
    _mark_mine(meetings, membership)
    my_meeting = next((m for m in meetings if m.my_sign_up), None)
    for meeting in meetings:
        meeting.can_sign_up = (
            not meeting.started
            and not meeting.my_sign_up
            and (my_meeting is None or not series.one_meeting_per_person)
        )
    return render(
        request,
        "spreading/meetings/series.html",
        {
            "process": process,
            "membership": membership,
            "series": series,
            "meetings": meetings,
            "my_meeting": my_meeting,
            "upcoming": [m for m in meetings if not m.started],
            "held": [m for m in meetings if m.started],
            "can_plan": can_plan(membership),
            "places": sum(m.capacity for m in meetings),
            "taken": sum(m.taken for m in meetings),
        },
    )


# --- Meetings -------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_add(request, process_pk: int, series_pk: int):
    process, membership, series = get_series_for(request, process_pk, series_pk)
    require(can_plan(membership))
    form = MeetingForm(posted(request), organisation=process.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.add_meeting(series, actor=membership, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("The meeting on %(date)s is added.") % {"date": services.long_date(meeting.date)},
            )
            if "another" in request.POST:
                return redirect("spreading:meeting_add", process.pk, series.pk)
            return redirect(series)
    return render(
        request,
        "spreading/meetings/meeting_form.html",
        {
            "process": process,
            "membership": membership,
            "series": series,
            "meeting": None,
            "form": form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_edit(request, process_pk: int, meeting_pk: int):
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    require(can_plan(membership))
    initial = {field: getattr(meeting, field) for field in services.MEETING_FIELDS}
    form = MeetingForm(posted(request), initial=initial, organisation=process.organisation)
    if request.method == "POST" and form.is_valid():
        try:
            promoted = services.update_meeting(meeting, actor=membership, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            message = _("The meeting is saved.")
            if promoted:
                message += " " + _(
                    "%(count)d people moved up from the waiting list and are emailed."
                ) % {"count": len(promoted)}
            messages.success(request, message)
            return redirect(meeting)
    return render(
        request,
        "spreading/meetings/meeting_form.html",
        {
            "process": process,
            "membership": membership,
            "series": meeting.series,
            "meeting": meeting,
            "form": form,
        },
    )


def _recorded_input(meeting, membership):
    comments = list(
        Comment.objects.filter(meeting=meeting)
        .select_related("initiative")
        .order_by("created_at", "pk")
    )
    proposals = list(
        Proposal.objects.filter(meeting=meeting)
        .select_related("initiative", "adopted_as")
        .order_by("created_at", "pk")
    )
    if membership.role == membership.Role.EXTERNAL:
        visible = set(
            initiatives_visible_to(
                membership, Initiative.objects.filter(process=meeting.series.process)
            ).values_list("pk", flat=True)
        )
        comments = [c for c in comments if c.initiative_id in visible]
        proposals = [p for p in proposals if p.initiative_id is None or p.initiative_id in visible]
    return comments, proposals


@require_safe
def meeting(request, process_pk: int, meeting_pk: int):
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    meeting = (
        _with_counts(Meeting.objects.filter(pk=meeting.pk))
        .select_related("series", "host__user")
        .get()
    )
    meeting.series.process = process
    _mark_mine([meeting], membership)
    runs = can_run(membership, meeting)
    position = None
    if meeting.my_sign_up and meeting.my_sign_up.is_waiting:
        position = services.waiting_position(meeting.my_sign_up)
    elsewhere = None
    if meeting.series.one_meeting_per_person and not meeting.my_sign_up:
        elsewhere = (
            SignUp.objects.filter(membership=membership, meeting__series=meeting.series)
            .select_related("meeting__series")
            .first()
        )
    sign_ups = None
    if runs:
        sign_ups = list(
            meeting.sign_ups.select_related("membership__user").order_by("created_at", "pk")
        )
    comments, proposals = _recorded_input(meeting, membership)
    return render(
        request,
        "spreading/meetings/meeting.html",
        {
            "process": process,
            "membership": membership,
            "meeting": meeting,
            "series": meeting.series,
            "position": position,
            "elsewhere": elsewhere.meeting if elsewhere else None,
            "can_run": runs,
            "can_plan": can_plan(membership),
            "confirmed": [s for s in sign_ups or [] if not s.is_waiting],
            "waiting": [s for s in sign_ups or [] if s.is_waiting],
            "comments": comments,
            "proposals": proposals,
        },
    )


@require_POST
def sign_up(request, process_pk: int, meeting_pk: int):
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    try:
        created = services.sign_up(meeting, actor=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if created.is_waiting:
            messages.warning(
                request,
                _(
                    "The meeting is full: you are number %(position)d on the waiting list. "
                    "If a place comes free, you move up and get an email."
                )
                % {"position": services.waiting_position(created)},
            )
        else:
            messages.success(
                request,
                _("You are signed up. A confirmation is on its way to your email."),
            )
    return redirect(meeting)


@require_POST
def cancel(request, process_pk: int, meeting_pk: int):
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    try:
        services.cancel_sign_up(meeting, actor=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your sign-up is cancelled."))
    return redirect(meeting)


@require_safe
def meeting_ical(request, process_pk: int, meeting_pk: int):
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    body = meeting_calendar(meeting, url=request.build_absolute_uri(meeting.get_absolute_url()))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    # Named after the series and the day, so two saved meetings are told apart in a folder.
    name = f"{meeting.series.title} {meeting.date:%Y-%m-%d}"
    return attach(response, file_name(name, "ics", fallback=f"meeting-{meeting.pk}"))


# --- The host's kit and the meeting's input -------------------------------------------------


def catalogue_summary(process, membership) -> dict:
    """What the host tells about the catalogue: the latest published edition's themes, each
    with its groups' ideal values and initiatives, and the initiatives being carried out with
    their status. Three queries."""
    edition = (
        Edition.objects.filter(process=process, status=Edition.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    tracked = list(
        initiatives_visible_to(
            membership, Initiative.objects.filter(process=process).select_related("theme")
        ).order_by("theme__position", "theme_id", "title", "pk")
    )
    for initiative in tracked:
        initiative.badge = STATUS_BADGES[initiative.status]
    themes = []
    if edition is not None:
        snapshot = edition.snapshot or {}
        groups = snapshot.get("groups", [])
        for theme in snapshot.get("themes", []):
            on_theme = [g for g in groups if g.get("theme_id") == theme.get("id")]
            themes.append(
                {
                    "title": theme.get("title", ""),
                    "description": theme.get("description", ""),
                    "values": [v for g in on_theme for v in g.get("ideal_values", [])],
                    "ideas": [i for g in on_theme for i in g.get("initiatives", [])],
                }
            )
    return {"edition": edition, "themes": themes, "tracked": tracked}


@require_safe
def host_kit(request, process_pk: int, meeting_pk: int):
    """The host's printable kit: the meeting, the agenda, the catalogue in brief, the
    questions to ask and who comes."""
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    require(can_run(membership, meeting))
    coming = list(
        meeting.sign_ups.filter(status=Status.CONFIRMED)
        .select_related("membership__user")
        .order_by("membership__user__first_name", "membership__user__last_name", "pk")
    )
    return render(
        request,
        "spreading/meetings/host_kit.html",
        {
            "process": process,
            "membership": membership,
            "meeting": meeting,
            "series": meeting.series,
            "coming": coming,
            **catalogue_summary(process, membership),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def meeting_input(request, process_pk: int, meeting_pk: int):
    """The host records what the meeting said: a comment on an initiative, or a new idea
    (optionally on an initiative or a theme). Both name the meeting as their source."""
    process, membership, meeting = get_meeting_for(request, process_pk, meeting_pk)
    require(can_run(membership, meeting))
    initiatives = initiatives_visible_to(
        membership, Initiative.objects.filter(process=process).order_by("title", "pk")
    )
    themes = Theme.objects.filter(process=process).order_by("position", "pk")
    what = request.POST.get("what") if request.method == "POST" else None
    comment_form = InputCommentForm(
        request.POST if what == "comment" else None, prefix="comment", initiatives=initiatives
    )
    proposal_form = ProposalForm(
        request.POST if what == "proposal" else None,
        prefix="proposal",
        initiatives=initiatives,
        themes=themes,
    )
    if what == "comment" and comment_form.is_valid():
        data = comment_form.cleaned_data
        try:
            reaction_services.add_comment(
                data["initiative"], actor=membership, text=data["text"], meeting=meeting
            )
        except ValidationError as error:
            show_errors(comment_form, error)
        else:
            messages.success(
                request,
                _("The comment on “%(title)s” is recorded.") % {"title": data["initiative"].title},
            )
            return redirect(reverse("spreading:meeting_input", args=[process.pk, meeting.pk]))
    elif what == "proposal" and proposal_form.is_valid():
        data = proposal_form.cleaned_data
        try:
            reaction_services.propose_idea(
                process,
                actor=membership,
                title=data["title"],
                description=data["description"],
                initiative=data["initiative"],
                theme=data["theme"],
                meeting=meeting,
            )
        except ValidationError as error:
            show_errors(proposal_form, error)
        else:
            messages.success(
                request, _("The idea “%(title)s” is recorded.") % {"title": data["title"]}
            )
            return redirect(reverse("spreading:meeting_input", args=[process.pk, meeting.pk]))
    comments, proposals = _recorded_input(meeting, membership)
    return render(
        request,
        "spreading/meetings/input.html",
        {
            "process": process,
            "membership": membership,
            "meeting": meeting,
            "series": meeting.series,
            "comment_form": comment_form,
            "proposal_form": proposal_form,
            "comments": comments,
            "proposals": proposals,
            "show_authors": sees_authors(membership, process),
        },
    )
