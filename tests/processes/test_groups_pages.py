"""Groups and their meetings as the facilitator and the participants see and change them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import Membership
from processes.models import Group, GroupMeeting, GroupMembership
from tests.factories import (
    GroupFactory,
    GroupMeetingFactory,
    MembershipFactory,
    SeminarFactory,
    ThemeFactory,
)


@pytest.fixture(autouse=True)
def fast_english(settings):
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def participant(process, **facts):
    """A participant; facts not given are unknown (the factory would invent them)."""
    unknown = {"department": "", "professional_background": "", "start_year": None}
    person = MembershipFactory(organisation=process.organisation, **(unknown | facts))
    process.participants.add(person)
    return person


def seat(group, *people):
    for person in people:
        GroupMembership.objects.create(group=group, membership=person, process=group.process)


def list_url(process):
    return reverse("processes:group_list", args=[process.pk])


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_theme_lead_size_and_mix(as_user, member, process):
    theme = ThemeFactory(process=process, title="Brugerinddragelse")
    year = timezone.localdate().year
    lead = participant(
        process,
        user__first_name="Karen",
        user__last_name="Holm",
        department="Værkstedet",
        start_year=year - 20,
    )
    group = GroupFactory(process=process, theme=theme, name="Gruppe A", lead=lead, max_size=6)
    seat(
        group,
        lead,
        participant(
            process, department="Køkkenet", professional_background="Pædagog", start_year=year - 1
        ),
        participant(process, department="køkkenet ", professional_background="pædagog"),
        participant(process, is_external=True, professional_background="Konsulent"),
    )
    text = as_user(member).get(list_url(process)).text
    assert "Gruppe A" in text
    assert "Brugerinddragelse" in text
    assert "Karen Holm" in text
    assert "4 of at most 6" in text
    # Letter case and spaces do not make another department or background.
    assert "2 departments" in text
    assert "2 professional backgrounds" in text
    assert "1–20 years in the organisation" in text
    assert "1 external" in text


def test_the_list_shows_the_mix_scores_of_the_composition_page(as_user, member, process):
    # Only the department varies, so it alone is scored: a pair from two departments is as
    # mixed as can be, a pair from one is not mixed at all.
    mixed = GroupFactory(process=process, name="Gruppe A")
    alike = GroupFactory(process=process, name="Gruppe B")
    seat(mixed, participant(process, department="Træ"), participant(process, department="Metal"))
    seat(alike, participant(process, department="Træ"), participant(process, department="Træ"))
    text = as_user(member).get(list_url(process)).text
    assert "Mix score 100 % (very mixed)" in text
    assert "Mix score 0 % (hardly mixed)" in text
    assert "Mix score of all groups together: <strong>50 %</strong> (well mixed)." in text


def test_the_facilitator_is_told_who_has_no_group_yet(as_user, facilitator, process):
    group = GroupFactory(process=process)
    seat(group, participant(process))
    participant(process)
    participant(process)
    text = as_user(facilitator).get(list_url(process)).text
    assert "2 participants have no group yet." in text


def test_participants_do_not_see_the_facilitators_buttons(as_user, member, process):
    GroupFactory(process=process)
    ThemeFactory(process=process)
    text = as_user(member).get(list_url(process)).text
    assert "Create a group" not in text
    assert "One group per theme" not in text
    assert "no group yet" not in text


def test_the_list_says_when_there_are_no_groups(as_user, member, process):
    text = as_user(member).get(list_url(process)).text
    assert "There are no groups yet." in text


def test_one_group_per_theme_creates_groups_only_for_themes_without_one(
    as_user, facilitator, process
):
    taken = ThemeFactory(process=process, title="Fremtidens dagtilbud", position=0)
    GroupFactory(process=process, theme=taken, name="Fremtid")
    ThemeFactory(process=process, title="Faglige værdier", position=1)
    ThemeFactory(process=process, title="Brugernes position", position=2)
    client = as_user(facilitator)
    response = client.post(reverse("processes:groups_from_themes", args=[process.pk]), follow=True)
    assert "2 groups are created, each named after its theme." in response.text
    assert sorted(process.groups.values_list("name", flat=True)) == [
        "Brugernes position",
        "Faglige værdier",
        "Fremtid",
    ]
    assert Group.objects.get(name="Faglige værdier").theme.title == "Faglige værdier"
    response = client.post(reverse("processes:groups_from_themes", args=[process.pk]), follow=True)
    assert "Every theme already has a group." in response.text
    assert process.groups.count() == 3


# --- Creating and editing -------------------------------------------------------------------


def test_the_facilitator_creates_a_group_named_after_its_theme_and_the_lead_sits_in_it(
    as_user, facilitator, process
):
    theme = ThemeFactory(process=process, title="Brugerinddragelse")
    lead = participant(process, user__first_name="Ole", user__last_name="Friis")
    response = as_user(facilitator).post(
        reverse("processes:group_create", args=[process.pk]),
        {"name": "", "theme": theme.pk, "lead": lead.pk, "max_size": "8"},
        follow=True,
    )
    group = Group.objects.get(process=process)
    assert group.name == "Brugerinddragelse"
    assert group.lead == lead
    assert group.max_size == 8
    assert list(group.members.all()) == [lead]
    assert "Ole Friis now sits in this group, which they lead." in response.text


def test_a_group_needs_a_name_or_a_theme(as_user, facilitator, process):
    response = as_user(facilitator).post(
        reverse("processes:group_create", args=[process.pk]), {"name": "", "theme": ""}
    )
    assert response.status_code == 200
    assert "Give the group a name or choose a theme." in response.text
    assert not Group.objects.exists()


def test_two_groups_cannot_share_a_name(as_user, facilitator, process):
    GroupFactory(process=process, name="Gruppe A")
    response = as_user(facilitator).post(
        reverse("processes:group_create", args=[process.pk]), {"name": "gruppe a"}
    )
    assert "Another group of the process already has this name." in response.text
    assert process.groups.count() == 1


def test_only_participants_of_the_process_can_lead(as_user, facilitator, process):
    stranger = MembershipFactory(organisation=process.organisation)
    response = as_user(facilitator).post(
        reverse("processes:group_create", args=[process.pk]),
        {"name": "Gruppe A", "lead": stranger.pk},
    )
    assert "Select a valid choice" in response.text
    assert not Group.objects.exists()


def test_a_person_leads_one_group(as_user, facilitator, process):
    lead = participant(process, user__first_name="Ole", user__last_name="Friis")
    GroupFactory(process=process, name="Gruppe A", lead=lead)
    response = as_user(facilitator).post(
        reverse("processes:group_create", args=[process.pk]),
        {"name": "Gruppe B", "lead": lead.pk},
    )
    assert "Ole Friis already leads “Gruppe A”. A person leads one group." in response.text
    assert process.groups.count() == 1


def test_a_new_lead_moves_from_the_group_they_sat_in(as_user, facilitator, process):
    person = participant(process, user__first_name="Ole", user__last_name="Friis")
    first = GroupFactory(process=process, name="Gruppe A")
    second = GroupFactory(process=process, name="Gruppe B")
    seat(first, person)
    response = as_user(facilitator).post(
        reverse("processes:group_edit", args=[process.pk, second.pk]),
        {"name": "Gruppe B", "theme": second.theme_id, "lead": person.pk, "max_size": ""},
        follow=True,
    )
    assert (
        "Ole Friis now sits in this group, which they lead, instead of Gruppe A." in response.text
    )
    assert list(second.members.all()) == [person]
    assert not first.members.exists()


def test_the_maximum_size_cannot_be_below_the_people_seated(as_user, facilitator, process):
    group = GroupFactory(process=process, name="Gruppe A")
    seat(group, participant(process), participant(process), participant(process))
    response = as_user(facilitator).post(
        reverse("processes:group_edit", args=[process.pk, group.pk]),
        {"name": "Omdøbt", "theme": group.theme_id, "lead": "", "max_size": "2"},
    )
    assert "3 people sit in the group (with its lead)." in response.text
    group.refresh_from_db()
    assert (group.name, group.max_size) == ("Gruppe A", None)
    # The rejected name does not leak into the page's heading.
    assert "Edit “Gruppe A”" in response.text


def test_editing_keeps_the_previous_lead_as_a_member(as_user, facilitator, process):
    old, new = participant(process), participant(process)
    group = GroupFactory(process=process, lead=old)
    seat(group, old)
    as_user(facilitator).post(
        reverse("processes:group_edit", args=[process.pk, group.pk]),
        {"name": group.name, "theme": group.theme_id, "lead": new.pk, "max_size": ""},
    )
    group.refresh_from_db()
    assert group.lead == new
    assert set(group.members.all()) == {old, new}


# --- Deleting --------------------------------------------------------------------------------


def test_deleting_a_group_removes_only_the_seats(as_user, facilitator, process):
    group = GroupFactory(process=process, name="Gruppe A")
    people = [participant(process), participant(process)]
    seat(group, *people)
    GroupMeetingFactory(group=group)
    client = as_user(facilitator)
    url = reverse("processes:group_delete", args=[process.pk, group.pk])
    page = client.get(url).text
    assert "Its 2 members keep their place in the process" in page
    assert "1 group meeting" in page
    response = client.post(url, follow=True)
    assert "“Gruppe A” is deleted. Its 2 members are still participants, without a group." in (
        response.text
    )
    assert not Group.objects.filter(pk=group.pk).exists()
    assert not GroupMembership.objects.exists()
    assert set(process.participants.all()) == set(people)
    assert Membership.objects.filter(pk__in=[p.pk for p in people]).count() == 2


# --- The group page and its meetings --------------------------------------------------------


def test_the_group_page_lists_members_with_their_facts(as_user, external, process):
    year = timezone.localdate().year
    lead = participant(
        process,
        user__first_name="Karen",
        user__last_name="Holm",
        department="Værkstedet",
        professional_background="Håndværker",
        start_year=year - 12,
    )
    consultant = participant(
        process,
        user__first_name="Per",
        user__last_name="Lund",
        is_external=True,
        professional_background="Konsulent",
    )
    group = GroupFactory(process=process, name="Gruppe A", lead=lead)
    seat(group, lead, consultant)
    text = as_user(external).get(group.get_absolute_url()).text
    assert "Karen Holm" in text and "Per Lund" in text
    assert "Værkstedet" in text and "Håndværker" in text
    assert ">12<" in text
    assert "Group lead" in text
    assert "External" in text
    assert "Not known" in text  # Per's years in the organisation


def test_the_group_page_shows_meetings_with_a_localised_date_and_their_seminars(
    as_user, member, process
):
    group = GroupFactory(process=process)
    SeminarFactory(process=process, kind="kickoff", date=datetime.date(2027, 2, 10))
    SeminarFactory(process=process, kind="midway", date=datetime.date(2027, 4, 1))
    GroupMeetingFactory(
        group=group, date=datetime.date(2027, 3, 3), place="Kantinen", notes="Tag <b>kaffe</b> med"
    )
    text = as_user(member).get(group.get_absolute_url()).text
    assert "March 3, 2027" in text
    assert "Between “Kick-off seminar” and “Midway seminar”" in text
    assert "Kantinen" in text
    assert "Tag &lt;b&gt;kaffe&lt;/b&gt; med" in text
    assert "Plan a meeting" not in text


def test_a_meeting_date_must_lie_within_the_process(as_user, facilitator, process):
    group = GroupFactory(process=process)
    response = as_user(facilitator).post(
        reverse("processes:group_meeting_create", args=[process.pk, group.pk]),
        {"date": "2027-07-01", "place": "Kantinen", "notes": ""},
    )
    assert response.status_code == 200
    assert "Choose a date within the process, from Feb. 1, 2027 to June 1, 2027." in response.text
    assert not GroupMeeting.objects.exists()


def test_the_facilitator_plans_a_meeting(as_user, facilitator, process):
    group = GroupFactory(process=process)
    response = as_user(facilitator).post(
        reverse("processes:group_meeting_create", args=[process.pk, group.pk]),
        {"date": "2027-06-01", "place": "Kantinen", "notes": "Forbered afslutningen"},
    )
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url() + "#meetings"
    meeting = group.meetings.get()
    assert (meeting.date, meeting.place) == (datetime.date(2027, 6, 1), "Kantinen")


def test_user_input_is_escaped(as_user, member, process):
    group = GroupFactory(process=process, name="<script>alert(1)</script>")
    seat(group, participant(process, department="<i>Køkken</i>"))
    for url in (list_url(process), group.get_absolute_url()):
        text = as_user(member).get(url).text
        assert "<script>alert(1)</script>" not in text
        assert "&lt;script&gt;" in text
        if url != list_url(process):
            assert "&lt;i&gt;Køkken&lt;/i&gt;" in text


# --- Queries ---------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_number_of_queries_does_not_grow_with_the_members(as_user, facilitator, process, page):
    groups = [GroupFactory(process=process) for _ in range(3)]
    for group in groups:
        people = [participant(process) for _ in range(3)]
        group.lead = people[0]
        group.save()
        seat(group, *people)
    client = as_user(facilitator)
    url = list_url(process) if page == "list" else groups[0].get_absolute_url()
    few = _queries(client, url)
    for group in groups:
        seat(group, *[participant(process) for _ in range(27)])
        GroupMeetingFactory(group=group)
    assert _queries(client, url) == few
