"""A meeting as an iCalendar file, for the person's own calendar (and attached to the
confirmation email)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

from ..models import Meeting


def meeting_calendar(meeting: Meeting, *, url: str) -> bytes:
    """One event with a stable UID (importing again updates it), local wall-clock times
    with their VTIMEZONE, the place, the host and the questions of the series."""
    series = meeting.series
    process = series.process
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//QualityHub//Meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@qualityhub")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone))
    event.add("dtend", datetime.datetime.combine(meeting.date, meeting.end_time, tzinfo=zone))
    event.add("summary", f"{series.title} · {process.organisation.name}")
    event.add("location", meeting.place)
    lines = [series.description] if series.description else []
    if meeting.host_id:
        lines.append(f"{meeting.host.display_name}")
    lines.extend(["", url])
    event.add("description", "\n".join(lines).strip())
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
