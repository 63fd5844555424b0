from django.urls import path

from . import views

app_name = "privacy"

organisation = "o/<slug:org_slug>/"

urlpatterns = [
    path("record/", views.record, name="record"),
    path("me/", views.mine, name="mine"),
    path("me/downloads/", views.export_create, name="export_create"),
    path("me/downloads/<uuid:export_id>/", views.export_detail, name="export"),
    path("me/downloads/<uuid:export_id>/file/", views.export_download, name="export_download"),
    path(organisation, views.organisation, name="organisation"),
    path(organisation + "retention/", views.retention, name="retention"),
    path(
        organisation + "people/<int:member_pk>/anonymise/",
        views.anonymise,
        name="anonymise",
    ),
]
