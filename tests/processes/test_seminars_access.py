"""Who may see and change seminars: every URL for every role, the outsider and wrong methods."""

import pytest
from django.urls import reverse

from processes.models import Seminar
from tests.factories import AgendaItemFactory, SeminarFactory

READERS = ["facilitator", "leader", "group_lead", "member", "external"]
NON_PLANNERS = ["leader", "group_lead", "member", "external"]


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def seminar(process):
    seminar = SeminarFactory(process=process, place="Værkstedet, Odense")
    for position in range(3):
        AgendaItemFactory(seminar=seminar, position=position)
    return seminar


@pytest.fixture
def item(seminar):
    return seminar.agenda_items.first()


def url_for(name, process, seminar, item):
    if name in {"seminar_list", "seminar_create", "seminar_plan", "process_ical"}:
        return reverse(f"processes:{name}", args=[process.pk])
    if name.startswith("agenda_item_") and name != "agenda_item_create":
        return reverse(f"processes:{name}", args=[process.pk, seminar.pk, item.pk])
    return reverse(f"processes:{name}", args=[process.pk, seminar.pk])


READ_PAGES = ["seminar_list", "seminar_detail", "seminar_print", "seminar_ical", "process_ical"]
WRITE_PAGES = [
    "seminar_create",
    "seminar_edit",
    "seminar_delete",
    "seminar_summary",
    "agenda_item_edit",
    "agenda_item_delete",
]
POST_ONLY = ["seminar_plan", "agenda_item_create", "agenda_item_move"]
ALL_NAMES = READ_PAGES + WRITE_PAGES + POST_ONLY


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("name", READ_PAGES)
def test_everyone_in_the_organisation_can_read(
    request, as_user, process, seminar, item, name, role
):
    client = as_user(request.getfixturevalue(role))
    response = client.get(url_for(name, process, seminar, item))
    assert response.status_code == 200
    if name.endswith("_ical"):
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert "BEGIN:VEVENT" in response.text
        assert "Værkstedet" in response.text
    elif name == "seminar_list":
        assert "<h1>Seminars</h1>" in response.text
        assert seminar.get_absolute_url() in response.text
    else:
        assert f">{seminar.display_title}</h1>" in response.text
        assert all(i.title in response.text for i in seminar.agenda_items.all())


WRITE_PAGE_SHOWS = {
    "seminar_create": ["<h1>Create a seminar</h1>", 'name="start_time"'],
    "seminar_edit": ["<h1>Edit “{seminar}”</h1>", 'value="Værkstedet, Odense"'],
    "seminar_delete": ["<h1>Delete “{seminar}”?</h1>"],
    "seminar_summary": ["<h1>Written summary of “{seminar}”</h1>", 'name="summary"'],
    "agenda_item_edit": ["Edit the item at 09:00", 'value="{item}"'],
    "agenda_item_delete": ["{item}", "Delete"],
}


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_the_facilitator_opens_the_write_pages(as_user, facilitator, process, seminar, item, name):
    response = as_user(facilitator).get(url_for(name, process, seminar, item))
    assert response.status_code == 200
    for text in WRITE_PAGE_SHOWS[name]:
        assert text.format(seminar=seminar.display_title, item=item.title) in response.text


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", WRITE_PAGES)
def test_other_roles_are_refused_the_write_pages(
    request, as_user, process, seminar, item, name, role
):
    client = as_user(request.getfixturevalue(role))
    url = url_for(name, process, seminar, item)
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "x", "summary": "x"}).status_code == 403


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", POST_ONLY)
def test_other_roles_cannot_post_changes(request, as_user, process, seminar, item, name, role):
    client = as_user(request.getfixturevalue(role))
    response = client.post(
        url_for(name, process, seminar, item),
        {"direction": "up", "new-title": "Sneaky", "new-duration_minutes": 30},
    )
    assert response.status_code == 403


def test_refused_writes_change_nothing(as_user, member, process, seminar, item):
    client = as_user(member)
    client.post(url_for("seminar_delete", process, seminar, item))
    client.post(url_for("agenda_item_delete", process, seminar, item))
    client.post(url_for("seminar_summary", process, seminar, item), {"summary": "Hacked"})
    seminar.refresh_from_db()
    assert seminar.agenda_items.count() == 3
    assert seminar.summary == ""


@pytest.mark.parametrize("name", ALL_NAMES)
def test_the_outsider_gets_404_everywhere(as_user, outsider, process, seminar, item, name):
    client = as_user(outsider)
    url = url_for(name, process, seminar, item)
    assert client.get(url).status_code in {404, 405}
    assert client.post(url, {"direction": "up"}).status_code in {404, 405}
    # Every URL answers 404 for at least the method it supports.
    method = client.post if name in POST_ONLY else client.get
    assert method(url).status_code == 404


def test_a_seminar_of_another_process_is_not_found(as_user, facilitator, process, seminar):
    other = SeminarFactory(process__organisation=process.organisation)
    url = reverse("processes:seminar_detail", args=[process.pk, other.pk])
    assert as_user(facilitator).get(url).status_code == 404


def test_an_item_of_another_seminar_is_not_found(as_user, facilitator, process, seminar):
    other_item = AgendaItemFactory(seminar=SeminarFactory(process=process))
    url = reverse("processes:agenda_item_edit", args=[process.pk, seminar.pk, other_item.pk])
    assert as_user(facilitator).get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["seminar_list", "seminar_detail", "seminar_print", "seminar_ical", "process_ical"]
)
def test_read_pages_refuse_post(as_user, facilitator, process, seminar, item, name):
    assert as_user(facilitator).post(url_for(name, process, seminar, item)).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_post_only_urls_refuse_get(as_user, facilitator, process, seminar, item, name):
    assert as_user(facilitator).get(url_for(name, process, seminar, item)).status_code == 405


@pytest.mark.parametrize("name", WRITE_PAGES)
def test_write_pages_refuse_put_and_delete(as_user, facilitator, process, seminar, item, name):
    client = as_user(facilitator)
    url = url_for(name, process, seminar, item)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert Seminar.objects.filter(pk=seminar.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, process, seminar):
    response = client.get(reverse("processes:seminar_detail", args=[process.pk, seminar.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("name", READ_PAGES + WRITE_PAGES)
def test_head_requests_are_answered_and_change_nothing(
    as_user, facilitator, process, seminar, item, name
):
    response = as_user(facilitator).head(url_for(name, process, seminar, item))
    assert response.status_code == 200
    assert seminar.agenda_items.count() == 3
    assert Seminar.objects.filter(pk=seminar.pk).exists()
