"""Good stories: the organisation-wide feed, writing a story on an initiative, one story,
its image (served only to members of the organisation, never from MEDIA_URL), the leader's
feature, and deleting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from organisations.access import get_organisation_for

from ..access import (
    can_feature,
    can_remove,
    get_initiative_for,
    get_story_for,
    require,
    sees_authors,
    stories_visible_to,
)
from ..forms import StoryForm
from ..models import Story
from ..services import stories as services
from .common import page_of, show_errors

STORIES_PER_PAGE = 12


@require_safe
def feed(request, org_slug: str):
    """Every good story of the organisation's processes, newest first; `?featured=1` shows
    only the ones the leader featured. A fixed number of queries per page."""
    organisation, membership = get_organisation_for(request, org_slug)
    featured_only = request.GET.get("featured") == "1"
    queryset = stories_visible_to(
        membership, Story.objects.filter(initiative__process__organisation=organisation)
    )
    if featured_only:
        queryset = queryset.filter(featured_at__isnull=False)
    page = page_of(
        request,
        queryset.select_related("initiative__process", "author__user").order_by(
            "-created_at", "-pk"
        ),
        STORIES_PER_PAGE,
    )
    for story in page:
        story.show_author = sees_authors(membership, story.initiative.process)
    return render(
        request,
        "spreading/stories/feed.html",
        {
            "organisation": organisation,
            "membership": membership,
            "page": page,
            "featured_only": featured_only,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
def story_add(request, process_pk: int, initiative_pk: int):
    process, membership, initiative = get_initiative_for(request, process_pk, initiative_pk)
    form = StoryForm(request.POST, request.FILES) if request.method == "POST" else StoryForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = services.add_story(
                initiative,
                actor=membership,
                title=data["title"],
                text=data["text"],
                image=data["image"],
                image_alt=data["image_alt"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Thank you for the story. It is in the feed now."))
            return redirect(story)
    return render(
        request,
        "spreading/stories/add.html",
        {"process": process, "membership": membership, "initiative": initiative, "form": form},
    )


@require_safe
def story(request, process_pk: int, story_pk: int):
    process, membership, story = get_story_for(request, process_pk, story_pk)
    return render(
        request,
        "spreading/stories/detail.html",
        {
            "process": process,
            "membership": membership,
            "story": story,
            "initiative": story.initiative,
            "can_feature": can_feature(membership),
            "can_remove": can_remove(membership, story),
            "show_author": sees_authors(membership, process),
        },
    )


@require_safe
def story_image(request, process_pk: int, story_pk: int):
    """The story's re-encoded image, for members of the organisation only."""
    process, membership, story = get_story_for(request, process_pk, story_pk)
    if not story.image or not story.image_type:
        raise Http404
    try:
        handle = story.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, content_type=story.image_type)
    response["Content-Disposition"] = "inline"
    # Only the member's own browser may keep it; no shared cache.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
def story_feature(request, process_pk: int, story_pk: int):
    process, membership, story = get_story_for(request, process_pk, story_pk)
    require(can_feature(membership))
    featured = request.POST.get("featured") == "1"
    services.set_featured(story, actor=membership, featured=featured)
    messages.success(
        request,
        _("The story is featured: it is marked in the feed and goes into the status report.")
        if featured
        else _("The story is no longer featured."),
    )
    return redirect(story)


@require_POST
def story_delete(request, process_pk: int, story_pk: int):
    process, membership, story = get_story_for(request, process_pk, story_pk)
    require(can_remove(membership, story))
    initiative = story.initiative
    services.delete_story(story, actor=membership)
    messages.success(request, _("The story is deleted."))
    return redirect("spreading:initiative", process.pk, initiative.pk)
