"""Groups of a process: the list, a group's page with its members and meetings, and the
facilitator's settings. Who sits in which group is decided on the composition page.

Everyone in the organisation reads; the facilitator changes groups; the facilitator and a
group's own lead plan that group's meetings.
"""

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from processes.access import PLANNERS, get_group_for, get_process_for
from processes.forms.groups import GroupForm, GroupMeetingForm
from processes.models import Group, GroupMeeting
from processes.services import groups as services


def _group_for_meetings(request, process_pk: int, group_pk: int):
    """The group, if the user may plan its meetings: the facilitator or the group's lead."""
    process, membership, group = get_group_for(request, process_pk, group_pk)
    if not services.can_manage_meetings(membership, group):
        raise PermissionDenied
    return process, membership, group


def _meeting_for(request, process_pk: int, group_pk: int, meeting_pk: int):
    process, membership, group = _group_for_meetings(request, process_pk, group_pk)
    meeting = get_object_or_404(GroupMeeting, pk=meeting_pk, group=group)
    return process, membership, group, meeting


def _meetings_url(group: Group) -> str:
    return f"{group.get_absolute_url()}#meetings"


def _report_lead_seating(request, group, seating) -> None:
    text = services.lead_seating_message(group, seating)
    if text:
        messages.info(request, text)


# --- Groups ----------------------------------------------------------------------------------


@require_safe
def group_list(request, process_pk):
    process, membership = get_process_for(request, process_pk)
    today = timezone.localdate()
    groups = list(services.groups_with_members(process))
    scores = services.mix_scores(process)
    for group in groups:
        group.people = services.seated(group)
        group.mix = services.mix_of(group.people, today)
        group.score = scores.groups.get(group.pk)
    can_plan = membership.role in PLANNERS
    context = {
        "process": process,
        "membership": membership,
        "groups": groups,
        "overall_score": scores.overall if any(g.people for g in groups) else None,
        "can_plan": can_plan,
    }
    if can_plan:
        context["unassigned_count"] = services.unassigned_participants(process).count()
        context["themes_without_group"] = process.themes.filter(groups__isnull=True).count()
    return render(request, "processes/groups/list.html", context)


@require_POST
def groups_from_themes(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    created = services.create_groups_from_themes(actor=membership, process=process)
    if created:
        messages.success(
            request,
            ngettext(
                "%(count)d group is created, named after its theme.",
                "%(count)d groups are created, each named after its theme.",
                len(created),
            )
            % {"count": len(created)},
        )
    else:
        messages.info(request, _("Every theme already has a group."))
    return redirect("processes:group_list", process.pk)


@require_http_methods(["GET", "HEAD", "POST"])
def group_create(request, process_pk):
    process, membership = get_process_for(request, process_pk, PLANNERS)
    form = GroupForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        group, seating = services.create_group(
            actor=membership, process=process, **form.cleaned_data
        )
        messages.success(request, _("The group “%(name)s” is created.") % {"name": group.name})
        _report_lead_seating(request, group, seating)
        return redirect(group)
    return render(
        request,
        "processes/groups/form.html",
        {"process": process, "membership": membership, "form": form, "group": None},
    )


@require_safe
def group_detail(request, process_pk, group_pk):
    process, membership, group = get_group_for(request, process_pk, group_pk)
    today = timezone.localdate()
    members = services.seated(group)
    for person in members:
        person.years = person.years_in_organisation(today)
    seminars = list(process.seminars.order_by("date", "start_time", "pk"))
    meetings = list(group.meetings.order_by("date", "pk"))
    for meeting in meetings:
        meeting.after, meeting.before = services.seminars_around(seminars, meeting.date)
    return render(
        request,
        "processes/groups/detail.html",
        {
            "process": process,
            "membership": membership,
            "group": group,
            "members": members,
            "meetings": meetings,
            "can_plan": membership.role in PLANNERS,
            "can_manage_meetings": services.can_manage_meetings(membership, group),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def group_edit(request, process_pk, group_pk):
    process, membership, group = get_group_for(request, process_pk, group_pk, PLANNERS)
    # The form works on a copy, so a rejected change never shows up in the page's headings.
    form = GroupForm(request.POST or None, instance=copy.copy(group), process=process)
    if request.method == "POST" and form.is_valid():
        seating = services.update_group(actor=membership, group=group, **form.cleaned_data)
        messages.success(request, _("The group is saved."))
        _report_lead_seating(request, group, seating)
        return redirect(group)
    return render(
        request,
        "processes/groups/form.html",
        {"process": process, "membership": membership, "form": form, "group": group},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def group_delete(request, process_pk, group_pk):
    process, membership, group = get_group_for(request, process_pk, group_pk, PLANNERS)
    if request.method == "POST":
        name = group.name
        unseated = services.delete_group(actor=membership, group=group)
        messages.success(
            request,
            ngettext(
                "“%(name)s” is deleted. Its %(count)d member is still a participant, "
                "without a group.",
                "“%(name)s” is deleted. Its %(count)d members are still participants, "
                "without a group.",
                unseated,
            )
            % {"name": name, "count": unseated},
        )
        return redirect("processes:group_list", process.pk)
    return render(
        request,
        "processes/groups/delete.html",
        {
            "process": process,
            "membership": membership,
            "group": group,
            "seat_count": group.seats.count(),
            "also_deleted": services.deletion_summary(group),
        },
    )


# --- Meetings --------------------------------------------------------------------------------


def _meeting_form_page(request, process, membership, group, form, meeting):
    return render(
        request,
        "processes/groups/meeting_form.html",
        {
            "process": process,
            "membership": membership,
            "group": group,
            "form": form,
            "meeting": meeting,
            "seminars": process.seminars.order_by("date", "start_time", "pk"),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def group_meeting_create(request, process_pk, group_pk):
    process, membership, group = _group_for_meetings(request, process_pk, group_pk)
    form = GroupMeetingForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        services.create_meeting(actor=membership, group=group, **form.cleaned_data)
        messages.success(request, _("The meeting is planned."))
        return redirect(_meetings_url(group))
    return _meeting_form_page(request, process, membership, group, form, None)


@require_http_methods(["GET", "HEAD", "POST"])
def group_meeting_edit(request, process_pk, group_pk, meeting_pk):
    process, membership, group, meeting = _meeting_for(request, process_pk, group_pk, meeting_pk)
    form = GroupMeetingForm(request.POST or None, instance=copy.copy(meeting), process=process)
    if request.method == "POST" and form.is_valid():
        services.update_meeting(actor=membership, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("The meeting is saved."))
        return redirect(_meetings_url(group))
    return _meeting_form_page(request, process, membership, group, form, meeting)


@require_http_methods(["GET", "HEAD", "POST"])
def group_meeting_delete(request, process_pk, group_pk, meeting_pk):
    process, membership, group, meeting = _meeting_for(request, process_pk, group_pk, meeting_pk)
    if request.method == "POST":
        services.delete_meeting(actor=membership, meeting=meeting)
        messages.success(request, _("The meeting is deleted."))
        return redirect(_meetings_url(group))
    return render(
        request,
        "processes/groups/meeting_delete.html",
        {"process": process, "membership": membership, "group": group, "meeting": meeting},
    )
