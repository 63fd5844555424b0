"""Seminar list, create/edit/delete, the printable agenda and the "plan three" shortcut."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from processes.models import AgendaItem, Seminar
from processes.services.seminars import plan_three_seminars, spread_dates
from tests.factories import AgendaItemFactory, SeminarFactory


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


def seminar_data(**overrides):
    data = {
        "kind": "midway",
        "title": "",
        "date": "2027-03-15",
        "start_time": "09:00",
        "end_time": "15:30",
        "place": "Kantinen",
    }
    data.update(overrides)
    return data


# --- List ------------------------------------------------------------------------------------


def test_the_list_shows_each_seminar_with_its_facts(as_user, member, process):
    seminar = SeminarFactory(process=process, place="Kantinen", summary="<p>Referat</p>")
    AgendaItemFactory(seminar=seminar, position=0)
    AgendaItemFactory(seminar=seminar, position=1)
    SeminarFactory(process=process, kind=Seminar.Kind.WRAPUP, date=datetime.date(2027, 5, 30))
    content = as_user(member).get(reverse("processes:seminar_list", args=[process.pk])).content
    content = content.decode()
    assert "Kick-off seminar" in content and "Wrap-up seminar" in content
    assert "Kantinen" in content
    assert "09:00" in content and "15:30" in content
    assert "2 agenda items" in content
    assert "Written summary: yes" in content
    assert "Written summary: not yet" in content
    assert content.index("Kick-off seminar") < content.index("Wrap-up seminar")
    # A member may not plan.
    assert "Plan the three seminars" not in content
    assert "Create a seminar" not in content


def test_the_facilitator_is_offered_the_shortcut_only_when_there_are_none(
    as_user, facilitator, process
):
    client = as_user(facilitator)
    list_url = reverse("processes:seminar_list", args=[process.pk])
    assert "Plan the three seminars" in client.get(list_url).content.decode()
    SeminarFactory(process=process)
    assert "Plan the three seminars" not in client.get(list_url).content.decode()


# --- Plan three seminars ---------------------------------------------------------------------


def test_planning_creates_three_seminars_spread_over_the_process(as_user, facilitator, process):
    process.start_date = datetime.date(2027, 2, 1)  # a Monday
    process.end_date = datetime.date(2027, 6, 1)  # a Tuesday
    process.save()
    response = as_user(facilitator).post(reverse("processes:seminar_plan", args=[process.pk]))
    assert response.status_code == 302
    seminars = list(process.seminars.order_by("date"))
    assert [s.kind for s in seminars] == ["kickoff", "midway", "wrapup"]
    assert [s.date for s in seminars] == [
        datetime.date(2027, 2, 1),
        datetime.date(2027, 4, 2),  # 60 of 120 days in, a Friday
        datetime.date(2027, 6, 1),
    ]
    assert all(s.start_time == datetime.time(9) for s in seminars)
    assert all(s.end_time == datetime.time(15, 30) for s in seminars)


def test_the_default_agendas_follow_the_method_and_fill_the_day(facilitator, process):
    with translation.override("en"):
        kickoff, midway, wrapup = plan_three_seminars(actor=facilitator, process=process)
    for seminar in (kickoff, midway, wrapup):
        items = list(seminar.agenda_items.order_by("position"))
        assert [item.position for item in items] == list(range(len(items)))
        assert sum(item.duration_minutes for item in items) == 390  # 09:00-15:30
        assert items[0].responsible == facilitator
    kickoff_titles = " ".join(kickoff.agenda_items.values_list("title", flat=True))
    assert "brainstorm" in kickoff_titles.lower()
    assert "before, now and in the future" in kickoff_titles
    assert kickoff.agenda_items.filter(format=AgendaItem.Format.TALK).exists()
    assert kickoff.agenda_items.filter(format=AgendaItem.Format.GROUP).exists()
    midway_titles = " ".join(midway.agenda_items.values_list("title", flat=True))
    assert "prioritising values" in midway_titles
    assert "first ideas" in midway_titles
    wrapup_titles = " ".join(wrapup.agenda_items.values_list("title", flat=True))
    assert "at least 3 concrete initiatives" in wrapup_titles
    assert "whole organisation" in wrapup_titles
    assert "Evaluation" in wrapup_titles


def test_the_initiatives_item_uses_the_process_requirement(facilitator, process):
    process.min_initiatives_per_group = 5
    process.save()
    with translation.override("en"):
        wrapup = plan_three_seminars(actor=facilitator, process=process)[2]
    assert wrapup.agenda_items.filter(title__contains="at least 5 concrete initiatives").exists()


def test_planning_twice_does_not_plan_six(as_user, facilitator, process):
    client = as_user(facilitator)
    plan_url = reverse("processes:seminar_plan", args=[process.pk])
    client.post(plan_url)
    response = client.post(plan_url, follow=True)
    assert process.seminars.count() == 3
    assert "already has seminars" in response.content.decode()


def test_planned_dates_avoid_weekends_inside_the_process():
    # Saturday to a Sunday: start moves to Monday, end back to Friday.
    start, middle, end = spread_dates(datetime.date(2027, 1, 30), datetime.date(2027, 5, 30))
    assert start == datetime.date(2027, 2, 1)
    assert middle.weekday() < 5
    assert end == datetime.date(2027, 5, 28)


# --- Create / edit / delete ------------------------------------------------------------------


def test_the_facilitator_creates_a_seminar(as_user, facilitator, process):
    response = as_user(facilitator).post(
        reverse("processes:seminar_create", args=[process.pk]), seminar_data()
    )
    seminar = process.seminars.get()
    assert response.status_code == 302
    assert response["Location"] == seminar.get_absolute_url()
    assert seminar.kind == "midway"
    assert seminar.place == "Kantinen"


def test_a_seminar_must_end_after_it_starts(as_user, facilitator, process):
    response = as_user(facilitator).post(
        reverse("processes:seminar_create", args=[process.pk]),
        seminar_data(start_time="15:00", end_time="09:00"),
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "The seminar must end after it starts." in content
    assert "There is a problem" in content
    assert not process.seminars.exists()


def test_a_date_outside_the_process_is_a_warning_not_an_error(as_user, facilitator, process):
    response = as_user(facilitator).post(
        reverse("processes:seminar_create", args=[process.pk]),
        seminar_data(date="2028-01-10"),
        follow=True,
    )
    assert process.seminars.filter(date=datetime.date(2028, 1, 10)).exists()
    assert "outside the process" in response.content.decode()


def test_the_facilitator_edits_a_seminar(as_user, facilitator, process):
    seminar = SeminarFactory(process=process)
    url = reverse("processes:seminar_edit", args=[process.pk, seminar.pk])
    client = as_user(facilitator)
    assert 'value="09:00"' in client.get(url).content.decode()
    response = client.post(url, seminar_data(title="Opstart i Kantinen", start_time="10:00"))
    seminar.refresh_from_db()
    assert response.status_code == 302
    assert seminar.title == "Opstart i Kantinen"
    assert seminar.start_time == datetime.time(10)


def test_a_rejected_edit_changes_nothing(as_user, facilitator, process):
    seminar = SeminarFactory(process=process, title="Opstart")
    url = reverse("processes:seminar_edit", args=[process.pk, seminar.pk])
    response = as_user(facilitator).post(url, seminar_data(title="Nyt", end_time="08:00"))
    assert response.status_code == 200
    assert "<h1>Edit “Opstart”</h1>" in response.content.decode()
    seminar.refresh_from_db()
    assert seminar.title == "Opstart"


def test_deleting_a_seminar_asks_and_then_deletes(as_user, facilitator, process):
    seminar = SeminarFactory(process=process)
    AgendaItemFactory(seminar=seminar)
    url = reverse("processes:seminar_delete", args=[process.pk, seminar.pk])
    client = as_user(facilitator)
    assert "its agenda of 1 item" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("processes:seminar_list", args=[process.pk])
    assert not Seminar.objects.filter(pk=seminar.pk).exists()
    assert not AgendaItem.objects.exists()


# --- Print -----------------------------------------------------------------------------------


def test_the_printable_agenda_has_the_facts_and_no_inline_script(as_user, leader, process):
    seminar = SeminarFactory(process=process, place="Mødelokalet")
    AgendaItemFactory(seminar=seminar, position=0, title="Velkomst", duration_minutes=20)
    response = as_user(leader).get(
        reverse("processes:seminar_print", args=[process.pk, seminar.pk])
    )
    content = response.content.decode()
    assert process.title in content
    assert "Kick-off seminar" in content
    assert "Mødelokalet" in content
    assert "Velkomst" in content
    assert '09:00</time>–<time datetime="09:20">09:20' in content
    assert "js/seminar-print.js" in content
    assert "<script>" not in content and "onclick" not in content
    assert 'class="header"' not in content  # no site navigation on paper
