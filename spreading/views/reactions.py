"""The spreading's home for a process and the reactions on one initiative: comments and
“I want to take part”.

The take-part button posts with htmx and gets its block back (`initiative.html#take_part`);
without JavaScript the same form posts and redirects back. Every page runs a fixed number of
queries, whatever the number of people, comments and wishes.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from implementation.access import initiatives_visible_to
from implementation.models import Implementation, Initiative
from processes.access import get_process_for

from ..access import (
    can_remove,
    can_see_volunteers,
    get_comment_for,
    get_initiative_for,
    proposals_visible_to,
    require,
    sees_authors,
    stories_visible_to,
)
from ..forms import CommentForm
from ..models import Comment, Meeting, Proposal, SignUp, Story, Volunteer
from ..services import reactions as services
from .common import STATUS_BADGES, page_of, show_errors

HOME = "spreading/home.html"
INITIATIVE = "spreading/initiative.html"
INITIATIVES_PER_PAGE = 30
COMMENTS_PER_PAGE = 20


def _count(model, **filters):
    """A correlated count of `model` rows for each initiative (no join fan-out)."""
    rows = (
        model.objects.filter(initiative=OuterRef("pk"), **filters)
        .order_by()
        .values("initiative")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def with_reactions(queryset, membership):
    """Initiatives with their number of comments and wishes to take part, and whether
    `membership` wants to take part."""
    return queryset.annotate(
        comment_count=_count(Comment),
        volunteer_count=_count(Volunteer),
        i_take_part=Exists(
            Volunteer.objects.filter(initiative=OuterRef("pk"), membership=membership)
        ),
    )


@require_safe
def home(request, process_pk: int):
    """Everything the whole organisation can join in on: the initiatives with their status,
    café meetings and idea workshops, idea proposals and good stories."""
    process, membership = get_process_for(request, process_pk)
    started = Implementation.objects.filter(process=process).exists()
    initiatives = with_reactions(
        initiatives_visible_to(
            membership,
            Initiative.objects.filter(process=process).select_related("theme", "group"),
        ),
        membership,
    ).order_by("theme__position", "theme_id", "title", "pk")
    page = page_of(request, initiatives, INITIATIVES_PER_PAGE)
    for initiative in page:
        initiative.badge = STATUS_BADGES[initiative.status]
    today = timezone.localdate()
    meetings = list(
        Meeting.objects.filter(series__process=process, date__gte=today)
        .select_related("series")
        .annotate(
            taken=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.CONFIRMED)),
        )
        .order_by("date", "start_time", "pk")[:5]
    )
    mine = dict(
        SignUp.objects.filter(
            membership=membership, meeting__in=[m.pk for m in meetings]
        ).values_list("meeting_id", "status")
    )
    for meeting in meetings:
        meeting.my_status = mine.get(meeting.pk)
        meeting.free = max(0, meeting.capacity - meeting.taken)
    proposals = list(
        proposals_visible_to(membership, Proposal.objects.filter(process=process))
        .select_related("adopted_as")
        .order_by("-created_at", "-pk")[:5]
    )
    stories = list(
        stories_visible_to(membership, Story.objects.filter(initiative__process=process))
        .select_related("initiative")
        .order_by("-created_at", "-pk")[:3]
    )
    return render(
        request,
        HOME,
        {
            "process": process,
            "membership": membership,
            "started": started,
            "page": page,
            "meetings": meetings,
            "proposals": proposals,
            "stories": stories,
        },
    )


def _take_part_context(membership, initiative) -> dict:
    volunteers = None
    if can_see_volunteers(membership, initiative):
        volunteers = list(
            Volunteer.objects.filter(initiative=initiative)
            .select_related("membership__user")
            .order_by("created_at", "pk")
        )
        count = len(volunteers)
        i_take_part = any(v.membership_id == membership.pk for v in volunteers)
    else:
        count = Volunteer.objects.filter(initiative=initiative).count()
        i_take_part = Volunteer.objects.filter(
            initiative=initiative, membership=membership
        ).exists()
    return {"volunteers": volunteers, "volunteer_count": count, "i_take_part": i_take_part}


def _stories_of(initiative) -> list[Story]:
    stories = list(Story.objects.filter(initiative=initiative).order_by("-created_at", "-pk"))
    for story in stories:
        story.initiative = initiative
    return stories


def _initiative_context(request, process, membership, initiative, **extra) -> dict:
    team = list(initiative.team.select_related("user").order_by("user__first_name", "pk"))
    # can_see_volunteers asks whether the person is on the team: answer from this list.
    initiative._prefetched_objects_cache = {"team": team}
    comments = page_of(
        request,
        Comment.objects.filter(initiative=initiative)
        .select_related("author__user", "meeting__series")
        .order_by("-created_at", "-pk"),
        COMMENTS_PER_PAGE,
    )
    for comment in comments:
        comment.removable = can_remove(membership, comment)
    context = {
        "process": process,
        "membership": membership,
        "initiative": initiative,
        "team": team,
        "badge": STATUS_BADGES[initiative.status],
        "comments": comments,
        "comment_form": CommentForm(),
        "show_authors": sees_authors(membership, process),
        "proposals": list(
            proposals_visible_to(membership, Proposal.objects.filter(initiative=initiative))
            .select_related("adopted_as")
            .order_by("-created_at", "-pk")
        ),
        "stories": _stories_of(initiative),
        **_take_part_context(membership, initiative),
    }
    context.update(extra)
    return context


@require_safe
def initiative(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    return render(
        request, INITIATIVE, _initiative_context(request, process, membership, initiative)
    )


@require_POST
def comment_add(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(initiative, actor=membership, text=form.cleaned_data["text"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(
                reverse("spreading:initiative", args=[process.pk, initiative.pk]) + "#comments"
            )
    context = _initiative_context(request, process, membership, initiative, comment_form=form)
    return render(request, INITIATIVE, context)


@require_POST
def comment_delete(request, process_pk: int, initiative_pk: int, comment_pk: int):
    process, membership, initiative, comment = get_comment_for(
        request, process_pk, initiative_pk, comment_pk
    )
    require(can_remove(membership, comment))
    services.delete_comment(comment, actor=membership)
    messages.success(request, _("The comment is deleted."))
    return redirect(reverse("spreading:initiative", args=[process.pk, initiative.pk]) + "#comments")


@require_POST
def take_part(request, process_pk: int, initiative_pk: int):
    """Say “I want to take part” (wants=1) or take it back (wants=0)."""
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    wants = request.POST.get("wants") == "1"
    services.set_take_part(initiative, actor=membership, wants=wants)
    status = (
        _("You want to take part. The owner of the initiative can see it.")
        if wants
        else _("You no longer want to take part.")
    )
    if request.htmx:
        initiative._prefetched_objects_cache = {
            "team": list(initiative.team.select_related("user"))
        }
        context = {
            "process": process,
            "membership": membership,
            "initiative": initiative,
            "take_part_status": status,
            **_take_part_context(membership, initiative),
        }
        return render(request, INITIATIVE + "#take_part", context)
    messages.success(request, status)
    return redirect(
        reverse("spreading:initiative", args=[process.pk, initiative.pk]) + "#take-part"
    )
