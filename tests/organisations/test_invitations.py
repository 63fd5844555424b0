import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from organisations.models import Invitation, Membership
from tests.factories import PASSWORD, InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
OTHER_ROLES = ["leader", "group_lead", "member", "external"]
NEW_PASSWORD = "Værdier-i-centrum-2027"


def invite_url(organisation):
    return reverse("organisations:invitation_create", args=[organisation.slug])


def _invite_data(**overrides):
    data = {
        "email": "Ny.Kollega@Example.org ",
        "first_name": "Ny",
        "last_name": "Kollega",
        "role": Role.MEMBER,
        "department": "Træ",
        "professional_background": "Pædagog",
        "start_year": "2024",
        "is_external": "",
    }
    data.update(overrides)
    return data


def _link_in(message):
    return re.search(r"https://qualityhub\.example(/invite/[^/\s]+/)", message.body).group(1)


# -- Inviting ---------------------------------------------------------------------------------


def test_the_facilitator_invites_by_email(
    as_user, facilitator, organisation, django_capture_on_commit_callbacks
):
    # The email is sent by a task after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(invite_url(organisation), _invite_data())

    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "ny.kollega@example.org"
    assert (invitation.role, invitation.department, invitation.start_year) == (
        Role.MEMBER,
        "Træ",
        2024,
    )
    assert invitation.invited_by == facilitator.user
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ny.kollega@example.org"]
    assert "Odense Værkstederne" in message.subject
    assert f"https://qualityhub.example{invitation.get_absolute_url()}" in message.body


def test_the_invite_form_renders(as_user, facilitator, organisation):
    response = as_user(facilitator).get(invite_url(organisation))

    assert response.status_code == 200
    assert 'name="email"' in response.content.decode()


def test_it_rejects_an_invalid_email(as_user, facilitator, organisation):
    response = as_user(facilitator).post(invite_url(organisation), _invite_data(email="nope"))

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_rejects_the_email_of_a_member(as_user, facilitator, member, organisation):
    data = _invite_data(email=member.user.email.upper())

    response = as_user(facilitator).post(invite_url(organisation), data)

    assert response.status_code == 200
    assert "already a member of the organisation" in response.content.decode()
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_it_rejects_a_second_pending_invitation_for_the_same_email(
    as_user, facilitator, organisation
):
    InvitationFactory(organisation=organisation, email="ny.kollega@example.org")

    response = as_user(facilitator).post(invite_url(organisation), _invite_data())

    assert "already has an invitation waiting" in response.content.decode()
    assert Invitation.objects.count() == 1


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_invite(request, client, organisation, role):
    client.force_login(request.getfixturevalue(role).user)

    assert client.get(invite_url(organisation)).status_code == 403
    assert client.post(invite_url(organisation), _invite_data()).status_code == 403
    assert not Invitation.objects.exists()


def test_inviting_is_404_for_an_outsider(as_user, outsider, organisation):
    assert as_user(outsider).post(invite_url(organisation), _invite_data()).status_code == 404
    assert mail.outbox == []


# -- Resending and withdrawing ------------------------------------------------------------------


def _action_url(name, invitation):
    return reverse(f"organisations:{name}", args=[invitation.organisation.slug, invitation.pk])


def test_the_facilitator_resends_an_expired_invitation(
    as_user, facilitator, organisation, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(
        organisation=organisation, expires_at=timezone.now() - timedelta(days=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(_action_url("invitation_resend", invitation))

    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.is_usable
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [invitation.email]


def test_the_facilitator_withdraws_an_invitation_and_its_link_stops_working(
    as_user, facilitator, organisation, client
):
    invitation = InvitationFactory(organisation=organisation)

    response = as_user(facilitator).post(_action_url("invitation_revoke", invitation))

    assert response.status_code == 302
    assert not Invitation.objects.exists()
    client.logout()
    page = client.get(invitation.get_absolute_url())
    assert page.status_code == 404
    assert "This invitation link is not valid" in page.content.decode()


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_revoke"])
@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_resend_or_withdraw(request, client, organisation, role, action):
    invitation = InvitationFactory(organisation=organisation)
    client.force_login(request.getfixturevalue(role).user)

    assert client.post(_action_url(action, invitation)).status_code == 403
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_revoke"])
def test_resending_or_withdrawing_is_404_for_an_outsider(as_user, outsider, organisation, action):
    invitation = InvitationFactory(organisation=organisation)

    assert as_user(outsider).post(_action_url(action, invitation)).status_code == 404


@pytest.mark.parametrize("action", ["invitation_resend", "invitation_revoke"])
def test_resending_or_withdrawing_refuses_get(as_user, facilitator, organisation, action):
    invitation = InvitationFactory(organisation=organisation)

    assert as_user(facilitator).get(_action_url(action, invitation)).status_code == 405


def test_a_facilitator_cannot_withdraw_another_organisations_invitation(
    as_user, facilitator, outsider
):
    foreign = InvitationFactory(organisation=outsider.organisation)
    url = reverse(
        "organisations:invitation_revoke", args=[facilitator.organisation.slug, foreign.pk]
    )

    assert as_user(facilitator).post(url).status_code == 404
    assert Invitation.objects.filter(pk=foreign.pk).exists()


# -- Accepting --------------------------------------------------------------------------------


def _accept_data(**overrides):
    data = {
        "first_name": "Ny",
        "last_name": "Kollega",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def test_an_invited_person_follows_the_emailed_link_and_joins(
    as_user, facilitator, client, django_capture_on_commit_callbacks
):
    organisation = facilitator.organisation
    with django_capture_on_commit_callbacks(execute=True):
        as_user(facilitator).post(
            invite_url(organisation),
            _invite_data(role=Role.GROUP_LEAD, is_external="on"),
        )
    client.logout()
    link = _link_in(mail.outbox[0])

    form = client.get(link)
    response = client.post(link, _accept_data())

    assert form.status_code == 200
    assert 'value="Ny"' in form.content.decode()
    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    user = get_user_model().objects.get(username="ny.kollega@example.org")
    assert user.email == "ny.kollega@example.org"
    assert user.check_password(NEW_PASSWORD)
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == Role.GROUP_LEAD
    assert (membership.department, membership.professional_background) == ("Træ", "Pædagog")
    assert (membership.start_year, membership.is_external) == (2024, True)
    assert Invitation.objects.get().accepted_at is not None
    # Logged in straight away.
    assert "Welcome to Odense Værkstederne" in client.get(response["Location"]).content.decode()


def test_the_accept_page_is_public(client):
    invitation = InvitationFactory()

    assert client.get(invitation.get_absolute_url()).status_code == 200


def test_it_rejects_a_weak_password(client):
    invitation = InvitationFactory()

    response = client.post(
        invitation.get_absolute_url(),
        _accept_data(new_password1="12345678", new_password2="12345678"),
    )

    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not get_user_model().objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_it_rejects_two_different_passwords(client):
    invitation = InvitationFactory()

    response = client.post(
        invitation.get_absolute_url(), _accept_data(new_password2=NEW_PASSWORD + "x")
    )

    assert "The two passwords are not the same." in response.content.decode()
    assert not get_user_model().objects.exists()


def test_an_invitation_works_only_once(client):
    invitation = InvitationFactory()
    client.post(invitation.get_absolute_url(), _accept_data())
    client.logout()

    again = client.get(invitation.get_absolute_url())
    post_again = client.post(invitation.get_absolute_url(), _accept_data(first_name="Other"))

    assert again.status_code == 410
    assert "This invitation has already been used" in again.content.decode()
    assert post_again.status_code == 410
    assert get_user_model().objects.count() == 1


def test_an_expired_invitation_asks_for_a_new_one(client):
    invitation = InvitationFactory(expires_at=timezone.now() - timedelta(minutes=1))

    response = client.post(invitation.get_absolute_url(), _accept_data())

    assert response.status_code == 410
    html = response.content.decode()
    assert "This invitation has expired" in html
    assert "Ask the facilitator of" in html
    assert not get_user_model().objects.exists()


def test_an_unknown_token_is_404(client):
    response = client.get(reverse("accept_invitation", args=["not-a-token"]))

    assert response.status_code == 404


def test_an_existing_account_is_asked_to_log_in_first(client, organisation):
    UserFactory(username="kendt@example.org")
    invitation = InvitationFactory(organisation=organisation, email="kendt@example.org")

    response = client.get(invitation.get_absolute_url())

    assert response.status_code == 200
    html = response.content.decode()
    assert "Log in to accept the invitation" in html
    assert f"{reverse('login')}?next={invitation.get_absolute_url()}" in html
    assert not Membership.objects.exists()


def test_an_existing_account_logs_in_and_accepts(client, organisation):
    invitation = InvitationFactory(
        organisation=organisation, email="kendt@example.org", role=Role.LEADER, department="Metal"
    )
    UserFactory(username="kendt@example.org")
    login = client.post(
        reverse("login"),
        {
            "username": "kendt@example.org",
            "password": PASSWORD,
            "next": invitation.get_absolute_url(),
        },
    )
    assert login["Location"] == invitation.get_absolute_url()

    page = client.get(invitation.get_absolute_url())
    response = client.post(invitation.get_absolute_url())

    assert "Join Odense Værkstederne" in page.content.decode()
    assert response.status_code == 302
    membership = Membership.objects.get(organisation=organisation)
    assert membership.user.username == "kendt@example.org"
    assert (membership.role, membership.department) == (Role.LEADER, "Metal")
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_a_logged_in_person_with_another_email_gets_a_clear_error(as_user, outsider, organisation):
    invitation = InvitationFactory(organisation=organisation, email="someone@example.org")

    response = as_user(outsider).post(invitation.get_absolute_url())

    assert response.status_code == 403
    html = response.content.decode()
    assert "This invitation is for someone else" in html
    assert "someone@example.org" in html
    assert not Membership.objects.filter(organisation=organisation).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_the_accept_page_refuses_put(client):
    invitation = InvitationFactory()

    assert client.put(invitation.get_absolute_url()).status_code == 405
