"""Starting the next cycle from a finished process: the design comes along, the people and
the debate stay behind, and running initiatives continue in the new process with their
whole history."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cycles.models import CycleLink
from cycles.panels import next_cycle as panel
from cycles.services import carry
from cycles.services.design import export_design
from cycles.services.next_cycle import seminar_day, start_next_cycle
from debate.models import GivenFrame, Value
from implementation.models import Implementation, Initiative
from implementation.services.updates import overdue
from processes.models import (
    AgendaItem,
    FrameworkDocument,
    Group,
    GroupMembership,
    Phase,
    Process,
    Seminar,
    Theme,
)
from tests.cycles.conftest import PDF, TODAY
from tests.factories import GroupFactory, ThemeFactory
from tests.implementation.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

Status = Initiative.Status
NEW_START = datetime.date(2027, 8, 16)  # a Monday
NEW_END = datetime.date(2027, 12, 14)  # 120 days later, as long as the old process


def start(finished, facilitator, **kwargs):
    kwargs.setdefault("title", "Værdierne videre, 2. forløb")
    kwargs.setdefault("start_date", NEW_START)
    kwargs.setdefault("end_date", NEW_END)
    return start_next_cycle(finished["process"], actor=facilitator, today=TODAY, **kwargs)


# --- The design ------------------------------------------------------------------------------


def test_the_themes_come_along_with_value_streams_documents_and_given_frame(
    finished, facilitator, leader, media
):
    new = start(finished, facilitator).process

    themes = list(Theme.objects.filter(process=new).order_by("position"))
    assert [(t.title, t.position) for t in themes] == [
        ("Brugerinddragelse og brugernes position", 0),
        ("Faglige værdier og kompetenceudvikling", 1),
    ]
    users, staff = themes
    assert users.description == "Hvordan brugerne er med til at bestemme."
    assert staff.challenges == "Nye kolleger uden pædagogisk baggrund."
    assert sorted(s.number for s in users.value_streams.all()) == [4, 7]
    assert [s.number for s in staff.value_streams.all()] == [6]

    link = FrameworkDocument.objects.get(theme=users)
    assert (link.title, link.url, link.file.name) == (
        "Handicappolitik 2008",
        "https://example.org/politik.pdf",
        "",
    )
    copied = FrameworkDocument.objects.get(theme=staff)
    original = FrameworkDocument.objects.get(theme=finished["themes"][1])
    # A copy of its own: deleting either document never takes the other's file.
    assert copied.file.name != original.file.name
    assert copied.file.read() == PDF

    frame = list(GivenFrame.objects.filter(theme=users).order_by("position"))
    assert [(c.kind, c.text, c.reason, c.author) for c in frame] == [
        (
            "law",
            "Serviceloven § 103 om beskyttet beskæftigelse.",
            "Loven gælder for alle kommuner.",
            leader,
        ),
        ("budget", "Budgettet ligger fast til 2028.", "", leader),
    ]


def test_the_seminars_and_agendas_move_to_the_new_dates_without_summaries_or_people(
    finished, facilitator
):
    new = start(finished, facilitator).process

    seminars = list(Seminar.objects.filter(process=new).order_by("date"))
    assert [(s.kind, s.title, s.date, s.start_time, s.end_time, s.place) for s in seminars] == [
        (
            "kickoff",
            "Kickoff på værkstedet",
            datetime.date(2027, 8, 25),
            datetime.time(9, 0),
            datetime.time(15, 30),
            "Kantinen",
        ),
        ("wrapup", "", datetime.date(2027, 12, 2), datetime.time(8, 30), datetime.time(14, 0), ""),
    ]
    assert all(s.summary == "" for s in seminars)
    items = list(AgendaItem.objects.filter(seminar=seminars[0]).order_by("position"))
    assert [(i.position, i.title, i.duration_minutes, i.format, i.notes) for i in items] == [
        (0, "Velkomst", 15, "plenary", "Husk navneskilte."),
        (1, "Gruppearbejde om temaerne", 90, "group", ""),
    ]
    assert all(i.responsible is None for i in items)


def test_the_groups_keep_their_names_themes_and_sizes_but_nobody_is_seated(finished, facilitator):
    new = start(finished, facilitator).process

    groups = {g.name: g for g in Group.objects.filter(process=new).select_related("theme")}
    assert set(groups) == {"Gruppe Brugerne", "Gruppe Fag"}
    assert groups["Gruppe Brugerne"].max_size == 8
    assert groups["Gruppe Brugerne"].theme.title == "Brugerinddragelse og brugernes position"
    assert groups["Gruppe Brugerne"].theme.process == new
    assert groups["Gruppe Fag"].max_size is None
    assert all(g.lead is None for g in groups.values())
    assert not GroupMembership.objects.filter(process=new).exists()


def test_the_process_settings_come_along_and_the_debate_stays_behind(finished, facilitator):
    new = start(finished, facilitator).process

    assert new.title == "Værdierne videre, 2. forløb"
    assert (new.start_date, new.end_date) == (NEW_START, NEW_END)
    assert new.phase == Phase.VALUE_DEBATE
    assert new.purpose == "At sætte brugernes værdier i centrum."
    assert new.min_initiatives_per_group == 4
    assert new.author_visibility == Process.AuthorVisibility.HIDDEN
    assert not Value.objects.filter(group__process=new).exists()
    link = CycleLink.objects.get(process=new)
    assert link.previous == finished["process"]
    assert link.started_by == facilitator


def test_seminars_keep_their_share_of_a_period_of_another_length_and_avoid_weekends(finished):
    old = finished["process"]  # 1 February to 1 June 2027: 120 days
    start_date = datetime.date(2027, 9, 1)
    # Half as long: the kick-off on day 9 falls on day 4 or 5, the wrap-up near the end.
    assert seminar_day(
        datetime.date(2027, 2, 10), old, start_date, datetime.date(2027, 10, 31)
    ) == datetime.date(2027, 9, 6)  # day 4.5 -> 5 September, a Sunday -> Monday 6th
    # The same length, starting on a Saturday: day 0 moves to Monday.
    saturday = datetime.date(2027, 9, 4)
    assert seminar_day(
        old.start_date, old, saturday, saturday + datetime.timedelta(120)
    ) == datetime.date(2027, 9, 6)
    # The last day of a period that ends on a Sunday: back to Friday.
    assert seminar_day(
        old.end_date, old, datetime.date(2027, 5, 4), datetime.date(2027, 8, 29)
    ) == datetime.date(2027, 8, 27)


# --- Initiatives -----------------------------------------------------------------------------


def test_running_initiatives_are_carried_forward_and_closed_ones_stay(finished, facilitator):
    result = start(finished, facilitator)

    carried = Initiative.objects.filter(process=result.process)
    assert sorted(i.title for i in carried) == sorted(
        ["MUS-samtaler for brugerne", "Tiltag planned", "Tiltag paused"]
    )
    assert {i.carried_from.title for i in carried} == {i.title for i in carried}
    assert len(result.carried) == 3
    # The new process follows them up as the old one did.
    implementation = Implementation.objects.get(process=result.process)
    assert implementation.update_interval_days == 21


def test_a_carried_initiative_keeps_its_whole_history(finished, facilitator, leader, member):
    new = start(finished, facilitator).process
    old = finished["running"]
    copy = Initiative.objects.get(process=new, carried_from=old)

    assert copy.status == Status.RUNNING
    assert copy.status_changed_on == datetime.date(2027, 4, 1)
    assert copy.owner == member
    assert list(copy.team.all()) == [facilitator]
    assert copy.frame_signed_off_by == leader
    assert copy.frame_note == "Inden for serviceloven."
    assert copy.lineage == old.lineage
    assert copy.theme.process == new and copy.theme.title == old.theme.title
    assert copy.group.process == new and copy.group.name == "Gruppe Brugerne"
    assert copy.version == 2
    assert [(r.version, r.kind, r.editor, r.data) for r in copy.revisions.all()] == [
        (r.version, r.kind, r.editor, r.data) for r in old.revisions.all()
    ]
    assert [r.created_at for r in copy.revisions.all()] == [
        r.created_at for r in old.revisions.all()
    ]
    assert [
        (c.from_status, c.to_status, c.changed_on, c.reason, c.actor)
        for c in copy.status_changes.all()
    ] == [
        (c.from_status, c.to_status, c.changed_on, c.reason, c.actor)
        for c in old.status_changes.all()
    ]
    goal = copy.goals.get(parent=None)
    assert goal.text == "Alle brugere får en MUS-samtale"
    sub = goal.sub_goals.get()
    assert sub.text == "Skabelon til samtalen"
    trial = copy.trials.get()
    assert (trial.goal, trial.decision, trial.learning) == (
        sub,
        "abandon",
        "Skabelonen var for lang.",
    )
    indicator = copy.indicators.get()
    assert [str(m.value) for m in indicator.measurements.order_by("measured_on")] == [
        "60.00",
        "65.00",
        "71.00",
    ]
    updates = list(copy.updates.all())  # newest first
    assert [u.text for u in updates] == [
        "Carried forward from “Slip værdierne løs på værkstederne”, the previous cycle, "
        "with its history.",
        "Halvdelen af brugerne har haft en samtale.",
        "Samtalerne er i gang.",
    ]
    assert updates[2].status_change.initiative == copy
    assert updates[2].status_change.to_status == Status.RUNNING
    assert copy.last_update_on == TODAY


def test_the_old_initiative_gets_a_note_where_it_went_and_no_more_reminders(finished, facilitator):
    old = finished["running"]
    assert old in overdue(finished["process"], datetime.date(2027, 12, 1))

    start(finished, facilitator)

    note = old.updates.order_by("-written_on", "-pk").first()
    assert note.text == (
        "Carried forward to “Værdierne videre, 2. forløb”, the next cycle, where it continues."
    )
    assert (note.written_on, note.author) == (TODAY, facilitator)
    old.refresh_from_db()
    assert old.status == Status.RUNNING  # its history here is left as it was
    # It is carried out in the new process now: only the copy can be overdue.
    late = overdue(Initiative.objects.all(), datetime.date(2028, 1, 15))
    assert old not in late
    assert old.carried_to in late


def test_without_carrying_only_the_design_comes_along(finished, facilitator):
    result = start(finished, facilitator, carry_initiatives=False)

    assert not Initiative.objects.filter(process=result.process).exists()
    assert not Implementation.objects.filter(process=result.process).exists()
    assert not finished["running"].updates.filter(written_on=TODAY).exists()


def test_an_initiative_is_carried_forward_once(finished, facilitator):
    start(finished, facilitator)
    again = start(finished, facilitator, title="Endnu et forløb")

    assert again.carried == []
    assert Initiative.objects.filter(carried_from=finished["running"]).count() == 1


def test_only_a_process_in_implementation_starts_the_next_cycle(finished, facilitator):
    process = finished["process"]
    process.phase = Phase.CATALOGUE
    process.save(update_fields=["phase"])
    count = Process.objects.count()

    with pytest.raises(ValidationError, match="implementation phase"):
        start(finished, facilitator)
    assert Process.objects.count() == count


def test_only_a_facilitator_of_the_organisation_starts_it(finished, leader, outsider):
    for actor in (leader, outsider):
        with pytest.raises(ValidationError):
            start(finished, actor)
    assert Process.objects.count() == 1


def test_a_failure_halfway_leaves_no_process_and_no_copied_file(
    finished, facilitator, media, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(carry, "_carry", broken)
    files_before = sorted(p.name for p in media.rglob("*") if p.is_file())

    with pytest.raises(RuntimeError):
        start(finished, facilitator)

    assert Process.objects.count() == 1
    assert not CycleLink.objects.exists()
    assert sorted(p.name for p in media.rglob("*") if p.is_file()) == files_before


# --- Pages -----------------------------------------------------------------------------------


def url(finished):
    return reverse("cycles:next_cycle", args=[finished["process"].pk])


def test_the_page_shows_what_comes_along_and_the_running_initiatives(
    finished, facilitator, as_user
):
    response = as_user(facilitator).get(url(finished))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Start the next cycle" in text
    assert "2 themes" in text and "2 seminars" in text and "2 groups" in text
    assert "3 running initiatives" in text
    assert "MUS-samtaler for brugerne" in text
    assert "Tiltag anchored" not in text
    # The suggested period follows the old one and is as long.
    assert 'value="Slip værdierne løs på værkstederne, next cycle"' in text


def test_starting_from_the_page_opens_the_new_process(finished, facilitator, as_user):
    client = as_user(facilitator)
    response = client.post(
        url(finished),
        {
            "title": "Værdierne videre",
            "start_date": "2027-08-16",
            "end_date": "2027-12-14",
            "carry_initiatives": "on",
        },
        follow=True,
    )

    new = Process.objects.get(title="Værdierne videre")
    assert response.redirect_chain[-1][0] == new.get_absolute_url()
    text = response.content.decode()
    assert "The next cycle is started: 2 themes, 2 seminars and 2 groups came along." in text
    assert "3 running initiatives are carried forward with their history." in text
    assert "This process continues:" in text
    assert "3 initiatives were carried forward from it." in text
    # The carried initiative's page reads its history in the new process.
    copy = Initiative.objects.get(process=new, title="MUS-samtaler for brugerne")
    page = client.get(copy.get_absolute_url()).content.decode()
    assert "Halvdelen af brugerne har haft en samtale." in page
    assert "Carried forward from “Slip værdierne løs på værkstederne”" in page
    # And the old process names its successor.
    old_page = client.get(finished["process"].get_absolute_url()).content.decode()
    assert "Continued in:" in old_page and "Værdierne videre" in old_page


def test_an_end_before_the_start_is_refused_and_nothing_is_created(finished, facilitator, as_user):
    response = as_user(facilitator).post(
        url(finished),
        {"title": "Værdierne videre", "start_date": "2027-08-16", "end_date": "2027-08-01"},
    )

    assert response.status_code == 400
    assert "The process must end on or after the day it starts." in response.content.decode()
    assert Process.objects.count() == 1


def test_before_implementation_the_page_says_not_yet_and_a_post_is_refused(
    finished, facilitator, as_user
):
    process = finished["process"]
    process.phase = Phase.CATALOGUE
    process.save(update_fields=["phase"])
    client = as_user(facilitator)

    page = client.get(url(finished))
    assert page.status_code == 200
    assert "Start the next cycle once the process is in its implementation phase." in (
        page.content.decode()
    )
    response = client.post(
        url(finished),
        {"title": "Værdierne videre", "start_date": "2027-08-16", "end_date": "2027-12-14"},
    )
    assert response.status_code == 409
    assert Process.objects.count() == 1


def test_the_process_page_offers_the_next_cycle_to_the_facilitator_in_implementation(
    finished, facilitator, member, as_user, client
):
    process = finished["process"]
    start_url = reverse("cycles:next_cycle", args=[process.pk])
    export_url = reverse("cycles:export", args=[process.pk])

    page = as_user(facilitator).get(process.get_absolute_url()).content.decode()
    assert start_url in page and export_url in page

    client.force_login(member.user)
    page = client.get(process.get_absolute_url()).content.decode()
    assert start_url not in page and export_url not in page

    process.phase = Phase.VALUE_DEBATE
    process.save(update_fields=["phase"])
    client.force_login(facilitator.user)
    page = client.get(process.get_absolute_url()).content.decode()
    assert start_url not in page
    assert export_url in page


def test_the_panel_and_the_export_take_the_same_queries_for_a_bigger_process(
    finished, facilitator, django_assert_max_num_queries
):
    process = finished["process"]
    with django_assert_max_num_queries(4):
        panel(process, facilitator)
    with django_assert_max_num_queries(7):
        export_design(process)
    for n in range(10):
        theme = ThemeFactory(process=process, position=10 + n)
        GroupFactory(process=process, theme=theme)
        InitiativeFactory(process=process, theme=theme, status=Status.RUNNING)
    with django_assert_max_num_queries(4):
        panel(process, facilitator)
    with django_assert_max_num_queries(7):
        export_design(process)


def test_the_two_initiative_pages_link_to_each_other_and_only_the_new_one_is_overdue(
    finished, facilitator, client
):
    old = finished["running"]
    start(finished, facilitator)
    new = old.carried_to
    client.force_login(facilitator.user)

    # Long after the interval: the old page must not nag about updates that now go to the
    # new process.
    old_page = client.get(old.get_absolute_url()).content.decode()
    new_page = client.get(new.get_absolute_url()).content.decode()

    assert "Carried forward to the next cycle:" in old_page
    assert f'href="{new.get_absolute_url()}"' in old_page
    assert "Continues from the previous cycle:" in new_page
    assert f'href="{old.get_absolute_url()}"' in new_page
    assert "Update overdue" not in old_page
