import pytest
from django.urls import reverse

from organisations.models import Membership, Organisation
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role
OTHER_ROLES = ["leader", "group_lead", "member", "external"]
ALL_ROLES = ["facilitator", *OTHER_ROLES]


def detail_url(organisation):
    return reverse("organisations:detail", args=[organisation.slug])


def edit_url(membership):
    return reverse("organisations:member_edit", args=[membership.organisation.slug, membership.pk])


def remove_url(membership):
    return reverse(
        "organisations:member_remove", args=[membership.organisation.slug, membership.pk]
    )


# -- Creating an organisation -----------------------------------------------------------------


def test_anyone_logged_in_can_create_an_organisation_and_becomes_its_facilitator(client):
    user = UserFactory()
    client.force_login(user)

    response = client.post(
        reverse("organisations:create"), {"name": "Gjesdal kommune", "country": "NO"}
    )

    organisation = Organisation.objects.get(name="Gjesdal kommune")
    assert organisation.country == "NO"
    assert response.status_code == 302
    assert response["Location"] == detail_url(organisation)
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert membership.role == Role.FACILITATOR
    page = client.get(response["Location"]).content.decode()
    assert "Gjesdal kommune was created" in page


def test_it_shows_the_create_form(as_user, member):
    response = as_user(member).get(reverse("organisations:create"))

    assert response.status_code == 200
    assert 'name="name"' in response.content.decode()


def test_it_rejects_an_organisation_without_name(client):
    client.force_login(UserFactory())

    response = client.post(reverse("organisations:create"), {"name": " ", "country": "DK"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not Organisation.objects.exists()


def test_it_never_gives_an_organisation_the_slug_of_the_create_page(client):
    client.force_login(UserFactory())

    client.post(reverse("organisations:create"), {"name": "New", "country": "DK"})

    organisation = Organisation.objects.get(name="New")
    assert organisation.slug != "new"
    assert client.get(detail_url(organisation)).status_code == 200


def test_it_refuses_to_create_for_anonymous_visitors(client):
    response = client.post(reverse("organisations:create"), {"name": "X", "country": "DK"})

    assert response.status_code == 302
    assert not Organisation.objects.exists()


# -- The organisation page ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_member_sees_the_member_list(request, client, organisation, role):
    membership = request.getfixturevalue(role)
    colleague = MembershipFactory(
        organisation=organisation,
        department="Træværkstedet",
        professional_background="Tømrer",
        start_year=2001,
        is_external=True,
    )
    client.force_login(membership.user)

    response = client.get(detail_url(organisation))

    html = response.content.decode()
    assert response.status_code == 200
    assert colleague.display_name in html
    assert "Træværkstedet" in html
    assert "Tømrer" in html
    assert '<th scope="col">Years in the organisation</th>' in html


def test_the_facilitator_sees_emails_and_pending_invitations(as_user, facilitator, member):
    organisation = facilitator.organisation
    organisation.invitations.create(email="invited@example.org", invited_by=facilitator.user)

    html = as_user(facilitator).get(detail_url(organisation)).content.decode()

    assert member.user.email in html
    assert "invited@example.org" in html
    assert edit_url(member) in html


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_see_no_emails_invitations_or_edit_links(request, client, facilitator, role):
    membership = request.getfixturevalue(role)
    organisation = membership.organisation
    organisation.invitations.create(email="invited@example.org")
    client.force_login(membership.user)

    html = client.get(detail_url(organisation)).content.decode()

    assert facilitator.user.email not in html
    assert "invited@example.org" not in html
    assert edit_url(facilitator) not in html
    assert "Invite a person" not in html


def test_the_organisation_page_is_404_for_an_outsider(as_user, outsider, organisation):
    assert as_user(outsider).get(detail_url(organisation)).status_code == 404


def test_the_organisation_page_refuses_post(as_user, facilitator, organisation):
    assert as_user(facilitator).post(detail_url(organisation)).status_code == 405


# -- Editing a member -------------------------------------------------------------------------


def _member_data(**overrides):
    data = {
        "role": Role.GROUP_LEAD,
        "department": "Metal",
        "professional_background": "Smed",
        "start_year": "2010",
        "is_external": "",
    }
    data.update(overrides)
    return data


def test_the_facilitator_changes_a_members_role_and_profile(as_user, facilitator, member):
    response = as_user(facilitator).post(edit_url(member), _member_data(is_external="on"))

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == Role.GROUP_LEAD
    assert member.department == "Metal"
    assert member.professional_background == "Smed"
    assert member.start_year == 2010
    assert member.is_external is True


def test_the_edit_form_shows_the_members_values(as_user, facilitator, member):
    response = as_user(facilitator).get(edit_url(member))

    assert response.status_code == 200
    assert f'value="{member.department}"' in response.content.decode()


def test_it_rejects_a_start_year_in_the_future(as_user, facilitator, member):
    response = as_user(facilitator).post(edit_url(member), _member_data(start_year="2999"))

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    member.refresh_from_db()
    assert member.role == Role.MEMBER


def test_the_last_facilitator_cannot_give_up_the_role(as_user, facilitator):
    # The factory may have drawn "Metal" already; start from a department the form won't send.
    facilitator.department = "Kantine"
    facilitator.save(update_fields=["department"])

    response = as_user(facilitator).post(edit_url(facilitator), _member_data(role=Role.MEMBER))

    assert response.status_code == 200
    assert "needs at least one facilitator" in response.content.decode()
    facilitator.refresh_from_db()
    assert facilitator.role == Role.FACILITATOR
    assert facilitator.department == "Kantine"


def test_a_facilitator_can_step_down_when_another_remains(as_user, facilitator, organisation):
    MembershipFactory(organisation=organisation, role=Role.FACILITATOR)

    response = as_user(facilitator).post(edit_url(facilitator), _member_data(role=Role.MEMBER))

    assert response.status_code == 302
    facilitator.refresh_from_db()
    assert facilitator.role == Role.MEMBER


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_edit_members(request, client, member, role):
    membership = request.getfixturevalue(role)
    client.force_login(membership.user)

    assert client.get(edit_url(member)).status_code == 403
    assert client.post(edit_url(member), _member_data()).status_code == 403
    member.refresh_from_db()
    assert member.role == Role.MEMBER


def test_editing_a_member_is_404_for_an_outsider(as_user, outsider, member):
    assert as_user(outsider).post(edit_url(member), _member_data()).status_code == 404


def test_a_facilitator_cannot_edit_a_member_of_another_organisation(as_user, facilitator, outsider):
    url = reverse("organisations:member_edit", args=[facilitator.organisation.slug, outsider.pk])

    assert as_user(facilitator).post(url, _member_data()).status_code == 404
    outsider.refresh_from_db()
    assert outsider.role == Role.FACILITATOR


def test_editing_a_member_refuses_delete(as_user, facilitator, member):
    assert as_user(facilitator).delete(edit_url(member)).status_code == 405


# -- Removing a member ------------------------------------------------------------------------


def test_the_facilitator_removes_a_member_after_confirming(as_user, facilitator, member):
    client = as_user(facilitator)

    confirm = client.get(remove_url(member))
    response = client.post(remove_url(member))

    assert confirm.status_code == 200
    assert f"Remove {member.display_name}" in confirm.content.decode()
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert member.user.__class__.objects.filter(pk=member.user_id).exists()


def test_the_last_facilitator_cannot_remove_themselves(as_user, facilitator):
    response = as_user(facilitator).post(remove_url(facilitator))

    assert response.status_code == 400
    assert "needs at least one facilitator" in response.content.decode()
    assert Membership.objects.filter(pk=facilitator.pk).exists()


def test_a_facilitator_can_leave_when_another_remains(as_user, facilitator, organisation):
    MembershipFactory(organisation=organisation, role=Role.FACILITATOR)

    response = as_user(facilitator).post(remove_url(facilitator))

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert not Membership.objects.filter(pk=facilitator.pk).exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_other_roles_cannot_remove_members(request, client, member, role):
    membership = request.getfixturevalue(role)
    client.force_login(membership.user)

    assert client.post(remove_url(member)).status_code == 403
    assert Membership.objects.filter(pk=member.pk).exists()


def test_removing_a_member_is_404_for_an_outsider(as_user, outsider, member):
    assert as_user(outsider).post(remove_url(member)).status_code == 404
    assert Membership.objects.filter(pk=member.pk).exists()


# -- My profile -------------------------------------------------------------------------------


def profile_url(organisation):
    return reverse("organisations:my_profile", args=[organisation.slug])


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_member_edits_their_own_profile(request, client, organisation, role):
    membership = request.getfixturevalue(role)
    client.force_login(membership.user)

    response = client.post(
        profile_url(organisation),
        {
            "first_name": "Inger",
            "last_name": "Holm",
            "department": "Kantinen",
            "professional_background": "Kok",
            "start_year": "1999",
            "birth_year": "1970",
        },
    )

    assert response.status_code == 302
    membership.refresh_from_db()
    membership.user.refresh_from_db()
    assert membership.user.get_full_name() == "Inger Holm"
    assert (membership.department, membership.professional_background) == ("Kantinen", "Kok")
    assert (membership.start_year, membership.birth_year) == (1999, 1970)
    assert membership.role == role


def test_the_profile_form_shows_current_values(as_user, member, organisation):
    response = as_user(member).get(profile_url(organisation))

    assert response.status_code == 200
    assert f'value="{member.department}"' in response.content.decode()


def test_the_profile_rejects_a_birth_year_in_the_future(as_user, member, organisation):
    response = as_user(member).post(
        profile_url(organisation), {"first_name": "Inger", "birth_year": "2999"}
    )

    assert response.status_code == 200
    member.refresh_from_db()
    assert member.birth_year is None


def test_the_profile_page_is_404_for_an_outsider(as_user, outsider, organisation):
    assert as_user(outsider).get(profile_url(organisation)).status_code == 404


def test_the_profile_page_refuses_put(as_user, member, organisation):
    assert as_user(member).put(profile_url(organisation)).status_code == 405


def test_the_address_spells_out_danish_and_norwegian_letters(client):
    client.force_login(UserFactory())

    client.post(reverse("organisations:create"), {"name": "Ærø Sø Åbo", "country": "DK"})

    assert Organisation.objects.get().slug == "aeroe-soe-aabo"
