"""Café meetings and idea workshops for all staff: planning, signing up with a waiting list,
cancelling, emails after the commit, reminders the day before, iCal, the host kit and the
host's record of the meeting's input."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from spreading.models import Comment, Meeting, MeetingReminder, Proposal, Series, SignUp
from spreading.tasks import send_meeting_reminders
from tests.core.test_downloads import filenames
from tests.factories import MembershipFactory

from .factories import FUTURE, MeetingFactory, SeriesFactory, SignUpFactory

pytestmark = pytest.mark.django_db

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


@pytest.fixture
def series(process):
    return SeriesFactory(process=process, title="Cafémøder om kataloget")


@pytest.fixture
def meeting(series, group_lead):
    return MeetingFactory(series=series, host=group_lead, capacity=2, place="Kantinen")


def colleagues(organisation, n):
    return [
        MembershipFactory(organisation=organisation, user__username=f"kollega{i}@example.org")
        for i in range(n)
    ]


def sign_up_url(meeting):
    return reverse("spreading:sign_up", args=[meeting.series.process_id, meeting.pk])


def cancel_url(meeting):
    return reverse("spreading:cancel", args=[meeting.series.process_id, meeting.pk])


def meeting_url(meeting):
    return reverse("spreading:meeting", args=[meeting.series.process_id, meeting.pk])


# --- Planning -------------------------------------------------------------------------------


def test_the_facilitator_plans_a_series_with_the_methods_defaults(as_user, process, facilitator):
    client = as_user(facilitator)
    form = client.get(reverse("spreading:series_add", args=[process.pk])).text
    assert "Which of the values in the catalogue do you recognise" in form
    response = client.post(
        reverse("spreading:series_add", args=[process.pk]),
        {
            "title": "Cafémøder for alle 700 medarbejdere",
            "kind": "cafe",
            "description": "Hør om kataloget.",
            "agenda": "Velkomst\nKataloget kort",
            "questions": "Hvad kender du?\nHvad mangler?",
            "one_meeting_per_person": "on",
        },
    )
    series = Series.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("spreading:meeting_add", args=[process.pk, series.pk])
    assert series.created_by == facilitator
    assert series.question_list == ["Hvad kender du?", "Hvad mangler?"]
    assert series.one_meeting_per_person


def test_the_facilitator_adds_meetings_with_a_host_and_places(
    as_user, process, series, facilitator, staff
):
    response = as_user(facilitator).post(
        reverse("spreading:meeting_add", args=[process.pk, series.pk]),
        {
            "date": FUTURE.isoformat(),
            "start_time": "14:00",
            "end_time": "15:30",
            "place": "Kantinen",
            "host": staff.pk,
            "capacity": "25",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.host, meeting.capacity, meeting.place) == (staff, 25, "Kantinen")


def test_a_meeting_must_end_after_it_starts_and_lie_ahead(as_user, process, series, facilitator):
    past = timezone.localdate() - datetime.timedelta(days=1)
    response = as_user(facilitator).post(
        reverse("spreading:meeting_add", args=[process.pk, series.pk]),
        {
            "date": past.isoformat(),
            "start_time": "15:00",
            "end_time": "14:00",
            "place": "Kantinen",
            "host": facilitator.pk,
            "capacity": "5",
        },
    )
    assert response.status_code == 200
    assert "The meeting must end after it starts." in response.text
    assert "has passed: choose a day from today on." in response.text
    assert not Meeting.objects.exists()


def test_a_meeting_has_at_least_one_place(as_user, process, series, facilitator):
    response = as_user(facilitator).post(
        reverse("spreading:meeting_add", args=[process.pk, series.pk]),
        {
            "date": FUTURE.isoformat(),
            "start_time": "14:00",
            "end_time": "15:00",
            "place": "Kantinen",
            "host": facilitator.pk,
            "capacity": "0",
        },
    )
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert not Meeting.objects.exists()


def test_the_host_must_be_a_member_of_the_organisation(
    as_user, process, series, facilitator, outsider
):
    response = as_user(facilitator).post(
        reverse("spreading:meeting_add", args=[process.pk, series.pk]),
        {
            "date": FUTURE.isoformat(),
            "start_time": "14:00",
            "end_time": "15:00",
            "place": "Kantinen",
            "host": outsider.pk,
            "capacity": "10",
        },
    )
    assert "Select a valid choice" in response.text
    assert not Meeting.objects.exists()


def test_fewer_places_than_people_signed_up_is_refused(
    as_user, process, meeting, facilitator, organisation
):
    for person in colleagues(organisation, 2):
        SignUpFactory(meeting=meeting, membership=person)
    response = as_user(facilitator).post(
        reverse("spreading:meeting_edit", args=[process.pk, meeting.pk]),
        {
            "date": meeting.date.isoformat(),
            "start_time": "14:00",
            "end_time": "15:30",
            "place": "Kantinen",
            "host": meeting.host_id,
            "capacity": "1",
        },
    )
    assert response.status_code == 200
    assert "2 people have a place already: the meeting needs at least 2 places." in response.text
    meeting.refresh_from_db()
    assert meeting.capacity == 2


def test_more_places_move_the_waiting_list_up_and_email_them(
    as_user, process, meeting, facilitator, organisation, django_capture_on_commit_callbacks
):
    first, second, third = colleagues(organisation, 3)
    SignUpFactory(meeting=meeting, membership=first)
    SignUpFactory(meeting=meeting, membership=second)
    waiting = SignUpFactory(meeting=meeting, membership=third, status=SignUp.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(facilitator).post(
            reverse("spreading:meeting_edit", args=[process.pk, meeting.pk]),
            {
                "date": meeting.date.isoformat(),
                "start_time": "14:00",
                "end_time": "15:30",
                "place": "Kantinen",
                "host": meeting.host_id,
                "capacity": "3",
            },
            follow=True,
        )
    assert "1 people moved up from the waiting list and are emailed." in response.text
    waiting.refresh_from_db()
    assert waiting.status == SignUp.Status.CONFIRMED and waiting.promoted_at
    assert [m.to for m in mail.outbox] == [[third.user.email]]
    assert "En plads til dig" in mail.outbox[0].subject  # the organisation speaks Danish


# --- Signing up -----------------------------------------------------------------------------


def test_staff_sign_up_and_get_a_confirmation_after_the_commit(
    as_user, meeting, staff, django_capture_on_commit_callbacks
):
    client = as_user(staff)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(sign_up_url(meeting), follow=True)
        assert mail.outbox == []  # nothing is sent before the commit
    assert "You are signed up. A confirmation is on its way to your email." in response.text
    for callback in callbacks:
        callback()
    sign_up = SignUp.objects.get()
    assert (sign_up.membership, sign_up.status) == (staff, SignUp.Status.CONFIRMED)
    (email,) = mail.outbox
    assert email.to == ["staff@example.org"]
    assert email.subject.startswith("Du er tilmeldt: Cafémøder om kataloget")
    assert "Kantinen" in email.body and meeting_url(meeting) in email.body
    (attachment,) = email.attachments
    assert attachment[0] == f"meeting-{meeting.pk}.ics"
    assert "BEGIN:VEVENT" in str(attachment[1])


def test_a_full_meeting_puts_the_next_person_on_the_waiting_list(
    as_user, meeting, staff, organisation, django_capture_on_commit_callbacks
):
    for person in colleagues(organisation, 2):
        SignUpFactory(meeting=meeting, membership=person)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff).post(sign_up_url(meeting), follow=True)
    assert "The meeting is full: you are number 1 on the waiting list." in response.text
    assert SignUp.objects.get(membership=staff).status == SignUp.Status.WAITING
    assert meeting.sign_ups.filter(status=SignUp.Status.CONFIRMED).count() == 2
    (email,) = mail.outbox
    assert email.subject.startswith("På ventelisten")
    assert "som nummer 1" in email.body
    assert email.attachments == []
    page = as_user(staff).get(meeting_url(meeting)).text
    assert "You are number 1." in page
    assert "Leave the waiting list" in page


def test_cancelling_moves_the_first_waiting_person_up_and_emails_them(
    as_user, meeting, staff, organisation, django_capture_on_commit_callbacks
):
    first, second, third = colleagues(organisation, 3)
    SignUpFactory(meeting=meeting, membership=staff)
    SignUpFactory(meeting=meeting, membership=first)
    waiting_first = SignUpFactory(meeting=meeting, membership=second, status=SignUp.Status.WAITING)
    waiting_second = SignUpFactory(meeting=meeting, membership=third, status=SignUp.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(staff).post(cancel_url(meeting), follow=True)
    assert "Your sign-up is cancelled." in response.text
    assert not SignUp.objects.filter(membership=staff).exists()
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == SignUp.Status.CONFIRMED
    assert waiting_second.status == SignUp.Status.WAITING
    (email,) = mail.outbox
    assert email.to == [second.user.email]
    assert "du er rykket op fra ventelisten" in email.body
    # The one still waiting is now first in line.
    assert "You are number 1." in as_user(third).get(meeting_url(meeting)).text


def test_leaving_the_waiting_list_moves_no_one(
    as_user, meeting, staff, organisation, django_capture_on_commit_callbacks
):
    for person in colleagues(organisation, 2):
        SignUpFactory(meeting=meeting, membership=person)
    SignUpFactory(meeting=meeting, membership=staff, status=SignUp.Status.WAITING)
    with django_capture_on_commit_callbacks(execute=True):
        as_user(staff).post(cancel_url(meeting))
    assert meeting.sign_ups.filter(status=SignUp.Status.CONFIRMED).count() == 2
    assert mail.outbox == []


def test_a_second_sign_up_by_the_same_person_is_refused_with_a_clear_message(
    as_user, meeting, staff
):
    client = as_user(staff)
    client.post(sign_up_url(meeting))
    response = client.post(sign_up_url(meeting), follow=True)
    assert "You are already signed up for this meeting." in response.text
    assert SignUp.objects.count() == 1


def test_a_second_place_on_the_waiting_list_is_refused_with_the_place_in_line(
    as_user, meeting, staff, organisation
):
    for person in colleagues(organisation, 2):
        SignUpFactory(meeting=meeting, membership=person)
    client = as_user(staff)
    client.post(sign_up_url(meeting))
    response = client.post(sign_up_url(meeting), follow=True)
    assert "You are already on the waiting list for this meeting (number 1)." in response.text


def test_one_meeting_per_person_in_a_series(as_user, series, meeting, staff):
    other = MeetingFactory(series=series, date=FUTURE + datetime.timedelta(days=7))
    client = as_user(staff)
    client.post(sign_up_url(meeting))
    response = client.post(sign_up_url(other), follow=True)
    assert "You are already signed up for the meeting on" in response.text
    assert "Cancel that sign-up first" in response.text
    assert SignUp.objects.filter(membership=staff).count() == 1


def test_a_series_may_allow_several_meetings(as_user, process, staff):
    series = SeriesFactory(process=process, kind="workshop", one_meeting_per_person=False)
    first, second = MeetingFactory(series=series), MeetingFactory(series=series)
    client = as_user(staff)
    client.post(sign_up_url(first))
    client.post(sign_up_url(second))
    assert SignUp.objects.filter(membership=staff).count() == 2


def test_a_meeting_that_has_taken_place_takes_no_sign_ups(as_user, series, staff):
    past = MeetingFactory(series=series, date=timezone.localdate() - datetime.timedelta(days=1))
    response = as_user(staff).post(sign_up_url(past), follow=True)
    assert "The meeting has already taken place." in response.text
    assert not SignUp.objects.exists()


def test_cancelling_without_a_sign_up_says_so(as_user, meeting, staff):
    response = as_user(staff).post(cancel_url(meeting), follow=True)
    assert "You are not signed up for this meeting." in response.text


def test_the_series_page_shows_free_places_the_waiting_list_and_my_meeting(
    as_user, process, series, meeting, staff, organisation
):
    for person in colleagues(organisation, 2):
        SignUpFactory(meeting=meeting, membership=person)
    SignUpFactory(meeting=meeting, membership=staff, status=SignUp.Status.WAITING)
    open_meeting = MeetingFactory(series=series, capacity=10, date=FUTURE + datetime.timedelta(1))
    page = as_user(staff).get(series.get_absolute_url()).text
    assert "Full" in page and "1 on the waiting list" in page
    assert "10 places left" in page
    assert "You are on the waiting list for" in page
    # One meeting per person: no button to sign up for another one meanwhile.
    assert sign_up_url(open_meeting) not in page


# --- Reminders the day before ---------------------------------------------------------------


def test_the_reminder_goes_the_day_before_once_even_if_the_task_runs_twice(
    series, staff, organisation, django_capture_on_commit_callbacks
):
    today = datetime.date(2027, 3, 1)
    tomorrow = MeetingFactory(series=series, date=today + datetime.timedelta(days=1))
    later = MeetingFactory(series=series, date=today + datetime.timedelta(days=2))
    cancelled_person, waiting_person, later_person = colleagues(organisation, 3)
    SignUpFactory(meeting=tomorrow, membership=staff)
    SignUpFactory(meeting=tomorrow, membership=waiting_person, status=SignUp.Status.WAITING)
    SignUpFactory(meeting=later, membership=later_person)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.delay(today.isoformat()).get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_meeting_reminders.delay(today.isoformat()).get() == 0
    assert [m.to for m in mail.outbox] == [["staff@example.org"]]
    assert mail.outbox[0].subject == "I morgen kl. 14:00: Cafémøder om kataloget"
    assert MeetingReminder.objects.count() == 1
    assert cancelled_person  # signs up nowhere: nothing to remind of


def test_a_reminder_claimed_by_one_run_is_never_sent_by_another(series, staff):
    from spreading.services.emails import deliver_reminder

    meeting = MeetingFactory(series=series, date=FUTURE)
    SignUpFactory(meeting=meeting, membership=staff)
    reminder = MeetingReminder.objects.create(
        meeting=meeting, membership=staff, meeting_date=FUTURE
    )
    assert deliver_reminder(reminder.pk) is True
    assert deliver_reminder(reminder.pk) is False
    assert len(mail.outbox) == 1


def test_no_reminder_for_someone_who_cancelled_in_between(series, staff):
    from spreading.services.emails import deliver_reminder

    meeting = MeetingFactory(series=series, date=FUTURE)
    reminder = MeetingReminder.objects.create(
        meeting=meeting, membership=staff, meeting_date=FUTURE
    )
    assert deliver_reminder(reminder.pk) is False
    assert mail.outbox == []


def test_a_moved_meeting_gets_a_new_reminder(series, staff, django_capture_on_commit_callbacks):
    today = datetime.date(2027, 3, 1)
    meeting = MeetingFactory(series=series, date=today + datetime.timedelta(days=1))
    SignUpFactory(meeting=meeting, membership=staff)
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_reminders.delay(today.isoformat())
    Meeting.objects.filter(pk=meeting.pk).update(date=today + datetime.timedelta(days=8))
    with django_capture_on_commit_callbacks(execute=True):
        send_meeting_reminders.delay((today + datetime.timedelta(days=7)).isoformat())
    assert len(mail.outbox) == 2


# --- iCal, host kit and input ---------------------------------------------------------------


def test_a_meeting_downloads_as_an_ical_event(as_user, meeting, staff):
    response = as_user(staff).get(
        reverse("spreading:meeting_ical", args=[meeting.series.process_id, meeting.pk])
    )
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    # The series "Cafémøder om kataloget": ø spelt oe in the ASCII name, kept in the UTF-8 one.
    day = f"{meeting.date:%Y-%m-%d}"
    assert filenames(response["Content-Disposition"]) == (
        f"cafemoeder-om-kataloget-{day}.ics",
        f"cafémøder-om-kataloget-{day}.ics",
    )
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime.combine(
        FUTURE, datetime.time(14), tzinfo=COPENHAGEN
    )
    assert event.decoded("DTEND") == datetime.datetime.combine(
        FUTURE, datetime.time(15, 30), tzinfo=COPENHAGEN
    )
    assert event["DTSTART"].params["TZID"] == "Europe/Copenhagen"
    assert str(event["LOCATION"]) == "Kantinen"
    assert str(event["UID"]) == f"meeting-{meeting.pk}@qualityhub"
    assert meeting_url(meeting) in str(event["DESCRIPTION"])


def test_the_host_kit_has_the_agenda_the_catalogue_the_questions_and_who_comes(
    as_user, process, series, meeting, group_lead, staff, initiative, edition
):
    SignUpFactory(meeting=meeting, membership=staff)
    page = (
        as_user(group_lead).get(reverse("spreading:host_kit", args=[process.pk, meeting.pk])).text
    )
    assert "Host kit" in page
    assert "spreading/host_kit.css" in page and "css/print.css" in page
    assert "Kataloget kort (15 min)" in page  # the agenda
    assert "Hvilket tiltag vil du være med i?" in page  # the questions
    assert "Brugerinddragelse" in page and "Faglige værdier" in page  # themes
    assert "Ligeværd Gruppe 1" in page  # ideal values
    assert "MUS for brugerne Gruppe 2" in page  # the catalogue's initiatives
    assert "MUS-samtaler for brugerne" in page and "Running" in page  # tracked, with status
    assert "Signe Staff" in page  # who comes
    assert "1 of 2 places taken" in page


def test_the_host_kit_is_for_the_host_and_the_managers_only(
    as_user, process, meeting, staff, member, facilitator, leader
):
    url = reverse("spreading:host_kit", args=[process.pk, meeting.pk])
    assert as_user(staff).get(url).status_code == 403
    assert as_user(member).get(url).status_code == 403
    assert as_user(facilitator).get(url).status_code == 200
    assert as_user(leader).get(url).status_code == 200


def test_the_host_records_the_input_as_comments_and_ideas_with_the_meeting_as_source(
    as_user, process, meeting, group_lead, initiative, staff, themes
):
    client = as_user(group_lead)
    url = reverse("spreading:meeting_input", args=[process.pk, meeting.pk])
    response = client.post(
        url,
        {
            "what": "comment",
            "comment-initiative": initiative.pk,
            "comment-text": "Flere vil gerne prøve MUS i metal.",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.meeting, comment.author, comment.initiative) == (
        meeting,
        group_lead,
        initiative,
    )
    client.post(
        url,
        {
            "what": "proposal",
            "proposal-title": "Brugerne interviewer hinanden",
            "proposal-initiative": initiative.pk,
        },
    )
    proposal = Proposal.objects.get()
    assert proposal.meeting == meeting and proposal.initiative == initiative
    assert proposal.theme == themes[0]
    # Everyone sees what the meeting said, and the initiative shows where the comment is from.
    meeting_page = as_user(staff).get(meeting_url(meeting)).text
    assert "Flere vil gerne prøve MUS i metal." in meeting_page
    assert "Brugerne interviewer hinanden" in meeting_page
    initiative_page = (
        as_user(staff).get(reverse("spreading:initiative", args=[process.pk, initiative.pk])).text
    )
    assert "From Cafémøder om kataloget" in initiative_page


def test_recorded_input_keeps_what_was_typed_when_it_is_refused(
    as_user, process, meeting, group_lead, initiative
):
    response = as_user(group_lead).post(
        reverse("spreading:meeting_input", args=[process.pk, meeting.pk]),
        {"what": "comment", "comment-initiative": "", "comment-text": "Vigtig pointe"},
    )
    assert response.status_code == 200
    assert "This field is required." in response.text
    assert "Vigtig pointe" in response.text
    assert not Comment.objects.exists()


def test_only_the_host_and_managers_record_input(as_user, process, meeting, staff):
    url = reverse("spreading:meeting_input", args=[process.pk, meeting.pk])
    assert as_user(staff).get(url).status_code == 403


def test_the_host_sees_who_signed_up_and_others_do_not(
    as_user, meeting, group_lead, staff, organisation
):
    (person,) = colleagues(organisation, 1)
    SignUpFactory(meeting=meeting, membership=person)
    name = person.display_name
    assert name in as_user(group_lead).get(meeting_url(meeting)).text
    assert name not in as_user(staff).get(meeting_url(meeting)).text


def test_every_role_may_sign_up(as_user, process, series, people):
    for key, person in people.items():
        if key == "outsider":
            continue
        meeting = MeetingFactory(series=SeriesFactory(process=process), capacity=5)
        response = as_user(person).post(sign_up_url(meeting))
        assert response.status_code == 302, key
        assert SignUp.objects.filter(meeting=meeting, membership=person).exists(), key
