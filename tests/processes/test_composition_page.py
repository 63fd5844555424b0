"""The composition page: the mix per group, proposals, accepting, manual moves."""

import re

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from processes.models import GroupMembership
from processes.services.composition.process import PROPOSAL_SALT
from tests.factories import GroupFactory, GroupMembershipFactory, MembershipFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids; hash the many test users' passwords quickly."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def person(organisation, first_name, department, background, start_year, **extra):
    return MembershipFactory(
        organisation=organisation,
        user__first_name=first_name,
        user__last_name="Hansen",
        department=department,
        professional_background=background,
        start_year=start_year,
        birth_year=extra.pop("birth_year", 1980),
        **extra,
    )


@pytest.fixture
def people(organisation, process):
    """Eight participants from two departments, each department one profession."""
    staff = [
        person(organisation, f"Træ{i}", "Træ", "Håndværker", 1995 + i * 8) for i in range(4)
    ] + [person(organisation, f"Kantine{i}", "Kantine", "Pædagog", 2024 - i) for i in range(4)]
    process.participants.add(*staff)
    return staff


@pytest.fixture
def groups(process):
    return [
        GroupFactory(process=process, name="Gruppe A"),
        GroupFactory(process=process, name="Gruppe B"),
    ]


@pytest.fixture
def seated_by_department(people, groups):
    """The naive split: all of Træ in A, all of Kantine in B."""
    for index, membership in enumerate(people):
        GroupMembershipFactory(group=groups[index // 4], membership=membership)


def page_url(process, name="composition"):
    return reverse(f"processes:{name}", args=[process.pk])


def token_in(html):
    return re.search(r'name="proposal" value="([^"]+)"', html).group(1)


def seats(process):
    return {
        seat.membership.user.first_name: seat.group.name
        for seat in GroupMembership.objects.filter(process=process).select_related(
            "membership__user", "group"
        )
    }


# --- Reading ---------------------------------------------------------------------------------


def test_without_groups_the_page_says_so_and_links_to_the_groups(as_user, facilitator, process):
    response = as_user(facilitator).get(page_url(process))
    assert "The process has no groups yet." in response.text
    assert reverse("processes:group_list", args=[process.pk]) in response.text


def test_each_group_shows_its_mix_and_score(as_user, facilitator, process, seated_by_department):
    response = as_user(facilitator).get(page_url(process))
    html = response.text
    assert "Gruppe A" in html and "Gruppe B" in html
    assert re.search(r"Træ <span class=\"qh-count__n\">4</span>", html)
    assert "Professional backgrounds" in html
    # Each group is all one department and one profession: hardly mixed.
    assert "hardly mixed" in html


def test_participants_without_a_seat_are_listed_as_unassigned(
    as_user, facilitator, process, people, groups
):
    GroupMembershipFactory(group=groups[0], membership=people[0])
    response = as_user(facilitator).get(page_url(process))
    assert "7 participants have no group yet." in response.text
    assert f'id="person-{people[1].pk}"' in response.text


# --- Proposing and accepting -----------------------------------------------------------------


def test_a_proposal_is_shown_beside_the_current_groups_and_not_saved(
    as_user, facilitator, process, seated_by_department
):
    before = seats(process)
    response = as_user(facilitator).post(page_url(process, "composition_propose"))
    html = response.text
    assert response.status_code == 200
    assert "A proposal, not saved yet" in html
    assert "Proposed" in html and "Now" in html
    assert "points more than now" in html
    assert seats(process) == before


def test_accepting_the_proposal_writes_mixed_seats(
    as_user, facilitator, process, seated_by_department
):
    client = as_user(facilitator)
    token = token_in(client.post(page_url(process, "composition_propose")).text)
    response = client.post(page_url(process, "composition_accept"), {"proposal": token})
    assert response.status_code == 302
    after = seats(process)
    assert len(after) == 8
    for group in ("Gruppe A", "Gruppe B"):
        names = [name for name, seat in after.items() if seat == group]
        assert sum(name.startswith("Træ") for name in names) == 2
    page = client.get(response["Location"]).text
    assert "The proposal is accepted: 8 participants have their seats." in page


def test_accepting_with_htmx_returns_the_panel(as_user, facilitator, process, people, groups):
    client = as_user(facilitator)
    token = token_in(client.post(page_url(process, "composition_propose")).text)
    response = client.post(page_url(process, "composition_accept"), {"proposal": token}, **HTMX)
    assert "<h1>" not in response.text
    assert 'id="composition"' in response.text
    assert "The proposal is accepted" in response.text
    assert len(seats(process)) == 8


def test_a_tampered_proposal_is_refused(as_user, facilitator, process, seated_by_department):
    client = as_user(facilitator)
    token = token_in(client.post(page_url(process, "composition_propose")).text)
    before = seats(process)
    payload = signing.loads(token, salt=PROPOSAL_SALT)
    first, second = payload["groups"]
    first[1], second[1] = second[1], first[1]
    forged = signing.dumps(payload, salt="somebody-else", compress=True)
    for bad in (forged, token[:-2] + "xx"):
        response = client.post(page_url(process, "composition_accept"), {"proposal": bad}, **HTMX)
        assert "The proposal could not be read: it was changed." in response.text
    assert seats(process) == before


def test_a_stale_proposal_is_refused(
    as_user, facilitator, organisation, process, people, seated_by_department
):
    client = as_user(facilitator)
    token = token_in(client.post(page_url(process, "composition_propose")).text)
    process.participants.add(person(organisation, "Nyansat", "Metal", "Håndværker", 2026))
    before = seats(process)
    response = client.post(page_url(process, "composition_accept"), {"proposal": token})
    assert seats(process) == before
    page = client.get(response["Location"]).text
    assert "have changed since the proposal was made" in page


def test_too_many_participants_for_the_seats_is_explained(
    as_user, facilitator, process, people, groups
):
    for group in groups:
        group.max_size = 3
        group.save()
    response = as_user(facilitator).post(page_url(process, "composition_propose"))
    assert "There are 8 participants but the groups have room for only 6." in response.text


# --- Moving one person -----------------------------------------------------------------------


def test_moving_a_participant_without_javascript(
    as_user, facilitator, process, people, groups, seated_by_department
):
    client = as_user(facilitator)
    response = client.post(
        page_url(process, "composition_move"), {"person": people[0].pk, "group": groups[1].pk}
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#person-{people[0].pk}")
    assert seats(process)["Træ0"] == "Gruppe B"
    page = client.get(response["Location"]).text
    assert f"{people[0].display_name} moved to Gruppe B." in page


def test_moving_with_htmx_returns_the_panel_with_focus_on_the_person(
    as_user, facilitator, process, people, groups, seated_by_department
):
    response = as_user(facilitator).post(
        page_url(process, "composition_move"),
        {"person": people[0].pk, "group": groups[1].pk},
        **HTMX,
    )
    html = response.text
    assert "<h1>" not in html
    assert re.search(rf'id="move-{people[0].pk}" name="group" data-autofocus', html)
    assert f"{people[0].display_name} moved to Gruppe B." in html
    assert 'hx-swap-oob="innerHTML"' in html


def test_moving_someone_out_of_every_group(
    as_user, facilitator, process, people, groups, seated_by_department
):
    as_user(facilitator).post(
        page_url(process, "composition_move"), {"person": people[0].pk, "group": ""}
    )
    assert "Træ0" not in seats(process)


def test_a_full_group_takes_no_one(as_user, facilitator, process, people, groups):
    GroupMembershipFactory(group=groups[0], membership=people[0])
    groups[0].max_size = 1
    groups[0].save()
    response = as_user(facilitator).post(
        page_url(process, "composition_move"),
        {"person": people[1].pk, "group": groups[0].pk},
        **HTMX,
    )
    assert "“Gruppe A” is full: it has room for 1." in response.text
    assert "Træ1" not in seats(process)


def test_a_lead_stays_in_the_group_they_lead(as_user, facilitator, process, people, groups):
    groups[0].lead = people[0]
    groups[0].save()
    GroupMembershipFactory(group=groups[0], membership=people[0])
    response = as_user(facilitator).post(
        page_url(process, "composition_move"),
        {"person": people[0].pk, "group": groups[1].pk},
        **HTMX,
    )
    assert "leads “Gruppe A”" in response.text
    assert seats(process)["Træ0"] == "Gruppe A"


def test_someone_outside_the_process_cannot_be_moved(
    as_user, facilitator, organisation, process, groups
):
    stranger = MembershipFactory(organisation=organisation)
    response = as_user(facilitator).post(
        page_url(process, "composition_move"), {"person": stranger.pk, "group": groups[0].pk}
    )
    assert response.status_code == 302
    assert not GroupMembership.objects.filter(membership=stranger).exists()


def test_a_group_of_another_process_is_refused(
    as_user, facilitator, organisation, process, people, groups
):
    elsewhere = GroupFactory(process__organisation=organisation)
    as_user(facilitator).post(
        page_url(process, "composition_move"), {"person": people[0].pk, "group": elsewhere.pk}
    )
    assert not GroupMembership.objects.filter(membership=people[0]).exists()


# --- Queries ---------------------------------------------------------------------------------


def _fill(organisation, process, groups, per_group):
    for group in groups:
        for _ in range(per_group):
            membership = MembershipFactory(organisation=organisation)
            process.participants.add(membership)
            GroupMembershipFactory(group=group, membership=membership)
        if group.lead is None:
            group.lead = group.seats.first().membership
            group.save()
    process.participants.add(MembershipFactory(organisation=organisation))  # unassigned


def _queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_needs_as_many_queries_for_3_as_for_30_people_per_group(
    as_user, facilitator, organisation, process, groups
):
    client = as_user(facilitator)
    _fill(organisation, process, groups, 3)
    few = _queries_for(client, page_url(process))
    _fill(organisation, process, groups, 27)
    assert _queries_for(client, page_url(process)) == few


def test_a_proposal_needs_as_many_queries_for_3_as_for_30_people_per_group(
    as_user, facilitator, organisation, process, groups
):
    client = as_user(facilitator)
    url = page_url(process, "composition_propose")
    _fill(organisation, process, groups, 3)
    with CaptureQueriesContext(connection) as few:
        client.post(url)
    _fill(organisation, process, groups, 27)
    with CaptureQueriesContext(connection) as many:
        client.post(url)
    assert len(many) == len(few)
