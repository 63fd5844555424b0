from django.urls import path

from processes.views import process as views

urlpatterns = [
    path("new/<slug:org_slug>/", views.process_create, name="process_create"),
    path("<int:process_pk>/", views.process_detail, name="detail"),
    path("<int:process_pk>/edit/", views.process_edit, name="process_edit"),
    path("<int:process_pk>/participants/", views.participants, name="participants"),
    path("<int:process_pk>/phase/", views.phase_move, name="phase_move"),
    path("<int:process_pk>/value-streams/", views.value_streams, name="value_streams"),
]
