"""Progress updates, the overdue rule and the email reminders: one email per initiative and
overdue period, to its owner, in the organisation's language; running the task twice sends
nothing new. `today` is passed in, so no clock is frozen."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from implementation.models import Implementation, Initiative, ProgressUpdate, UpdateReminder
from implementation.services import reminders
from implementation.services.initiatives import change_status
from implementation.services.updates import add_update, is_overdue, overdue, period_start
from implementation.tasks import send_update_reminders
from organisations.models import Organisation

from .factories import InitiativeFactory

D = datetime.date
TODAY = D(2027, 6, 1)


@pytest.fixture
def interval(started):
    implementation = started.implementation
    implementation.update_interval_days = 30
    implementation.save()
    return 30


def _run(today):
    """The task as Celery beat runs it, with the commit that releases the emails."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return send_update_reminders(today.isoformat())


# -- Progress updates -------------------------------------------------------------------------


def test_an_update_moves_the_last_update_date_forward_only(initiative, member):
    add_update(initiative, actor=member, written_on=D(2027, 3, 1), text="Møde holdt.", today=TODAY)
    add_update(initiative, actor=member, written_on=D(2027, 2, 1), text="Glemt notat.", today=TODAY)
    initiative.refresh_from_db()
    assert initiative.last_update_on == D(2027, 3, 1)
    assert initiative.updates.count() == 2


def test_an_update_can_change_the_status_with_its_text_as_the_reason(initiative, member):
    update = add_update(
        initiative,
        actor=member,
        written_on=timezone.localdate(),
        text="Vi prøver det af i træværkstedet.",
        new_status=Initiative.Status.TRIAL,
    )
    initiative.refresh_from_db()
    assert initiative.status == Initiative.Status.TRIAL
    assert update.status_change.reason == "Vi prøver det af i træværkstedet."
    assert update.status_change.from_status == Initiative.Status.PLANNED


def test_an_update_in_the_future_or_without_text_is_refused(initiative, member):
    with pytest.raises(ValidationError) as error:
        add_update(initiative, actor=member, written_on=D(2027, 7, 1), text=" ", today=TODAY)
    assert set(error.value.message_dict) == {"written_on", "text"}
    assert not ProgressUpdate.objects.exists()


def test_a_refused_status_change_saves_no_update_either(initiative, member):
    with pytest.raises(ValidationError):
        add_update(
            initiative,
            actor=member,
            # Before the current status began (the start set it to today).
            written_on=timezone.localdate() - datetime.timedelta(days=3),
            text="Sat i gang.",
            new_status=Initiative.Status.RUNNING,
        )
    assert not ProgressUpdate.objects.exists()
    assert Initiative.objects.get(pk=initiative.pk).status == Initiative.Status.PLANNED


def test_a_status_change_needs_a_date_and_a_reason(initiative, member):
    with pytest.raises(ValidationError) as error:
        change_status(initiative, actor=member, to_status="running", changed_on=None, reason="  ")
    assert set(error.value.message_dict) == {"changed_on", "reason"}


# -- Overdue ----------------------------------------------------------------------------------


def test_an_initiative_is_overdue_after_the_interval_without_an_update(initiative, interval):
    Initiative.objects.filter(process=initiative.process).update(last_update_on=D(2027, 5, 15))
    Initiative.objects.filter(pk=initiative.pk).update(last_update_on=D(2027, 5, 1))
    assert list(overdue(initiative.process, D(2027, 5, 31))) == []  # 30 days: not yet
    assert [i.pk for i in overdue(initiative.process, D(2027, 6, 1))] == [initiative.pk]
    initiative.refresh_from_db()
    assert is_overdue(initiative, interval, D(2027, 6, 1))
    assert not is_overdue(initiative, interval, D(2027, 5, 31))


def test_without_updates_the_start_date_then_the_creation_day_counts(process, initiative, interval):
    Initiative.objects.filter(process=process).exclude(pk=initiative.pk).delete()
    Initiative.objects.filter(pk=initiative.pk).update(start_date=D(2027, 3, 1))
    assert [i.reference_on for i in overdue(process, D(2027, 4, 1))] == [D(2027, 3, 1)]
    Initiative.objects.filter(pk=initiative.pk).update(start_date=None)
    created = timezone.localdate(Initiative.objects.get(pk=initiative.pk).created_at)
    assert [i.reference_on for i in overdue(process, created + datetime.timedelta(31))] == [created]


def test_anchored_and_stopped_initiatives_are_never_overdue(process, initiative, interval):
    Initiative.objects.filter(process=process).update(last_update_on=D(2027, 1, 1))
    Initiative.objects.filter(pk=initiative.pk).update(status=Initiative.Status.ANCHORED)
    late = overdue(process, TODAY)
    assert initiative.pk not in {i.pk for i in late} and late.count() == 5


def test_each_process_is_measured_by_its_own_interval(
    process, initiative, interval, other_organisation, facilitator
):
    other = InitiativeFactory(last_update_on=D(2027, 5, 10), start_date=None, end_date=None)
    Implementation.objects.create(
        process=other.process, edition=initiative.edition, update_interval_days=14
    )
    Initiative.objects.filter(process=process).update(last_update_on=D(2027, 5, 10))
    late = overdue(Initiative.objects.all(), TODAY)  # 22 days: only the 14-day process
    assert {i.pk for i in late} == {other.pk}


def test_the_period_starts_at_each_whole_interval():
    assert period_start(D(2027, 5, 1), 30, D(2027, 6, 1)) == D(2027, 5, 31)
    assert period_start(D(2027, 5, 1), 30, D(2027, 7, 1)) == D(2027, 6, 30)


# -- Reminders --------------------------------------------------------------------------------


@pytest.fixture
def late(process, initiative, interval):
    """Only the member's initiative has an owner; its last update was on 1 May."""
    Initiative.objects.filter(process=process).update(last_update_on=D(2027, 5, 1))
    return initiative


def test_the_owner_gets_one_email_per_overdue_period(late, member):
    assert _run(D(2027, 6, 1)) == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [member.user.email]
    assert "Tiltag 1.1" in email.subject
    assert late.get_absolute_url() + "#updates" in email.body
    reminder = UpdateReminder.objects.get()
    assert reminder.period_start == D(2027, 5, 31) and reminder.sent_at is not None


def test_running_the_task_twice_sends_nothing_new(late):
    _run(D(2027, 6, 1))
    assert _run(D(2027, 6, 1)) == 0
    assert _run(D(2027, 6, 2)) == 0  # the same period
    assert len(mail.outbox) == 1
    assert UpdateReminder.objects.count() == 1


def test_the_next_period_gets_the_next_reminder(late):
    _run(D(2027, 6, 1))
    _run(D(2027, 6, 30))
    assert len(mail.outbox) == 2
    assert [r.period_start for r in UpdateReminder.objects.order_by("period_start")] == [
        D(2027, 5, 31),
        D(2027, 6, 30),
    ]


def test_an_update_stops_the_reminders(late, member):
    add_update(late, actor=member, written_on=D(2027, 5, 20), text="Status.", today=TODAY)
    _run(TODAY)
    assert mail.outbox == []


def test_initiatives_without_an_owner_send_nothing(late):
    Initiative.objects.filter(pk=late.pk).update(owner=None)
    _run(TODAY)
    assert mail.outbox == [] and not UpdateReminder.objects.exists()


def test_a_failed_email_is_tried_again_on_the_next_run(late, monkeypatch):
    def broken(reminder, address):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(reminders, "_send", broken)
    _run(TODAY)
    assert mail.outbox == []
    assert UpdateReminder.objects.get().sent_at is None
    monkeypatch.undo()
    _run(TODAY)
    assert len(mail.outbox) == 1


def test_two_deliveries_of_one_reminder_send_one_email(late):
    with TestCase.captureOnCommitCallbacks(execute=False):
        reminders.remind_overdue_owners(TODAY)
    reminder = UpdateReminder.objects.get()
    assert reminders.deliver(reminder.pk) is True
    assert reminders.deliver(reminder.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("country", "month"), [("DK", "maj"), ("NO", "mai")], ids=["Danish", "Norwegian"]
)
def test_the_email_speaks_the_organisations_language(late, organisation, country, month):
    Organisation.objects.filter(pk=organisation.pk).update(country=country)
    _run(TODAY)
    assert f"1. {month} 2027" in mail.outbox[0].body


def test_celery_beat_runs_the_task_daily(settings):
    from qualityhub.celery import app

    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "implementation.tasks.send_update_reminders"
    ]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert send_update_reminders.acks_late


# -- Through the pages ------------------------------------------------------------------------


def test_the_list_flags_overdue_initiatives(as_user, facilitator, process, initiative):
    today = timezone.localdate()
    Initiative.objects.filter(process=process).update(last_update_on=today - datetime.timedelta(5))
    Initiative.objects.filter(pk=initiative.pk).update(
        last_update_on=today - datetime.timedelta(40)
    )
    page = as_user(facilitator).get(reverse("implementation:home", args=[process.pk]))
    text = page.content.decode()
    assert text.count("Update overdue") == 1
    assert "1 overdue for a progress update" in text
    detail = as_user(facilitator).get(initiative.get_absolute_url()).content.decode()
    assert "No update for more than 30 days." in detail
