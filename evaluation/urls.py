from django.urls import path

from .views import initiatives as initiative_views
from .views import process as process_views
from .views import quality_team as team_views
from .views import reflection as reflection_views

app_name = "evaluation"

process = "<int:process_pk>/"
question = process + "questions/<int:question_pk>/"
initiative = process + "initiatives/<int:initiative_pk>/"
team = "organisation/<slug:org_slug>/quality-team/"

urlpatterns = [
    # -- The participants' evaluation of the process (views/process.py) ----------------------
    path(process, process_views.home, name="process"),
    path(process + "prepare/", process_views.prepare, name="prepare"),
    path(process + "settings/", process_views.settings, name="settings"),
    path(process + "questions/", process_views.questions, name="questions"),
    path(question + "edit/", process_views.question_edit, name="question_edit"),
    path(question + "delete/", process_views.question_delete, name="question_delete"),
    path(question + "move/", process_views.question_move, name="question_move"),
    path(process + "open/", process_views.open_evaluation, name="open"),
    path(process + "close/", process_views.close_evaluation, name="close"),
    path(process + "remind/", process_views.remind, name="remind"),
    path(process + "answer/", process_views.answer, name="answer"),
    path(process + "results/", process_views.results_page, name="results"),
    # -- Initiative evaluations (views/initiatives.py) ----------------------------------------
    path(process + "initiatives/", initiative_views.ratings, name="ratings"),
    path(initiative, initiative_views.initiative, name="initiative"),
    path(initiative + "edit/", initiative_views.initiative_edit, name="initiative_edit"),
    # -- The quality team (views/quality_team.py) ---------------------------------------------
    path(team, team_views.team, name="quality_team"),
    path(team + "set-up/", team_views.setup, name="team_setup"),
    path(team + "edit/", team_views.team_edit, name="team_edit"),
    path(team + "members/add/", team_views.seat_add, name="seat_add"),
    path(team + "members/<int:seat_pk>/edit/", team_views.seat_edit, name="seat_edit"),
    path(team + "members/<int:seat_pk>/remove/", team_views.seat_remove, name="seat_remove"),
    path(team + "cadence/<str:level>/", team_views.cadence_edit, name="cadence_edit"),
    # -- Reflection questions and meetings (views/reflection.py) ------------------------------
    path(team + "questions/", reflection_views.questions, name="reflection_questions"),
    path(
        team + "questions/<int:question_pk>/edit/",
        reflection_views.question_edit,
        name="reflection_question_edit",
    ),
    path(
        team + "questions/<int:question_pk>/delete/",
        reflection_views.question_delete,
        name="reflection_question_delete",
    ),
    path(team + "meetings/", reflection_views.meetings, name="meetings"),
    path(team + "meetings/add/", reflection_views.meeting_add, name="meeting_add"),
    path(team + "meetings/<int:meeting_pk>/", reflection_views.meeting, name="meeting"),
    path(
        team + "meetings/<int:meeting_pk>/edit/", reflection_views.meeting_edit, name="meeting_edit"
    ),
]
