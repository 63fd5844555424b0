"""A process with two themed groups: the member and external sit in `group`, the group lead
leads it, and `neighbour` sits in the other group."""

import pytest

from organisations.models import Membership
from processes.models import ValueStream
from tests.factories import GroupFactory, GroupMembershipFactory, MembershipFactory, ThemeFactory

from .factories import GivenFrameFactory, ValueFactory

ROLES = ["facilitator", "leader", "group_lead", "member", "external", "neighbour"]


@pytest.fixture
def theme(process):
    theme = ThemeFactory(process=process, title="Brugerinddragelse og brugernes position")
    theme.value_streams.set(ValueStream.objects.filter(number__in=[5, 7]))
    return theme


@pytest.fixture
def group(process, theme, group_lead, member, external):
    group = GroupFactory(process=process, theme=theme, name="Gruppe A", lead=group_lead)
    GroupMembershipFactory(group=group, membership=member)
    GroupMembershipFactory(group=group, membership=external)
    return group


@pytest.fixture
def other_group(process, theme):
    return GroupFactory(process=process, theme=theme, name="Gruppe B")


@pytest.fixture
def neighbour(organisation, other_group):
    """A member who sits in the other group of the same process."""
    membership = MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__username="neighbour@x.org"
    )
    GroupMembershipFactory(group=other_group, membership=membership)
    return membership


@pytest.fixture
def value(group, member):
    return ValueFactory(group=group, author=member, name="Ligeværdighed")


@pytest.fixture
def frame_condition(theme, leader):
    return GivenFrameFactory(theme=theme, author=leader)


@pytest.fixture
def people(facilitator, leader, group_lead, member, external, neighbour, outsider):
    return {
        "facilitator": facilitator,
        "leader": leader,
        "group_lead": group_lead,
        "member": member,
        "external": external,
        "neighbour": neighbour,
        "outsider": outsider,
    }


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Every test creates seven users; the real hasher would make the suite crawl.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def values(group, member):
    """Three values of `group`, in the order they were added."""
    return [
        ValueFactory(group=group, author=member, name=name)
        for name in ("Ligeværdighed", "Respekt", "Medbestemmelse")
    ]


@pytest.fixture
def open_round(process, group, values, facilitator):
    from debate.services.rounds import open_round

    return open_round(
        actor=facilitator, process=process, group=group, title="Første runde", dots_per_person=3
    )


@pytest.fixture
def vote(open_round):
    """Place dots directly through the service: `vote(voter, value, times)`."""
    from debate.services.rounds import place_dot

    def place(voter, value, times=1, round=None):
        round = round or open_round
        candidate = round.candidates.get(value=value)
        for _ in range(times):
            place_dot(actor=voter, round=round, candidate=candidate)

    return place
