"""Who may see and change groups and their meetings: every URL for every role, the outsider,
wrong methods, and a group lead who plans their own group's meetings but no other's."""

import pytest
from django.urls import reverse

from processes.models import Group, GroupMeeting
from tests.factories import GroupFactory, GroupMeetingFactory, ThemeFactory

READERS = ["facilitator", "leader", "group_lead", "member", "external"]
NON_PLANNERS = ["leader", "group_lead", "member", "external"]


@pytest.fixture(autouse=True)
def fast_english(settings):
    """English msgids on the page; a fast password hasher for the many users created."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def group(process, facilitator, leader, group_lead, member, external):
    process.participants.add(facilitator, leader, group_lead, member, external)
    group = GroupFactory(process=process, name="Brugerinddragelse", lead=group_lead)
    group.members.add(group_lead, member, through_defaults={"process": process})
    return group


@pytest.fixture
def meeting(group):
    return GroupMeetingFactory(group=group, place="Værkstedet")


def url_for(name, process, group, meeting):
    if name in {"group_list", "group_create", "groups_from_themes"}:
        return reverse(f"processes:{name}", args=[process.pk])
    if name in {"group_meeting_edit", "group_meeting_delete"}:
        return reverse(f"processes:{name}", args=[process.pk, group.pk, meeting.pk])
    return reverse(f"processes:{name}", args=[process.pk, group.pk])


READ_PAGES = ["group_list", "group_detail"]
PLANNER_PAGES = ["group_create", "group_edit", "group_delete"]
MEETING_PAGES = ["group_meeting_create", "group_meeting_edit", "group_meeting_delete"]
POST_ONLY = ["groups_from_themes"]
ALL_NAMES = READ_PAGES + PLANNER_PAGES + MEETING_PAGES + POST_ONLY


@pytest.mark.parametrize("role", READERS)
@pytest.mark.parametrize("name", READ_PAGES)
def test_everyone_in_the_organisation_can_read(request, as_user, group, meeting, name, role):
    client = as_user(request.getfixturevalue(role))
    response = client.get(url_for(name, group.process, group, meeting))
    assert response.status_code == 200
    assert "Brugerinddragelse" in response.text


WRITE_PAGE_SHOWS = {
    "group_create": ["<h1>Create a group</h1>", 'name="name"'],
    "group_edit": ["<h1>Edit “Brugerinddragelse”</h1>", 'value="Brugerinddragelse"'],
    "group_delete": ["<h1>Delete “Brugerinddragelse”?</h1>"],
    "group_meeting_create": ["<h1>Plan a meeting of Brugerinddragelse</h1>", 'name="date"'],
    "group_meeting_edit": ["<h1>Edit the meeting of March 1, 2027</h1>", 'value="Værkstedet"'],
    "group_meeting_delete": ["<h1>Delete the meeting of March 1, 2027?</h1>"],
}


@pytest.mark.parametrize("name", PLANNER_PAGES + MEETING_PAGES)
def test_the_facilitator_opens_the_write_pages(as_user, facilitator, group, meeting, name):
    response = as_user(facilitator).get(url_for(name, group.process, group, meeting))
    assert response.status_code == 200
    for text in WRITE_PAGE_SHOWS[name]:
        assert text in response.text


@pytest.mark.parametrize("role", NON_PLANNERS)
@pytest.mark.parametrize("name", PLANNER_PAGES + POST_ONLY)
def test_other_roles_are_refused_the_group_settings(request, as_user, group, meeting, name, role):
    client = as_user(request.getfixturevalue(role))
    url = url_for(name, group.process, group, meeting)
    if name not in POST_ONLY:
        assert client.get(url).status_code == 403
    assert client.post(url, {"name": "Hijacked"}).status_code == 403
    assert Group.objects.filter(pk=group.pk, name="Brugerinddragelse").exists()


@pytest.mark.parametrize("role", ["leader", "member", "external"])
@pytest.mark.parametrize("name", MEETING_PAGES)
def test_people_who_do_not_lead_the_group_cannot_plan_its_meetings(
    request, as_user, group, meeting, name, role
):
    client = as_user(request.getfixturevalue(role))
    url = url_for(name, group.process, group, meeting)
    assert client.get(url).status_code == 403
    assert client.post(url, {"date": "2027-03-02", "place": "x"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.place == "Værkstedet"


@pytest.mark.parametrize("name", MEETING_PAGES)
def test_the_group_lead_opens_their_own_groups_meeting_pages(
    as_user, group_lead, group, meeting, name
):
    response = as_user(group_lead).get(url_for(name, group.process, group, meeting))
    assert response.status_code == 200
    for text in WRITE_PAGE_SHOWS[name]:
        assert text in response.text


def test_the_group_lead_plans_edits_and_deletes_their_groups_meetings(
    as_user, group_lead, group, meeting
):
    client = as_user(group_lead)
    process = group.process
    response = client.post(
        url_for("group_meeting_create", process, group, meeting),
        {"date": "2027-03-15", "place": "Kantinen", "notes": "Forbered midtvejsseminaret"},
    )
    assert response.status_code == 302
    assert group.meetings.filter(place="Kantinen").exists()
    response = client.post(
        url_for("group_meeting_edit", process, group, meeting),
        {"date": "2027-04-01", "place": "Værkstedet, lokale 2", "notes": ""},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.place == "Værkstedet, lokale 2"
    response = client.post(url_for("group_meeting_delete", process, group, meeting))
    assert response.status_code == 302
    assert not GroupMeeting.objects.filter(pk=meeting.pk).exists()


def test_a_group_lead_cannot_plan_the_meetings_of_another_group(
    as_user, group_lead, group, meeting, process
):
    other = GroupFactory(process=process, name="Fremtidens dagtilbud")
    other_meeting = GroupMeetingFactory(group=other, place="Hallen")
    client = as_user(group_lead)
    assert client.get(url_for("group_meeting_create", process, other, None)).status_code == 403
    assert (
        client.post(
            url_for("group_meeting_create", process, other, None),
            {"date": "2027-03-02", "place": "x"},
        ).status_code
        == 403
    )
    assert (
        client.post(url_for("group_meeting_delete", process, other, other_meeting)).status_code
        == 403
    )
    assert other.meetings.count() == 1
    # Nor reach it through their own group's URL.
    url = reverse("processes:group_meeting_edit", args=[process.pk, group.pk, other_meeting.pk])
    assert client.get(url).status_code == 404


def test_the_group_lead_sees_the_meeting_buttons_only_on_their_own_group(
    as_user, group_lead, group, meeting, process
):
    other = GroupFactory(process=process, name="Fremtidens dagtilbud")
    client = as_user(group_lead)
    assert "Plan a meeting" in client.get(group.get_absolute_url()).text
    assert "Plan a meeting" not in client.get(other.get_absolute_url()).text


@pytest.mark.parametrize("name", ALL_NAMES)
def test_the_outsider_gets_404_everywhere(as_user, outsider, group, meeting, name):
    client = as_user(outsider)
    url = url_for(name, group.process, group, meeting)
    method = client.post if name in POST_ONLY else client.get
    assert method(url).status_code == 404
    assert client.post(url, {"name": "x", "date": "2027-03-02"}).status_code in {404, 405}
    assert Group.objects.filter(pk=group.pk, name="Brugerinddragelse").exists()


def test_a_group_of_another_process_is_not_found(as_user, facilitator, group, process):
    other = GroupFactory(process__organisation=process.organisation)
    url = reverse("processes:group_detail", args=[process.pk, other.pk])
    assert as_user(facilitator).get(url).status_code == 404


@pytest.mark.parametrize("name", READ_PAGES)
def test_read_pages_refuse_post(as_user, facilitator, group, meeting, name):
    response = as_user(facilitator).post(url_for(name, group.process, group, meeting))
    assert response.status_code == 405


def test_one_group_per_theme_refuses_get(as_user, facilitator, group, meeting, process):
    ThemeFactory(process=process)
    response = as_user(facilitator).get(url_for("groups_from_themes", process, group, meeting))
    assert response.status_code == 405
    assert process.groups.count() == 1


@pytest.mark.parametrize("name", PLANNER_PAGES + MEETING_PAGES)
def test_write_pages_refuse_put_and_delete(as_user, facilitator, group, meeting, name):
    client = as_user(facilitator)
    url = url_for(name, group.process, group, meeting)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    assert Group.objects.filter(pk=group.pk).exists()
    assert GroupMeeting.objects.filter(pk=meeting.pk).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, group):
    response = client.get(group.get_absolute_url())
    assert response.status_code == 302
    assert reverse("login") in response["Location"]
