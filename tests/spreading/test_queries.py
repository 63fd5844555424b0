"""The pages hold a whole organisation: their number of queries stays the same whatever the
number of sign-ups, comments, wishes to take part, proposals and stories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from implementation.models import Initiative
from organisations.models import Membership
from spreading.models import Comment, SignUp, Volunteer
from tests.factories import UserFactory
from tests.implementation.factories import InitiativeFactory

from .factories import FUTURE, MeetingFactory, ProposalFactory, SeriesFactory, StoryFactory

pytestmark = pytest.mark.django_db


def staff_members(organisation, n, start=0):
    users = [UserFactory(username=f"ansat{start + i}@example.org") for i in range(n)]
    return Membership.objects.bulk_create(
        Membership(user=user, organisation=organisation, role=Membership.Role.MEMBER)
        for user in users
    )


def count(client, url) -> int:
    client.get(url)  # warm caches (sessions, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def grow(process, initiative, series, organisation, staff, n, start):
    """n more people: each signs up, comments, wants to take part, proposes, tells a story."""
    people = staff_members(organisation, n, start)
    meetings = [
        MeetingFactory(series=series, host=staff, capacity=3, date=FUTURE + datetime.timedelta(i))
        for i in range(max(1, n // 4))
    ]
    SignUp.objects.bulk_create(
        SignUp(
            meeting=meetings[i % len(meetings)],
            membership=person,
            status=SignUp.Status.CONFIRMED if i < 3 * len(meetings) else SignUp.Status.WAITING,
        )
        for i, person in enumerate(people)
    )
    Comment.objects.bulk_create(
        Comment(initiative=initiative, author=person, text=f"Kommentar {start + i}")
        for i, person in enumerate(people)
    )
    Volunteer.objects.bulk_create(Volunteer(initiative=initiative, membership=p) for p in people)
    extra = [
        InitiativeFactory(process=process, title=f"Tiltag {start + i}", owner=people[i])
        for i in range(min(n, 5))
    ]
    for i, person in enumerate(people[:5]):
        ProposalFactory(process=process, author=person, initiative=extra[i % len(extra)])
        StoryFactory(initiative=extra[i % len(extra)], author=person)
    return meetings


@pytest.mark.parametrize("role", ["staff", "member", "facilitator", "external"])
def test_every_page_costs_the_same_for_a_small_and_a_large_organisation(
    request, as_user, process, initiative, organisation, staff, role
):
    series = SeriesFactory(process=process)
    meetings = grow(process, initiative, series, organisation, staff, 4, 0)
    viewer = request.getfixturevalue(role)
    client = as_user(viewer)
    SignUp.objects.create(meeting=meetings[0], membership=viewer, status="waiting")
    urls = {
        "home": reverse("spreading:home", args=[process.pk]),
        "initiative": reverse("spreading:initiative", args=[process.pk, initiative.pk]),
        "proposals": reverse("spreading:proposals", args=[process.pk]),
        "series list": reverse("spreading:series_list", args=[process.pk]),
        "series": series.get_absolute_url(),
        "meeting": reverse("spreading:meeting", args=[process.pk, meetings[0].pk]),
        "host kit": reverse("spreading:host_kit", args=[process.pk, meetings[0].pk]),
        "feed": reverse("spreading:feed", args=[organisation.slug]),
        "process page": reverse("processes:detail", args=[process.pk]),
    }
    if role not in ("facilitator",):
        urls.pop("host kit")
    small = {name: count(client, url) for name, url in urls.items()}
    grow(process, initiative, series, organisation, staff, 40, 100)
    large = {name: count(client, url) for name, url in urls.items()}
    assert large == small
    assert Initiative.objects.filter(process=process).count() > 5


def test_the_series_page_for_700_staff_stays_at_a_handful_of_queries(
    as_user, process, organisation, staff
):
    series = SeriesFactory(process=process)
    meetings = [
        MeetingFactory(series=series, host=staff, capacity=14, date=FUTURE + datetime.timedelta(i))
        for i in range(50)
    ]
    people = staff_members(organisation, 700)
    SignUp.objects.bulk_create(
        SignUp(
            meeting=meetings[i % 50],
            membership=person,
            status=SignUp.Status.CONFIRMED if i < 700 else SignUp.Status.WAITING,
        )
        for i, person in enumerate(people)
    )
    client = as_user(staff)
    queries = count(client, series.get_absolute_url())
    page = client.get(series.get_absolute_url()).text
    assert "50 meetings: 700 of 700 places taken." in page
    assert queries <= 12
