from django.urls import path

from .views import frame, ideas, influence, merge, overview, rounds, settings, values

app_name = "debate"

urlpatterns = [
    path("<int:process_pk>/", overview.overview, name="overview"),
    path("<int:process_pk>/groups/<int:group_pk>/", values.group_debate, name="group_debate"),
    path("<int:process_pk>/groups/<int:group_pk>/merge/", merge.merge, name="merge"),
    path("<int:process_pk>/values/<int:value_pk>/", values.value_detail, name="value_detail"),
    path("<int:process_pk>/values/<int:value_pk>/edit/", values.value_edit, name="value_edit"),
    path(
        "<int:process_pk>/values/<int:value_pk>/comments/",
        values.value_comment,
        name="value_comment",
    ),
    path(
        "<int:process_pk>/values/<int:value_pk>/relations/",
        values.value_relate,
        name="value_relate",
    ),
    path(
        "<int:process_pk>/values/<int:value_pk>/relations/<int:relation_pk>/delete/",
        values.relation_delete,
        name="relation_delete",
    ),
    path("<int:process_pk>/values/<int:value_pk>/ideal/", values.value_ideal, name="value_ideal"),
    path("<int:process_pk>/merges/<int:merge_pk>/undo/", merge.undo_merge, name="undo_merge"),
    path("<int:process_pk>/settings/", settings.debate_settings, name="settings"),
    path("<int:process_pk>/rounds/", rounds.round_list, name="round_list"),
    path("<int:process_pk>/rounds/new/", rounds.round_create, name="round_create"),
    path("<int:process_pk>/rounds/<int:round_pk>/", rounds.round_detail, name="round_detail"),
    path("<int:process_pk>/rounds/<int:round_pk>/dots/", rounds.round_dot, name="round_dot"),
    path("<int:process_pk>/rounds/<int:round_pk>/close/", rounds.round_close, name="round_close"),
    path(
        "<int:process_pk>/rounds/<int:round_pk>/candidates/<int:candidate_pk>/ideal/",
        rounds.round_ideal,
        name="round_ideal",
    ),
    path("<int:process_pk>/groups/<int:group_pk>/ideas/", ideas.idea_list, name="idea_list"),
    path("<int:process_pk>/ideas/<int:idea_pk>/", ideas.idea_detail, name="idea_detail"),
    path("<int:process_pk>/ideas/<int:idea_pk>/edit/", ideas.idea_edit, name="idea_edit"),
    path("<int:process_pk>/ideas/<int:idea_pk>/status/", ideas.idea_status, name="idea_status"),
    path(
        "<int:process_pk>/groups/<int:group_pk>/influence/",
        influence.influence,
        name="influence",
    ),
    path(
        "<int:process_pk>/groups/<int:group_pk>/influence/examples/",
        influence.influence_examples,
        name="influence_examples",
    ),
    path(
        "<int:process_pk>/influence/<int:item_pk>/move/",
        influence.influence_move,
        name="influence_move",
    ),
    path(
        "<int:process_pk>/influence/<int:item_pk>/edit/",
        influence.influence_edit,
        name="influence_edit",
    ),
    path(
        "<int:process_pk>/influence/<int:item_pk>/delete/",
        influence.influence_delete,
        name="influence_delete",
    ),
    path("<int:process_pk>/themes/<int:theme_pk>/frame/", frame.given_frame, name="given_frame"),
    path(
        "<int:process_pk>/themes/<int:theme_pk>/frame/<int:condition_pk>/edit/",
        frame.given_frame_edit,
        name="given_frame_edit",
    ),
    path(
        "<int:process_pk>/themes/<int:theme_pk>/frame/<int:condition_pk>/delete/",
        frame.given_frame_delete,
        name="given_frame_delete",
    ),
]
