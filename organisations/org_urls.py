"""Pages of one organisation, under /o/<slug>/ (namespace `organisations`)."""

from django.urls import path

from . import views

app_name = "organisations"

urlpatterns = [
    # "new" is reserved: services.create_organisation never gives an organisation that slug.
    path("new/", views.organisation_create, name="create"),
    path("<slug:org_slug>/", views.organisation_detail, name="detail"),
    path("<slug:org_slug>/profile/", views.my_profile, name="my_profile"),
    path("<slug:org_slug>/members/<int:member_pk>/", views.member_edit, name="member_edit"),
    path(
        "<slug:org_slug>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"
    ),
    path("<slug:org_slug>/invitations/new/", views.invitation_create, name="invitation_create"),
    path(
        "<slug:org_slug>/invitations/<int:invitation_pk>/resend/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "<slug:org_slug>/invitations/<int:invitation_pk>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
