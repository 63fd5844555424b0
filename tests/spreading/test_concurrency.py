"""Signing up under concurrency on PostgreSQL: parallel HTTP requests, each on its own
database connection, never put more people on a meeting than it has places, never give one
person two sign-ups, and move exactly one waiting person up when a place comes free."""

import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from organisations.models import Membership
from spreading.models import SignUp
from tests.factories import MembershipFactory, OrganisationFactory, ProcessFactory

from .factories import MeetingFactory, SeriesFactory

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]

PEOPLE = 12
CAPACITY = 5


def _run(threads):
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)


def _parallel_posts(jobs):
    """POST every (membership, url) at the same moment, each from its own thread, client
    and database connection. Returns the status codes."""
    barrier = threading.Barrier(len(jobs))
    statuses, errors = [], []

    def fire(membership, url):
        try:
            client = Client(HTTP_ACCEPT_LANGUAGE="en")
            client.force_login(membership.user)
            barrier.wait(timeout=30)
            statuses.append(client.post(url).status_code)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    _run([threading.Thread(target=fire, args=job) for job in jobs])
    assert not errors, errors
    return statuses


@pytest.fixture
def world():
    organisation = OrganisationFactory()
    process = ProcessFactory(organisation=organisation)
    host = MembershipFactory(organisation=organisation, role=Membership.Role.FACILITATOR)
    people = [
        MembershipFactory(organisation=organisation, user__username=f"parallel{i}@example.org")
        for i in range(PEOPLE)
    ]
    series = SeriesFactory(process=process)
    return series, host, people


def sign_up_url(meeting):
    return reverse("spreading:sign_up", args=[meeting.series.process_id, meeting.pk])


@pytest.mark.parametrize("one_per_person", [False, True], ids=["meeting lock", "series lock"])
def test_parallel_sign_ups_at_capacity_never_overfill_the_meeting(world, one_per_person):
    series, host, people = world
    series.one_meeting_per_person = one_per_person
    series.save(update_fields=["one_meeting_per_person"])
    meeting = MeetingFactory(series=series, host=host, capacity=CAPACITY)
    statuses = _parallel_posts([(person, sign_up_url(meeting)) for person in people])
    assert statuses == [302] * PEOPLE
    confirmed = SignUp.objects.filter(meeting=meeting, status=SignUp.Status.CONFIRMED)
    waiting = SignUp.objects.filter(meeting=meeting, status=SignUp.Status.WAITING)
    assert confirmed.count() == CAPACITY
    assert waiting.count() == PEOPLE - CAPACITY
    # Every person got the email that matches what they got, after their commit, in the
    # organisation's language (Danish).
    subjects = sorted(m.subject.split(":")[0] for m in mail.outbox)
    assert subjects == sorted(
        ["Du er tilmeldt"] * CAPACITY + ["På ventelisten"] * (PEOPLE - CAPACITY)
    )


def test_one_person_signing_up_twice_at_once_gets_one_sign_up(world):
    series, host, people = world
    meeting = MeetingFactory(series=series, host=host, capacity=CAPACITY)
    person = people[0]
    statuses = _parallel_posts([(person, sign_up_url(meeting))] * 4)
    assert statuses == [302] * 4
    assert SignUp.objects.filter(membership=person).count() == 1


def test_one_person_racing_for_two_meetings_of_a_series_gets_one(world):
    series, host, people = world
    first = MeetingFactory(series=series, host=host, capacity=CAPACITY)
    second = MeetingFactory(series=series, host=host, capacity=CAPACITY)
    person = people[0]
    _parallel_posts([(person, sign_up_url(first)), (person, sign_up_url(second))] * 2)
    assert SignUp.objects.filter(membership=person).count() == 1


def test_parallel_cancellations_move_up_exactly_as_many_as_left(world):
    series, host, people = world
    meeting = MeetingFactory(series=series, host=host, capacity=CAPACITY)
    for i, person in enumerate(people):
        SignUp.objects.create(
            meeting=meeting,
            membership=person,
            status=SignUp.Status.CONFIRMED if i < CAPACITY else SignUp.Status.WAITING,
        )
    leaving = people[:3]
    cancel = reverse("spreading:cancel", args=[series.process_id, meeting.pk])
    # Three people leave while four others try to sign up again (and are refused).
    _parallel_posts(
        [(p, cancel) for p in leaving] + [(p, sign_up_url(meeting)) for p in people[5:9]]
    )
    confirmed = list(
        SignUp.objects.filter(meeting=meeting, status=SignUp.Status.CONFIRMED).values_list(
            "membership_id", flat=True
        )
    )
    assert len(confirmed) == CAPACITY
    # The first three on the waiting list moved up, in the order they signed up.
    assert set(confirmed) == {p.pk for p in people[3:8]}
    assert len([m for m in mail.outbox if m.subject.startswith("En plads til dig")]) == 3
