"""Pages of one organisation, under /o/<slug>/ (namespace `organisations`)."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    # "new" is reserved: services.create_organisation never gives an organisation that slug.
    path("new/", views.organisation_create, name="create"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/profile/", views.my_profile, name="my_profile"),
    path("<slug:slug>/members/<int:pk>/", views.member_edit, name="member_edit"),
    path("<slug:slug>/members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("<slug:slug>/invitations/new/", views.invitation_create, name="invitation_create"),
    path(
        "<slug:slug>/invitations/<int:pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
