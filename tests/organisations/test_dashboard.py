import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organisations.models import Membership
from processes.models import Phase
from tests.factories import MembershipFactory, ProcessFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_it_lists_the_organisation_with_role_and_processes(as_user, facilitator, process):
    process.phase = Phase.PRIORITISATION
    process.save()

    response = as_user(facilitator).get(HOME)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Odense Værkstederne" in html
    assert "Facilitator" in html
    assert process.title in html
    assert reverse("processes:detail", args=[process.pk]) in html
    assert "Prioritisation" in html
    assert "Feb. 1, 2027" in html


def test_it_offers_a_new_process_to_facilitators(as_user, facilitator, organisation):
    response = as_user(facilitator).get(HOME)

    assert (
        reverse("processes:process_create", args=[organisation.slug]) in response.content.decode()
    )


@pytest.mark.parametrize("role", ["leader", "group_lead", "member", "external"])
def test_it_offers_no_new_process_to_other_roles(request, client, organisation, process, role):
    membership = request.getfixturevalue(role)
    client.force_login(membership.user)

    response = client.get(HOME)

    html = response.content.decode()
    assert response.status_code == 200
    assert process.title in html
    assert membership.get_role_display() in html
    assert reverse("processes:process_create", args=[organisation.slug]) not in html


def test_it_shows_only_the_users_own_organisations(as_user, facilitator, outsider):
    hidden = ProcessFactory(organisation=outsider.organisation, title="Gjesdal sitt forløp")

    html = as_user(facilitator).get(HOME).content.decode()

    assert "Gjesdal kommune" not in html
    assert hidden.title not in html


def test_it_welcomes_a_person_without_organisation(client):
    client.force_login(UserFactory())

    response = client.get(HOME)

    html = response.content.decode()
    assert "You are not part of an organisation yet." in html
    assert reverse("organisations:create") in html


def test_it_shows_an_organisation_without_processes(as_user, facilitator):
    html = as_user(facilitator).get(HOME).content.decode()

    assert "No development processes yet." in html


def _queries_for_home(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(HOME)
    assert response.status_code == 200
    return len(queries)


def test_its_query_count_does_not_grow_with_processes_or_organisations(client):
    user = UserFactory()
    client.force_login(user)
    first = MembershipFactory(user=user, role=Membership.Role.FACILITATOR).organisation
    ProcessFactory.create_batch(2, organisation=first)
    with_two = _queries_for_home(client)

    ProcessFactory.create_batch(8, organisation=first)
    for _ in range(3):
        other = MembershipFactory(user=user, role=Membership.Role.MEMBER).organisation
        ProcessFactory.create_batch(3, organisation=other)
    with_many = _queries_for_home(client)

    assert with_many == with_two


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    response = client.get(HOME)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_post(as_user, facilitator):
    assert as_user(facilitator).post(HOME).status_code == 405
