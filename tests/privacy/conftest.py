"""Fixtures for the personal data tests: stored files in a folder of the test's own, a
colleague, and the world in which one person is active everywhere (see world.py)."""

import pytest

from organisations.models import Membership
from tests.factories import MembershipFactory

from .world import build


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def colleague(organisation):
    return MembershipFactory(
        organisation=organisation,
        role=Membership.Role.MEMBER,
        user__username="kollega@example.org",
        user__first_name="Jonas",
        user__last_name="Holm",
    )


@pytest.fixture
def world(organisation, facilitator, leader, colleague, process, client):
    return build(
        organisation=organisation,
        facilitator=facilitator,
        leader=leader,
        colleague=colleague,
        process=process,
        client=client,
    )
