from django.urls import path

from . import views

app_name = "live"

urlpatterns = [
    path("<int:process_pk>/seminars/<int:seminar_pk>/board/", views.board, name="board"),
    path(
        "<int:process_pk>/seminars/<int:seminar_pk>/control/",
        views.seminar_control,
        name="seminar_control",
    ),
    path(
        "<int:process_pk>/seminars/<int:seminar_pk>/groups/<int:group_pk>/live/",
        views.live_group,
        name="live_group",
    ),
    path(
        "<int:process_pk>/seminars/<int:seminar_pk>/board/events/",
        views.board_events,
        name="board_events",
    ),
    path(
        "<int:process_pk>/seminars/<int:seminar_pk>/groups/<int:group_pk>/live/events/",
        views.group_events,
        name="group_events",
    ),
    path("join/", views.join, name="join"),
]
