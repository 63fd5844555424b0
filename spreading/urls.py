from django.urls import path

from .views import meetings as meeting_views
from .views import proposals as proposal_views
from .views import reactions as reaction_views
from .views import stories as story_views

app_name = "spreading"

process = "<int:process_pk>/"
initiative = process + "initiatives/<int:initiative_pk>/"
proposal = process + "proposals/<int:proposal_pk>/"
series = process + "series/<int:series_pk>/"
meeting = process + "meetings/<int:meeting_pk>/"
story = process + "stories/<int:story_pk>/"

urlpatterns = [
    # -- The process's spreading home and reactions on initiatives (views/reactions.py) -----
    path(process, reaction_views.home, name="home"),
    path(initiative, reaction_views.initiative, name="initiative"),
    path(initiative + "comments/", reaction_views.comment_add, name="comment_add"),
    path(
        initiative + "comments/<int:comment_pk>/delete/",
        reaction_views.comment_delete,
        name="comment_delete",
    ),
    path(initiative + "take-part/", reaction_views.take_part, name="take_part"),
    # -- Idea proposals (views/proposals.py) ------------------------------------------------
    path(process + "proposals/", proposal_views.proposals, name="proposals"),
    path(process + "proposals/add/", proposal_views.proposal_add, name="proposal_add"),
    path(proposal, proposal_views.proposal, name="proposal"),
    path(proposal + "adopt/", proposal_views.adopt, name="adopt"),
    path(proposal + "decline/", proposal_views.decline, name="decline"),
    # -- Café meetings and idea workshops (views/meetings.py) -------------------------------
    path(process + "series/", meeting_views.series_list, name="series_list"),
    path(process + "series/add/", meeting_views.series_add, name="series_add"),
    path(series, meeting_views.series, name="series"),
    path(series + "edit/", meeting_views.series_edit, name="series_edit"),
    path(series + "meetings/add/", meeting_views.meeting_add, name="meeting_add"),
    path(meeting, meeting_views.meeting, name="meeting"),
    path(meeting + "edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path(meeting + "sign-up/", meeting_views.sign_up, name="sign_up"),
    path(meeting + "cancel/", meeting_views.cancel, name="cancel"),
    path(meeting + "meeting.ics", meeting_views.meeting_ical, name="meeting_ical"),
    path(meeting + "host-kit/", meeting_views.host_kit, name="host_kit"),
    path(meeting + "input/", meeting_views.meeting_input, name="meeting_input"),
    # -- Good stories (views/stories.py) ----------------------------------------------------
    path("o/<slug:org_slug>/stories/", story_views.feed, name="feed"),
    path(initiative + "stories/add/", story_views.story_add, name="story_add"),
    path(story, story_views.story, name="story"),
    path(story + "image/", story_views.story_image, name="story_image"),
    path(story + "feature/", story_views.story_feature, name="story_feature"),
    path(story + "delete/", story_views.story_delete, name="story_delete"),
]
