from django.urls import path

from .views import frame, merge, overview, values

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
    path("<int:process_pk>/themes/<int:theme_pk>/frame/", frame.given_frame, name="given_frame"),
    path(
        "<int:process_pk>/themes/<int:theme_pk>/frame/<int:pk>/edit/",
        frame.given_frame_edit,
        name="given_frame_edit",
    ),
    path(
        "<int:process_pk>/themes/<int:theme_pk>/frame/<int:pk>/delete/",
        frame.given_frame_delete,
        name="given_frame_delete",
    ),
]
