"""The initiative pages as people use them: the list by theme, an initiative with its
lineage and given frame, adding one later, editing, changing the status, the leader's
sign-off, progress updates with and without htmx, the settings, the process page's figures
and the navigation; bad input gets a clear message and saves nothing; the list page runs
the same number of queries for 3 initiatives as for 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from implementation.models import Implementation, Initiative, ProgressUpdate, StatusChange
from tests.factories import MembershipFactory

from .factories import InitiativeFactory


def _url(name, *args):
    return reverse(f"implementation:{name}", args=args)


@pytest.fixture
def today():
    return timezone.localdate()


# -- The list ---------------------------------------------------------------------------------


def test_the_list_shows_each_theme_with_its_initiatives(as_user, member, process, initiative):
    initiative.status = Initiative.Status.RUNNING
    initiative.save()
    page = as_user(member).get(_url("home", process.pk)).content.decode()
    # The list of every initiative follows the member's own ("Your initiatives").
    page = page.split('id="mine-heading"')[-1].split("</section>", 1)[-1]
    assert page.index("Tema 1") < page.index("Tiltag 1.1") < page.index("Tema 2")
    assert page.index("Tema 2") < page.index("Tiltag 2.1")
    assert '<span class="badge badge-success qh-status">Running</span>' in page
    assert member.display_name in page
    assert "6 initiatives" in page
    assert "Not signed off" in page


def test_the_process_page_shows_the_figures_and_links_here(as_user, member, process, initiative):
    Initiative.objects.filter(pk=initiative.pk).update(status=Initiative.Status.TRIAL)
    page = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "6 initiatives: 5 planned, 1 trial" in page
    assert _url("home", process.pk) in page


def test_before_the_start_the_process_page_says_so(as_user, member, process, published_edition):
    page = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert "Not started yet" in page


def test_the_menu_leads_to_implementation(as_user, member, process):
    page = as_user(member).get(reverse("processes:detail", args=[process.pk])).content.decode()
    assert f'href="{_url("home", process.pk)}" class="nav-link"' in page


# -- One initiative ---------------------------------------------------------------------------


def test_the_initiative_shows_its_lineage_and_the_given_frame(as_user, member, initiative):
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert "Edition 1 of the catalogue" in page
    assert "Group: Gruppe 1" in page and "Theme: Tema 1" in page
    assert "Idealværdi 1" in page
    assert "Runde 1</span>: no. 1 of 2, 1 dot" in page
    assert "Budgettet ligger fast 1" in page  # the theme's given frame, beside the sign-off
    assert (
        reverse("debate:idea_detail", args=[initiative.process_id, initiative.source_idea_id])
        in page
    )


def test_the_leader_signs_off_and_withdraws(as_user, leader, member, initiative):
    client = as_user(leader)
    response = client.post(
        _url("sign_off", initiative.process_id, initiative.pk), {"note": "Serviceloven § 103."}
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.is_signed_off and initiative.frame_signed_off_by == leader
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert "signed off on" in page and "Serviceloven § 103." in page
    client = as_user(leader)
    client.post(_url("withdraw", initiative.process_id, initiative.pk), {"note": "Ny lov."})
    initiative.refresh_from_db()
    assert not initiative.is_signed_off
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Sign-off withdrawn" in page and "Ny lov." in page


# -- Adding later -----------------------------------------------------------------------------


def test_an_initiative_added_later_keeps_its_origin_and_reason(
    as_user, facilitator, process, started, member, external
):
    response = as_user(facilitator).post(
        _url("add", process.pk),
        {
            "title": "Fælles frokost med brugerne",
            "origin": "cafe_meeting",
            "origin_reason": "Cafémødet i marts ønskede mere fællesskab.",
            "owner": member.pk,
            "team": [external.pk],
        },
    )
    assert response.status_code == 302
    added = Initiative.objects.get(title="Fælles frokost med brugerne")
    assert added.origin == "cafe_meeting" and added.owner == member
    assert list(added.team.all()) == [external]
    assert added.status == Initiative.Status.PLANNED
    page = as_user(facilitator).get(added.get_absolute_url()).content.decode()
    assert "Added later: A staff café meeting" in page
    assert "Cafémødet i marts ønskede mere fællesskab." in page


def test_adding_later_without_a_reason_saves_nothing(as_user, facilitator, process, started):
    response = as_user(facilitator).post(
        _url("add", process.pk), {"title": "Uden grund", "origin": "cafe_meeting"}
    )
    assert response.status_code == 200
    assert "Say where the initiative comes from and why." in response.content.decode()
    assert not Initiative.objects.filter(title="Uden grund").exists()


def test_an_owner_from_another_organisation_is_refused(
    as_user, facilitator, process, started, outsider
):
    response = as_user(facilitator).post(
        _url("add", process.pk),
        {"title": "X", "origin": "other", "origin_reason": "Y", "owner": outsider.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Initiative.objects.filter(title="X").exists()


# -- Editing ----------------------------------------------------------------------------------


def test_an_end_before_the_start_is_refused(as_user, member, initiative):
    response = as_user(member).post(
        _url("edit", initiative.process_id, initiative.pk),
        {
            "title": "Tiltag 1.1",
            "start_date": "2027-03-01",
            "end_date": "2027-02-01",
            "version": initiative.version,
        },
    )
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    initiative.refresh_from_db()
    assert initiative.start_date is None and initiative.version == 1


def test_the_owner_edits_team_and_dates(as_user, member, external, initiative):
    colleague = MembershipFactory(organisation=member.organisation)
    response = as_user(member).post(
        _url("edit", initiative.process_id, initiative.pk),
        {
            "title": "MUS for brugerne",
            "owner": member.pk,
            "team": [external.pk, colleague.pk],
            "users_involvement": "Brugerrådet sætter målene.",
            "start_date": "2027-03-01",
            "end_date": "2027-09-01",
            "version": initiative.version,
        },
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "MUS for brugerne"
    assert set(initiative.team.all()) == {external, colleague}
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert "Brugerrådet sætter målene." in page
    assert f"{external.display_name} (external)" in page


# -- Status -----------------------------------------------------------------------------------


def test_a_status_change_without_a_reason_saves_nothing(as_user, member, initiative, today):
    response = as_user(member).post(
        _url("status", initiative.process_id, initiative.pk),
        {"to_status": "running", "changed_on": today.isoformat()},
    )
    assert response.status_code == 200
    assert "Say why the status changes." in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "planned"
    assert StatusChange.objects.filter(initiative=initiative).count() == 1


def test_a_status_change_in_the_future_is_refused(as_user, member, initiative, today):
    response = as_user(member).post(
        _url("status", initiative.process_id, initiative.pk),
        {
            "to_status": "running",
            "changed_on": (today + datetime.timedelta(days=3)).isoformat(),
            "reason": "Snart.",
        },
    )
    assert response.status_code == 200
    assert "is in the future" in response.content.decode()
    assert Initiative.objects.get(pk=initiative.pk).status == "planned"


def test_a_status_change_is_recorded_with_its_date_and_reason(as_user, member, initiative, today):
    response = as_user(member).post(
        _url("status", initiative.process_id, initiative.pk),
        {"to_status": "paused", "changed_on": today.isoformat(), "reason": "Sygdom i teamet."},
    )
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == "paused" and initiative.status_changed_on == today
    page = as_user(member).get(initiative.get_absolute_url()).content.decode()
    assert "Planned → Paused" in page and "Sygdom i teamet." in page


# -- Progress updates -------------------------------------------------------------------------


def test_an_update_with_htmx_returns_the_timeline_and_the_new_status(
    as_user, external, initiative, today
):
    response = as_user(external).post(
        _url("update_add", initiative.process_id, initiative.pk),
        {
            "written_on": today.isoformat(),
            "text": "Første prøve i træværkstedet.",
            "new_status": "trial",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'id="updates"' in fragment and "Første prøve i træværkstedet." in fragment
    assert 'id="status"' in fragment and 'hx-swap-oob="true"' in fragment
    initiative.refresh_from_db()
    assert initiative.status == "trial" and initiative.last_update_on == today


def test_an_update_without_javascript_redirects_to_the_timeline(as_user, member, initiative, today):
    response = as_user(member).post(
        _url("update_add", initiative.process_id, initiative.pk),
        {"written_on": today.isoformat(), "text": "Møde holdt."},
    )
    assert response.status_code == 302 and response.url.endswith("#updates")
    assert ProgressUpdate.objects.get().author == member


def test_an_empty_update_gets_a_message_in_the_form(as_user, member, initiative, today):
    response = as_user(member).post(
        _url("update_add", initiative.process_id, initiative.pk),
        {"written_on": today.isoformat(), "text": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Write what has happened." in response.content.decode()
    assert not ProgressUpdate.objects.exists()


# -- Settings ---------------------------------------------------------------------------------


def test_the_update_interval_must_be_at_least_a_week(as_user, facilitator, process, started):
    client = as_user(facilitator)
    response = client.post(_url("settings", process.pk), {"update_interval_days": 3})
    assert response.status_code == 200
    assert Implementation.objects.get(process=process).update_interval_days == 30
    response = client.post(_url("settings", process.pk), {"update_interval_days": 14})
    assert response.status_code == 302
    assert Implementation.objects.get(process=process).update_interval_days == 14


# -- Query counts -----------------------------------------------------------------------------


def _list_queries(client, process):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_url("home", process.pk))
    assert response.status_code == 200
    return len(queries)


def _add(process, edition, n, organisation):
    groups = list(process.groups.select_related("theme"))
    for i in range(n):
        group = groups[i % len(groups)]
        InitiativeFactory(
            process=process,
            group=group,
            theme=group.theme,
            edition=edition,
            owner=MembershipFactory(organisation=organisation),
            last_update_on=datetime.date(2026, 1, 1),
        )


@pytest.mark.parametrize("role", ["facilitator", "external"])
def test_the_list_runs_as_many_queries_for_3_initiatives_as_for_30(
    as_user, people, process, started, organisation, role
):
    client = as_user(people[role])
    Initiative.objects.filter(process=process).delete()
    edition = started.implementation.edition
    _add(process, edition, 3, organisation)
    if role == "external":
        for initiative in Initiative.objects.filter(process=process):
            initiative.team.add(people[role])
    few = _list_queries(client, process)
    _add(process, edition, 27, organisation)
    if role == "external":
        for initiative in Initiative.objects.filter(process=process):
            initiative.team.add(people[role])
    assert _list_queries(client, process) == few


def test_the_home_page_starts_with_your_initiatives_and_a_link_to_add_a_measurement(
    as_user, member, external, group_lead, process, initiative
):
    from .factories import IndicatorFactory

    indicator = IndicatorFactory(initiative=initiative, name="Andel med MUS-samtale")
    other = Initiative.objects.filter(process=process).exclude(pk=initiative.pk).first()
    other.team.add(external)
    measure = _url("measurement_add", process.pk, initiative.pk, indicator.pk)
    # The owner: a direct link to add a measurement, before the list of every initiative.
    page = as_user(member).get(_url("home", process.pk)).text
    assert "Your initiatives" in page and "Add a measurement: Andel med MUS-samtale" in page
    assert page.index(measure) < page.index("Without a theme" if "Without a theme" in page
                                            else 'class="table')  # fmt: skip
    assert other.title not in page.split("Your initiatives")[1].split("</section>")[0]
    # On the team of two: both, the one without an indicator leading to its page.
    mine = as_user(external).get(_url("home", process.pk)).text
    section = mine.split("Your initiatives")[1].split("</section>")[0]
    assert measure in section and other.get_absolute_url() + "#indicators" in section
    # Someone with no initiative of their own sees no such section.
    assert "Your initiatives" not in as_user(group_lead).get(_url("home", process.pk)).text
