"""iCalendar files for one seminar and for all of a process's seminars."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests.factories import AgendaItemFactory, SeminarFactory

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture(autouse=True)
def english(settings):
    """Assert on the English msgids, whatever languages are translated later."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def seminar(process, leader):
    seminar = SeminarFactory(
        process=process,
        date=datetime.date(2027, 7, 1),  # summer time: UTC+2
        start_time=datetime.time(9, 0),
        end_time=datetime.time(15, 30),
        place="Mødelokalet, Odense",
    )
    AgendaItemFactory(seminar=seminar, position=0, title="Velkomst", duration_minutes=15)
    AgendaItemFactory(
        seminar=seminar, position=1, title="Oplæg", duration_minutes=60, responsible=leader
    )
    return seminar


def parse(response):
    return icalendar.Calendar.from_ical(response.content)


def test_one_seminar_downloads_as_an_event(as_user, member, process, seminar, leader):
    url = reverse("processes:seminar_ical", args=[process.pk, seminar.pk])
    response = as_user(member).get(url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="seminar-{seminar.pk}.ics"'
    calendar = parse(response)
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start == datetime.datetime(2027, 7, 1, 9, 0, tzinfo=COPENHAGEN)
    assert end == datetime.datetime(2027, 7, 1, 15, 30, tzinfo=COPENHAGEN)
    assert start.astimezone(datetime.UTC).hour == 7
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Copenhagen"
    assert str(event["SUMMARY"]) == f"Kick-off seminar · {process.title}"
    assert str(event["LOCATION"]) == "Mødelokalet, Odense"
    assert str(event["UID"]) == f"seminar-{seminar.pk}@qualityhub"
    description = str(event["DESCRIPTION"])
    assert "09:00–09:15 Velkomst (Plenary)" in description
    assert f"09:15–10:15 Oplæg (Plenary, {leader.display_name})" in description
    assert seminar.get_absolute_url() in description


def test_the_uid_is_stable(as_user, member, process, seminar):
    url = reverse("processes:seminar_ical", args=[process.pk, seminar.pk])
    client = as_user(member)
    first = parse(client.get(url)).walk("VEVENT")[0]["UID"]
    second = parse(client.get(url)).walk("VEVENT")[0]["UID"]
    assert first == second


def test_the_process_feed_has_every_seminar(as_user, external, process, seminar):
    SeminarFactory(process=process, kind="wrapup", date=datetime.date(2027, 12, 1), place="")
    SeminarFactory()  # another organisation's seminar
    response = as_user(external).get(reverse("processes:process_ical", args=[process.pk]))
    calendar = parse(response)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    assert [str(e["SUMMARY"]).split(" · ")[0] for e in events] == [
        "Kick-off seminar",
        "Wrap-up seminar",
    ]
    # Winter time: 09:00 in Copenhagen is 08:00 UTC.
    assert events[1].decoded("DTSTART").astimezone(datetime.UTC).hour == 8
    assert "LOCATION" not in events[1]
    assert str(calendar["X-WR-CALNAME"]) == process.title
