"""The retention period, with the date passed in (frozen time): a person who took part in a
process that ended long ago, and has done nothing since, is warned about a month ahead (one
email to the facilitators, once) and anonymised no sooner than a month after the warning.
Newer activity, a running initiative and the facilitator role keep the name. Every run is
idempotent."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from debate.models import Value
from organisations.models import Membership
from privacy import tasks
from privacy.models import AnonymisationRecord, Pseudonym, RetentionNotice, RetentionPolicy
from privacy.services.retention import add_months, apply_retention, last_activity
from processes.models import Process
from tests.debate.factories import ValueFactory
from tests.factories import GroupFactory, MembershipFactory
from tests.implementation.factories import InitiativeFactory

from .helpers import pseudonym

D = datetime.date
LONG_AGO = timezone.make_aware(datetime.datetime(2023, 1, 2, 9, 0))
# The process ended on 1 June 2023; with 24 months the name goes on 1 June 2025, and the
# facilitators hear of it 30 days before, on 2 May 2025.
DUE = D(2025, 6, 1)
WARN = D(2025, 5, 2)


@pytest.fixture
def old_process(process):
    Process.objects.filter(pk=process.pk).update(
        start_date=D(2023, 2, 1), end_date=D(2023, 6, 1), created_at=LONG_AGO
    )
    process.refresh_from_db()
    return process


@pytest.fixture
def person(organisation, old_process):
    person = MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MEMBER,
        user__username="sofie@example.org",
        user__first_name="Sofie",
        user__last_name="Lund",
    )
    Membership.objects.filter(pk=person.pk).update(created_at=LONG_AGO)
    old_process.participants.add(person)
    person.refresh_from_db()
    return person


@pytest.fixture
def policy(organisation):
    return RetentionPolicy.objects.create(organisation=organisation, months=24)


def run(day, capture):
    with capture(execute=True):
        return apply_retention(day)


def test_add_months_keeps_the_day_or_the_months_last():
    assert add_months(D(2023, 6, 1), 24) == D(2025, 6, 1)
    assert add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert add_months(D(2025, 3, 15), -3) == D(2024, 12, 15)


def test_last_activity_is_the_end_of_the_process(person):
    assert last_activity(person, D(2025, 1, 1)) == D(2023, 6, 1)


def test_warned_once_a_month_ahead_then_anonymised_once(
    policy, person, facilitator, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    assert run(WARN - datetime.timedelta(days=1), capture) == {"warned": 0, "anonymised": 0}
    assert mail.outbox == []

    assert run(WARN, capture) == {"warned": 1, "anonymised": 0}
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [facilitator.user.email]
    assert "Sofie Lund" in email.body
    assert RetentionNotice.objects.get().due_on == DUE

    # The same day again, and the days up to the due day: nothing new.
    assert run(WARN, capture) == {"warned": 0, "anonymised": 0}
    assert run(DUE - datetime.timedelta(days=1), capture) == {"warned": 0, "anonymised": 0}
    assert len(mail.outbox) == 1
    assert not Pseudonym.objects.exists()

    assert run(DUE, capture) == {"warned": 0, "anonymised": 1}
    person.refresh_from_db()
    assert person.user.get_full_name() == pseudonym(1)
    record = AnonymisationRecord.objects.get()
    assert record.reason == "retention" and record.actor is None

    assert run(DUE, capture) == {"warned": 0, "anonymised": 0}
    assert run(DUE + datetime.timedelta(days=40), capture) == {"warned": 0, "anonymised": 0}
    assert AnonymisationRecord.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_name_goes_no_sooner_than_a_month_after_the_warning(
    policy, person, django_capture_on_commit_callbacks
):
    """The task first runs long after the due day (the period was just set): the month's
    warning still comes first."""
    capture = django_capture_on_commit_callbacks
    first = D(2025, 7, 1)
    assert run(first, capture) == {"warned": 1, "anonymised": 0}
    assert run(first + datetime.timedelta(days=29), capture) == {"warned": 0, "anonymised": 0}
    assert run(first + datetime.timedelta(days=30), capture) == {"warned": 0, "anonymised": 1}


def test_newer_activity_keeps_the_name(
    policy, person, old_process, django_capture_on_commit_callbacks
):
    value = ValueFactory(group=GroupFactory(process=old_process), author=person)
    recent = timezone.make_aware(datetime.datetime(2025, 1, 10, 12, 0))
    Value.objects.filter(pk=value.pk).update(created_at=recent, updated_at=recent)
    assert last_activity(person, DUE) == D(2025, 1, 10)
    assert run(DUE, django_capture_on_commit_callbacks) == {"warned": 0, "anonymised": 0}
    # Its own due day is 24 months after the value.
    assert run(D(2026, 12, 11), django_capture_on_commit_callbacks)["warned"] == 1


def test_a_running_initiative_keeps_the_name(policy, person, old_process):
    initiative = InitiativeFactory(process=old_process, status="running")
    initiative.team.add(person)
    assert last_activity(person, D(2030, 1, 1)) == D(2030, 1, 1)
    assert apply_retention(D(2030, 1, 1)) == {"warned": 0, "anonymised": 0}


def test_facilitators_are_never_anonymised_by_the_period(policy, facilitator, old_process):
    Membership.objects.filter(pk=facilitator.pk).update(created_at=LONG_AGO)
    old_process.participants.add(facilitator)
    assert apply_retention(D(2030, 1, 1)) == {"warned": 0, "anonymised": 0}


def test_without_a_period_nothing_happens(person, organisation):
    RetentionPolicy.objects.create(organisation=organisation, months=None)
    assert apply_retention(D(2030, 1, 1)) == {"warned": 0, "anonymised": 0}


def test_the_beat_task_takes_the_day_as_text(policy, person):
    assert tasks.apply_retention.delay("2025-05-02").get() == {"warned": 1, "anonymised": 0}
    assert tasks.apply_retention.delay("2025-05-02").get() == {"warned": 0, "anonymised": 0}


def test_the_organisation_page_lists_the_names_that_go_soon(
    as_user, organisation, facilitator, policy, person
):
    page = as_user(facilitator).get(f"/privacy/o/{organisation.slug}/").content.decode()
    # Today (2026 or later) is past the due day: the name is listed as going.
    assert "Names that go soon" in page and "Sofie Lund" in page
