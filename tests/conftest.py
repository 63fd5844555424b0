"""Shared fixtures: one organisation with a person in every role, and an outsider.

The outsider is the facilitator of another organisation: every view must answer them 404.
"""

import pytest

from organisations.models import Membership
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    ProcessFactory,
)

Role = Membership.Role


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Odense Værkstederne")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Gjesdal kommune")


def _member(organisation, role, username, **extra):
    return MembershipFactory(organisation=organisation, role=role, user__username=username, **extra)


@pytest.fixture
def facilitator(organisation):
    return _member(organisation, Role.FACILITATOR, "facilitator@example.org")


@pytest.fixture
def leader(organisation):
    return _member(organisation, Role.LEADER, "leader@example.org")


@pytest.fixture
def group_lead(organisation):
    return _member(organisation, Role.GROUP_LEAD, "grouplead@example.org")


@pytest.fixture
def member(organisation):
    return _member(organisation, Role.MEMBER, "member@example.org")


@pytest.fixture
def external(organisation):
    return _member(organisation, Role.EXTERNAL, "external@example.org", is_external=True)


@pytest.fixture
def outsider(other_organisation):
    return _member(other_organisation, Role.FACILITATOR, "outsider@example.org")


@pytest.fixture
def process(organisation, facilitator):
    return ProcessFactory(organisation=organisation, created_by=facilitator.user)


@pytest.fixture
def client():
    """A test client that asks for English, so assertions read in the msgids' language.

    Danish is the default for real visitors; tests of the translations ask for "da" or "nb"
    explicitly with a header or the language cookie, which take precedence.
    """
    from django.test import Client

    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def as_user(client):
    """Log the test client in as a membership's user: `as_user(facilitator)`."""

    def login(membership):
        client.force_login(membership.user)
        return client

    return login
