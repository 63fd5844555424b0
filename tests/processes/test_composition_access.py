"""Who may compose groups: only the facilitator; 403 for other roles, 404 for outsiders."""

import pytest
from django.urls import reverse

from tests.factories import GroupFactory

NON_PLANNERS = ["leader", "group_lead", "member", "external"]
POST_ONLY = ["composition_propose", "composition_accept", "composition_move"]
ALL_NAMES = ["composition", *POST_ONLY]


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids; hash the many test users' passwords quickly."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def group(process):
    return GroupFactory(process=process, name="Fremtidens dagtilbud")


def url(name, process):
    return reverse(f"processes:{name}", args=[process.pk])


def test_the_facilitator_opens_the_page(as_user, facilitator, process, group):
    response = as_user(facilitator).get(url("composition", process))
    assert response.status_code == 200
    assert "Compose the groups" in response.text


def test_the_facilitator_can_ask_for_a_proposal(as_user, facilitator, process, group):
    response = as_user(facilitator).post(url("composition_propose", process))
    assert response.status_code == 200
    assert "A proposal, not saved yet" in response.text
    assert "Fremtidens dagtilbud" in response.text


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", ALL_NAMES)
def test_other_roles_are_refused(request, as_user, process, group, role, name):
    client = as_user(request.getfixturevalue(role))
    response = (
        client.post(url(name, process)) if name in POST_ONLY else client.get(url(name, process))
    )
    assert response.status_code == 403


@pytest.mark.parametrize("name", ALL_NAMES)
def test_an_outsider_gets_not_found(as_user, outsider, process, group, name):
    client = as_user(outsider)
    response = (
        client.post(url(name, process)) if name in POST_ONLY else client.get(url(name, process))
    )
    assert response.status_code == 404


@pytest.mark.parametrize("name", POST_ONLY)
def test_the_actions_answer_only_post(as_user, facilitator, process, group, name):
    assert as_user(facilitator).get(url(name, process)).status_code == 405


def test_the_page_answers_no_post(as_user, facilitator, process, group):
    assert as_user(facilitator).post(url("composition", process)).status_code == 405


def test_anonymous_visitors_are_sent_to_log_in(client, process):
    response = client.get(url("composition", process))
    assert response.status_code == 302
    assert "login" in response["Location"]
