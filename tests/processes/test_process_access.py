"""Who may see and change a process: every URL for every role, the outsider and wrong methods."""

import pytest
from django.urls import reverse

from processes.models import Phase

READERS = ["facilitator", "leader", "group_lead", "member", "external"]
NON_PLANNERS = ["leader", "group_lead", "member", "external"]

READ_PAGES = ["detail", "value_streams"]
WRITE_PAGES = ["process_edit", "participants"]
POST_ONLY = ["phase_move"]


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


def url_for(name, process):
    return reverse(f"processes:{name}", args=[process.pk])


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("name", READ_PAGES)
def test_everyone_in_the_organisation_can_read(request, as_user, process, name, role):
    client = as_user(request.getfixturevalue(role))
    response = client.get(url_for(name, process))
    assert response.status_code == 200
    assert process.title in response.content.decode()


@pytest.mark.parametrize(
    ("name", "shows"),
    [
        ("process_edit", ["<h1>Edit “{title}”</h1>", 'name="start_date"', 'value="{title}"']),
        ("participants", ["<h1>Participants</h1>", 'name="participants"', "{leader}"]),
    ],
)
def test_the_facilitator_opens_the_write_pages(as_user, facilitator, leader, process, name, shows):
    response = as_user(facilitator).get(url_for(name, process))
    assert response.status_code == 200
    for text in shows:
        assert text.format(title=process.title, leader=leader.display_name) in response.text


def test_the_facilitator_opens_the_create_page(as_user, facilitator, organisation):
    url = reverse("processes:process_create", args=[organisation.slug])
    response = as_user(facilitator).get(url)
    assert response.status_code == 200
    assert "<h1>New development process</h1>" in response.text
    assert 'name="title"' in response.text and 'name="end_date"' in response.text


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", WRITE_PAGES)
def test_other_roles_are_refused_the_write_pages(request, as_user, process, name, role):
    client = as_user(request.getfixturevalue(role))
    url = url_for(name, process)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Sneaky", "participants": []}).status_code == 403
    process.refresh_from_db()
    assert process.title != "Sneaky"


@pytest.mark.parametrize("role", NON_PLANNERS)
def test_other_roles_cannot_create_a_process(request, as_user, organisation, role):
    client = as_user(request.getfixturevalue(role))
    url = reverse("processes:process_create", args=[organisation.slug])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"title": "Sneaky", "start_date": "2027-01-01", "end_date": "2027-05-01"}
    )
    assert response.status_code == 403
    assert not organisation.processes.filter(title="Sneaky").exists()


@pytest.mark.parametrize("role", NON_PLANNERS)
def test_other_roles_cannot_move_the_phase(request, as_user, process, role):
    client = as_user(request.getfixturevalue(role))
    response = client.post(
        url_for("phase_move", process), {"direction": "next", "override_reason": "Because"}
    )
    assert response.status_code == 403
    process.refresh_from_db()
    assert process.phase == Phase.VALUE_DEBATE


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES + POST_ONLY)
def test_the_outsider_gets_404_everywhere(as_user, outsider, process, name):
    client = as_user(outsider)
    url = url_for(name, process)
    if name not in POST_ONLY:
        assert client.get(url).status_code == 404
    if name not in READ_PAGES:
        response = client.post(url, {"direction": "next", "override_reason": "x", "title": "x"})
        assert response.status_code == 404
    process.refresh_from_db()
    assert process.phase == Phase.VALUE_DEBATE


def test_the_outsider_cannot_create_a_process_in_another_organisation(
    as_user, outsider, organisation
):
    url = reverse("processes:process_create", args=[organisation.slug])
    assert as_user(outsider).get(url).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, process):
    response = client.get(url_for("detail", process))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_refuse_posts(as_user, facilitator, process, name):
    assert as_user(facilitator).post(url_for(name, process)).status_code == 405


def test_moving_the_phase_refuses_get(as_user, facilitator, process):
    assert as_user(facilitator).get(url_for("phase_move", process)).status_code == 405


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_write_pages_refuse_other_methods(as_user, facilitator, process, name):
    assert as_user(facilitator).delete(url_for(name, process)).status_code == 405
    assert as_user(facilitator).put(url_for(name, process)).status_code == 405
