from django.urls import path

from processes.views import groups as views

group = "<int:process_pk>/groups/<int:group_pk>/"
meeting = group + "meetings/<int:meeting_pk>/"

urlpatterns = [
    path("<int:process_pk>/groups/", views.group_list, name="group_list"),
    path("<int:process_pk>/groups/new/", views.group_create, name="group_create"),
    path(
        "<int:process_pk>/groups/from-themes/", views.groups_from_themes, name="groups_from_themes"
    ),
    path(group, views.group_detail, name="group_detail"),
    path(group + "edit/", views.group_edit, name="group_edit"),
    path(group + "delete/", views.group_delete, name="group_delete"),
    path(group + "meetings/new/", views.group_meeting_create, name="group_meeting_create"),
    path(meeting + "edit/", views.group_meeting_edit, name="group_meeting_edit"),
    path(meeting + "delete/", views.group_meeting_delete, name="group_meeting_delete"),
]
